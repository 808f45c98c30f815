#include "auth/token_service.hpp"

#include <jwt.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "auth/hs256.hpp"

namespace keel::auth {

namespace {

struct JwtDeleter {
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtDeleter>;

constexpr std::size_t kMinSecretBytes = 32;
constexpr std::size_t kMaxTokenBytes = 8192;
// token_use: another HS256 token signed with the same secret (a future refresh or reset token) is not an access
// token.
constexpr std::string_view kAccessUse = "access";

std::unexpected<Error> rejected(std::string reason) {
    return fail(ErrorCode::kUnauthenticated, std::move(reason));
}

std::int64_t seconds_since_epoch(std::chrono::system_clock::time_point when) {
    return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
}

std::optional<long> int_claim(jwt_t* jwt, const char* name) {
    errno = 0;
    const long value = jwt_get_grant_int(jwt, name);
    if (errno != 0) {
        return std::nullopt;
    }
    return value;
}

// Three non-empty base64url segments; anything else is refused before any cryptography runs.
bool well_formed(std::string_view token) {
    if (token.empty() || token.size() > kMaxTokenBytes) {
        return false;
    }
    if (std::count(token.begin(), token.end(), '.') != 2) {
        return false;
    }
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    if (first == 0 || second == first + 1 || second + 1 == token.size()) {
        return false;  // an empty signature is an unsigned (alg "none") token
    }
    return std::all_of(token.begin(), token.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

// Decodes and verifies with one key; null unless the signature checks out as HS256 under that key's kid.
// libjwt only ever sees a token whose signature already matched in constant time: its own strcmp then has
// nothing left to leak.
JwtPtr decode_with(const std::string& token, const SigningKey& key) {
    if (!hs256_signature_matches(token, key.secret)) {
        return nullptr;
    }
    jwt_t* raw = nullptr;
    if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key.secret.data()),
                   static_cast<int>(key.secret.size())) != 0) {
        return nullptr;
    }
    JwtPtr jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) {
        return nullptr;  // pinned: the token's own alg is never trusted
    }
    const char* kid = jwt_get_header(jwt.get(), "kid");
    if (kid == nullptr || key.kid != kid) {
        return nullptr;
    }
    return jwt;
}

// Verified tokens remembered at most; when full the memory starts over (each entry is a token's text, ~300 bytes).
constexpr std::size_t kMaxVerifiedTokens = 4096;

}  // namespace

struct TokenService::VerifiedTokens {
    struct Entry {
        Principal principal;
        std::chrono::system_clock::time_point usable_from;  // before this (a clock set back) verify in full
        std::chrono::system_clock::time_point usable_until;
    };
    std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;

    std::optional<Principal> find(const std::string& token, std::chrono::system_clock::time_point now) {
        std::lock_guard lock(mutex);
        const auto found = entries.find(token);
        if (found == entries.end() || now < found->second.usable_from || now > found->second.usable_until) {
            return std::nullopt;
        }
        return found->second.principal;
    }

    void remember(const std::string& token, const Principal& principal,
                  std::chrono::system_clock::time_point usable_from,
                  std::chrono::system_clock::time_point usable_until) {
        std::lock_guard lock(mutex);
        if (entries.size() >= kMaxVerifiedTokens) {
            entries.clear();
        }
        entries.insert_or_assign(token, Entry{principal, usable_from, usable_until});
    }
};

TokenService::TokenService(TokenConfig config)
    : config_(std::move(config)), verified_(std::make_shared<VerifiedTokens>()) {}

Result<TokenService> TokenService::create(TokenConfig config) {
    std::vector<const SigningKey*> keys{&config.signing_key};
    for (const auto& key : config.accepted_keys) {
        keys.push_back(&key);
    }
    for (const auto* key : keys) {
        if (key->secret.size() < kMinSecretBytes) {
            return fail(ErrorCode::kInvalidArgument, "JWT secret for key '" + key->kid + "' is shorter than 32 bytes");
        }
        if (key->kid.empty()) {
            return fail(ErrorCode::kInvalidArgument, "every JWT key needs a kid");
        }
        if (std::count_if(keys.begin(), keys.end(), [key](const SigningKey* other) { return other->kid == key->kid; }) >
            1) {
            return fail(ErrorCode::kInvalidArgument, "JWT key id '" + key->kid + "' is used twice");
        }
    }
    for (const auto& key : config.accepted_keys) {
        if (!key.accepted_until) {
            return fail(ErrorCode::kInvalidArgument, "retired JWT key '" + key.kid + "' needs an end date");
        }
    }
    if (config.signing_key.accepted_until) {
        return fail(ErrorCode::kInvalidArgument, "the signing key cannot have an end date");
    }
    if (config.issuer.empty()) {
        return fail(ErrorCode::kInvalidArgument, "the JWT issuer must not be empty");
    }
    return TokenService(std::move(config));
}

Result<IssuedToken> TokenService::issue(UserId user, Role role, std::int64_t session_version,
                                        std::chrono::system_clock::time_point now) const {
    jwt_t* raw = nullptr;
    if (jwt_new(&raw) != 0) {
        return fail(ErrorCode::kInternal, "jwt_new failed");
    }
    JwtPtr jwt(raw);
    const auto issued_at = seconds_since_epoch(now);
    const auto& key = config_.signing_key;
    const std::string subject = std::to_string(user.value);
    const std::string role_name(to_string(role));
    const bool built =
        jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(key.secret.data()),
                    static_cast<int>(key.secret.size())) == 0 &&
        jwt_add_header(jwt.get(), "kid", key.kid.c_str()) == 0 &&
        jwt_add_grant(jwt.get(), "sub", subject.c_str()) == 0 &&
        jwt_add_grant(jwt.get(), "role", role_name.c_str()) == 0 &&
        jwt_add_grant(jwt.get(), "token_use", std::string(kAccessUse).c_str()) == 0 &&
        jwt_add_grant_int(jwt.get(), "sv", static_cast<long>(session_version)) == 0 &&
        jwt_add_grant(jwt.get(), "iss", config_.issuer.c_str()) == 0 &&
        jwt_add_grant_int(jwt.get(), "iat", static_cast<long>(issued_at)) == 0 &&
        jwt_add_grant_int(jwt.get(), "exp", static_cast<long>(issued_at + config_.lifetime.count())) == 0;
    if (!built) {
        return fail(ErrorCode::kInternal, "building the token failed");
    }
    char* encoded = jwt_encode_str(jwt.get());
    if (encoded == nullptr) {
        return fail(ErrorCode::kInternal, "encoding the token failed");
    }
    IssuedToken token{encoded, config_.lifetime};
    free(encoded);  // libjwt 1.10 allocates with malloc and has no jwt_free_str
    return token;
}

Result<Principal> TokenService::verify(std::string_view token, std::chrono::system_clock::time_point now) const {
    if (token.empty()) {
        return rejected("no bearer token");
    }
    if (!well_formed(token)) {
        return rejected("malformed token");
    }
    const std::string text(token);
    if (auto known = verified_->find(text, now)) {
        return *known;
    }
    auto usable_from = std::chrono::system_clock::time_point::min();
    auto usable_until = std::chrono::system_clock::time_point::max();
    auto principal = verify_signed(text, now, &usable_from, &usable_until);
    if (principal) {
        verified_->remember(text, *principal, usable_from, std::min(usable_until, principal->expires_at));
    }
    return principal;
}

Result<Principal> TokenService::verify_signed(const std::string& text, std::chrono::system_clock::time_point now,
                                              std::chrono::system_clock::time_point* usable_from,
                                              std::chrono::system_clock::time_point* usable_until) const {
    JwtPtr jwt = decode_with(text, config_.signing_key);
    for (std::size_t i = 0; !jwt && i < config_.accepted_keys.size(); ++i) {
        const auto& key = config_.accepted_keys[i];
        if (now <= *key.accepted_until) {
            jwt = decode_with(text, key);
            if (jwt) {
                *usable_until = *key.accepted_until;
            }
        }
    }
    if (!jwt) {
        return rejected("signature, algorithm or key id not accepted");
    }
    const char* issuer = jwt_get_grant(jwt.get(), "iss");
    if (issuer == nullptr || config_.issuer != issuer) {
        return rejected("wrong issuer");
    }
    const auto current = seconds_since_epoch(now);
    const auto leeway = config_.leeway.count();
    const auto expires = int_claim(jwt.get(), "exp");
    const auto issued = int_claim(jwt.get(), "iat");
    if (!expires || !issued) {
        return rejected("exp or iat missing");
    }
    if (current > *expires + leeway) {
        return rejected("token expired");
    }
    if (*issued > current + leeway) {
        return rejected("token issued in the future");
    }
    *usable_from = std::chrono::system_clock::time_point(std::chrono::seconds(*issued - leeway));
    if (*expires - *issued > config_.lifetime.count()) {
        return rejected("token lifetime longer than configured");
    }
    const char* use = jwt_get_grant(jwt.get(), "token_use");
    if (use == nullptr || kAccessUse != use) {
        return rejected("not an access token");
    }
    const auto session_version = int_claim(jwt.get(), "sv");
    if (!session_version || *session_version < 1) {
        return rejected("no session version");
    }
    const char* subject = jwt_get_grant(jwt.get(), "sub");
    const char* role_name = jwt_get_grant(jwt.get(), "role");
    std::int64_t user_id = 0;
    const std::string_view sub = subject != nullptr ? subject : "";
    const auto [end, ec] = std::from_chars(sub.data(), sub.data() + sub.size(), user_id);
    if (sub.empty() || ec != std::errc{} || end != sub.data() + sub.size() || user_id <= 0) {
        return rejected("bad subject");
    }
    const auto role = parse_role(role_name != nullptr ? role_name : "");
    if (!role) {
        return rejected("bad role");
    }
    return Principal{UserId{user_id}, *role, *session_version,
                     std::chrono::system_clock::time_point(std::chrono::seconds(*expires))};
}

std::optional<std::string> TokenService::csrf_token(std::string_view token,
                                                    std::chrono::system_clock::time_point now) const {
    // A domain separator: the CSRF token is never a signature of anything a JWT could contain.
    const std::string input = "keel-csrf." + std::string(token);
    if (hs256_signature_matches(token, config_.signing_key.secret)) {
        return hs256_signature(input, config_.signing_key.secret);
    }
    for (const auto& key : config_.accepted_keys) {
        if (now <= *key.accepted_until && hs256_signature_matches(token, key.secret)) {
            return hs256_signature(input, key.secret);
        }
    }
    return std::nullopt;
}

bool TokenService::csrf_token_matches(std::string_view token, std::string_view presented,
                                      std::chrono::system_clock::time_point now) const {
    const auto expected = csrf_token(token, now);
    if (!expected || presented.size() != expected->size()) {
        return false;  // the length of an HMAC is no secret
    }
    return CRYPTO_memcmp(presented.data(), expected->data(), expected->size()) == 0;
}

}  // namespace keel::auth
