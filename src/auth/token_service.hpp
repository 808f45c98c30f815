#pragma once
// Bearer tokens: HS256 JWTs (libjwt) with sub, role, sv (session version), token_use "access", iat, exp, iss and
// a `kid` header. The algorithm is pinned here, never taken from the token; keys rotate by kid (one signs, retired
// ones still verify until their end date). Signatures are checked in constant time (auth/hs256.hpp).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/role.hpp"

namespace keel::auth {

struct SigningKey {
    std::string kid;
    std::string secret;  // at least 32 bytes
    // A retired key's tokens are refused after this instant; the signing key has none.
    std::optional<std::chrono::system_clock::time_point> accepted_until;
};

struct TokenConfig {
    SigningKey signing_key;
    std::vector<SigningKey> accepted_keys;  // retired keys still accepted for verification, each with an end date
    std::string issuer = "keel";
    std::chrono::seconds lifetime{900};  // also the longest exp - iat a token may claim
    std::chrono::seconds leeway{60};
};

struct Principal {
    UserId user_id;
    Role role = Role::kClient;
    // users.session_version when the token was issued; the API refuses the token once the account's moved on.
    std::int64_t session_version = 0;
    std::chrono::system_clock::time_point expires_at{};  // the token's exp
};

struct IssuedToken {
    std::string token;
    std::chrono::seconds expires_in{0};
};

class TokenService {
public:
    // kInvalidArgument for a short secret, an empty kid, duplicate kids or a retired key without an end date.
    static Result<TokenService> create(TokenConfig config);

    Result<IssuedToken> issue(UserId user, Role role, std::int64_t session_version,
                              std::chrono::system_clock::time_point now) const;
    // Every failure is kUnauthenticated; the detail names the reason for the log, never the token.
    // A token that verified is remembered by its exact text (a client sends the same one with every request, and
    // decoding and checking it cost a sixth of a GET's CPU) and answered from memory until its exp — or, when a
    // retired key signed it, that key's end date if sooner. Only tokens that passed every check are remembered.
    Result<Principal> verify(std::string_view token, std::chrono::system_clock::time_point now) const;

    // The browser console's CSRF token for the session whose cookie holds `token` (issue #13): base64url of
    // HMAC-SHA256 over the token under the key that signed it, so nothing is stored and it changes with every
    // login. Empty when no accepted key signed `token`. Call after verify().
    std::optional<std::string> csrf_token(std::string_view token, std::chrono::system_clock::time_point now) const;
    // Whether `presented` is csrf_token(token); compared in constant time.
    bool csrf_token_matches(std::string_view token, std::string_view presented,
                            std::chrono::system_clock::time_point now) const;

private:
    struct VerifiedTokens;
    explicit TokenService(TokenConfig config);
    // Full verification; also says from when to when its answer holds (iat − leeway, and a retired key's end date).
    Result<Principal> verify_signed(const std::string& token, std::chrono::system_clock::time_point now,
                                    std::chrono::system_clock::time_point* usable_from,
                                    std::chrono::system_clock::time_point* usable_until) const;
    TokenConfig config_;
    std::shared_ptr<VerifiedTokens> verified_;  // shared by copies of this service; guarded inside
};

}  // namespace keel::auth
