#pragma once
// One migrated database and one running keel-api (instant mock hypervisor) shared by a test suite.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "api_process.hpp"
#include "clusters.hpp"
#include "test_database.hpp"

namespace keel::testing {

inline constexpr const char* kPassword = "correct horse battery";

class ApiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        start_suite();
        create_user("admin@example.com", "admin");
        create_user("alice@example.com", "client");
        create_user("bob@example.com", "client");
    }
    static void TearDownTestSuite() {
        api_.reset();
        database_.reset();
    }

    // A fresh database and a keel-api serving it, with `environment` added to its settings.
    static void start_suite(const std::map<std::string, std::string>& environment = {}) {
        database_ = std::make_unique<TestDatabase>();
        register_standard_clusters(database_->url());  // before start: the catalogue is read once, then cached
        api_ = std::make_unique<ApiProcess>(database_->url(), std::vector<std::string>{"serve"}, environment);
    }

    static void create_user(const std::string& email, const std::string& role) {
        ASSERT_EQ(
            run_keel_api(database_->url(), {"users", "create", "--email", email, "--role", role, "--password-stdin"},
                         std::string(kPassword) + "\n"),
            0);
    }

    static HttpClient client() { return api_->client(); }

    static boost::json::value json(const HttpReply& reply) { return boost::json::parse(reply.body); }

    static std::string login(const std::string& email, const std::string& password = kPassword) {
        auto reply = client().post_json("/login", R"({"email":")" + email + R"(","password":")" + password + R"("})");
        EXPECT_EQ(reply.status, 200) << reply.body;
        if (reply.status != 200) {
            return {};
        }
        return std::string(json(reply).at("access_token").as_string());
    }

    static std::string spec(const std::string& hostname) {
        return R"({"hostname":")" + hostname +
               R"(","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"debian-12","datacenter":"fra1"})";
    }

    // Polls GET path until `done(body)`; returns the last body.
    static boost::json::object poll(const std::string& path, const std::string& token,
                                    const std::function<bool(const boost::json::object&)>& done) {
        boost::json::object body;
        for (int i = 0; i < 400; ++i) {
            auto reply = client().get(path, token);
            EXPECT_EQ(reply.status, 200) << reply.body;
            body = json(reply).as_object();
            if (done(body)) {
                return body;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        ADD_FAILURE() << path << " never settled: " << boost::json::serialize(body);
        return body;
    }

    static inline std::unique_ptr<TestDatabase> database_;
    static inline std::unique_ptr<ApiProcess> api_;
};

}  // namespace keel::testing
