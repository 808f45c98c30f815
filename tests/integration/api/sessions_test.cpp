// A disabled account or a changed role ends the account's tokens on its next request (#9).
#include <chrono>
#include <thread>

#include "api_fixture.hpp"
#include "auth/token_service.hpp"

namespace keel::testing {
namespace {

// A session cache of 0 ms: every request asks PostgreSQL, so "the very next request" is exact.
class SessionsTest : public ApiTest {
protected:
    static void SetUpTestSuite() { start_suite({{"KEEL_SESSION_CACHE_MS", "0"}}); }
    static int me(const std::string& token) { return client().get("/users/me", token).status; }
};

TEST_F(SessionsTest, DisableEndsTokensOnTheNextRequest) {
    create_user("dora@example.com", "client");
    const auto token = login("dora@example.com");
    ASSERT_EQ(me(token), 200);
    ASSERT_EQ(run_keel_api(database_->url(), {"users", "disable", "--email", "dora@example.com"}, ""), 0);
    auto reply = api_->client().get("/users/me", token);
    EXPECT_EQ(reply.status, 401);
    EXPECT_NE(reply.header("www-authenticate").find("Bearer"), std::string::npos);
    EXPECT_EQ(api_->client().get("/servers", token).status, 401);
}

TEST_F(SessionsTest, RoleChangeEndsTokensAndTheNextLoginCarriesTheNewRole) {
    create_user("ed@example.com", "admin");
    const auto admin_token = login("ed@example.com");
    ASSERT_EQ(me(admin_token), 200);
    ASSERT_EQ(
        run_keel_api(database_->url(), {"users", "set-role", "--email", "ed@example.com", "--role", "client"}, ""), 0);
    EXPECT_EQ(me(admin_token), 401);
    const auto client_token = login("ed@example.com");
    auto reply = api_->client().get("/users/me", client_token);
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(boost::json::parse(reply.body).at("role"), "client");
}

TEST_F(SessionsTest, SetRoleOfUnknownEmailFails) {
    EXPECT_EQ(
        run_keel_api(database_->url(), {"users", "set-role", "--email", "nobody@example.com", "--role", "admin"}, ""),
        1);
}

TEST_F(SessionsTest, OtherChangesKeepTheSession) {
    create_user("fay@example.com", "client");
    const auto token = login("fay@example.com");
    database_->execute("UPDATE users SET name = 'Fay' WHERE email = 'fay@example.com'");
    EXPECT_EQ(me(token), 200);
}

TEST_F(SessionsTest, TokenWithAnotherSessionVersionIsRefused) {
    create_user("gus@example.com", "client");
    ASSERT_FALSE(login("gus@example.com").empty());
    const UserId id{std::stoll(database_->scalar("SELECT id FROM users WHERE email = 'gus@example.com'"))};
    auth::TokenConfig config;
    config.signing_key = {"keel-1", kTestJwtSecret};
    auto tokens = auth::TokenService::create(config);
    ASSERT_TRUE(tokens.has_value());
    const auto now = std::chrono::system_clock::now();
    EXPECT_EQ(me(tokens->issue(id, Role::kClient, 1, now)->token), 200);
    EXPECT_EQ(me(tokens->issue(id, Role::kClient, 2, now)->token), 401);
    EXPECT_EQ(me(tokens->issue(UserId{999999}, Role::kClient, 1, now)->token), 401);  // no such account
}

// The default configuration: state cached for 2 s, so a disable lands within that.
TEST(SessionCacheDefault, DisableLandsWithinTheCacheTtl) {
    TestDatabase database;
    ApiProcess api(database.url());
    ASSERT_EQ(run_keel_api(database.url(),
                           {"users", "create", "--email", "hal@example.com", "--role", "client", "--password-stdin"},
                           std::string(kPassword) + "\n"),
              0);
    auto reply =
        api.client().post_json("/login", R"({"email":"hal@example.com","password":")" + std::string(kPassword) + "\"}");
    ASSERT_EQ(reply.status, 200);
    const std::string token(boost::json::parse(reply.body).at("access_token").as_string());
    ASSERT_EQ(api.client().get("/users/me", token).status, 200);  // now cached
    ASSERT_EQ(run_keel_api(database.url(), {"users", "disable", "--email", "hal@example.com"}, ""), 0);
    const auto disabled_at = std::chrono::steady_clock::now();
    int status = 200;
    while (status == 200 && std::chrono::steady_clock::now() - disabled_at < std::chrono::seconds(10)) {
        status = api.client().get("/users/me", token).status;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(status, 401);
    EXPECT_LT(std::chrono::steady_clock::now() - disabled_at, std::chrono::milliseconds(2500));
}

}  // namespace
}  // namespace keel::testing
