#include "tests/integration/testbed/testbed_environment.hpp"

#include "testbed/seeder/seed.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace keel::testbed::test {
namespace {

TestbedDb& state() {
    static TestbedDb db;
    return db;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class TestbedEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        TestbedDb& db = state();
        const char* admin_url = std::getenv("WHMCS_ADMIN_URL");
        const char* source_dir = std::getenv("KEEL_SOURCE_DIR");
        if (admin_url == nullptr || source_dir == nullptr) {
            db.skip_reason = "WHMCS_ADMIN_URL or KEEL_SOURCE_DIR not set (eval \"$(./dev env)\"; run through ctest)";
            return;
        }
        db.available = true;
        auto url = whmcs::parse_mysql_url(admin_url);
        if (!url) {
            db.setup_error = url.error().detail;
            return;
        }
        const std::string pid = std::to_string(::getpid());
        db.database = "whmcs_test_" + pid;
        db.admin = *url;
        db.admin.database = db.database;
        db.read_only = db.admin;
        db.read_only.user = "whmcs_ro_t" + pid;
        db.read_only.password = "ro-test-" + pid + "-pw";

        boost::system::error_code ec;
        const auto parsed = boost::json::parse(read_file(std::string(source_dir) + "/testbed/manifest.json"), ec);
        if (ec || !parsed.is_object()) {
            db.setup_error = "testbed/manifest.json: " + (ec ? ec.message() : std::string("not an object"));
            return;
        }
        db.manifest = parsed.as_object();

        SeedOptions options;
        options.admin_url = *url;
        options.database = db.database;
        options.read_only = ReadOnlyAccount{db.read_only.user, db.read_only.password, url->host};
        auto seeded = seed_testbed(options, nullptr);
        if (!seeded) {
            db.setup_error = "seeding " + db.database + ": " + seeded.error().detail;
            return;
        }
        db.sim_vms = std::move(seeded->sim_vms);
        db.cc_encryption_hash = seeded->cc_encryption_hash;
    }

    void TearDown() override {
        TestbedDb& db = state();
        if (!db.available || db.database.empty()) {
            return;
        }
        whmcs::MysqlUrl server = db.admin;
        server.database.clear();
        auto connection = whmcs::MariadbConnection::connect(server);
        if (!connection) {
            return;
        }
        (void)connection->execute("DROP DATABASE IF EXISTS `" + db.database + "`");
        (void)connection->execute("DROP USER IF EXISTS " + connection->quoted(db.read_only.user) + "@" +
                                  connection->quoted(db.read_only.host));
    }
};

// GoogleTest owns registered environments and deletes them after the run.
[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new TestbedEnvironment);

}  // namespace

const TestbedDb& testbed() {
    return state();
}

Result<whmcs::MariadbConnection> connect_admin() {
    return whmcs::MariadbConnection::connect(state().admin);
}

Result<std::int64_t> query_int(whmcs::MariadbConnection& connection, std::string_view sql) {
    auto value = connection.query_value(sql);
    if (!value) {
        return std::unexpected(value.error());
    }
    if (!*value) {
        return fail(ErrorCode::kNotFound, "no value for: " + std::string(sql));
    }
    return std::stoll(**value);
}

}  // namespace keel::testbed::test
