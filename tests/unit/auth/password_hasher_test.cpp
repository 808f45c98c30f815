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

TEST(PasswordHasher, DummyVerifyDoesNotThrow) {
    PasswordHasher(kFast).dummy_verify("anything");
}

}  // namespace
}  // namespace keel::auth
