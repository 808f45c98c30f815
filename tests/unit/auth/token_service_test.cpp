#include "auth/token_service.hpp"

#include <gtest/gtest.h>
#include <jwt.h>

#include <cstdlib>

namespace keel::auth {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using Clock = std::chrono::system_clock;

const std::string kSecret = "0123456789abcdef0123456789abcdef-unit";
const Clock::time_point kNow = Clock::time_point(seconds(1'800'000'000));

TokenConfig config_with(const std::string& kid, const std::string& secret) {
    TokenConfig config;
    config.signing_key = {kid, secret};
    return config;
}

TokenService service(const TokenConfig& config = config_with("k1", kSecret)) {
    return TokenService::create(config).value();
}

struct Claims {
    const char* token_use = "access";  // nullptr: left out
    long session_version = 1;          // 0: left out
};

// A token built by hand, for shapes TokenService itself never issues.
std::string forge(jwt_alg_t alg, const std::string& secret, const char* kid, const char* issuer, long iat, long exp,
                  Claims claims = {}) {
    jwt_t* jwt = nullptr;
    jwt_new(&jwt);
    jwt_set_alg(jwt, alg, alg == JWT_ALG_NONE ? nullptr : reinterpret_cast<const unsigned char*>(secret.data()),
                alg == JWT_ALG_NONE ? 0 : static_cast<int>(secret.size()));
    if (kid != nullptr) {
        jwt_add_header(jwt, "kid", kid);
    }
    jwt_add_grant(jwt, "sub", "7");
    jwt_add_grant(jwt, "role", "admin");
    jwt_add_grant(jwt, "iss", issuer);
    jwt_add_grant_int(jwt, "iat", iat);
    jwt_add_grant_int(jwt, "exp", exp);
    if (claims.token_use != nullptr) {
        jwt_add_grant(jwt, "token_use", claims.token_use);
    }
    if (claims.session_version != 0) {
        jwt_add_grant_int(jwt, "sv", claims.session_version);
    }
    char* text = jwt_encode_str(jwt);
    std::string token = text;
    std::free(text);
    jwt_free(jwt);
    return token;
}

const long kIat = 1'800'000'000;

TEST(TokenService, RoundTripsSubjectAndRole) {
    const auto tokens = service();
    auto issued = tokens.issue(UserId{42}, Role::kAdmin, 3, kNow);
    ASSERT_TRUE(issued.has_value());
    EXPECT_EQ(issued->expires_in, seconds(900));
    auto principal = tokens.verify(issued->token, kNow + seconds(10));
    ASSERT_TRUE(principal.has_value()) << principal.error().detail;
    EXPECT_EQ(principal->user_id, UserId{42});
    EXPECT_EQ(principal->role, Role::kAdmin);
    EXPECT_EQ(principal->session_version, 3);
}

TEST(TokenService, RefusesShortSecretsAndDuplicateKids) {
    EXPECT_EQ(TokenService::create(config_with("k1", "short")).error().code, ErrorCode::kInvalidArgument);
    auto config = config_with("k1", kSecret);
    config.accepted_keys.push_back({"k1", kSecret, kNow});
    EXPECT_EQ(TokenService::create(config).error().code, ErrorCode::kInvalidArgument);
}

TEST(TokenService, RetiredKeyNeedsAnEndDate) {
    auto config = config_with("k2", kSecret);
    config.accepted_keys.push_back({"k1", kSecret + "-old"});
    EXPECT_EQ(TokenService::create(config).error().code, ErrorCode::kInvalidArgument);
}

TEST(TokenService, RetiredKeyTokensAreRefusedAfterItsEndDate) {
    const auto old_token = service(config_with("k1", kSecret)).issue(UserId{7}, Role::kClient, 1, kNow)->token;
    auto rotated = config_with("k2", "a-brand-new-secret-of-at-least-32-bytes");
    rotated.accepted_keys.push_back({"k1", kSecret, kNow + seconds(300)});
    const auto tokens = service(rotated);
    EXPECT_TRUE(tokens.verify(old_token, kNow + seconds(300)).has_value());
    auto late = tokens.verify(old_token, kNow + seconds(301));
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, ErrorCode::kUnauthenticated);
}

TEST(TokenService, IssuesAccessTypeAndSessionVersionClaims) {
    const auto token = service().issue(UserId{7}, Role::kClient, 12, kNow)->token;
    jwt_t* jwt = nullptr;
    ASSERT_EQ(jwt_decode(&jwt, token.c_str(), reinterpret_cast<const unsigned char*>(kSecret.data()),
                         static_cast<int>(kSecret.size())),
              0);
    EXPECT_STREQ(jwt_get_grant(jwt, "token_use"), "access");
    EXPECT_EQ(jwt_get_grant_int(jwt, "sv"), 12);
    EXPECT_EQ(jwt_get_grant_int(jwt, "exp") - jwt_get_grant_int(jwt, "iat"), 900);
    jwt_free(jwt);
}

TEST(TokenService, ShorterConfiguredLifetimeRefusesLongerTokens) {
    const auto token = service().issue(UserId{7}, Role::kClient, 1, kNow)->token;  // 900 s
    auto shorter = config_with("k1", kSecret);
    shorter.lifetime = seconds(600);
    EXPECT_FALSE(service(shorter).verify(token, kNow).has_value());
}

struct RejectCase {
    const char* name;
    std::string token;
    Clock::time_point at;
};

TEST(TokenService, RejectsEveryBadToken) {
    const auto tokens = service();
    const auto good = tokens.issue(UserId{7}, Role::kClient, 1, kNow)->token;
    std::string tampered_payload = good;
    tampered_payload[good.find('.') + 3] ^= 1;
    const RejectCase cases[] = {
        {"empty", "", kNow},
        {"garbage", "not-a-token", kNow},
        {"two_segments", "abc.def", kNow},
        {"tampered_payload", tampered_payload, kNow},
        {"expired_beyond_leeway", good, kNow + seconds(900 + 61)},
        {"issued_in_future", good, kNow - seconds(120)},
        {"wrong_secret", forge(JWT_ALG_HS256, kSecret + "x", "k1", "keel", kIat, kIat + 900), kNow},
        {"alg_none", forge(JWT_ALG_NONE, "", "k1", "keel", kIat, kIat + 900), kNow},
        {"alg_none_with_fake_signature", forge(JWT_ALG_NONE, "", "k1", "keel", kIat, kIat + 900) + "c2ln", kNow},
        {"hs512_same_secret", forge(JWT_ALG_HS512, kSecret, "k1", "keel", kIat, kIat + 900), kNow},
        {"hs384_same_secret", forge(JWT_ALG_HS384, kSecret, "k1", "keel", kIat, kIat + 900), kNow},
        {"unknown_kid", forge(JWT_ALG_HS256, kSecret, "k9", "keel", kIat, kIat + 900), kNow},
        {"missing_kid", forge(JWT_ALG_HS256, kSecret, nullptr, "keel", kIat, kIat + 900), kNow},
        {"wrong_issuer", forge(JWT_ALG_HS256, kSecret, "k1", "whmcs", kIat, kIat + 900), kNow},
        {"no_token_use", forge(JWT_ALG_HS256, kSecret, "k1", "keel", kIat, kIat + 900, {nullptr, 1}), kNow},
        {"refresh_token_use", forge(JWT_ALG_HS256, kSecret, "k1", "keel", kIat, kIat + 900, {"refresh", 1}), kNow},
        {"no_session_version", forge(JWT_ALG_HS256, kSecret, "k1", "keel", kIat, kIat + 900, {"access", 0}), kNow},
        {"negative_session_version", forge(JWT_ALG_HS256, kSecret, "k1", "keel", kIat, kIat + 900, {"access", -4}),
         kNow},
        {"lifetime_longer_than_configured", forge(JWT_ALG_HS256, kSecret, "k1", "keel", kIat, kIat + 901), kNow},
        {"lifetime_of_a_year", forge(JWT_ALG_HS256, kSecret, "k1", "keel", kIat, kIat + 365L * 86400), kNow},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto principal = tokens.verify(c.token, c.at);
        ASSERT_FALSE(principal.has_value());
        EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
        EXPECT_FALSE(principal.error().detail.empty());
    }
}

TEST(TokenService, AcceptsExpiryWithinLeeway) {
    const auto tokens = service();
    const auto token = tokens.issue(UserId{7}, Role::kClient, 1, kNow)->token;
    EXPECT_TRUE(tokens.verify(token, kNow + seconds(900 + 59)).has_value());
}

// verify() remembers tokens that passed (issue #12): what it remembers must not outlive the token.
TEST(TokenService, ARememberedTokenIsStillRefusedOnceExpired) {
    const auto tokens = service();
    const auto token = tokens.issue(UserId{7}, Role::kClient, 1, kNow)->token;
    ASSERT_TRUE(tokens.verify(token, kNow).has_value());
    ASSERT_TRUE(tokens.verify(token, kNow + seconds(10)).has_value());  // answered from memory
    auto late = tokens.verify(token, kNow + seconds(900 + 61));
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().detail, "token expired");
    // A clock set back past the token's iat (beyond the leeway) gets the full check's answer, not the memory's.
    auto early = tokens.verify(token, kNow - seconds(61));
    ASSERT_FALSE(early.has_value());
    EXPECT_EQ(early.error().detail, "token issued in the future");
    // A token altered by one character is checked in full, not matched to the remembered one.
    auto altered = token;
    altered.back() = altered.back() == 'A' ? 'B' : 'A';
    EXPECT_FALSE(tokens.verify(altered, kNow + seconds(10)).has_value());
}

TEST(TokenService, RotatedKeyStillVerifiesAndNewKeySigns) {
    const auto old_tokens = service(config_with("k1", kSecret));
    const auto old_token = old_tokens.issue(UserId{7}, Role::kClient, 1, kNow)->token;

    auto rotated = config_with("k2", "a-brand-new-secret-of-at-least-32-bytes");
    rotated.accepted_keys.push_back({"k1", kSecret, kNow + hours(1)});
    const auto tokens = service(rotated);
    EXPECT_TRUE(tokens.verify(old_token, kNow).has_value());
    const auto fresh = tokens.issue(UserId{7}, Role::kClient, 1, kNow)->token;
    EXPECT_TRUE(tokens.verify(fresh, kNow).has_value());
    EXPECT_FALSE(old_tokens.verify(fresh, kNow).has_value());  // signed by k2, unknown to the old service
}

// The console's CSRF token (issue #13): bound to one token, kept by key rotation, never from a forged token.
TEST(TokenService, CsrfTokenIsBoundToItsSessionAndKey) {
    const auto tokens = service();
    const auto first = tokens.issue(UserId{7}, Role::kClient, 1, kNow)->token;
    const auto second = tokens.issue(UserId{7}, Role::kClient, 1, kNow + seconds(1))->token;
    const auto csrf = tokens.csrf_token(first, kNow);
    ASSERT_TRUE(csrf.has_value());
    EXPECT_EQ(csrf->size(), 43u);  // base64url of 32 bytes
    EXPECT_EQ(tokens.csrf_token(first, kNow), csrf);
    EXPECT_NE(tokens.csrf_token(second, kNow), csrf);
    EXPECT_EQ(tokens.verify(first, kNow)->expires_at, kNow + seconds(900));

    struct Case {
        const char* name;
        std::string token;
        std::string presented;
        bool matches;
    };
    const Case cases[] = {
        {"its own", first, *csrf, true},
        {"another session's", first, *tokens.csrf_token(second, kNow), false},
        {"empty", first, "", false},
        {"one character off", first, csrf->substr(0, 42) + (csrf->back() == 'A' ? "B" : "A"), false},
        {"the token's signature", first, first.substr(first.rfind('.') + 1), false},
        {"forged token", first.substr(0, first.rfind('.') + 1) + "AAAA", *csrf, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(tokens.csrf_token_matches(c.token, c.presented, kNow), c.matches);
    }
    const auto other_secret = service(config_with("k1", "another-secret-of-at-least-32-bytes!!"));
    EXPECT_FALSE(other_secret.csrf_token(first, kNow).has_value());

    auto rotated = config_with("k2", "a-brand-new-secret-of-at-least-32-bytes");
    rotated.accepted_keys.push_back({"k1", kSecret, kNow + seconds(300)});
    EXPECT_EQ(service(rotated).csrf_token(first, kNow), csrf);  // a session survives a rotation
    EXPECT_FALSE(service(rotated).csrf_token(first, kNow + seconds(301)).has_value());
}

}  // namespace
}  // namespace keel::auth
