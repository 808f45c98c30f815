// The account in WHMCS_DATABASE_URL may read the testbed and nothing else.
#include "tests/integration/testbed/testbed_environment.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace keel::testbed::test {
namespace {

class ReadOnlyAccount : public SeededTestbed {
protected:
    void SetUp() override {
        SeededTestbed::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto connected = whmcs::MariadbConnection::connect(db().read_only);
        ASSERT_TRUE(connected) << connected.error().detail;
        read_only_.emplace(std::move(*connected));
    }
    std::optional<whmcs::MariadbConnection> read_only_;
};

TEST_F(ReadOnlyAccount, CanSelect) {
    auto count = query_int(*read_only_, "SELECT COUNT(*) FROM tblclients");
    ASSERT_TRUE(count) << count.error().detail;
    EXPECT_GT(*count, 0);
}

struct WriteCase {
    std::string_view name;
    std::string_view sql;
};

const WriteCase kWrites[] = {
    {"insert", "INSERT INTO tblcurrencies (code, prefix, suffix, format) VALUES ('XXX', '', '', 1)"},
    {"update", "UPDATE tblclients SET firstname = 'changed' WHERE id = 1"},
    {"delete", "DELETE FROM tblhosting WHERE id = 1"},
    {"create_table", "CREATE TABLE keel_probe (id int)"},
    {"alter_table", "ALTER TABLE tblclients ADD COLUMN keel_probe int"},
    {"drop_table", "DROP TABLE tblorders"},
    {"truncate", "TRUNCATE TABLE tblorders"},
    {"create_database", "CREATE DATABASE keel_probe_db"},
    {"read_other_schema", "SELECT COUNT(*) FROM mysql.user"},
};

TEST_F(ReadOnlyAccount, EveryWriteIsForbidden) {
    for (const WriteCase& write : kWrites) {
        SCOPED_TRACE(write.name);
        auto done = read_only_->execute(write.sql);
        ASSERT_FALSE(done);
        EXPECT_EQ(done.error().code, ErrorCode::kForbidden) << done.error().detail;
    }
    auto name = connection().query_value("SELECT firstname FROM tblclients WHERE id = 1");
    ASSERT_TRUE(name);
    EXPECT_EQ(name->value_or(""), "Alice");
}

using ResultStreamOnTestbed = SeededTestbed;

TEST_F(ResultStreamOnTestbed, KeepsNullApartFromEmptyAndHonoursLengths) {
    auto rows = connection().stream(
        "SELECT u.created_at, c.companyname, CONCAT('a', CHAR(0), 'b') FROM tblusers u JOIN tblclients c "
        "ON c.id = 1 WHERE u.id = 12");
    ASSERT_TRUE(rows) << rows.error().detail;
    ASSERT_EQ(rows->column_count(), 3U);
    EXPECT_EQ(rows->column_name(1), "companyname");
    auto first = rows->next();
    ASSERT_TRUE(first && *first);
    EXPECT_FALSE(rows->value(0).has_value());
    ASSERT_TRUE(rows->value(1).has_value());
    EXPECT_EQ(*rows->value(1), "");
    EXPECT_EQ(*rows->value(2), std::string_view("a\0b", 3));
    auto end = rows->next();
    ASSERT_TRUE(end);
    EXPECT_FALSE(*end);
}

TEST_F(ResultStreamOnTestbed, ReturnsUtf8FromUtf8mb3Tables) {
    auto name = connection().query_value("SELECT name FROM tblproductgroups WHERE id = 5");
    ASSERT_TRUE(name) << name.error().detail;
    EXPECT_EQ(name->value_or(""), "日本 東京 Region");
}

}  // namespace
}  // namespace keel::testbed::test
