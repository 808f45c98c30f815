#include <signal.h>

#include <chrono>
#include <thread>

#include "migrate_fixture.hpp"

namespace keel::testing {
namespace {

// whmcs-migrate's exit code when it finished but quarantined rows (the testbed has dirty rows on purpose).
constexpr int kExitQuarantined = 3;

std::string lower_email(std::string email) {
    for (auto& c : email) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return email;
}

TEST_F(MigrateTest, NamedServicesArriveWithExactlyTheExpectedValues) {
    TestDatabase keel;
    ASSERT_EQ(run_migrate(keel).exit_code, kExitQuarantined);
    for (const auto& entry : manifest().at("named_services").as_array()) {
        const auto& service = entry.as_object();
        const auto& expected = service.at("expected").as_object();
        const auto id = std::to_string(service.at("whmcs_service_id").as_int64());
        SCOPED_TRACE(std::string(service.at("name").as_string()));
        const auto where = " FROM servers WHERE whmcs_service_id = " + id;
        if (!expected.at("migrate").as_bool()) {
            EXPECT_EQ(keel.scalar("SELECT count(*)" + where), "0");
            continue;
        }
        auto text_of = [&](const char* key) -> std::string {
            const auto& value = expected.at(key);
            if (value.is_null()) {
                return {};
            }
            return value.is_string() ? std::string(value.as_string()) : std::to_string(value.as_int64());
        };
        EXPECT_EQ(keel.scalar("SELECT ram_mb" + where), text_of("ram_mb"));
        EXPECT_EQ(keel.scalar("SELECT cpu_cores" + where), text_of("cpu_cores"));
        EXPECT_EQ(keel.scalar("SELECT disk_gb" + where), text_of("disk_gb"));
        EXPECT_EQ(keel.scalar("SELECT os_image" + where), text_of("os_image"));
        EXPECT_EQ(keel.scalar("SELECT datacenter" + where), text_of("location"));
        EXPECT_EQ(keel.scalar("SELECT backups" + where), expected.at("backups").as_bool() ? "t" : "f");
        EXPECT_EQ(keel.scalar("SELECT extra_ipv4" + where), text_of("extra_ipv4"));
        std::string status(service.at("status").as_string());
        status[0] = static_cast<char>(std::tolower(status[0]));
        EXPECT_EQ(keel.scalar("SELECT status" + where), status);
        const auto& owner = service.at("owner_email");
        if (owner.is_string()) {
            EXPECT_EQ(lower_email(keel.scalar("SELECT u.email FROM servers s JOIN users u ON u.id = s.owner_id "
                                              "WHERE s.whmcs_service_id = " +
                                              id)),
                      lower_email(std::string(owner.as_string())));
        }
        for (const auto& [name, value] : expected.at("unmapped_options").as_object()) {
            const auto stored = keel.scalar("SELECT attributes->'options'->>'" + std::string(name) + "'" + where);
            EXPECT_EQ(stored, std::string(value.as_string()));
        }
    }
}

TEST_F(MigrateTest, EverySourceRowIsAccountedFor) {
    TestDatabase keel;
    auto run = run_migrate(keel);
    ASSERT_EQ(run.exit_code, kExitQuarantined);
    for (const char* entity : {"users", "servers"}) {
        SCOPED_TRACE(entity);
        const auto& counts = run.report.at(entity).as_object();
        EXPECT_TRUE(counts.at("reconciled").as_bool());
        EXPECT_EQ(counts.at("source").as_int64(), counts.at("inserted").as_int64() + counts.at("updated").as_int64() +
                                                      counts.at("unchanged").as_int64() +
                                                      counts.at("skipped").as_int64());
    }
    const auto& plan = manifest().at("migration").as_object();
    EXPECT_EQ(count_of(run.report, "servers", "inserted"), plan.at("migrate").as_int64());
    EXPECT_EQ(count_of(run.report, "servers", "source"), manifest().at("tables").at("tblhosting").as_int64());
    const auto& by_reason = run.report.at("servers").at("skipped_by_reason").as_object();
    for (const auto& [reason, n] : plan.at("skip").as_object()) {
        SCOPED_TRACE(std::string(reason));
        ASSERT_TRUE(by_reason.contains(reason));
        EXPECT_EQ(by_reason.at(reason).as_int64(), n.as_int64());
    }
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM servers"), std::to_string(plan.at("migrate").as_int64()));
    EXPECT_FALSE(run.report.at("quarantined").as_array().empty());
}

TEST_F(MigrateTest, SecondRunChangesNothing) {
    TestDatabase keel;
    ASSERT_EQ(run_migrate(keel).exit_code, kExitQuarantined);
    const auto before = keel.scalar("SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM servers s");
    auto again = run_migrate(keel);
    ASSERT_EQ(again.exit_code, kExitQuarantined);
    for (const char* entity : {"users", "servers"}) {
        SCOPED_TRACE(entity);
        EXPECT_EQ(count_of(again.report, entity, "inserted"), 0);
        EXPECT_EQ(count_of(again.report, entity, "updated"), 0);
        EXPECT_GT(count_of(again.report, entity, "unchanged"), 0);
    }
    EXPECT_EQ(keel.scalar("SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM servers s"), before);
}

TEST_F(MigrateTest, DryRunWritesNothing) {
    TestDatabase keel;
    auto run = run_migrate(keel, {"--dry-run"});
    ASSERT_EQ(run.exit_code, kExitQuarantined);
    EXPECT_TRUE(run.report.at("dry_run").as_bool());
    EXPECT_EQ(count_of(run.report, "servers", "inserted"), manifest().at("migration").at("migrate").as_int64());
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM servers"), "0");
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM users"), "0");
}

TEST_F(MigrateTest, RunKilledMidwayThenRerunEndsLikeACleanRun) {
    TestDatabase interrupted;
    {
        ApiProcess run(interrupted.url(),
                       {"--source", mysql_url(db().read_only), "--target", interrupted.url(), "--batch-size", "3"}, {},
                       "whmcs-migrate");
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
        run.signal(SIGKILL);
        run.wait();
    }
    ASSERT_EQ(run_migrate(interrupted).exit_code, kExitQuarantined);
    TestDatabase clean;
    ASSERT_EQ(run_migrate(clean).exit_code, kExitQuarantined);
    const std::string digest =
        "SELECT md5(string_agg(whmcs_service_id || ':' || whmcs_fingerprint, ',' ORDER BY whmcs_service_id)) "
        "FROM servers";
    EXPECT_EQ(interrupted.scalar(digest), clean.scalar(digest));
    EXPECT_EQ(interrupted.scalar("SELECT count(*) FROM users"), clean.scalar("SELECT count(*) FROM users"));
}

TEST_F(MigrateTest, MigratedUserLogsInWithTheirWhmcsPassword) {
    TestDatabase keel;
    ASSERT_EQ(run_migrate(keel).exit_code, kExitQuarantined);
    ApiProcess api(keel.url());
    auto login = [&](const std::string& email, const std::string& password) {
        return api.client()
            .post_json("/login", R"({"email":")" + email + R"(","password":")" + password + R"("})")
            .status;
    };
    EXPECT_EQ(keel.scalar("SELECT left(password_hash, 4) FROM users WHERE email = 'alice@example.com'"), "$2y$");
    EXPECT_EQ(login("alice@example.com", "alice-testbed-1"), 200);
    EXPECT_EQ(keel.scalar("SELECT left(password_hash, 10) FROM users WHERE email = 'alice@example.com'"), "$argon2id$");
    EXPECT_EQ(login("alice@example.com", "alice-testbed-1"), 200);  // now through argon2id
    EXPECT_EQ(login("alice@example.com", "wrong-password"), 401);
    // A legacy md5 hash cannot be verified: that user must reset.
    EXPECT_EQ(keel.scalar("SELECT must_reset_password FROM users WHERE email = 'jose.muller@example.com'"), "t");
    EXPECT_EQ(login("jose.muller@example.com", "jose-legacy-4"), 401);
}

TEST_F(MigrateTest, MigratedServerIsNotTerminatedWithoutItsVm) {
    TestDatabase keel;
    ASSERT_EQ(run_migrate(keel).exit_code, kExitQuarantined);
    ApiProcess api(keel.url());
    auto login = api.client().post_json("/login", R"({"email":"alice@example.com","password":"alice-testbed-1"})");
    ASSERT_EQ(login.status, 200);
    const std::string token(boost::json::parse(login.body).at("access_token").as_string());
    const auto id = keel.scalar("SELECT id FROM servers WHERE whmcs_service_id = 1");
    auto deleted = api.client().request("DELETE", "/servers/" + id, "", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(deleted.status, 202) << deleted.body;
    std::string state;
    for (int i = 0; i < 200 && state != "dead" && state != "succeeded"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        auto operation = api.client().get(deleted.header("location"), token);
        state = std::string(boost::json::parse(operation.body).at("state").as_string());
    }
    EXPECT_EQ(state, "dead");  // Keel does not know the VM yet: it must not pretend it is gone
    EXPECT_NE(keel.scalar("SELECT status FROM servers WHERE whmcs_service_id = 1"), "terminated");
}

// Last: it changes the shared testbed.
TEST_F(MigrateTest, ZChangedSourceRowIsUpdated) {
    TestDatabase keel;
    ASSERT_EQ(run_migrate(keel).exit_code, kExitQuarantined);
    ASSERT_TRUE(connection().execute("UPDATE tblhosting SET domain = 'renamed.example.com' WHERE id = 1").has_value());
    auto run = run_migrate(keel);
    ASSERT_EQ(run.exit_code, kExitQuarantined);
    EXPECT_EQ(count_of(run.report, "servers", "updated"), 1);
    EXPECT_EQ(count_of(run.report, "servers", "inserted"), 0);
    EXPECT_EQ(keel.scalar("SELECT hostname FROM servers WHERE whmcs_service_id = 1"), "renamed.example.com");
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM servers WHERE whmcs_service_id = 1"), "1");
}

}  // namespace
}  // namespace keel::testing
