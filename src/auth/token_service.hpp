#pragma once
// Bearer tokens: HS256 JWTs (libjwt) with sub, role, iat, exp, iss and a `kid` header. The algorithm is pinned
// here, never taken from the token; keys rotate by kid (one signs, older ones still verify).
#include <chrono>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/role.hpp"

namespace keel::auth {

struct SigningKey {
    std::string kid;
    std::string secret;  // at least 32 bytes
};

struct TokenConfig {
    SigningKey signing_key;
    std::vector<SigningKey> accepted_keys;  // retired keys still accepted for verification
    std::string issuer = "keel";
    std::chrono::seconds lifetime{900};
    std::chrono::seconds leeway{60};
};

struct Principal {
    UserId user_id;
    Role role = Role::kClient;
};

struct IssuedToken {
    std::string token;
    std::chrono::seconds expires_in{0};
};

class TokenService {
public:
    // kInvalidArgument for a short secret, an empty kid or duplicate kids.
    static Result<TokenService> create(TokenConfig config);

    Result<IssuedToken> issue(UserId user, Role role, std::chrono::system_clock::time_point now) const;
    // Every failure is kUnauthenticated; the detail names the reason for the log, never the token.
    Result<Principal> verify(std::string_view token, std::chrono::system_clock::time_point now) const;

private:
    explicit TokenService(TokenConfig config) : config_(std::move(config)) {}
    TokenConfig config_;
};

}  // namespace keel::auth
