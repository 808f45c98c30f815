#include "core/log.hpp"

#include <gtest/gtest.h>

namespace keel::log {
namespace {

struct EscapeCase {
    const char* name;
    std::string input;
    std::string want;
};

TEST(AppendJsonEscaped, MatchesTable) {
    const EscapeCase cases[] = {
        {"plain", "server.create", "server.create"},
        {"quote_and_backslash", R"(a"b\c)", R"(a\"b\\c)"},
        {"newline_cannot_forge_a_line", "x\n{\"level\":\"error\"}", R"(x\n{\"level\":\"error\"})"},
        {"control_byte", std::string("a\x01", 2), R"(a\u0001)"},
        {"utf8_kept", "日本", "日本"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::string out;
        append_json_escaped(out, c.input);
        EXPECT_EQ(out, c.want);
    }
}

}  // namespace
}  // namespace keel::log
