// Issue #9: suspend/unsuspend are the operator's levers (403 for clients), and clients never see
// operator-internal details: the hypervisor node, raw hypervisor errors, which staff member acted.
#include <chrono>
#include <thread>

#include "api_fixture.hpp"

namespace keel::testing {
namespace {

constexpr const char* kGenericReason = "the hypervisor reported a problem; support has been notified";

class AuthorizationTest : public ApiTest {
protected:
    static std::string settled_server(const std::string& token, const std::string& hostname, const char* status) {
        auto created = client().post_json("/servers", spec(hostname), token);
        EXPECT_EQ(created.status, 202) << created.body;
        const std::string id(json(created).at("id").as_string());
        poll("/servers/" + id, token, [status](const auto& s) { return s.at("status") == status; });
        return id;
    }

    static HttpReply ask(const std::string& id, const std::string& type, const std::string& token) {
        return client().post_json("/servers/" + id + "/actions", R"({"type":")" + type + R"("})", token);
    }

    // Queues an action that must be accepted and waits for its operation to finish; returns its location.
    static std::string act(const std::string& id, const std::string& type, const std::string& token) {
        auto reply = ask(id, type, token);
        EXPECT_EQ(reply.status, 202) << type << ": " << reply.body;
        poll(reply.header("location"), token,
             [](const auto& op) { return op.at("state") == "succeeded" || op.at("state") == "dead"; });
        return reply.header("location");
    }

    static std::int64_t user_id(const std::string& token) {
        return json(client().get("/users/me", token)).at("id").as_int64();
    }

    static std::int64_t jobs_of(const std::string& id, const char* kind) {
        return std::stoll(database_->scalar("SELECT count(*) FROM jobs WHERE kind = '" + std::string(kind) +
                                            "' AND server_id = '" + id + "'"));
    }
};

TEST_F(AuthorizationTest, ClientAskingToSuspendIs403AndNothingIsQueued) {
    const auto token = login("alice@example.com");
    const auto id = settled_server(token, "authz-1.example.com", "active");
    auto reply = ask(id, "suspend", token);
    EXPECT_EQ(reply.status, 403) << reply.body;
    EXPECT_EQ(reply.header("content-type"), "application/problem+json");
    EXPECT_EQ(json(reply).at("status").as_int64(), 403);
    EXPECT_EQ(jobs_of(id, "suspend"), 0);
    EXPECT_EQ(json(client().get("/servers/" + id, token)).at("status"), "active");
}

TEST_F(AuthorizationTest, ClientAskingToUnsuspendIs403WhateverTheState) {
    const auto token = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto id = settled_server(token, "authz-2.example.com", "active");
    EXPECT_EQ(ask(id, "unsuspend", token).status, 403);  // active: an admin would get 409 here
    act(id, "suspend", admin);
    ASSERT_EQ(json(client().get("/servers/" + id, token)).at("status"), "suspended");
    auto reply = ask(id, "unsuspend", token);  // the case the provider cares about: undoing its suspension
    EXPECT_EQ(reply.status, 403) << reply.body;
    EXPECT_EQ(jobs_of(id, "unsuspend"), 0);
    EXPECT_EQ(json(client().get("/servers/" + id, token)).at("status"), "suspended");
}

TEST_F(AuthorizationTest, AdminSuspendsAndUnsuspendsAClientsServer) {
    const auto token = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto id = settled_server(token, "authz-3.example.com", "active");
    act(id, "suspend", admin);
    EXPECT_EQ(json(client().get("/servers/" + id, token)).at("status"), "suspended");
    act(id, "unsuspend", admin);
    EXPECT_EQ(json(client().get("/servers/" + id, token)).at("status"), "active");
}

TEST_F(AuthorizationTest, AnotherTenantsServerStays404NotForbidden) {
    const auto id = settled_server(login("alice@example.com"), "authz-4.example.com", "active");
    EXPECT_EQ(ask(id, "suspend", login("bob@example.com")).status, 404);
}

TEST_F(AuthorizationTest, ClientSeesNoNodeAdminDoes) {
    const auto token = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto id = settled_server(token, "authz-5.example.com", "active");
    const auto own = json(client().get("/servers/" + id, token)).as_object();
    EXPECT_FALSE(own.contains("node"));
    EXPECT_FALSE(own.contains("admin_attributes"));
    const auto full = json(client().get("/servers/" + id, admin)).as_object();
    EXPECT_FALSE(full.at("node").as_string().empty());
    EXPECT_TRUE(full.at("admin_attributes").is_object());

    const auto own_list = json(client().get("/servers?limit=100", token));
    for (const auto& item : own_list.at("items").as_array()) {
        EXPECT_FALSE(item.as_object().contains("node"));
        EXPECT_FALSE(item.as_object().contains("admin_attributes"));
    }
    bool listed = false;
    const auto full_list = json(client().get("/servers?limit=100", admin));
    for (const auto& item : full_list.at("items").as_array()) {
        if (item.at("id") == id.c_str()) {
            listed = true;
            EXPECT_FALSE(item.at("node").as_string().empty());
        }
    }
    EXPECT_TRUE(listed);
}

TEST_F(AuthorizationTest, ClientReadsHypervisorErrorsAsAGenericReason) {
    const auto token = login("alice@example.com");
    const auto admin = login("admin@example.com");
    // The mock fails this hostname's clone with the text a real node gives.
    const auto id = settled_server(token, "mock-fail-clone.authz.example.com", "failed");
    EXPECT_EQ(json(client().get("/servers/" + id, token)).at("last_error"), kGenericReason);
    const auto raw = json(client().get("/servers/" + id, admin)).at("last_error");
    ASSERT_TRUE(raw.is_string());
    EXPECT_NE(raw, kGenericReason);

    const auto own_events = json(client().get("/servers/" + id + "/events", token)).at("items").as_array();
    const auto all_events = json(client().get("/servers/" + id + "/events", admin)).at("items").as_array();
    ASSERT_EQ(own_events.size(), all_events.size());
    ASSERT_EQ(own_events.back().at("to_status"), "failed");
    EXPECT_EQ(own_events.back().at("error"), kGenericReason);
    EXPECT_EQ(all_events.back().at("error"), raw);

    const std::string operation = "/operations/" + std::to_string(own_events.back().at("operation_id").as_int64());
    EXPECT_EQ(json(client().get(operation, token)).at("last_error"), kGenericReason);
    EXPECT_EQ(json(client().get(operation, admin)).at("last_error"), raw);
}

TEST_F(AuthorizationTest, StaffActAnonymouslyToTheClient) {
    const auto token = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto alice_id = user_id(token);
    const auto admin_id = user_id(admin);
    const auto id = settled_server(token, "authz-6.example.com", "active");

    const auto reboot = act(id, "reboot", token);
    const auto own_reboot = json(client().get(reboot, token));
    EXPECT_EQ(own_reboot.at("actor").at("type"), "user");
    EXPECT_EQ(own_reboot.at("actor").at("id").as_int64(), alice_id);
    EXPECT_EQ(own_reboot.at("requested_by").as_int64(), alice_id);

    const auto suspend = act(id, "suspend", admin);
    const auto staff_op = json(client().get(suspend, token)).as_object();
    EXPECT_EQ(staff_op.at("actor"), (boost::json::object{{"type", "staff"}}));
    EXPECT_TRUE(staff_op.at("requested_by").is_null());
    const auto admin_op = json(client().get(suspend, admin));
    EXPECT_EQ(admin_op.at("actor").at("id").as_int64(), admin_id);
    EXPECT_EQ(admin_op.at("requested_by").as_int64(), admin_id);

    // Terminating moves the server at once, so its event names whoever asked: here the admin.
    auto deleted = client().request("DELETE", "/servers/" + id, "", {{"Authorization", "Bearer " + admin}});
    ASSERT_EQ(deleted.status, 202) << deleted.body;
    poll("/servers/" + id, token, [](const auto& s) { return s.at("status") == "terminated"; });
    const auto own_events = json(client().get("/servers/" + id + "/events", token)).at("items").as_array();
    const auto all_events = json(client().get("/servers/" + id + "/events", admin)).at("items").as_array();
    ASSERT_EQ(own_events.size(), all_events.size());
    int staff = 0;
    for (std::size_t i = 0; i < own_events.size(); ++i) {
        SCOPED_TRACE(boost::json::serialize(all_events[i]));
        const auto& shown = own_events[i].at("actor").as_object();
        const auto& actor = all_events[i].at("actor").as_object();
        if (actor.at("type") == "user" && actor.at("id").as_int64() == admin_id) {
            ++staff;
            EXPECT_EQ(shown, (boost::json::object{{"type", "staff"}}));
        } else {
            EXPECT_EQ(shown, actor);  // the client itself and the system look the same to both
        }
    }
    EXPECT_EQ(staff, 1);
    EXPECT_EQ(boost::json::serialize(json(client().get("/servers/" + id + "/events", token)))
                  .find("\"id\":" + std::to_string(admin_id) + "}"),
              std::string::npos);
}

}  // namespace
}  // namespace keel::testing
