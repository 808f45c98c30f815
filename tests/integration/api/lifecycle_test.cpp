#include <chrono>
#include <thread>

#include "api_fixture.hpp"

namespace keel::testing {
namespace {

class LifecycleTest : public ApiTest {
protected:
    static std::string active_server(const std::string& token, const std::string& hostname) {
        auto created = client().post_json("/servers", spec(hostname), token);
        EXPECT_EQ(created.status, 202);
        const std::string id(json(created).at("id").as_string());
        poll("/servers/" + id, token, [](const auto& s) { return s.at("status") == "active"; });
        return id;
    }

    // Queues an action and waits for its operation to finish; returns the operation.
    static boost::json::object act(const std::string& id, const std::string& type, const std::string& token) {
        auto reply = client().post_json("/servers/" + id + "/actions", R"({"type":")" + type + R"("})", token);
        EXPECT_EQ(reply.status, 202) << type << ": " << reply.body;
        EXPECT_FALSE(reply.header("location").empty());
        return poll(reply.header("location"), token,
                    [](const auto& op) { return op.at("state") == "succeeded" || op.at("state") == "dead"; });
    }

    static std::string field(const std::string& id, const char* name, const std::string& token) {
        return std::string(json(client().get("/servers/" + id, token)).at(name).as_string());
    }
};

TEST_F(LifecycleTest, EveryActionMovesTheServer) {
    const auto token = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto id = active_server(token, "life-1.example.com");
    EXPECT_EQ(field(id, "power_state", token), "running");

    EXPECT_EQ(act(id, "stop", token).at("state"), "succeeded");
    EXPECT_EQ(field(id, "power_state", token), "stopped");
    EXPECT_EQ(act(id, "start", token).at("state"), "succeeded");
    EXPECT_EQ(field(id, "power_state", token), "running");
    EXPECT_EQ(act(id, "reboot", token).at("state"), "succeeded");
    // Suspending is the operator's lever (issue #9): the admin pulls it, the client sees the result.
    EXPECT_EQ(act(id, "suspend", admin).at("state"), "succeeded");
    EXPECT_EQ(field(id, "status", token), "suspended");
    EXPECT_EQ(act(id, "unsuspend", admin).at("state"), "succeeded");
    EXPECT_EQ(field(id, "status", token), "active");

    auto deleted = client().request("DELETE", "/servers/" + id, "", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(deleted.status, 202) << deleted.body;
    poll("/servers/" + id, token, [](const auto& s) { return s.at("status") == "terminated"; });
}

TEST_F(LifecycleTest, ForbiddenTransitionsAre409NamingTheState) {
    const auto token = login("alice@example.com");
    const auto id = active_server(token, "life-2.example.com");
    auto unsuspend =
        client().post_json("/servers/" + id + "/actions", R"({"type":"unsuspend"})", login("admin@example.com"));
    EXPECT_EQ(unsuspend.status, 409);
    EXPECT_NE(json(unsuspend).at("detail").as_string().find("active"), std::string::npos);
    EXPECT_EQ(client().post_json("/servers/" + id + "/actions", R"({"type":"start"})", token).status, 409);
    EXPECT_EQ(client().post_json("/servers/" + id + "/actions", R"({"type":"retry"})", token).status, 409);
    EXPECT_EQ(client().post_json("/servers/" + id + "/actions", R"({"type":"explode"})", token).status, 422);

    auto deleted = client().request("DELETE", "/servers/" + id, "", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(deleted.status, 202);
    poll("/servers/" + id, token, [](const auto& s) { return s.at("status") == "terminated"; });
    for (const char* type : {"start", "reboot", "terminate", "retry"}) {
        SCOPED_TRACE(type);
        auto reply =
            client().post_json("/servers/" + id + "/actions", std::string(R"({"type":")") + type + "\"}", token);
        EXPECT_EQ(reply.status, 409);
        EXPECT_NE(json(reply).at("detail").as_string().find("terminated"), std::string::npos);
    }
    // The operator's levers: 409 for an admin, who may pull them; 403 for the client, who may not.
    EXPECT_EQ(
        client().post_json("/servers/" + id + "/actions", R"({"type":"suspend"})", login("admin@example.com")).status,
        409);
    EXPECT_EQ(client().post_json("/servers/" + id + "/actions", R"({"type":"suspend"})", token).status, 403);
}

TEST_F(LifecycleTest, RetryReprovisionsAFailedServer) {
    const auto token = login("alice@example.com");
    auto created = client().post_json("/servers", spec("mock-fail-start.example.com"), token);
    ASSERT_EQ(created.status, 202);
    const std::string id(json(created).at("id").as_string());
    poll("/servers/" + id, token, [](const auto& s) { return s.at("status") == "failed"; });
    auto operation = act(id, "retry", token);
    EXPECT_EQ(operation.at("kind"), "provision");
    // The mock fails this hostname's start every time: failed again, with the reason, and a trail of both tries.
    poll("/servers/" + id, token, [](const auto& s) { return s.at("status") == "failed"; });
    auto events = json(client().get("/servers/" + id + "/events", token)).at("items").as_array();
    int failures = 0;
    for (const auto& event : events) {
        failures += event.at("to_status") == "failed" ? 1 : 0;
    }
    EXPECT_EQ(failures, 2);
}

TEST_F(LifecycleTest, EventsRecordEveryTransitionWithItsActor) {
    const auto token = login("alice@example.com");
    const auto id = active_server(token, "life-3.example.com");
    act(id, "suspend", login("admin@example.com"));
    auto body = json(client().get("/servers/" + id + "/events", token));
    std::vector<std::string> path;
    for (const auto& event : body.at("items").as_array()) {
        path.emplace_back(event.at("to_status").as_string());
    }
    EXPECT_EQ(path, (std::vector<std::string>{"pending", "provisioning", "active", "suspended"}));
    const auto& items = body.at("items").as_array();
    EXPECT_EQ(items.front().at("actor").at("type"), "user");
    EXPECT_EQ(items[1].at("actor").at("type"), "system");
    EXPECT_FALSE(items[1].at("operation_id").is_null());
    EXPECT_EQ(client().get("/servers/" + id + "/events", login("bob@example.com")).status, 404);
}

TEST_F(LifecycleTest, OperationsAreScopedToTheirOwner) {
    const auto token = login("alice@example.com");
    const auto id = active_server(token, "life-4.example.com");
    auto reply = client().post_json("/servers/" + id + "/actions", R"({"type":"reboot"})", token);
    ASSERT_EQ(reply.status, 202);
    EXPECT_EQ(client().get(reply.header("location"), login("bob@example.com")).status, 404);
    EXPECT_EQ(client().get(reply.header("location"), login("admin@example.com")).status, 200);
    EXPECT_EQ(client().get("/operations/not-a-number", token).status, 404);
}

TEST_F(LifecycleTest, IdempotencyKeyReplaysTheFirstAnswer) {
    const auto token = login("alice@example.com");
    const std::map<std::string, std::string> headers{
        {"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}, {"Idempotency-Key", "order-77"}};
    auto first = client().request("POST", "/servers", spec("idem-1.example.com"), headers);
    auto again = client().request("POST", "/servers", spec("idem-1.example.com"), headers);
    ASSERT_EQ(first.status, 202) << first.body;
    EXPECT_EQ(again.status, 202);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(again.header("location"), first.header("location"));
    EXPECT_EQ(again.header("idempotent-replayed"), "true");
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM servers WHERE hostname = 'idem-1.example.com'"), "1");

    auto other_body = client().request("POST", "/servers", spec("idem-2.example.com"), headers);
    EXPECT_EQ(other_body.status, 422);
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM servers WHERE hostname = 'idem-2.example.com'"), "0");
}

TEST_F(LifecycleTest, IdempotencyKeysAreCheckedOnActionsToo) {
    const auto token = login("alice@example.com");
    const auto id = active_server(token, "idem-3.example.com");
    const std::map<std::string, std::string> headers{
        {"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}, {"Idempotency-Key", "reboot-1"}};
    auto first = client().request("POST", "/servers/" + id + "/actions", R"({"type":"reboot"})", headers);
    auto again = client().request("POST", "/servers/" + id + "/actions", R"({"type":"reboot"})", headers);
    ASSERT_EQ(first.status, 202);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM jobs WHERE kind = 'reboot' AND server_id = '" + id + "'"), "1");
}

}  // namespace
}  // namespace keel::testing
