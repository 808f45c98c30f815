#pragma once
// whmcs-migrate against the freshly seeded testbed (see testbed_environment) and fresh Keel databases.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "api_process.hpp"
#include "test_database.hpp"
#include "tests/integration/testbed/testbed_environment.hpp"

namespace keel::testing {

inline std::string mysql_url(const whmcs::MysqlUrl& url) {
    return "mysql://" + url.user + ":" + url.password + "@" + url.host + ":" + std::to_string(url.port) + "/" +
           url.database;
}

struct MigrateRun {
    int exit_code = -1;
    boost::json::object report;
    unsigned report_mode = 0;  // permission bits of the report file
};

// Runs whmcs-migrate from the testbed's read-only account into `target`.
inline MigrateRun run_migrate(const TestDatabase& target, std::vector<std::string> extra = {}) {
    const std::string report_path = "/tmp/keel-migrate-report-" + target.name() + ".json";
    std::vector<std::string> args{"--source", mysql_url(keel::testbed::test::testbed().read_only),
                                  "--target", target.url(),
                                  "--report", report_path};
    args.insert(args.end(), extra.begin(), extra.end());
    MigrateRun run;
    run.exit_code = run_program("whmcs-migrate", args, {});
    struct stat info {};
    if (::stat(report_path.c_str(), &info) == 0) {
        run.report_mode = info.st_mode & 07777;
    }
    std::ifstream file(report_path);
    std::stringstream text;
    text << file.rdbuf();
    boost::system::error_code ec;
    auto parsed = boost::json::parse(text.str(), ec);
    if (!ec && parsed.is_object()) {
        run.report = parsed.as_object();
    }
    std::remove(report_path.c_str());
    return run;
}

// The (entity, whmcs_id) pairs listed under `list` ("kept_keel_change", "warnings", "quarantined").
inline std::set<std::pair<std::string, std::int64_t>> listed(const boost::json::object& report, const char* list) {
    std::set<std::pair<std::string, std::int64_t>> rows;
    for (const auto& entry : report.at(list).as_array()) {
        rows.emplace(std::string(entry.at("entity").as_string()), entry.at("whmcs_id").as_int64());
    }
    return rows;
}

inline std::int64_t count_of(const boost::json::object& report, const char* entity, const char* field) {
    return report.at(entity).at(field).as_int64();
}

class MigrateTest : public keel::testbed::test::SeededTestbed {
protected:
    const boost::json::object& manifest() const { return db().manifest; }
};

}  // namespace keel::testing
