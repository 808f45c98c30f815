// Keel's port of WHMCS's encrypt()/decrypt() against an implementation in another language
// (testbed/php/whmcs_encrypt.php, run by php-cli), so a mistake repeated in Keel's tests and its code cannot hide.
#include "whmcs/html_entities.hpp"
#include "whmcs/whmcs_crypto.hpp"
#include "whmcs_php.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace keel::whmcs {
namespace {

constexpr std::string_view kHashes[] = {
    "TESTONLY0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU",
    "x7#Qp&amp;'\"é-short",
};

using testing::php_available;
using testing::php_hex;

std::string hex(std::string_view bytes) {
    return php_hex(bytes);
}

std::vector<std::string> ask_php(const std::filesystem::path& script, const std::vector<std::string>& requests) {
    return testing::ask_whmcs_php(script, requests);
}

// Plaintexts a secret field can hold: ASCII, multibyte UTF-8, entities WHMCS's API wrote, quotes; lengths around
// the 20-byte block boundaries.
std::vector<std::string> sample_plaintexts() {
    std::vector<std::string> samples = {
        "",
        "a",
        std::string(19, 'p'),
        std::string(20, 'p'),
        std::string(21, 'p'),
        std::string(40, 'q'),
        std::string(41, 'q'),
        "pässwörd-€-🔑",
        "p&amp;ss&quot;w&#039;rd&nbsp;&lt;&gt;",
        "it's \"quoted\" & raw",
        "ééééééééééé",  // 22 bytes: a two-byte character straddles the first block boundary
    };
    constexpr std::string_view kFragments[] = {"a", "Z", "7", "-", " ", "&", "&amp;", "'", "\"", "é", "€", "🔑", "\\"};
    std::mt19937 random(20261202);
    while (samples.size() < 50) {
        std::string text;
        const std::size_t pieces = std::uniform_int_distribution<std::size_t>(1, 60)(random);
        for (std::size_t i = 0; i < pieces; ++i) {
            text += kFragments[std::uniform_int_distribution<std::size_t>(0, std::size(kFragments) - 1)(random)];
        }
        samples.push_back(std::move(text));
    }
    return samples;
}

CipherIv random_iv(std::mt19937& random) {
    CipherIv iv{};
    for (auto& byte : iv) {
        byte = static_cast<std::uint8_t>(std::uniform_int_distribution<int>(0, 255)(random));
    }
    return iv;
}

class AgainstPhp : public ::testing::Test {
protected:
    void SetUp() override {
        const char* source_dir = std::getenv("KEEL_SOURCE_DIR");
        if (source_dir == nullptr) {
            GTEST_SKIP() << "KEEL_SOURCE_DIR not set: run through ctest";
        }
        if (!php_available()) {
            GTEST_SKIP() << "php not installed (./dev setup installs php-cli)";
        }
        script_ = std::filesystem::path(source_dir) / "testbed/php/whmcs_encrypt.php";
        ASSERT_TRUE(std::filesystem::exists(script_)) << script_;
    }

    std::filesystem::path script_;
};

TEST_F(AgainstPhp, EncryptAndDecryptAgreeBothWays) {
    std::mt19937 random(11);
    struct Case {
        std::string plaintext;
        std::string_view hash;
        CipherIv iv;
        std::string keel_ciphertext;
    };
    std::vector<Case> cases;
    std::vector<std::string> requests;
    for (const auto hash : kHashes) {
        for (auto& plaintext : sample_plaintexts()) {
            const CipherIv iv = random_iv(random);
            auto ciphertext = encrypt(plaintext, hash, iv);
            requests.push_back("encrypt " + hex(hash) + " " +
                               hex({reinterpret_cast<const char*>(iv.data()), iv.size()}) + " " + hex(plaintext));
            requests.push_back("decrypt " + hex(hash) + " " + ciphertext);
            cases.push_back({std::move(plaintext), hash, iv, std::move(ciphertext)});
        }
    }
    const auto answers = ask_php(script_, requests);
    ASSERT_EQ(answers.size(), requests.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& c = cases[i];
        SCOPED_TRACE(::testing::Message() << "plaintext " << hex(c.plaintext) << ", hash " << c.hash);
        const std::string& php_ciphertext = answers[2 * i];
        EXPECT_EQ(c.keel_ciphertext, php_ciphertext) << "same IV, same ciphertext";
        EXPECT_EQ(decrypt(php_ciphertext, c.hash), c.plaintext) << "PHP's ciphertext decrypts in Keel";
        EXPECT_EQ(answers[2 * i + 1], hex(c.plaintext)) << "Keel's ciphertext decrypts in PHP";
    }
}

TEST_F(AgainstPhp, WrongHashGivesTheSameGarbage) {
    const std::string ciphertext = encrypt("8d5f0f4e-6b1c-4f0e-9a49-0f3b3a6f2c11", kHashes[0], CipherIv{});
    const auto answers = ask_php(script_, {"decrypt " + hex(kHashes[1]) + " " + ciphertext});
    ASSERT_EQ(answers.size(), 1U);
    EXPECT_EQ(answers[0], hex(decrypt(ciphertext, kHashes[1])));
}

TEST_F(AgainstPhp, NonStrictBase64AgreesOnJunk) {
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n\r\t *-_.%\xc3\xa9\x01";
    std::mt19937 random(5);
    std::vector<std::string> inputs;
    std::vector<std::string> requests;
    for (int n = 0; n < 60; ++n) {
        std::string input;
        const std::size_t length = std::uniform_int_distribution<std::size_t>(0, 70)(random);
        for (std::size_t i = 0; i < length; ++i) {
            input.push_back(kAlphabet[std::uniform_int_distribution<std::size_t>(0, kAlphabet.size() - 1)(random)]);
        }
        requests.push_back("base64 " + hex(input));
        inputs.push_back(std::move(input));
    }
    const auto answers = ask_php(script_, requests);
    ASSERT_EQ(answers.size(), requests.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        SCOPED_TRACE(hex(inputs[i]));
        EXPECT_EQ(hex(php_base64_decode(inputs[i])), answers[i]);
    }
}

TEST_F(AgainstPhp, EntityDecodingAgreesWithSanitizeDecode) {
    constexpr std::string_view kFragments[] = {
        "&amp;",  "&lt;",       "&gt;",     "&quot;", "&#039;", "&#39;",    "&apos;",     "&nbsp;",
        "&#160;", "&#x41;",     "&#X2603;", "&#128;", "&#0;",   "&#xD800;", "&#1114111;", "&#1114112;",
        "&euro;", "&thetasym;", "&Eacute;", "&AMP;",  "&amp",   "&#",       "&#x;",       "&",
        ";",      "#",          "x",        "a",      "é",      "nbsp",     "lt"};
    std::mt19937 random(7);
    std::vector<std::string> inputs;
    std::vector<std::string> requests;
    for (int n = 0; n < 80; ++n) {
        std::string input;
        const std::size_t pieces = std::uniform_int_distribution<std::size_t>(1, 12)(random);
        for (std::size_t i = 0; i < pieces; ++i) {
            input += kFragments[std::uniform_int_distribution<std::size_t>(0, std::size(kFragments) - 1)(random)];
        }
        requests.push_back("entities " + hex(input));
        inputs.push_back(std::move(input));
    }
    const auto answers = ask_php(script_, requests);
    ASSERT_EQ(answers.size(), requests.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        SCOPED_TRACE(inputs[i]);
        EXPECT_EQ(hex(decode_html_entities(inputs[i])), answers[i]);
    }
}

}  // namespace
}  // namespace keel::whmcs
