// GET /admin/users (the web console's users list, issue #13): admins page through every account by id; clients are
// refused; a cursor the API did not issue is a 422 naming it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api_fixture.hpp"

namespace keel::testing {
namespace {

class AdminUsersApi : public ApiTest {};

std::vector<std::string> emails(const boost::json::value& page) {
    std::vector<std::string> out;
    for (const auto& user : page.at("items").as_array()) {
        out.emplace_back(user.at("email").as_string());
    }
    return out;
}

TEST_F(AdminUsersApi, AnAdminPagesThroughEveryAccountById) {
    const auto admin = login("admin@example.com");
    auto first = client().get("/admin/users?limit=2", admin);
    ASSERT_EQ(first.status, 200) << first.body;
    const auto page1 = json(first);
    EXPECT_EQ(emails(page1), (std::vector<std::string>{"admin@example.com", "alice@example.com"}));
    const auto& user = page1.at("items").as_array().at(0).as_object();
    EXPECT_EQ(user.at("role"), "admin");
    EXPECT_FALSE(user.contains("password_hash"));
    ASSERT_TRUE(page1.at("next_cursor").is_string());

    const std::string cursor(page1.at("next_cursor").as_string());
    auto second = client().get("/admin/users?limit=2&cursor=" + cursor, admin);
    ASSERT_EQ(second.status, 200) << second.body;
    const auto page2 = json(second);
    EXPECT_EQ(emails(page2), (std::vector<std::string>{"bob@example.com"}));
    EXPECT_TRUE(page2.at("next_cursor").is_null());

    auto all = client().get("/admin/users", admin);
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(emails(json(all)).size(), 3u);
}

TEST_F(AdminUsersApi, AClientIsRefused) {
    auto reply = client().get("/admin/users", login("alice@example.com"));
    EXPECT_EQ(reply.status, 403) << reply.body;
}

TEST_F(AdminUsersApi, ABadLimitOrCursorIsNamed) {
    const auto admin = login("admin@example.com");
    for (const std::string query : {"limit=0", "limit=101", "cursor=abc", "cursor=-3", "colour=red"}) {
        auto reply = client().get("/admin/users?" + query, admin);
        ASSERT_EQ(reply.status, 422) << query << ": " << reply.body;
        const auto field = json(reply).at("errors").as_array().at(0).at("field");
        EXPECT_EQ(std::string(field.as_string()), query.substr(0, query.find('='))) << query;
    }
}

}  // namespace
}  // namespace keel::testing
