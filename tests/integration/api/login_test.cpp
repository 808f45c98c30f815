#include <chrono>

#include "api_fixture.hpp"
#include "auth/token_service.hpp"

namespace keel::testing {
namespace {

using LoginTest = ApiTest;

TEST_F(LoginTest, IssuesBearerTokenForValidCredentials) {
    auto reply = client().post_json("/login", R"({"email":"alice@example.com","password":"correct horse battery"})");
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto body = json(reply).as_object();
    EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
    EXPECT_GT(body.at("expires_in").as_int64(), 0);
    EXPECT_FALSE(body.at("access_token").as_string().empty());
}

TEST_F(LoginTest, EmailIsCaseInsensitive) {
    EXPECT_FALSE(login("ALICE@Example.com").empty());
}

TEST_F(LoginTest, WrongPasswordAndUnknownEmailLookTheSame) {
    auto wrong = client().post_json("/login", R"({"email":"alice@example.com","password":"nope nope nope"})");
    auto unknown = client().post_json("/login", R"({"email":"nobody@example.com","password":"nope nope nope"})");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_EQ(wrong.header("content-type"), "application/problem+json");
    EXPECT_EQ(json(wrong).at("detail"), json(unknown).at("detail"));
    EXPECT_EQ(json(wrong).at("type"), json(unknown).at("type"));
}

TEST_F(LoginTest, MalformedJsonIsBadRequest) {
    auto reply = client().post_json("/login", R"({"email": "alice@example.com",)");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(json(reply).at("status").as_int64(), 400);
}

TEST_F(LoginTest, MissingFieldsAreListed) {
    auto reply = client().post_json("/login", R"({"email": 5})");
    ASSERT_EQ(reply.status, 422);
    auto errors = json(reply).at("errors").as_array();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].at("field"), "email");
    EXPECT_EQ(errors[1].at("field"), "password");
}

TEST_F(LoginTest, DisabledUserCannotLogIn) {
    create_user("carol@example.com", "client");
    ASSERT_FALSE(login("carol@example.com").empty());
    ASSERT_EQ(run_keel_api(database_->url(), {"users", "disable", "--email", "carol@example.com"}, ""), 0);
    auto reply = client().post_json("/login", R"({"email":"carol@example.com","password":"correct horse battery"})");
    EXPECT_EQ(reply.status, 401);
}

TEST_F(LoginTest, MeReturnsTheCallersProfile) {
    auto reply = client().get("/users/me", login("alice@example.com"));
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto body = json(reply).as_object();
    EXPECT_EQ(body.at("email"), "alice@example.com");
    EXPECT_EQ(body.at("role"), "client");
    EXPECT_TRUE(body.contains("id"));
    EXPECT_TRUE(body.contains("created_at"));
    EXPECT_FALSE(body.contains("password_hash"));
}

struct BadTokenCase {
    const char* name;
    std::string authorization;
};

TEST_F(LoginTest, ProtectedRoutesRejectBadTokensWith401) {
    const std::string good = login("alice@example.com");
    const std::string payload = good.substr(good.find('.') + 1, good.rfind('.') - good.find('.') - 1);
    // {"alg":"none","typ":"JWT"}
    const std::string alg_none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".";
    std::string tampered = good;
    tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
    const BadTokenCase cases[] = {
        {"missing", ""},
        {"not_bearer", "Basic YWxpY2U6cHc="},
        {"garbage", "Bearer not-a-token"},
        {"two_segments", "Bearer abc.def"},
        {"alg_none", "Bearer " + alg_none},
        {"tampered_signature", "Bearer " + tampered},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        std::map<std::string, std::string> headers;
        if (!c.authorization.empty()) {
            headers["Authorization"] = c.authorization;
        }
        auto reply = client().request("GET", "/users/me", "", headers);
        EXPECT_EQ(reply.status, 401);
        EXPECT_NE(reply.header("www-authenticate").find("Bearer"), std::string::npos);
        EXPECT_EQ(reply.header("content-type"), "application/problem+json");
    }
}

TEST_F(LoginTest, ExpiredAndForeignKeyTokensAreRejected) {
    auth::TokenConfig config;
    config.signing_key = {"keel-1", kTestJwtSecret};
    config.issuer = "keel";
    auto tokens = auth::TokenService::create(config);
    ASSERT_TRUE(tokens.has_value());
    const auto long_ago = std::chrono::system_clock::now() - std::chrono::hours(5);
    auto expired = tokens->issue(UserId{1}, Role::kAdmin, 1, long_ago);
    ASSERT_TRUE(expired.has_value());
    EXPECT_EQ(client().get("/users/me", expired->token).status, 401);

    auth::TokenConfig other = config;
    other.signing_key = {"keel-9", kTestJwtSecret};
    auto unknown_kid =
        auth::TokenService::create(other)->issue(UserId{1}, Role::kAdmin, 1, std::chrono::system_clock::now());
    ASSERT_TRUE(unknown_kid.has_value());
    EXPECT_EQ(client().get("/users/me", unknown_kid->token).status, 401);
}

}  // namespace
}  // namespace keel::testing
