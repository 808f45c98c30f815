#include "whmcs/mysql_url.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace keel::whmcs {
namespace {

TEST(ParseMysqlUrl, ReadsEveryPart) {
    auto url = parse_mysql_url("mysql://whmcs_ro:secret@127.0.0.1:33069/whmcs");
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->user, "whmcs_ro");
    EXPECT_EQ(url->password, "secret");
    EXPECT_EQ(url->host, "127.0.0.1");
    EXPECT_EQ(url->port, 33069);
    EXPECT_EQ(url->database, "whmcs");
    EXPECT_EQ(url->charset, "utf8mb4");
}

TEST(ParseMysqlUrl, DefaultsPortAndAllowsNoDatabase) {
    auto url = parse_mysql_url("mysql://root@db.example.com");
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->port, kDefaultMysqlPort);
    EXPECT_EQ(url->database, "");
    EXPECT_EQ(url->password, "");
}

TEST(ParseMysqlUrl, PercentDecodesUserPasswordAndDatabase) {
    auto url = parse_mysql_url("mysql://us%40er:p%3Aw%2F%25d%40@localhost:3306/my%2Ddb");
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->user, "us@er");
    EXPECT_EQ(url->password, "p:w/%d@");
    EXPECT_EQ(url->database, "my-db");
}

TEST(ParseMysqlUrl, LastAtSignEndsThePassword) {
    auto url = parse_mysql_url("mysql://u:p@ss@host/db");
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->password, "p@ss");
    EXPECT_EQ(url->host, "host");
}

TEST(ParseMysqlUrl, EmptyPasswordAfterColon) {
    auto url = parse_mysql_url("mysql://u:@host/db");
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->password, "");
}

TEST(ParseMysqlUrl, BracketedIpv6Host) {
    auto url = parse_mysql_url("mysql://u:p@[::1]:3307/db");
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->host, "::1");
    EXPECT_EQ(url->port, 3307);
}

TEST(ParseMysqlUrl, CharsetParameter) {
    auto url = parse_mysql_url("mysql://u:p@host/db?charset=latin1");
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->charset, "latin1");
    EXPECT_EQ(url->database, "db");
}

struct RejectCase {
    std::string_view name;
    std::string_view url;
};

const RejectCase kRejected[] = {
    {"wrong_scheme", "postgresql://u:p@host/db"},
    {"no_user", "mysql://host/db"},
    {"empty_user", "mysql://:p@host/db"},
    {"no_host", "mysql://u:p@/db"},
    {"port_not_numeric", "mysql://u:p@host:abc/db"},
    {"port_zero", "mysql://u:p@host:0/db"},
    {"port_too_big", "mysql://u:p@host:70000/db"},
    {"empty_port", "mysql://u:p@host:/db"},
    {"truncated_escape", "mysql://u:p%4@host/db"},
    {"bad_escape", "mysql://u:p%zz@host/db"},
    {"unknown_parameter", "mysql://u:p@host/db?ssl=1"},
    {"empty_charset", "mysql://u:p@host/db?charset="},
    {"slash_in_database", "mysql://u:p@host/db/extra"},
    {"unterminated_ipv6", "mysql://u:p@[::1/db"},
};

TEST(ParseMysqlUrl, RejectsMalformedWithInvalidArgument) {
    for (const auto& c : kRejected) {
        SCOPED_TRACE(c.name);
        auto url = parse_mysql_url(c.url);
        ASSERT_FALSE(url);
        EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
    }
}

TEST(ParseMysqlUrl, PasswordMayHoldQueryFragmentAndPathCharacters) {
    auto url = parse_mysql_url("mysql://u:a?b#c/d@e:f@host:3307/db?charset=latin1");
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->user, "u");
    EXPECT_EQ(url->password, "a?b#c/d@e:f");
    EXPECT_EQ(url->host, "host");
    EXPECT_EQ(url->port, 3307);
    EXPECT_EQ(url->database, "db");
    EXPECT_EQ(url->charset, "latin1");
}

// Every malformed URL below carries this password; no error may quote any 3-character piece of it.
constexpr std::string_view kSecret = "Kq7?zX#Wv@9/Jm:Rt";

const std::string_view kMalformedAroundSecret[] = {
    "mysql://u:Kq7?zX#Wv@9/Jm:Rt@host:99999/db", "mysql://u:Kq7?zX#Wv@9/Jm:Rt@host:port/db",
    "mysql://u:Kq7?zX#Wv@9/Jm:Rt@host/db?ssl=1", "mysql://u:Kq7?zX#Wv@9/Jm:Rt@host/db?charset=",
    "mysql://u:Kq7?zX#Wv@9/Jm:Rt@/db",           "mysql://u:Kq7?zX#Wv@9/Jm:Rt@[::1/db",
    "mysql://u:Kq7?zX#Wv@9/Jm:Rt@host/a/b",      "mysql://u:Kq7?zX#Wv@9/Jm:Rt@host/%zz",
    "mysql://u:Kq7?zX#Wv@9/Jm:Rt%4@host/db",     "mysql://u:Kq7?zX#Wv@9/Jm:Rt%zz@host/db",
    "mysql://:Kq7?zX#Wv@9/Jm:Rt@host/db",        "mysql:/u:Kq7?zX#Wv@9/Jm:Rt@host/db",
};

TEST(ParseMysqlUrl, ErrorsNeverQuoteThePassword) {
    for (const auto text : kMalformedAroundSecret) {
        SCOPED_TRACE(text);
        auto url = parse_mysql_url(text);
        ASSERT_FALSE(url);
        EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
        for (std::size_t i = 0; i + 3 <= kSecret.size(); ++i) {
            EXPECT_EQ(url.error().detail.find(kSecret.substr(i, 3)), std::string::npos)
                << "'" << kSecret.substr(i, 3) << "' in: " << url.error().detail;
        }
    }
}

TEST(RedactedMysqlUrl, HidesThePassword) {
    auto url = parse_mysql_url("mysql://whmcs_ro:topsecret@127.0.0.1:33069/whmcs");
    ASSERT_TRUE(url);
    const auto text = redacted(*url);
    EXPECT_EQ(text, "mysql://whmcs_ro:***@127.0.0.1:33069/whmcs");
    EXPECT_EQ(text.find("topsecret"), std::string::npos);
}

}  // namespace
}  // namespace keel::whmcs
