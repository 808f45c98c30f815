#pragma once
// One migrated database and one running keel-api (instant mock hypervisor) shared by a test suite.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <string>

#include "api_process.hpp"
#include "test_database.hpp"

namespace keel::testing {

inline constexpr const char* kPassword = "correct horse battery";

class ApiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        database_ = std::make_unique<TestDatabase>();
        api_ = std::make_unique<ApiProcess>(database_->url());
        create_user("admin@example.com", "admin");
        create_user("alice@example.com", "client");
        create_user("bob@example.com", "client");
    }
    static void TearDownTestSuite() {
        api_.reset();
        database_.reset();
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

    static inline std::unique_ptr<TestDatabase> database_;
    static inline std::unique_ptr<ApiProcess> api_;
};

}  // namespace keel::testing
