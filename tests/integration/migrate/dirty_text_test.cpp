// What decode_html makes of the dirtiest WHMCS text is accepted by PostgreSQL, as text through COPY (the way
// ImportWriter loads batches) and inside jsonb (server attributes): one such row used to fail its whole batch,
// on every re-run (#9).
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "db/connection.hpp"
#include "migrate/json_text.hpp"
#include "migrate/text.hpp"
#include "test_database.hpp"

namespace keel::testing {
namespace {

const std::string_view kDirty[] = {
    "lone surrogate &#xD800; in a name",
    "low surrogate &#57343;",
    "double-encoded &amp;#xDBFF;",
    "beyond Unicode &#x110000; &#1114112;",
    "NUL reference &#0; and &#x0;",
    std::string_view("raw NUL \0 byte", 14),
    "overlong \xC0\xAF slash and \xE0\x80\xAF",
    "encoded surrogate \xED\xA0\x80",
    "latin1 caf\xE9 bytes",
    "truncated \xE6\x97",
    "control &#1; &#x1F; characters",
};

// COPY's text format, as db/imports/import_writer.cpp writes it.
std::string copy_field(std::string_view value) {
    std::string out;
    for (const char c : value) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

TEST(DecodedDirtyText, PostgresAcceptsItAsTextAndJsonb) {
    TestDatabase keel;
    auto connection = db::Connection::open(keel.url());
    ASSERT_TRUE(connection) << connection.error().detail;
    ASSERT_TRUE(connection->exec_script("CREATE TABLE decoded (value text NOT NULL, attributes jsonb NOT NULL)"));
    std::string rows;
    for (const auto dirty : kDirty) {
        const auto decoded = migrate::decode_html(dirty);
        rows += copy_field(decoded) + "\t" + copy_field(migrate::JsonObject().add("value", decoded).str()) + "\n";
    }
    const std::vector<std::string> chunks{rows};
    auto copied = connection->copy_in("COPY decoded (value, attributes) FROM STDIN", chunks);
    ASSERT_TRUE(copied) << copied.error().detail;
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM decoded"), std::to_string(std::size(kDirty)));
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM decoded WHERE attributes->>'value' = value"),
              std::to_string(std::size(kDirty)));
    EXPECT_EQ(keel.scalar("SELECT value FROM decoded WHERE value LIKE 'lone%'"), "lone surrogate \uFFFD in a name");
}

}  // namespace
}  // namespace keel::testing
