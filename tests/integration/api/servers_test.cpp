#include <chrono>
#include <thread>

#include "api_fixture.hpp"

namespace keel::testing {
namespace {

using ServersTest = ApiTest;

std::string spec_json(const std::string& hostname, const std::string& os_image = "debian-12") {
    return R"({"hostname":")" + hostname + R"(","cpu_cores":2,"ram_mb":2048,"disk_gb":40,"os_image":")" + os_image +
           R"(","datacenter":"fra1"})";
}

// Polls until the server leaves pending/provisioning; returns its final JSON.
boost::json::object wait_settled(const HttpClient& http, const std::string& id, const std::string& token) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        auto reply = http.get("/servers/" + id, token);
        EXPECT_EQ(reply.status, 200) << reply.body;
        auto body = boost::json::parse(reply.body).as_object();
        const auto status = body.at("status").as_string();
        if (status != "pending" && status != "provisioning") {
            return body;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "server " << id << " did not settle";
    return {};
}

TEST_F(ServersTest, CreateAnswers202ThenServerBecomesActive) {
    const auto token = login("alice@example.com");
    auto reply = client().post_json("/servers", spec_json("web-1.example.com"), token);
    ASSERT_EQ(reply.status, 202) << reply.body;
    auto body = json(reply).as_object();
    EXPECT_EQ(body.at("status"), "pending");
    EXPECT_EQ(body.at("hostname"), "web-1.example.com");
    EXPECT_EQ(body.at("ram_mb").as_int64(), 2048);
    const std::string id(body.at("id").as_string());
    EXPECT_EQ(reply.header("location"), "/servers/" + id);

    auto settled = wait_settled(client(), id, token);
    EXPECT_EQ(settled.at("status"), "active");
    EXPECT_TRUE(settled.at("vmid").is_int64());
    EXPECT_FALSE(settled.contains("node"));  // the hypervisor node is operator-internal
    EXPECT_FALSE(json(client().get("/servers/" + id, login("admin@example.com"))).at("node").as_string().empty());
    EXPECT_TRUE(settled.at("last_error").is_null());
    EXPECT_EQ(database_->scalar("SELECT state FROM jobs WHERE server_id = '" + id + "'"), "succeeded");
}

TEST_F(ServersTest, PermanentHypervisorFailureEndsFailedWithReason) {
    const auto token = login("alice@example.com");
    // The mock fails the clone task for this hostname, with the text a real node gives.
    auto reply = client().post_json("/servers", spec_json("mock-fail-clone.example.com", "debian-12"), token);
    ASSERT_EQ(reply.status, 202) << reply.body;
    const std::string id(json(reply).at("id").as_string());
    auto settled = wait_settled(client(), id, token);
    EXPECT_EQ(settled.at("status"), "failed");
    ASSERT_TRUE(settled.at("last_error").is_string());
    EXPECT_FALSE(settled.at("last_error").as_string().empty());
    EXPECT_EQ(database_->scalar("SELECT state FROM jobs WHERE server_id = '" + id + "'"), "dead");
}

TEST_F(ServersTest, InvalidValuesAre422WithPerFieldErrors) {
    auto reply = client().post_json(
        "/servers", R"({"hostname":"bad host","cpu_cores":0,"ram_mb":"lots","disk_gb":40,"os_image":"debian-12"})",
        login("alice@example.com"));
    ASSERT_EQ(reply.status, 422) << reply.body;
    std::vector<std::string> fields;
    const auto body = json(reply);
    for (const auto& error : body.at("errors").as_array()) {
        fields.emplace_back(error.at("field").as_string());
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"ram_mb", "datacenter"}));  // shape errors first

    auto values = client().post_json(
        "/servers",
        R"({"hostname":"bad host","cpu_cores":0,"ram_mb":1024,"disk_gb":40,"os_image":"debian-12","datacenter":"fra1"})",
        login("alice@example.com"));
    ASSERT_EQ(values.status, 422);
    EXPECT_EQ(json(values).at("errors").as_array().size(), 2u);
}

TEST_F(ServersTest, UnknownFieldIsRefused) {
    auto body = spec_json("web-2.example.com");
    body.insert(1, R"("ram":4096,)");
    auto reply = client().post_json("/servers", body, login("alice@example.com"));
    ASSERT_EQ(reply.status, 422);
    EXPECT_EQ(json(reply).at("errors").as_array()[0].at("field"), "ram");
}

TEST_F(ServersTest, MalformedJsonIs400) {
    auto reply = client().post_json("/servers", "{not json", login("alice@example.com"));
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.header("content-type"), "application/problem+json");
}

TEST_F(ServersTest, ClientsSeeOnlyTheirOwnServersAdminsSeeAll) {
    const auto alice = login("alice@example.com");
    auto created = client().post_json("/servers", spec_json("alice-only.example.com"), alice);
    ASSERT_EQ(created.status, 202);
    const std::string id(json(created).at("id").as_string());

    auto as_bob = client().get("/servers/" + id, login("bob@example.com"));
    EXPECT_EQ(as_bob.status, 404);
    EXPECT_EQ(client().get("/servers/" + id, login("admin@example.com")).status, 200);
    EXPECT_EQ(client().get("/servers/00000000-0000-0000-0000-000000000000", alice).status, 404);
    EXPECT_EQ(client().get("/servers/not-a-uuid", alice).status, 404);
}

TEST_F(ServersTest, OversizedBodyIs413AndServiceSurvives) {
    const std::string huge(2 * 1024 * 1024, 'x');
    auto reply = client().post_json("/servers", huge, login("alice@example.com"));
    EXPECT_EQ(reply.status, 413);
    EXPECT_TRUE(api_->alive());
    EXPECT_EQ(client().get("/users/me", login("alice@example.com")).status, 200);
}

TEST_F(ServersTest, MalformedHttpIs400AndServiceSurvives) {
    const auto answer = client().raw("GARBAGE \x01\x02 HTTP/9.9\r\n\r\n");
    EXPECT_NE(answer.find("400"), std::string::npos) << answer;
    EXPECT_TRUE(api_->alive());
    EXPECT_EQ(client().get("/users/me", login("alice@example.com")).status, 200);
}

TEST_F(ServersTest, UnknownRouteIs404AndWrongMethodIs405) {
    const auto token = login("alice@example.com");
    EXPECT_EQ(client().get("/nothing-here", token).status, 404);
    auto reply = client().request("DELETE", "/login");
    EXPECT_EQ(reply.status, 405);
    EXPECT_EQ(reply.header("allow"), "POST");
}

TEST_F(ServersTest, RequestIdIsEchoedOrGenerated) {
    auto given = client().request("GET", "/users/me", "", {{"X-Request-Id", "trace-42"}});
    EXPECT_EQ(given.header("x-request-id"), "trace-42");
    auto generated = client().get("/users/me");
    EXPECT_FALSE(generated.header("x-request-id").empty());
    EXPECT_EQ(json(generated).at("request_id").as_string(), generated.header("x-request-id"));
}

}  // namespace
}  // namespace keel::testing
