// Issue #11: POST /servers/{id}/credentials:reveal — a server's stored credentials (sealed at rest), once for
// the owner, any time for admins, every reveal audited in the server's events, never in a list or a get.
#include <future>

#include "api_fixture.hpp"
#include "auth/secret_box.hpp"

namespace keel::testing {
namespace {

constexpr const char* kRootPassword = "Wh-mcs'Root\"Pass 42";
constexpr const char* kPanelPassword = "panel-secret-0815";

class CredentialsTest : public ApiTest {
protected:
    static std::string active_server(const std::string& token, const std::string& hostname) {
        auto created = client().post_json("/servers", spec(hostname), token);
        EXPECT_EQ(created.status, 202) << created.body;
        const std::string id(json(created).at("id").as_string());
        poll("/servers/" + id, token, [](const auto& s) { return s.at("status") == "active"; });
        return id;
    }

    static std::string sql_text(const std::string& text) {
        std::string quoted = "'";
        for (char c : text) {
            quoted += c == '\'' ? std::string("''") : std::string(1, c);
        }
        return quoted + "'";
    }

    // What whmcs-migrate stores: the secret sealed under the API's key.
    static void store_credential(const std::string& server_id, const std::string& name, const std::string& value) {
        auto keys = auth::SecretKeyRing::from_hex(kTestSecretKey);
        ASSERT_TRUE(keys.has_value());
        const auto sealed = keys->seal(value).stored_text();
        database_->execute("INSERT INTO server_credentials (server_id, name, secret, secret_key_id) VALUES (" +
                           sql_text(server_id) + ", " + sql_text(name) + ", " + sql_text(sealed) + ", " +
                           sql_text(sealed.substr(0, 8)) + ")");
    }

    static std::string server_with_root_password(const std::string& token, const std::string& hostname) {
        const auto id = active_server(token, hostname);
        store_credential(id, "root_password", kRootPassword);
        return id;
    }

    static HttpReply reveal(const std::string& server_id, const std::string& token,
                            std::map<std::string, std::string> headers = {},
                            const std::string& path_suffix = "/credentials:reveal") {
        headers.emplace("Authorization", "Bearer " + token);
        return client().request("POST", "/servers/" + server_id + path_suffix, "", headers);
    }

    static std::map<std::string, std::string> values_of(const HttpReply& reply) {
        std::map<std::string, std::string> values;
        const auto reply_body = json(reply);
        for (const auto& credential : reply_body.at("credentials").as_array()) {
            values.emplace(std::string(credential.at("name").as_string()),
                           std::string(credential.at("value").as_string()));
        }
        return values;
    }

    static std::vector<boost::json::object> reveal_events(const std::string& server_id, const std::string& token) {
        auto reply = client().get("/servers/" + server_id + "/events", token);
        EXPECT_EQ(reply.status, 200) << reply.body;
        std::vector<boost::json::object> reveals;
        const auto reply_body = json(reply);
        for (const auto& event : reply_body.at("items").as_array()) {
            EXPECT_TRUE(event.as_object().contains("kind")) << boost::json::serialize(event);
            if (event.at("kind") == "credentials_revealed") {
                reveals.push_back(event.as_object());
            }
        }
        return reveals;
    }

    static std::string problem_type(const HttpReply& reply) { return std::string(json(reply).at("type").as_string()); }
};

TEST_F(CredentialsTest, OwnerRevealsOnceThenIsToldToChangeThePassword) {
    const auto alice = login("alice@example.com");
    const auto id = server_with_root_password(alice, "cred-1.example.com");
    store_credential(id, "panel_password", kPanelPassword);

    auto first = reveal(id, alice);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.header("cache-control"), "no-store");
    EXPECT_EQ(first.header("content-type"), "application/json");
    EXPECT_EQ(values_of(first), (std::map<std::string, std::string>{{"panel_password", kPanelPassword},
                                                                    {"root_password", kRootPassword}}));
    const std::string revealed_at(json(first).at("revealed_at").as_string());
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_credentials WHERE server_id = '" + id +
                                "' AND revealed_at IS NOT NULL"),
              "2");

    auto second = reveal(id, alice);
    ASSERT_EQ(second.status, 410) << second.body;
    EXPECT_EQ(second.header("content-type"), "application/problem+json");
    EXPECT_EQ(problem_type(second), "urn:keel:problem:credentials-already-revealed");
    const std::string detail(json(second).at("detail").as_string());
    EXPECT_NE(detail.find(revealed_at), std::string::npos) << detail;
    EXPECT_NE(detail.find("change the password"), std::string::npos) << detail;
    EXPECT_EQ(second.body.find(kRootPassword), std::string::npos);

    // One audited reveal: the refused one records nothing. The owner sees itself as the actor.
    const auto events = reveal_events(id, alice);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("actor").at("type"), "user");
    EXPECT_EQ(events[0].at("from_status"), "active");
    EXPECT_EQ(events[0].at("to_status"), "active");
    EXPECT_EQ(events[0].at("at").as_string(), revealed_at);
}

// Concurrent owner reveals: the credentials are locked for the reveal, so exactly one of them shows them.
TEST_F(CredentialsTest, ConcurrentOwnerRevealsShowThemOnce) {
    const auto alice = login("alice@example.com");
    const auto id = server_with_root_password(alice, "cred-10.example.com");
    std::vector<std::future<int>> replies;
    for (int i = 0; i < 6; ++i) {
        replies.push_back(std::async(std::launch::async, [&id, &alice] { return reveal(id, alice).status; }));
    }
    std::map<int, int> by_status;
    for (auto& reply : replies) {
        ++by_status[reply.get()];
    }
    EXPECT_EQ(by_status, (std::map<int, int>{{200, 1}, {410, 5}}));
    EXPECT_EQ(reveal_events(id, alice).size(), 1u);
}

TEST_F(CredentialsTest, AnotherClientGets404AndRevealsNothing) {
    const auto alice = login("alice@example.com");
    const auto bob = login("bob@example.com");
    const auto id = server_with_root_password(alice, "cred-2.example.com");

    auto reply = reveal(id, bob);
    EXPECT_EQ(reply.status, 404) << reply.body;
    EXPECT_EQ(problem_type(reply), "urn:keel:problem:not-found");
    EXPECT_EQ(reply.body.find(kRootPassword), std::string::npos);
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_events WHERE kind = 'credentials_revealed' AND "
                                "server_id = '" +
                                id + "'"),
              "0");
    // Alice's one reveal is still hers.
    EXPECT_EQ(reveal(id, alice).status, 200);
}

TEST_F(CredentialsTest, AdminsRevealAnyTimeAndEveryRevealIsAudited) {
    const auto alice = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto id = server_with_root_password(alice, "cred-3.example.com");

    auto by_admin = reveal(id, admin);
    ASSERT_EQ(by_admin.status, 200) << by_admin.body;
    EXPECT_EQ(values_of(by_admin).at("root_password"), kRootPassword);
    // An admin's reveal does not use up the owner's.
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_credentials WHERE server_id = '" + id +
                                "' AND revealed_at IS NULL"),
              "1");
    ASSERT_EQ(reveal(id, alice).status, 200);
    ASSERT_EQ(reveal(id, alice).status, 410);
    auto again = reveal(id, admin);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(values_of(again).at("root_password"), kRootPassword);

    // The client sees three reveals: two by staff (unnamed), one by itself; the admin sees who.
    const auto seen_by_client = reveal_events(id, alice);
    ASSERT_EQ(seen_by_client.size(), 3u);
    EXPECT_EQ(seen_by_client[0].at("actor"), (boost::json::object{{"type", "staff"}}));
    EXPECT_EQ(seen_by_client[1].at("actor").at("type"), "user");
    EXPECT_EQ(seen_by_client[2].at("actor"), (boost::json::object{{"type", "staff"}}));
    const auto seen_by_admin = reveal_events(id, admin);
    ASSERT_EQ(seen_by_admin.size(), 3u);
    EXPECT_EQ(seen_by_admin[0].at("actor").at("type"), "user");
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_events WHERE kind = 'credentials_revealed' AND "
                                "actor_id IS NULL"),
              "0");
    // Status changes say so too.
    auto all = client().get("/servers/" + id + "/events", alice);
    const auto all_body = json(all);
    for (const auto& event : all_body.at("items").as_array()) {
        EXPECT_TRUE(event.at("kind") == "status" || event.at("kind") == "credentials_revealed");
    }
}

TEST_F(CredentialsTest, NoCredentialsIs404SayingSo) {
    const auto alice = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto id = active_server(alice, "cred-4.example.com");
    for (const auto& token : {alice, admin}) {
        auto reply = reveal(id, token);
        EXPECT_EQ(reply.status, 404) << reply.body;
        EXPECT_EQ(problem_type(reply), "urn:keel:problem:no-credentials");
    }
    EXPECT_EQ(reveal("not-a-uuid", alice).status, 404);
    EXPECT_EQ(reveal("00000000-0000-4000-8000-000000000000", admin).status, 404);
    EXPECT_EQ(reveal_events(id, alice).size(), 0u);
    // Only POST: a GET of the same path is 405.
    EXPECT_EQ(client().get("/servers/" + id + "/credentials:reveal", alice).status, 405);
    EXPECT_EQ(client().request("POST", "/servers/" + id + "/credentials:reveal").status, 401);
}

TEST_F(CredentialsTest, PercentEncodedColonIsTheSameRoute) {
    const auto alice = login("alice@example.com");
    const auto id = server_with_root_password(alice, "cred-5.example.com");
    auto reply = reveal(id, alice, {}, "/credentials%3Areveal");
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(values_of(reply).at("root_password"), kRootPassword);
}

// An Idempotency-Key would store the answer for replay: a reveal's is never stored (it holds the password).
TEST_F(CredentialsTest, IdempotencyKeyNeverStoresTheSecret) {
    const auto admin = login("admin@example.com");
    const auto alice = login("alice@example.com");
    const auto id = server_with_root_password(alice, "cred-6.example.com");
    for (int i = 0; i < 2; ++i) {
        auto reply = reveal(id, admin, {{"Idempotency-Key", "reveal-1"}});
        ASSERT_EQ(reply.status, 200) << reply.body;
        EXPECT_TRUE(reply.header("idempotent-replayed").empty());
    }
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM idempotency_keys WHERE key = 'reveal-1'"), "0");
    EXPECT_EQ(reveal_events(id, admin).size(), 2u);
}

TEST_F(CredentialsTest, ServersAndListsNeverCarryCredentials) {
    const auto alice = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto id = server_with_root_password(alice, "cred-7.example.com");
    for (const auto& token : {alice, admin}) {
        for (const auto& path : {"/servers/" + id, std::string("/servers"), "/servers/" + id + "/events"}) {
            auto reply = client().get(path, token);
            ASSERT_EQ(reply.status, 200) << path;
            EXPECT_EQ(reply.body.find(kRootPassword), std::string::npos) << path;
            EXPECT_EQ(reply.body.find("root_password"), std::string::npos) << path;
            EXPECT_EQ(reply.body.find("credentials\""), std::string::npos) << path;
        }
    }
}

// The table holds sealed text only, under the API's key; a dump of the database holds no password.
TEST_F(CredentialsTest, StoredSealedAndAbsentFromADump) {
    const auto alice = login("alice@example.com");
    const auto id = server_with_root_password(alice, "cred-8.example.com");
    ASSERT_EQ(reveal(id, alice).status, 200);
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_credentials WHERE secret !~ '^[0-9a-f]{8}:'"), "0");
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_credentials WHERE position('Pass 42' IN secret) > 0"),
              "0");

    const auto dump = database_->dump();
    EXPECT_NE(dump.find("root_password"), std::string::npos);  // the dump did include the table
    EXPECT_EQ(dump.find("Pass 42"), std::string::npos);
    EXPECT_EQ(dump.find(kPanelPassword), std::string::npos);
}

// `keel-api secrets rotate` re-seals server credentials with the cluster secrets; one it cannot open is refused
// by a reveal without marking or auditing anything.
TEST_F(CredentialsTest, RotationResealsCredentialsUnderTheNewKey) {
    constexpr const char* kOtherKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    const auto alice = login("alice@example.com");
    const auto id = server_with_root_password(alice, "cred-9.example.com");
    const auto test_key_id =
        database_->scalar("SELECT secret_key_id FROM server_credentials WHERE server_id = '" + id + "'");
    const auto rotate = [](const std::string& key, const std::string& previous) {
        return run_program("keel-api", {"secrets", "rotate"},
                           {{"DATABASE_URL", database_->url()},
                            {"KEEL_SECRET_KEY", key},
                            {"KEEL_SECRET_KEY_FILE", ""},
                            {"KEEL_SECRET_PREVIOUS_KEYS", previous},
                            {"KEEL_SECRET_PREVIOUS_KEYS_FILE", ""}});
    };
    ASSERT_EQ(rotate(kOtherKey, kTestSecretKey), 0);
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_credentials WHERE secret_key_id = '" + test_key_id + "'"),
              "0");
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM clusters WHERE secret_key_id = '" + test_key_id + "'"), "0");

    // The API still holds only the old key: the reveal fails whole.
    EXPECT_EQ(reveal(id, alice).status, 500);
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_credentials WHERE server_id = '" + id +
                                "' AND revealed_at IS NOT NULL"),
              "0");
    EXPECT_EQ(reveal_events(id, alice).size(), 0u);

    ASSERT_EQ(rotate(kTestSecretKey, kOtherKey), 0);
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM server_credentials WHERE secret_key_id <> '" + test_key_id + "'"),
              "0");
    auto revealed = reveal(id, alice);
    ASSERT_EQ(revealed.status, 200) << revealed.body;
    EXPECT_EQ(values_of(revealed).at("root_password"), kRootPassword);
}

}  // namespace
}  // namespace keel::testing
