#include "migrate/text.hpp"

#include <gtest/gtest.h>

namespace keel::migrate {
namespace {

struct DecodeCase {
    const char* name;
    const char* input;
    const char* want;
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

TEST(IsValidUtf8, RejectsBrokenSequences) {
    EXPECT_TRUE(is_valid_utf8("日本 é"));
    EXPECT_FALSE(is_valid_utf8("\xc3"));
    EXPECT_FALSE(is_valid_utf8("\xe6\x97"));
    EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));  // overlong
}

}  // namespace
}  // namespace keel::migrate
