#include "whmcs/whmcs_crypto.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace keel::whmcs {
namespace {

constexpr std::string_view kHash = "TESTONLY0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU";
constexpr CipherIv kIv{0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x01, 0x23,
                       0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x11, 0x22, 0x33, 0x44};
constexpr std::string_view kWrongHashError = "does not decrypt to printable text: is cc_encryption_hash right?";

TEST(DecryptSecret, DecodesEntitiesAsWhmcsHandsItToModules) {
    const auto secret = decrypt_secret(encrypt("p&amp;ss&quot;w&#039;rd&nbsp;&lt;3", kHash, kIv), kHash);
    ASSERT_TRUE(secret) << secret.error().detail;
    EXPECT_EQ(secret->reveal(), "p&ss\"w'rd <3");
}

TEST(DecryptSecret, WrongHashIsAnErrorWithoutTheSecretOrCiphertext) {
    const std::string plaintext = "8d5f0f4e-6b1c-4f0e-9a49-0f3b3a6f2c11";
    const std::string ciphertext = encrypt(plaintext, kHash, kIv);
    for (const std::string_view wrong_hash :
         {"abc", "TESTONLY0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTV", ""}) {
        SCOPED_TRACE(wrong_hash);
        const auto secret = decrypt_secret(ciphertext, wrong_hash);
        ASSERT_FALSE(secret);
        EXPECT_EQ(secret.error().code, ErrorCode::kValidation);
        EXPECT_EQ(secret.error().detail, kWrongHashError);
        EXPECT_EQ(secret.error().detail.find(ciphertext), std::string::npos);
    }
}

TEST(DecryptSecret, NothingStoredIsItsOwnError) {
    for (const std::string_view ciphertext : {std::string_view{}, std::string_view{"QUJD"}}) {
        const auto secret = decrypt_secret(ciphertext, kHash);
        ASSERT_FALSE(secret);
        EXPECT_EQ(secret.error().code, ErrorCode::kValidation);
        EXPECT_EQ(secret.error().detail, "decrypts to nothing: no secret is stored");
    }
}

struct SecretTextCase {
    std::string_view name, text;
    bool want;
};

const SecretTextCase kSecretTextCases[] = {
    {"ascii", "root-P@ss w0rd!", true},
    {"multibyte", "pässwörd-€-🔑", true},
    {"empty", "", false},
    {"nul", std::string_view("ab\0c", 4), false},
    {"tab", "ab\tc", false},
    {"del", "ab\x7f", false},
    {"c1_control", "ab\xc2\x85", false},
    {"lone_continuation", "ab\x80", false},
    {"truncated_sequence", "ab\xe2\x82", false},
    {"overlong_slash", "\xc0\xaf", false},
    {"overlong_three_bytes", "\xe0\x80\xaf", false},
    {"surrogate", "\xed\xa0\x80", false},
    {"beyond_u10ffff", "\xf4\x90\x80\x80", false},
    {"nbsp_is_printable", "a\xc2\xa0z", true},
};

TEST(LooksLikeSecret, AcceptsPrintableUtf8Only) {
    for (const auto& c : kSecretTextCases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(looks_like_secret(c.text), c.want);
    }
}

}  // namespace
}  // namespace keel::whmcs
