// auth::SecretKeyRing: seal/open round trips, tampering and wrong keys fail naming the key id, rotation.
#include "auth/secret_box.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <string>

#include "core/sha256.hpp"

namespace keel::auth {
namespace {

const std::string kKeyA(64, 'a');
const std::string kKeyB = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef";

SecretKeyRing ring(const std::string& current, const std::vector<std::string>& previous = {}) {
    auto loaded = SecretKeyRing::from_hex(current, previous);
    EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().detail);
    return std::move(*loaded);
}

TEST(SecretKeyRing, KeyIdIsTheFirstEightHexDigitsOfTheKeysSha256) {
    std::string raw(32, static_cast<char>(0xaa));
    EXPECT_EQ(ring(kKeyA).current_key_id(), sha256_hex(raw).substr(0, 8));
}

TEST(SecretKeyRing, SealThenOpenGivesThePlaintextBack) {
    const auto keys = ring(kKeyA);
    const auto sealed = keys.seal("4f5c7a52-1c1f-4b39-9d8e-2f0a1b2c3d4e");
    EXPECT_EQ(sealed.key_id(), keys.current_key_id());
    EXPECT_EQ(sealed.stored_text().find("4f5c7a52"), std::string::npos);
    auto opened = keys.open(sealed);
    ASSERT_TRUE(opened.has_value()) << opened.error().detail;
    EXPECT_EQ(opened->reveal(), "4f5c7a52-1c1f-4b39-9d8e-2f0a1b2c3d4e");
}

TEST(SecretKeyRing, EverySealUsesAFreshNonce) {
    const auto keys = ring(kKeyA);
    EXPECT_NE(keys.seal("same"), keys.seal("same"));
}

struct KeySettingCase {
    std::string_view name;
    SecretKeySettings settings;
    bool ok;
};

TEST(SecretKeyRing, LoadAcceptsOnlyHexKeysOf32Bytes) {
    const KeySettingCase cases[] = {
        {"hex_64", {kKeyA, "", "", ""}, true},
        {"hex_with_newline", {kKeyA + "\n", "", "", ""}, true},
        {"missing", {"", "", "", ""}, false},
        {"too_short", {std::string(62, 'a'), "", "", ""}, false},
        {"too_long", {std::string(66, 'a'), "", "", ""}, false},
        {"not_hex", {std::string(64, 'g'), "", "", ""}, false},
        {"base64_refused", {"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqo=", "", "", ""}, false},
        {"key_and_file", {kKeyA, "/nonexistent", "", ""}, false},
        {"file_missing", {"", "/nonexistent/keel-key", "", ""}, false},
        {"previous_good", {kKeyA, "", kKeyB + "," + kKeyB, ""}, true},
        {"previous_bad", {kKeyA, "", "abc", ""}, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto loaded = SecretKeyRing::load(c.settings);
        ASSERT_EQ(loaded.has_value(), c.ok);
        if (!loaded) {
            EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
            EXPECT_EQ(loaded.error().detail.find('\n'), std::string::npos);                  // one line
            EXPECT_EQ(loaded.error().detail.find(std::string(60, 'a')), std::string::npos);  // never the key
        }
    }
}

TEST(SecretKeyRing, LoadsTheKeyFromAFile) {
    const std::string path = testing::TempDir() + "keel-secret-key";
    std::ofstream(path) << kKeyB << "\n";
    auto loaded = SecretKeyRing::load({"", path, "", ""});
    std::remove(path.c_str());
    ASSERT_TRUE(loaded.has_value()) << loaded.error().detail;
    EXPECT_EQ(loaded->current_key_id(), ring(kKeyB).current_key_id());
}

struct TamperCase {
    std::string_view name;
    std::function<std::string(std::string)> alter;
};

TEST(SecretKeyRing, AlteredTextDoesNotOpen) {
    const auto keys = ring(kKeyA);
    const std::string original = keys.seal("token-secret").stored_text();
    const auto body_at = original.find(':') + 1;
    const TamperCase cases[] = {
        {"flipped_ciphertext",
         [&](std::string t) {
             t[t.size() - 6] = t[t.size() - 6] == 'A' ? 'B' : 'A';
             return t;
         }},
        {"flipped_nonce",
         [&](std::string t) {
             t[body_at + 1] = t[body_at + 1] == 'A' ? 'B' : 'A';
             return t;
         }},
        {"truncated", [&](std::string t) { return t.substr(0, body_at + 20); }},
        {"not_base64", [&](std::string t) { return t.substr(0, body_at) + "!!!!"; }},
        {"empty_body", [&](std::string t) { return t.substr(0, body_at); }},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto opened = keys.open(SealedSecret(c.alter(original)));
        ASSERT_FALSE(opened.has_value());
        EXPECT_EQ(opened.error().code, ErrorCode::kInternal);
        EXPECT_NE(opened.error().detail.find(keys.current_key_id()), std::string::npos);
    }
}

TEST(SecretKeyRing, WrongKeyFailsNamingTheKeyId) {
    const auto sealed = ring(kKeyA).seal("token-secret");
    auto opened = ring(kKeyB).open(sealed);
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error().code, ErrorCode::kInternal);
    EXPECT_NE(opened.error().detail.find(std::string(sealed.key_id())), std::string::npos);
}

TEST(SecretKeyRing, RotationOpensWithThePreviousKeyAndResealsUnderTheCurrent) {
    const auto old_keys = ring(kKeyA);
    const auto sealed = old_keys.seal("token-secret");
    const auto rotated = ring(kKeyB, {kKeyA});
    auto opened = rotated.open(sealed);
    ASSERT_TRUE(opened.has_value()) << opened.error().detail;
    EXPECT_EQ(opened->reveal(), "token-secret");

    auto resealed = rotated.reseal(sealed);
    ASSERT_TRUE(resealed.has_value());
    EXPECT_EQ(resealed->key_id(), rotated.current_key_id());
    EXPECT_NE(resealed->key_id(), sealed.key_id());
    auto reopened = ring(kKeyB).open(*resealed);  // the previous key is no longer needed
    ASSERT_TRUE(reopened.has_value());
    EXPECT_EQ(reopened->reveal(), "token-secret");
}

TEST(Secret, MovingWipesTheSource) {
    std::string source = "short";
    Secret secret(std::move(source));
    EXPECT_TRUE(source.empty());
    Secret moved(std::move(secret));
    EXPECT_TRUE(secret.empty());
    EXPECT_EQ(moved.reveal(), "short");
}

}  // namespace
}  // namespace keel::auth
