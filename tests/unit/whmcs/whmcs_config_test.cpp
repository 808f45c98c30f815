#include "whmcs/whmcs_config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace keel::whmcs {
namespace {

// What WHMCS 8's installer writes.
constexpr std::string_view kInstalled = R"(<?php
$license = 'WHMCS-0123456789';
$db_host = 'db.internal';
$db_port = '3307';
$db_username = 'whmcs';
$db_password = 'p4ss';
$db_name = 'whmcs_prod';
$cc_encryption_hash = 'abc';
$templates_compiledir = 'templates_c';
$mysql_charset = 'utf8';
)";

TEST(ParseWhmcsConfiguration, ReadsWhatTheInstallerWrites) {
    auto url = parse_whmcs_configuration(kInstalled);
    ASSERT_TRUE(url) << url.error().detail;
    EXPECT_EQ(url->host, "db.internal");
    EXPECT_EQ(url->port, 3307);
    EXPECT_EQ(url->user, "whmcs");
    EXPECT_EQ(url->password, "p4ss");
    EXPECT_EQ(url->database, "whmcs_prod");
}

struct ConfigCase {
    std::string_view name;
    std::string_view php;
    std::string_view host, password, database;
    std::uint16_t port;
};

const ConfigCase kRead[] = {
    {"line_comment_slashes", "<?php $db_username='u'; $db_name='d';\n// $db_name = 'old';\n", "localhost", "", "d",
     3306},
    {"line_comment_hash", "<?php $db_username='u'; $db_name='d';\n#$db_name='old';\n", "localhost", "", "d", 3306},
    {"block_comment", "<?php $db_username='u'; $db_name='d';\n/* $db_name='old';\n$db_host='x'; */", "localhost", "",
     "d", 3306},
    {"comment_before_assignment_in_line", "<?php $db_username='u'; /* old: $db_name='o'; */ $db_name='d';", "localhost",
     "", "d", 3306},
    {"last_assignment_wins", "<?php $db_username='u'; $db_name='a'; $db_name='b';", "localhost", "", "b", 3306},
    {"double_quotes", "<?php $db_username=\"u\"; $db_name=\"d\"; $db_password=\"p\";", "localhost", "p", "d", 3306},
    {"single_quote_escapes", R"(<?php $db_username='u'; $db_name='d'; $db_password='it\'s\\ok\n';)", "localhost",
     R"(it's\ok\n)", "d", 3306},
    {"double_quote_escapes", R"(<?php $db_username='u'; $db_name='d'; $db_password="a\"b\\c\$d\x41\101\u{e9}\q";)",
     "localhost", "a\"b\\c$dAA\xC3\xA9\\q", "d", 3306},
    {"comment_markers_inside_password", "<?php $db_username='u'; $db_name='d'; $db_password='a//b#c/*d$e';",
     "localhost", "a//b#c/*d$e", "d", 3306},
    {"semicolon_and_quote_inside_password", R"(<?php $db_username='u'; $db_name='d'; $db_password="x;'y";)",
     "localhost", "x;'y", "d", 3306},
    {"bare_integer_port", "<?php $db_username='u'; $db_name='d'; $db_port = 3310;", "localhost", "", "d", 3310},
    {"empty_port_is_default", "<?php $db_username='u'; $db_name='d'; $db_port = '';", "localhost", "", "d", 3306},
    {"empty_host_is_localhost", "<?php $db_username='u'; $db_name='d'; $db_host='';", "localhost", "", "d", 3306},
    {"spacing_and_case_of_tag", "<?PHP\r\n\t$db_username\t=\t'u' ;\r\n$db_name = 'd'\r\n;", "localhost", "", "d", 3306},
    {"text_outside_php_ignored", "$db_name='html'; <?php $db_username='u'; $db_name='d'; ?> $db_name='out';",
     "localhost", "", "d", 3306},
    {"line_comment_ends_at_close_tag", "<?php $db_username='u'; $db_name='d'; // note ?> $db_name='out';", "localhost",
     "", "d", 3306},
    {"assignment_inside_string_ignored", "<?php $db_username='u'; $db_name='d'; $x = \"$db_name = 'no';\";",
     "localhost", "", "d", 3306},
    {"comparison_is_not_assignment", "<?php $db_username='u'; $db_name='d'; if ($db_name == 'x') {}", "localhost", "",
     "d", 3306},
};

TEST(ParseWhmcsConfiguration, MatchesTable) {
    for (const auto& c : kRead) {
        SCOPED_TRACE(c.name);
        auto url = parse_whmcs_configuration(c.php);
        ASSERT_TRUE(url) << url.error().detail;
        EXPECT_EQ(url->user, "u");
        EXPECT_EQ(url->host, c.host);
        EXPECT_EQ(url->password, c.password);
        EXPECT_EQ(url->database, c.database);
        EXPECT_EQ(url->port, c.port);
    }
}

struct RejectCase {
    std::string_view name;
    std::string_view php;
};

const RejectCase kRejected[] = {
    {"no_name", "<?php $db_username='u';"},
    {"only_commented_name", "<?php $db_username='u'; // $db_name='d';"},
    {"not_php_at_all", "$db_username='u'; $db_name='d';"},
    {"port_not_numeric", "<?php $db_username='u'; $db_name='d'; $db_port='mysql';"},
    {"port_zero", "<?php $db_username='u'; $db_name='d'; $db_port='0';"},
    {"port_too_big", "<?php $db_username='u'; $db_name='d'; $db_port='65536';"},
    {"octal_port", "<?php $db_username='u'; $db_name='d'; $db_port=03306;"},
    {"interpolated_password", "<?php $db_username='u'; $db_name='d'; $db_password=\"pw$suffix\";"},
    {"concatenated_password", "<?php $db_username='u'; $db_name='d'; $db_password='a' . 'b';"},
    {"compound_password", "<?php $db_username='u'; $db_name='d'; $db_password='a'; $db_password .= 'b';"},
    {"password_from_environment", "<?php $db_username='u'; $db_name='d'; $db_password=getenv('PW');"},
    {"unterminated_password", "<?php $db_username='u'; $db_name='d'; $db_password='abc"},
};

TEST(ParseWhmcsConfiguration, RejectsWithInvalidArgument) {
    for (const auto& c : kRejected) {
        SCOPED_TRACE(c.name);
        auto url = parse_whmcs_configuration(c.php);
        ASSERT_FALSE(url);
        EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
    }
}

TEST(ParseWhmcsConfiguration, ErrorNamesTheSettingNeverItsValue) {
    auto url = parse_whmcs_configuration("<?php $db_username='u'; $db_name='d'; $db_password=\"S3cr3tPw$x\";");
    ASSERT_FALSE(url);
    EXPECT_NE(url.error().detail.find("$db_password"), std::string::npos);
    EXPECT_EQ(url.error().detail.find("S3cr3t"), std::string::npos);
}

TEST(ReadWhmcsConfiguration, MissingFileIsInvalidArgument) {
    auto url = read_whmcs_configuration("/nonexistent/whmcs/configuration.php");
    ASSERT_FALSE(url);
    EXPECT_EQ(url.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace keel::whmcs
