#include "auth/password_hasher.hpp"

#include <crypt.h>
#include <gtest/gtest.h>

#include <memory>

namespace keel::auth {
namespace {

// Cheap parameters: the tests check behaviour, not strength.
const Argon2Params kFast{1, 8u * 1024u};

std::string bcrypt(const std::string& password) {
    auto data = std::make_unique<crypt_data>();
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    crypt_gensalt_rn("$2y$", 4, nullptr, 0, salt, sizeof salt);
    return crypt_rn(password.c_str(), salt, data.get(), sizeof(crypt_data));
}

TEST(PasswordHasher, HashesWithArgon2idAndVerifies) {
    const PasswordHasher hasher(kFast);
    auto hash = hasher.hash("correct horse");
    ASSERT_TRUE(hash.has_value());
    EXPECT_TRUE(hash->starts_with("$argon2id$"));
    EXPECT_EQ(hasher.verify("correct horse", *hash), VerifyOutcome::kMatch);
    EXPECT_EQ(hasher.verify("wrong horse", *hash), VerifyOutcome::kMismatch);
}

TEST(PasswordHasher, WeakerArgonParametersAskForRehash) {
    auto old_hash = PasswordHasher(kFast).hash("pw-123456");
    ASSERT_TRUE(old_hash.has_value());
    const PasswordHasher stronger(Argon2Params{2, 16u * 1024u});
    EXPECT_EQ(stronger.verify("pw-123456", *old_hash), VerifyOutcome::kMatchNeedsRehash);
}

TEST(PasswordHasher, WhmcsBcryptMatchesAndAsksForRehash) {
    const PasswordHasher hasher(kFast);
    const auto hash = bcrypt("whmcs-password");
    ASSERT_TRUE(hash.starts_with("$2y$04$"));
    EXPECT_EQ(hasher.verify("whmcs-password", hash), VerifyOutcome::kMatchNeedsRehash);
    EXPECT_EQ(hasher.verify("whmcs-passwore", hash), VerifyOutcome::kMismatch);
}

struct LegacyCase {
    const char* name;
    const char* stored;
};

TEST(PasswordHasher, LegacyFormatsAreUnsupported) {
    const LegacyCase cases[] = {
        {"md5_with_salt", "5f4dcc3b5aa765d61d8327deb882cf99:ab"},
        {"plain_md5", "5f4dcc3b5aa765d61d8327deb882cf99"},
        {"empty", ""},
        {"truncated_bcrypt", "$2y$10$abc"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(PasswordHasher(kFast).verify("password", c.stored), VerifyOutcome::kUnsupportedFormat);
    }
}

TEST(PasswordHasher, BcryptPasswordLongerThan72BytesIsNotRehashed) {
    const PasswordHasher hasher(kFast);
    const std::string long_password(80, 'p');
    const auto hash = bcrypt(long_password);
    EXPECT_EQ(hasher.verify(long_password, hash), VerifyOutcome::kMatch);
    // bcrypt never saw bytes 73+: what was typed now may differ from what the user chose.
    EXPECT_EQ(hasher.verify(std::string(72, 'p') + "other", hash), VerifyOutcome::kMatch);
    EXPECT_EQ(hasher.verify(std::string(72, 'p'), bcrypt(std::string(72, 'p'))), VerifyOutcome::kMatchNeedsRehash);
}

TEST(BcryptCost, ReadsTheCostField) {
    EXPECT_EQ(bcrypt_cost(bcrypt("x")), 4);
    EXPECT_EQ(bcrypt_cost("$argon2id$v=19$m=19456,t=2,p=1$abc"), 0);
}

struct FailureCase {
    const char* name;
    std::optional<std::string> stored;
};

// Timing equality is structural: every failed login runs one argon2id and one cost-10 bcrypt, real or dummy.
TEST(VerifyLogin, EveryFailureDoesTheSameWork) {
    const PasswordHasher hasher(kFast);
    auto data = std::make_unique<crypt_data>();
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    crypt_gensalt_rn("$2y$", kDummyBcryptCost, nullptr, 0, salt, sizeof salt);
    const std::string whmcs_hash = crypt_rn("whmcs-password", salt, data.get(), sizeof(crypt_data));
    const FailureCase cases[] = {
        {"unknown_email", std::nullopt},
        {"argon2id_wrong_password", hasher.hash("keel-password").value()},
        {"whmcs_bcrypt_wrong_password", whmcs_hash},
        {"legacy_md5", std::string("5f4dcc3b5aa765d61d8327deb882cf99:ab")},
        {"empty_hash", std::string()},
    };
    const VerificationWork expected{.argon2id_runs = 1, .bcrypt_runs = 1, .bcrypt_cost = kDummyBcryptCost};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto result = hasher.verify_login("a wrong password", c.stored);
        EXPECT_TRUE(result.outcome == VerifyOutcome::kMismatch || result.outcome == VerifyOutcome::kUnsupportedFormat);
        EXPECT_EQ(result.work, expected);
    }
}

TEST(VerifyLogin, LegacyHashIsReportedUnsupported) {
    EXPECT_EQ(PasswordHasher(kFast).verify_login("pw", std::string("5f4dcc3b5aa765d61d8327deb882cf99")).outcome,
              VerifyOutcome::kUnsupportedFormat);
}

TEST(VerifyLogin, MatchesSkipTheDummyWork) {
    const PasswordHasher hasher(kFast);
    const auto argon = hasher.verify_login("keel-password", hasher.hash("keel-password").value());
    EXPECT_EQ(argon.outcome, VerifyOutcome::kMatch);
    EXPECT_EQ(argon.work, (VerificationWork{.argon2id_runs = 1}));
    const auto whmcs = hasher.verify_login("whmcs-password", bcrypt("whmcs-password"));
    EXPECT_EQ(whmcs.outcome, VerifyOutcome::kMatchNeedsRehash);
    EXPECT_EQ(whmcs.work, (VerificationWork{.bcrypt_runs = 1, .bcrypt_cost = 4}));
}

}  // namespace
}  // namespace keel::auth
