#pragma once
// One freshly seeded testbed database per test binary (whmcs_test_<pid>), dropped again at the end.
// Needs WHMCS_ADMIN_URL (./dev env); without it every test here is skipped.
#include "core/result.hpp"
#include "testbed/seeder/proxmox.hpp"
#include "whmcs/mariadb_connection.hpp"
#include "whmcs/mysql_url.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keel::testbed::test {

struct TestbedDb {
    bool available = false;
    std::string skip_reason;
    std::string setup_error;  // non-empty: seeding failed, every test fails with it
    std::string database;
    whmcs::MysqlUrl admin;      // database set to `database`
    whmcs::MysqlUrl read_only;  // the SELECT-only account created by the seeder
    boost::json::object manifest;
    SimVms sim_vms;  // what the seeder says each simulator must run
    std::string cc_encryption_hash;
};

const TestbedDb& testbed();

// Connects as the admin account to the test database; fails the calling test on error.
Result<whmcs::MariadbConnection> connect_admin();

// SELECT COUNT(*)-style helper: the first column of the first row as an integer.
Result<std::int64_t> query_int(whmcs::MariadbConnection& connection, std::string_view sql);

// Base fixture: skips without a database, fails if seeding failed, else hands out an admin connection.
class SeededTestbed : public ::testing::Test {
protected:
    void SetUp() override {
        if (!testbed().available) {
            GTEST_SKIP() << testbed().skip_reason;
        }
        ASSERT_EQ(testbed().setup_error, "");
        auto connected = connect_admin();
        ASSERT_TRUE(connected) << connected.error().detail;
        connection_.emplace(std::move(*connected));
    }

    const TestbedDb& db() const { return testbed(); }
    whmcs::MariadbConnection& connection() { return *connection_; }

private:
    std::optional<whmcs::MariadbConnection> connection_;
};

}  // namespace keel::testbed::test
