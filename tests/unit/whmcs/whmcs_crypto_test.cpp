#include "whmcs/whmcs_crypto.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace keel::whmcs {
namespace {

constexpr std::string_view kTestHash = "TESTONLY0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU";
constexpr std::string_view kShortHash = "abc";
constexpr CipherIv kCountingIv{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                               0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13};
constexpr CipherIv kMixedIv{0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66,
                            0x55, 0x44, 0x33, 0x22, 0x11, 0x00, 0xa5, 0xa5, 0x5a, 0x5a};

struct Vector {
    std::string_view name;
    std::string_view hash;
    const CipherIv& iv;
    std::string_view plaintext;
    std::string_view ciphertext;
};

// Produced by testbed/php/whmcs_encrypt.php (php-cli 8.2), written from the reference's description; the first
// and third rows are also the reference's own §3 vectors.
const Vector kVectors[] = {
    {"reference_teststring", kTestHash, kCountingIv, "teststring", "PhTxElcyQnZnmiku2QpCcbUEDkV0ZHF3d3F0bmZu"},
    {"one_byte", kTestHash, kCountingIv, "x", "PhTxElcyQnZnmiku2QpCcbUEDkV4"},
    {"reference_three_blocks", kTestHash, kCountingIv, "root-P@ss-0123456789-abcdefghij-KLMNOPQRSTUVWXYZ!",
     "PhTxElcyQnZnmiku2QpCcbUEDkVybm13KVVGdHskOjo+Pjo6JiYqKjd0q00ZDj921oDSHh9LzWuaUHA0f7AJiDuEtSts"},
    {"exactly_one_block", kTestHash, kCountingIv, "12345678901234567890",
     "PhTxElcyQnZnmiku2QpCcbUEDkUxMzE3MTMxPzE5Ozk/OTs5JykrIw=="},
    {"exactly_two_blocks", kTestHash, kCountingIv, "1234567890123456789012345678901234567890",
     "PhTxElcyQnZnmiku2QpCcbUEDkUxMzE3MTMxPzE5Ozk/OTs5JykrI6PNS2hgKBOCth4AZYrjEl4bzNBQ"},
    {"multibyte_utf8", kShortHash, kMixedIv, "pässwörd-€-🔑", "UjwM8kSDwcMUvCI+Jfvk0vM1nXePLXm/yN1aPgUCeKaxjjzwOjHL"},
    {"entities_kept_as_stored", kShortHash, kMixedIv, "p&amp;ss&quot;w&#039;rd&lt;&gt;&nbsp;!",
     "UjwM8kSDwcMUvCI+Jfvk0vM1nXePyLyhy5Hq+1EXICtHGWYmhpVpYxkweDiP24pfr/lA3GYLbgMWpw=="},
    {"pve_token", kShortHash, kMixedIv, "PVEAPIToken=root@pam!keel=8d5f0f4e-6b1c-4f0e-9a49-0f3b3a6f2c11",
     "UjwM8kSDwcMUvCI+Jfvk0vM1nXevuJiN6+PN5xwDO3lBTX505dU7Nwww8QR/"
     "3V2bL6qkZrBWnYF8pcx7qCg9aUoZ4eOWoMi8fn4XgwGzB7Ukkg=="},
    {"empty", kShortHash, kCountingIv, "", "rdPTPfssXkxr031xGtT73UaB1T4="},
};

TEST(WhmcsEncrypt, MatchesPhpVectors) {
    for (const auto& v : kVectors) {
        SCOPED_TRACE(v.name);
        EXPECT_EQ(encrypt(v.plaintext, v.hash, v.iv), v.ciphertext);
    }
}

TEST(WhmcsDecrypt, MatchesPhpVectors) {
    for (const auto& v : kVectors) {
        SCOPED_TRACE(v.name);
        EXPECT_EQ(decrypt(v.ciphertext, v.hash), v.plaintext);
    }
}

TEST(WhmcsDecrypt, AtMostTwentyDecodedBytesIsEmpty) {
    const std::string_view cases[] = {
        "",                              // WHMCS 8 returns "" for empty input
        "QUJD",                          // 3 bytes
        "AAECAwQFBgcICQoLDA0ODxAREhM=",  // exactly 20 bytes: the IV and nothing after it
        "AAECAwQFBgcICQoLDA0ODxAREg==",  // 19 bytes
    };
    for (const auto ciphertext : cases) {
        SCOPED_TRACE(ciphertext);
        EXPECT_EQ(decrypt(ciphertext, kTestHash), "");
    }
    EXPECT_EQ(decrypt("AAECAwQFBgcICQoLDA0ODxAREhMU", kTestHash).size(), 1U);  // 21 bytes: one byte of plaintext
}

TEST(WhmcsDecrypt, SkipsJunkInBase64AsPhpDoes) {
    const std::string_view clean = "PhTxElcyQnZnmiku2QpCcbUEDkV0ZHF3d3F0bmZu";
    const std::string_view junk[] = {
        "PhTxElcyQnZnmiku2QpC\ncbUEDkV0ZHF3d3F0bmZu\n",          // line breaks, as a textarea stores them
        " PhTxElcyQnZnmiku2QpCcbUEDkV0ZHF3d3F0bmZu ",            // spaces
        "PhTx=ElcyQnZn*miku2QpCcbUE.DkV0ZHF3d3F0bmZu==",         // '=' mid-way and punctuation
        "PhTxElcyQnZnmiku2QpCcbUEDkV0ZHF3d3F0bmZu\xc3\xa9\x01",  // non-ASCII and control bytes
    };
    for (const auto ciphertext : junk) {
        SCOPED_TRACE(ciphertext);
        EXPECT_EQ(decrypt(ciphertext, kTestHash), decrypt(clean, kTestHash));
    }
}

struct Base64Case {
    std::string_view name, input, want;
};

// Each row checked with php-cli 8.2's base64_decode($input) (non-strict).
const Base64Case kBase64Cases[] = {
    {"padded", "QUI=", "AB"},
    {"unpadded", "QUI", "AB"},
    {"lone_last_character_dropped", "QUJDQ", "ABC"},
    {"data_after_padding_continues", "QUJD=QUJ", "ABCAB"},
    {"only_junk", "*!= \n", ""},
    {"url_safe_alphabet_is_junk", "-_", ""},
};

TEST(PhpBase64Decode, MatchesPhpNonStrict) {
    for (const auto& c : kBase64Cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(php_base64_decode(c.input), c.want);
    }
}

TEST(WhmcsCrypto, RoundTripsEveryLengthAcrossBlocks) {
    for (const std::size_t length : {0, 1, 19, 20, 21, 40, 41, 200}) {
        SCOPED_TRACE(length);
        std::string plaintext;
        for (std::size_t i = 0; i < length; ++i) {
            plaintext.push_back(static_cast<char>('!' + (i * 7) % 94));
        }
        const std::string ciphertext = encrypt(plaintext, kTestHash, kMixedIv);
        EXPECT_EQ(php_base64_decode(ciphertext).size(), kCipherBlockBytes + length);
        EXPECT_EQ(decrypt(ciphertext, kTestHash), plaintext);
    }
}

}  // namespace
}  // namespace keel::whmcs
