#include "whmcs/html_entities.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace keel::whmcs {
namespace {

struct EntityCase {
    std::string_view name, stored, want;
};

// Each `want` is what php-cli 8.2 gives for str_replace('&nbsp;', ' ', …) then
// html_entity_decode(…, ENT_QUOTES | ENT_HTML401, 'UTF-8') — WHMCS's Sanitize::decode.
const EntityCase kCases[] = {
    {"plain_text_unchanged", "root-P@ss w0rd!", "root-P@ss w0rd!"},
    {"basic_named", "&amp;&lt;&gt;&quot;", "&<>\""},
    {"single_quotes_numeric", "&#039;&#39;&#x27;", "'''"},
    {"apos_is_not_html401", "&apos;", "&apos;"},
    {"nbsp_is_a_space", "a&nbsp;b", "a b"},
    {"numeric_nbsp_stays_nbsp", "&#160;", "\xc2\xa0"},
    {"decimal_hex_upper_x_leading_zeros", "&#65;&#x41;&#X41;&#0065;&#000000000000000000065;", "AAAAA"},
    {"one_pass_only", "&amp;lt;&amp;nbsp;", "&lt;&nbsp;"},
    {"semicolon_required", "&amp &#65", "&amp &#65"},
    {"names_are_case_sensitive", "&AMP;&Amp;", "&AMP;&Amp;"},
    {"html401_beyond_latin1", "&euro;&hellip;&thetasym;&Omega;", "\xe2\x82\xac\xe2\x80\xa6\xcf\x91\xce\xa9"},
    {"latin1_letters", "p&auml;ss&szlig;&Eacute;", "p\xc3\xa4ss\xc3\x9f\xc3\x89"},
    {"disallowed_code_points_stay", "&#0;&#31;&#127;&#128;&#159;&#xD800;&#x110000;&#99999999999999999999;",
     "&#0;&#31;&#127;&#128;&#159;&#xD800;&#x110000;&#99999999999999999999;"},
    {"tab_lf_cr_allowed", "&#9;&#10;&#13;", "\t\n\r"},
    {"astral_plane", "&#x1F511;", "\xf0\x9f\x94\x91"},
    {"malformed_numeric_stays", "&#;&#x;&#-1;&# 65;&#+65;", "&#;&#x;&#-1;&# 65;&#+65;"},
    {"unknown_and_bare_ampersands", "&unknown;&&;&", "&unknown;&&;&"},
    {"invalid_utf8_passes_through", "\xff&amp;\xc3", "\xff&\xc3"},
};

TEST(DecodeHtmlEntities, MatchesSanitizeDecode) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(decode_html_entities(c.stored), c.want);
    }
}

}  // namespace
}  // namespace keel::whmcs
