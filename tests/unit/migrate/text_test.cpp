#include "migrate/text.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace keel::migrate {
namespace {

struct DecodeCase {
    std::string_view name;
    std::string_view input;
    std::string_view want;
};

TEST(DecodeHtml, MatchesTable) {
    const DecodeCase cases[] = {
        {"plain", "Debian 12", "Debian 12"},
        {"ampersand", "Tom &amp; Jerry", "Tom & Jerry"},
        {"apostrophe_numeric", "O&#039;Brien", "O'Brien"},
        {"hex_numeric", "O&#x27;Brien", "O'Brien"},
        {"double_encoded", "Tom &amp;amp; Jerry", "Tom & Jerry"},
        {"named_latin1", "&Uuml;berdrive", "Überdrive"},
        {"unknown_entity_kept", "a &bogus; b", "a &bogus; b"},
        {"bare_ampersand_kept", "R&D", "R&D"},
        {"cjk_numeric", "&#26085;&#26412;", "日本"},
        {"astral_numeric", "&#x1F600;", "\xF0\x9F\x98\x80"},
        {"lone_high_surrogate_replaced", "a&#xD800;b", "a\uFFFDb"},
        {"lone_low_surrogate_decimal_replaced", "&#57343;", "\uFFFD"},
        {"beyond_unicode_replaced", "&#x110000;", "\uFFFD"},
        {"nul_reference_replaced", "a&#0;b", "a\uFFFDb"},
        {"double_encoded_surrogate_replaced", "&amp;#xD800;", "\uFFFD"},
        {"empty_numeric_kept", "&#; &#x;", "&#; &#x;"},
        {"overlong_input_replaced",
         "a\xC0\xAF"
         "b",
         "a\uFFFD\uFFFDb"},
        {"encoded_surrogate_input_replaced",
         "a\xED\xA0\x80"
         "b",
         "a\uFFFD\uFFFD\uFFFDb"},
        {"truncated_input_replaced", "caf\xC3", "caf\uFFFD"},
        {"latin1_byte_replaced", "caf\xE9 au lait", "caf\uFFFD au lait"},
        {"raw_nul_replaced", std::string_view("a\0b", 3), "a\uFFFDb"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(decode_html(c.input), c.want);
    }
}

TEST(SplitPipe, MatchesTable) {
    EXPECT_EQ(split_pipe("4096|4 GB").key, "4096");
    EXPECT_EQ(split_pipe("4096|4 GB").friendly, "4 GB");
    EXPECT_EQ(split_pipe(" ram | Memory ").key, "ram");
    EXPECT_EQ(split_pipe("64 GB DDR4").key, "64 GB DDR4");
    EXPECT_EQ(split_pipe("64 GB DDR4").friendly, "64 GB DDR4");
    EXPECT_EQ(split_pipe("a|b|c").friendly, "b|c");
}

TEST(RepairMojibake, UndoesLatin1RoundTrip) {
    EXPECT_EQ(repair_mojibake("Ã©tÃ©"), "été");
    EXPECT_EQ(repair_mojibake("MÃ¼ller"), "Müller");
    EXPECT_EQ(repair_mojibake("Müller"), std::nullopt);  // already right
    EXPECT_EQ(repair_mojibake("plain"), std::nullopt);
    EXPECT_EQ(repair_mojibake("\xff\xfe"), std::nullopt);  // not UTF-8 at all
}

struct Utf8Case {
    std::string_view name;
    std::string_view bytes;
    bool valid;
};

TEST(IsValidUtf8, MatchesTable) {
    const Utf8Case cases[] = {
        {"ascii_and_cjk", "日本 é", true},
        {"last_scalar", "\xF4\x8F\xBF\xBF", true},
        {"before_surrogates", "\xED\x9F\xBF", true},
        {"after_surrogates", "\xEE\x80\x80", true},
        {"truncated_two", "\xc3", false},
        {"truncated_three", "\xe6\x97", false},
        {"overlong_two", "\xc0\xaf", false},
        {"overlong_three", "\xE0\x80\xAF", false},
        {"overlong_three_max", "\xE0\x9F\xBF", false},
        {"overlong_four", "\xF0\x80\x80\xAF", false},
        {"overlong_four_max", "\xF0\x8F\xBF\xBF", false},
        {"high_surrogate", "\xED\xA0\x80", false},
        {"low_surrogate", "\xED\xBF\xBF", false},
        {"beyond_unicode", "\xF4\x90\x80\x80", false},
        {"f5_lead", "\xF5\x80\x80\x80", false},
        {"lone_continuation", "\x80", false},
        {"fe_ff", "\xFE\xFF", false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(is_valid_utf8(c.bytes), c.valid);
    }
}

TEST(ToValidUtf8, ReplacesEachMaximalSubpartOnce) {
    EXPECT_EQ(to_valid_utf8("ok 日本"), "ok 日本");
    EXPECT_EQ(to_valid_utf8("\xE6\x97x"), "\uFFFDx");                          // truncated 3-byte: one U+FFFD
    EXPECT_EQ(to_valid_utf8("\xF4\x90\x80\x80"), "\uFFFD\uFFFD\uFFFD\uFFFD");  // F4 90: no valid prefix
    EXPECT_EQ(to_valid_utf8(std::string_view("\0", 1)), "\uFFFD");
}

TEST(RepairMojibake, LeavesCodePointsAboveLatin1Alone) {
    EXPECT_EQ(repair_mojibake("\xC4\x80\xC4\x80"), std::nullopt);  // U+0100 is no latin1 byte: never NUL bytes
    EXPECT_EQ(repair_mojibake("\xC5\x83\xC5\x83"), std::nullopt);
}

}  // namespace
}  // namespace keel::migrate
