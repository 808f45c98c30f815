// Per-client caps, Idempotency-Key release/purge/cap, and the list cursor checked before PostgreSQL sees it.
#include <chrono>
#include <thread>

#include "hardening_fixture.hpp"

namespace keel::testing {
namespace {

class ClientLimits : public Hardening {
protected:
    static void SetUpTestSuite() {
        for (const char* email : {"capped@example.com", "busy@example.com", "retrier@example.com", "purged@example.com",
                                  "keyholder@example.com", "lister@example.com"}) {
            create_user(email);
        }
        create_user("limits-admin@example.com", "admin");
        // No workers: jobs stay queued, so "operations in flight" holds still.
        api_ = start_api({{"KEEL_WORKERS", "0"},
                          {"KEEL_MAX_SERVERS_PER_CLIENT", "3"},
                          {"KEEL_MAX_QUEUED_OPERATIONS_PER_CLIENT", "1"},
                          {"KEEL_MAX_IDEMPOTENCY_KEYS_PER_USER", "3"},
                          {"KEEL_IDEMPOTENCY_PURGE_INTERVAL", "1"}});
    }
    static void TearDownTestSuite() { api_.reset(); }
    static HttpClient http() { return api_->client(); }

    static std::string create_server(const std::string& token, const std::string& hostname) {
        auto reply = http().post_json("/servers", spec_json(hostname), token);
        EXPECT_EQ(reply.status, 202) << reply.body;
        return reply.status == 202 ? std::string(boost::json::parse(reply.body).at("id").as_string()) : "";
    }
    // What a worker would have done: provisioned, nothing in flight.
    static void make_active(const std::string& server_id) {
        database().execute("UPDATE jobs SET state = 'succeeded', finished_at = now() WHERE server_id = '" + server_id +
                           "'");
        database().execute("UPDATE servers SET status = 'active', power_state = 'running' WHERE id = '" + server_id +
                           "'");
    }

    static inline std::unique_ptr<ApiProcess> api_;
};

TEST_F(ClientLimits, ServerCapIs422NamingTheLimit) {
    const auto token = login(http(), "capped@example.com");
    for (int i = 0; i < 3; ++i) {
        create_server(token, "cap-" + std::to_string(i) + ".example.com");
    }
    auto refused = http().post_json("/servers", spec_json("cap-3.example.com"), token);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("limit of 3 servers per client"), std::string::npos) << refused.body;
    EXPECT_EQ(database().scalar("SELECT count(*) FROM servers s JOIN users u ON u.id = s.owner_id "
                                "WHERE u.email = 'capped@example.com'"),
              "3");

    database().execute("UPDATE servers SET status = 'terminated' WHERE hostname = 'cap-0.example.com'");
    EXPECT_EQ(http().post_json("/servers", spec_json("cap-3.example.com"), token).status, 202);
}

TEST_F(ClientLimits, AdminsAreNotCappedByTheServerLimit) {
    const auto token = login(http(), "limits-admin@example.com");
    for (int i = 0; i < 4; ++i) {
        create_server(token, "admin-" + std::to_string(i) + ".example.com");
    }
}

TEST_F(ClientLimits, ZeroSwitchesTheServerCapOff) {
    create_user("uncapped@example.com");
    const auto uncapped = start_api({{"KEEL_WORKERS", "0"}, {"KEEL_MAX_SERVERS_PER_CLIENT", "0"}});
    const auto token = login(uncapped->client(), "uncapped@example.com");
    for (int i = 0; i < 4; ++i) {
        const auto reply = uncapped->client().post_json(
            "/servers", spec_json("uncapped-" + std::to_string(i) + ".example.com"), token);
        EXPECT_EQ(reply.status, 202) << reply.body;
    }
}

TEST_F(ClientLimits, QueuedOperationsCapIs429NamingTheLimit) {
    const auto token = login(http(), "busy@example.com");
    const auto first = create_server(token, "busy-1.example.com");
    const auto second = create_server(token, "busy-2.example.com");
    make_active(first);
    make_active(second);

    auto queued = http().post_json("/servers/" + first + "/actions", R"({"type":"reboot"})", token);
    ASSERT_EQ(queued.status, 202) << queued.body;
    auto refused = http().post_json("/servers/" + second + "/actions", R"({"type":"reboot"})", token);
    EXPECT_EQ(refused.status, 429) << refused.body;
    EXPECT_EQ(refused.header("retry-after"), "1");
    EXPECT_NE(refused.body.find("limit of 1 queued operations per client"), std::string::npos) << refused.body;
}

TEST_F(ClientLimits, FailedRequestReleasesItsIdempotencyKey) {
    const auto token = login(http(), "retrier@example.com");
    const auto server = create_server(token, "retry-1.example.com");  // pending: a reboot is refused (409)
    const auto headers = bearer(token, {{"Idempotency-Key", "reboot-once"}});
    auto refused = http().request("POST", "/servers/" + server + "/actions", R"({"type":"reboot"})", headers);
    ASSERT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(database().scalar("SELECT count(*) FROM idempotency_keys WHERE key = 'reboot-once'"), "0");

    // The same retry, once the state allows it, runs again instead of replaying the 409.
    make_active(server);
    auto accepted = http().request("POST", "/servers/" + server + "/actions", R"({"type":"reboot"})", headers);
    EXPECT_EQ(accepted.status, 202) << accepted.body;
    EXPECT_TRUE(accepted.header("idempotent-replayed").empty());
    auto replayed = http().request("POST", "/servers/" + server + "/actions", R"({"type":"reboot"})", headers);
    EXPECT_EQ(replayed.status, 202) << replayed.body;
    EXPECT_EQ(replayed.header("idempotent-replayed"), "true");
}

TEST_F(ClientLimits, KeysOlderThanADayArePurgedByTheSystem) {
    const auto token = login(http(), "purged@example.com");
    auto created = http().request("POST", "/servers", spec_json("purge-1.example.com"),
                                  bearer(token, {{"Idempotency-Key", "to-be-purged"}}));
    ASSERT_EQ(created.status, 202) << created.body;
    database().execute(
        "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' "
        "WHERE key = 'to-be-purged'");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::string left = "1";
    while (left != "0" && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        left = database().scalar("SELECT count(*) FROM idempotency_keys WHERE key = 'to-be-purged'");
    }
    EXPECT_EQ(left, "0") << "the periodic purge did not remove the expired key";
}

TEST_F(ClientLimits, IdempotencyKeysPerUserAreCapped) {
    const auto token = login(http(), "keyholder@example.com");
    for (int i = 0; i < 3; ++i) {
        auto reply = http().request("POST", "/servers", spec_json("keys-" + std::to_string(i) + ".example.com"),
                                    bearer(token, {{"Idempotency-Key", "key-" + std::to_string(i)}}));
        ASSERT_EQ(reply.status, 202) << reply.body;
    }
    auto refused = http().request("POST", "/servers", spec_json("keys-9.example.com"),
                                  bearer(token, {{"Idempotency-Key", "key-9"}}));
    EXPECT_EQ(refused.status, 429) << refused.body;
    EXPECT_NE(refused.body.find("at most 3 Idempotency-Keys per user"), std::string::npos) << refused.body;
    // Keys already held still replay.
    auto replayed = http().request("POST", "/servers", spec_json("keys-0.example.com"),
                                   bearer(token, {{"Idempotency-Key", "key-0"}}));
    EXPECT_EQ(replayed.status, 202);
    EXPECT_EQ(replayed.header("idempotent-replayed"), "true");
}

std::string hex(const std::string& text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : text) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0x0f]);
    }
    return out;
}

TEST_F(ClientLimits, ForgedCursorIs422WithoutDatabaseText) {
    const auto token = login(http(), "lister@example.com");
    for (const std::string forged : {"2026-02-30T00:00:00.000000Z|0b9a1c5e-6a57-4b0e-9a59-1c2e3d4f5a6b",
                                     "yesterday|0b9a1c5e-6a57-4b0e-9a59-1c2e3d4f5a6b",
                                     "99999-01-01T00:00:00.000000Z|0b9a1c5e-6a57-4b0e-9a59-1c2e3d4f5a6b"}) {
        SCOPED_TRACE(forged);
        auto reply = http().get("/servers?cursor=" + hex(forged), token);
        EXPECT_EQ(reply.status, 422) << reply.body;
        EXPECT_NE(reply.body.find(R"("field":"cursor")"), std::string::npos) << reply.body;
        EXPECT_EQ(reply.body.find("timestamp"), std::string::npos) << reply.body;
        EXPECT_EQ(reply.body.find("out of range"), std::string::npos) << reply.body;
    }
}

}  // namespace
}  // namespace keel::testing
