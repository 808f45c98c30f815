#pragma once
// Issue #9's limits, each suite against its own keel-api started with small limits; one database per binary.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "api_process.hpp"
#include "clusters.hpp"
#include "test_database.hpp"

namespace keel::testing {

inline constexpr const char* kHardeningPassword = "correct horse battery";

class Hardening : public ::testing::Test {
public:  // helpers used by free coroutines too
    static TestDatabase& database() {
        static TestDatabase instance;
        static const bool registered = (register_standard_clusters(instance.url()), true);
        (void)registered;
        return instance;
    }

    static void create_user(const std::string& email, const std::string& role = "client") {
        ASSERT_EQ(
            run_keel_api(database().url(), {"users", "create", "--email", email, "--role", role, "--password-stdin"},
                         std::string(kHardeningPassword) + "\n"),
            0);
    }

    static std::unique_ptr<ApiProcess> start_api(const std::map<std::string, std::string>& env) {
        return std::make_unique<ApiProcess>(database().url(), std::vector<std::string>{"serve"}, env);
    }

    static std::string login(const HttpClient& http, const std::string& email) {
        auto reply = http.post_json(
            "/login", R"({"email":")" + email + R"(","password":")" + std::string(kHardeningPassword) + R"("})");
        EXPECT_EQ(reply.status, 200) << reply.body;
        if (reply.status != 200) {
            return {};
        }
        return std::string(boost::json::parse(reply.body).at("access_token").as_string());
    }

    // Until `count` sessions of this database wait on a lock (a request is parked inside PostgreSQL).
    static bool wait_for_lock_waiters(int count) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            if (database().scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                  "AND wait_event_type = 'Lock'") == std::to_string(count)) {
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    static std::string spec_json(const std::string& hostname) {
        return R"({"hostname":")" + hostname +
               R"(","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"debian-12","datacenter":"fra1"})";
    }

    static std::map<std::string, std::string> bearer(const std::string& token,
                                                     std::map<std::string, std::string> more = {}) {
        more["Authorization"] = "Bearer " + token;
        more["Content-Type"] = "application/json";
        return more;
    }
};

}  // namespace keel::testing
