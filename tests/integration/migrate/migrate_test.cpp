#include <signal.h>

#include <chrono>
#include <cstdio>
#include <map>
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
        // The file auditors read obeys the printed equation: skipped excludes the quarantined rows.
        EXPECT_EQ(counts.at("source").as_int64(),
                  counts.at("inserted").as_int64() + counts.at("updated").as_int64() +
                      counts.at("unchanged").as_int64() + counts.at("kept_keel_change").as_int64() +
                      counts.at("skipped").as_int64() + counts.at("quarantined").as_int64());
        std::int64_t quarantined = 0;
        for (const auto& [reason, n] : counts.at("quarantined_by_reason").as_object()) {
            quarantined += n.as_int64();
        }
        EXPECT_EQ(counts.at("quarantined").as_int64(), quarantined);
    }
    const auto& plan = manifest().at("migration").as_object();
    EXPECT_EQ(count_of(run.report, "servers", "inserted"), plan.at("migrate").as_int64());
    EXPECT_EQ(count_of(run.report, "servers", "source"), manifest().at("tables").at("tblhosting").as_int64());
    EXPECT_EQ(count_of(run.report, "users", "source"),
              manifest().at("tables").at("tblusers").as_int64() + plan.at("clients_without_login").as_int64());
    const auto& servers = run.report.at("servers").as_object();
    for (const auto& [reason, n] : plan.at("skip").as_object()) {
        SCOPED_TRACE(std::string(reason));
        const auto& skipped = servers.at("skipped_by_reason").as_object();
        const auto& quarantined = servers.at("quarantined_by_reason").as_object();
        ASSERT_TRUE(skipped.contains(reason) || quarantined.contains(reason));
        EXPECT_EQ((skipped.contains(reason) ? skipped : quarantined).at(reason).as_int64(), n.as_int64());
    }
    std::map<std::string, std::int64_t> warnings;
    for (const auto& warning : run.report.at("warnings").as_array()) {
        ++warnings[std::string(warning.at("warning").as_string())];
    }
    std::map<std::string, std::int64_t> expected_warnings;
    for (const auto& [kind, n] : plan.at("warnings").as_object()) {
        expected_warnings[std::string(kind)] = n.as_int64();
    }
    EXPECT_EQ(warnings, expected_warnings);
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM servers"), std::to_string(plan.at("migrate").as_int64()));
    EXPECT_FALSE(run.report.at("quarantined").as_array().empty());
    EXPECT_EQ(run.report_mode, 0600U);  // it lists emails
}

TEST_F(MigrateTest, ReportFileIsOwnerOnlyEvenWhenItExisted) {
    TestDatabase keel;
    const std::string path = "/tmp/keel-migrate-mode-" + keel.name() + ".json";
    std::ofstream(path) << "old";
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
    ASSERT_EQ(run_program("whmcs-migrate",
                          {"--source", mysql_url(db().read_only), "--target", keel.url(), "--report", path}, {}),
              kExitQuarantined);
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0600U);
    EXPECT_GT(info.st_size, 3);
    std::remove(path.c_str());
}

TEST_F(MigrateTest, ActiveClientWithoutLoginGetsAnAccountThatMustReset) {
    TestDatabase keel;
    auto run = run_migrate(keel);
    ASSERT_EQ(run.exit_code, kExitQuarantined);
    const std::string where = " FROM users WHERE whmcs_client_id = 14";
    EXPECT_EQ(keel.scalar("SELECT email" + where), "olga.nologin@example.com");  // the client's own email
    EXPECT_EQ(keel.scalar("SELECT must_reset_password" + where), "t");
    EXPECT_EQ(keel.scalar("SELECT coalesce(password_hash, 'none')" + where), "none");  // never a guessed password
    EXPECT_EQ(keel.scalar("SELECT coalesce(whmcs_user_id::text, 'none')" + where), "none");
    EXPECT_EQ(keel.scalar("SELECT u.whmcs_client_id FROM servers s JOIN users u ON u.id = s.owner_id "
                          "WHERE s.whmcs_service_id = 26"),
              "14");
    EXPECT_EQ(keel.scalar("SELECT status FROM servers WHERE whmcs_service_id = 26"), "active");
    ApiProcess api(keel.url());
    auto login = api.client().post_json("/login", R"({"email":"olga.nologin@example.com","password":""})");
    EXPECT_EQ(login.status, 401);
}

// The one thing Keel cannot do for such a client: take an email another account already holds.
TEST_F(MigrateTest, ClientAccountWhoseEmailIsTakenIsQuarantinedWithItsServers) {
    TestDatabase keel;
    keel.execute("INSERT INTO users (email, name, role) VALUES ('Olga.Nologin@example.com', 'Keel Olga', 'client')");
    auto run = run_migrate(keel);
    ASSERT_EQ(run.exit_code, kExitQuarantined);
    const auto quarantined = listed(run.report, "quarantined");
    EXPECT_TRUE(quarantined.contains({"client", 14}));
    EXPECT_TRUE(quarantined.contains({"server", 26}));
    EXPECT_EQ(run.report.at("users").at("quarantined_by_reason").at("email_taken").as_int64(), 1);
    EXPECT_EQ(run.report.at("servers").at("quarantined_by_reason").at("owner_not_migrated").as_int64(), 1);
    EXPECT_TRUE(run.report.at("users").at("reconciled").as_bool());
    EXPECT_EQ(keel.scalar("SELECT name FROM users WHERE lower(email) = 'olga.nologin@example.com'"), "Keel Olga");
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM servers WHERE whmcs_service_id = 26"), "0");
}

TEST_F(MigrateTest, DeletedSubOptionMigratesWithThatSpecEmptyAndAWarning) {
    TestDatabase keel;
    auto run = run_migrate(keel);
    ASSERT_EQ(run.exit_code, kExitQuarantined);
    const std::string where = " FROM servers WHERE whmcs_service_id = 10";
    EXPECT_EQ(keel.scalar("SELECT coalesce(ram_mb::text, 'null')" + where), "null");
    EXPECT_EQ(keel.scalar("SELECT cpu_cores" + where), "2");
    EXPECT_EQ(keel.scalar("SELECT disk_gb" + where), "50");
    bool warned = false;
    for (const auto& warning : run.report.at("warnings").as_array()) {
        if (warning.at("whmcs_id").as_int64() == 10) {
            warned = true;
            EXPECT_EQ(warning.at("warning").as_string(), "spec_incomplete");
            EXPECT_EQ(warning.at("detail").as_string(),
                      "ram_mb left empty: option \"Memory\" points at deleted sub-option 6");
        }
    }
    EXPECT_TRUE(warned);
    EXPECT_FALSE(listed(run.report, "quarantined").contains({"server", 10}));
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

// After ZChangedSourceRowIsUpdated (tests run in file order); it changes the shared testbed too.
TEST_F(MigrateTest, ZZKeelSideChangesWinOverWhmcsChanges) {
    TestDatabase keel;
    ASSERT_EQ(run_migrate(keel).exit_code, kExitQuarantined);
    // In Keel: a rehashed password (as a login does), a suspend, a termination.
    const std::string argon = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    keel.execute("UPDATE users SET password_hash = '" + argon + "' WHERE whmcs_user_id = 1");
    keel.execute("UPDATE servers SET status = 'suspended' WHERE whmcs_service_id = 3");
    keel.execute("UPDATE servers SET status = 'terminated' WHERE whmcs_service_id = 4");
    // In WHMCS: the same rows change, and two rows Keel never touched.
    for (const char* sql : {"UPDATE tblusers SET last_name = 'Renamed' WHERE id IN (1, 8)",
                            "UPDATE tblhosting SET domain = CONCAT('renamed-', domain) WHERE id IN (3, 4, 5)"}) {
        ASSERT_TRUE(connection().execute(sql).has_value()) << sql;
    }
    for (int rerun = 0; rerun < 2; ++rerun) {  // kept rows stay kept, run after run
        SCOPED_TRACE(rerun);
        auto run = run_migrate(keel);
        ASSERT_EQ(run.exit_code, kExitQuarantined);
        EXPECT_EQ(count_of(run.report, "users", "kept_keel_change"), 1);
        EXPECT_EQ(count_of(run.report, "servers", "kept_keel_change"), 2);
        EXPECT_EQ(count_of(run.report, "users", "updated"), rerun == 0 ? 1 : 0);
        EXPECT_EQ(count_of(run.report, "servers", "updated"), rerun == 0 ? 1 : 0);
        EXPECT_TRUE(run.report.at("servers").at("reconciled").as_bool());
        EXPECT_TRUE(run.report.at("users").at("reconciled").as_bool());
        const std::set<std::pair<std::string, std::int64_t>> kept{{"user", 1}, {"server", 3}, {"server", 4}};
        EXPECT_EQ(listed(run.report, "kept_keel_change"), kept);
    }
    EXPECT_EQ(keel.scalar("SELECT password_hash FROM users WHERE whmcs_user_id = 1"), argon);
    EXPECT_EQ(keel.scalar("SELECT name FROM users WHERE whmcs_user_id = 1"), "Alice Anderson");
    EXPECT_EQ(keel.scalar("SELECT status FROM servers WHERE whmcs_service_id = 3"), "suspended");
    EXPECT_EQ(keel.scalar("SELECT hostname FROM servers WHERE whmcs_service_id = 3"), "manifest-dedi-1.example.com");
    EXPECT_EQ(keel.scalar("SELECT status FROM servers WHERE whmcs_service_id = 4"), "terminated");
    // Rows untouched in Keel take WHMCS's change.
    EXPECT_EQ(keel.scalar("SELECT name FROM users WHERE whmcs_user_id = 8"), "太郎 Renamed");
    EXPECT_EQ(keel.scalar("SELECT hostname FROM servers WHERE whmcs_service_id = 5"),
              "renamed-manifest-tokyo-1.example.jp");
}

}  // namespace
}  // namespace keel::testing
