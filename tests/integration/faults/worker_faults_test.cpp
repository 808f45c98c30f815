// Fault tests with real processes on the real PostgreSQL: workers killed mid-job, workers racing for jobs.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "api_process.hpp"
#include "test_database.hpp"

namespace keel::testing {
namespace {

// N servers and their provisioning jobs, queued directly.
void queue_servers(const TestDatabase& db, int count, const std::string& hostname_prefix) {
    db.execute("INSERT INTO users (email, role) VALUES ('" + hostname_prefix +
               "@example.com', 'client') "
               "ON CONFLICT DO NOTHING");
    db.execute(
        "WITH s AS (INSERT INTO servers (owner_id, hostname, cpu_cores, ram_mb, disk_gb, os_image, datacenter) "
        "SELECT (SELECT id FROM users WHERE email = '" +
        hostname_prefix + "@example.com'), '" + hostname_prefix +
        "-' || g || '.example.com', 1, 1024, 10, 'debian-12', 'fra1' "
        "FROM generate_series(1, " +
        std::to_string(count) +
        ") g RETURNING id) "
        "INSERT INTO jobs (kind, server_id) SELECT 'provision', id FROM s");
}

// VMs (not templates) in a shared mock hypervisor's state file.
int count_vms(const std::string& state_file) {
    std::ifstream in(state_file);
    std::string line;
    int count = 0;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string type;
        std::int64_t vmid = 0;
        int running = 0, is_template = 0;
        fields >> type >> vmid >> running >> is_template;
        count += type == "vm" && is_template == 0 ? 1 : 0;
    }
    return count;
}

bool wait_until(const std::function<bool()>& done, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
}

TEST(WorkerFaults, TwoWorkerProcessesProvisionEachServerExactlyOnce) {
    TestDatabase db;
    queue_servers(db, 200, "race");
    const std::string hypervisor = "/tmp/keel-mock-hypervisor-" + db.name();
    std::remove(hypervisor.c_str());
    const std::map<std::string, std::string> shared{{"KEEL_MOCK_STATE_FILE", hypervisor}};
    {
        ApiProcess first(db.url(), {"worker", "--workers", "2"}, shared, "keel-api");
        ApiProcess second(db.url(), {"worker", "--workers", "2"}, shared, "keel-api");
        ASSERT_TRUE(
            wait_until([&] { return db.scalar("SELECT count(*) FROM servers WHERE status = 'active'") == "200"; },
                       std::chrono::seconds(60)));
    }
    EXPECT_EQ(db.scalar("SELECT count(*) FROM jobs WHERE state = 'succeeded' AND attempt = 1"), "200");
    EXPECT_EQ(db.scalar("SELECT count(DISTINCT vmid) FROM servers"), "200");
    // One trip through provisioning per server, recorded by the audit trigger.
    EXPECT_EQ(db.scalar("SELECT count(*) FROM server_events WHERE to_status = 'active'"), "200");
    EXPECT_EQ(db.scalar("SELECT count(*) FROM server_events WHERE to_status = 'provisioning'"), "200");
    EXPECT_EQ(db.scalar("SELECT count(*) FROM jobs WHERE locked_by IS NOT NULL"), "0");  // no lease left held
    EXPECT_EQ(count_vms(hypervisor), 200);  // one VM per server on the shared hypervisor, none doubled
    std::remove(hypervisor.c_str());
}

TEST(WorkerFaults, KilledWorkersJobIsResumedAfterItsLeaseExpires) {
    TestDatabase db;
    queue_servers(db, 1, "crash");
    // A slow mock (seconds per step) so the kill lands mid-provisioning; a short lease so the takeover is quick;
    // one hypervisor state for both processes, as two workers share one real cluster.
    const std::string hypervisor = "/tmp/keel-mock-hypervisor-" + db.name();
    std::remove(hypervisor.c_str());
    const std::map<std::string, std::string> slow{
        {"KEEL_MOCK_LATENCY_SCALE", "1"}, {"KEEL_JOB_LEASE", "3"}, {"KEEL_MOCK_STATE_FILE", hypervisor}};
    {
        ApiProcess doomed(db.url(), {"worker", "--workers", "1"}, slow, "keel-api");
        // Kill it once the clone is under way, so a VM exists half-built on the hypervisor.
        ASSERT_TRUE(wait_until([&] { return count_vms(hypervisor) == 1; }, std::chrono::seconds(20)));
        doomed.signal(SIGKILL);
        doomed.wait();
    }
    EXPECT_EQ(db.scalar("SELECT state FROM jobs"), "running");  // still held by the dead worker
    const std::map<std::string, std::string> fast{{"KEEL_JOB_LEASE", "3"}, {"KEEL_MOCK_STATE_FILE", hypervisor}};
    ApiProcess rescuer(db.url(), {"worker", "--workers", "1"}, fast, "keel-api");
    ASSERT_TRUE(
        wait_until([&] { return db.scalar("SELECT status FROM servers") == "active"; }, std::chrono::seconds(30)));
    EXPECT_EQ(db.scalar("SELECT state FROM jobs"), "succeeded");
    EXPECT_EQ(db.scalar("SELECT attempt FROM jobs"), "2");
    EXPECT_EQ(db.scalar("SELECT count(*) FROM server_events WHERE to_status = 'active'"), "1");
    EXPECT_EQ(count_vms(hypervisor), 1);  // the rescuer finished the same VM instead of cloning another
    std::remove(hypervisor.c_str());
}

// Stops and starts the ./dev PostgreSQL cluster (KEEL_PG_CTL from ./dev env) under a running API and worker.
TEST(DatabaseFaults, ApiAnswers503WhilePostgresIsDownAndRecoversWithoutLosingJobs) {
    const char* pg_ctl = std::getenv("KEEL_PG_CTL");
    if (pg_ctl == nullptr) {
        GTEST_SKIP() << "KEEL_PG_CTL not set: run through ./dev test";
    }
    TestDatabase db;
    ASSERT_EQ(
        run_keel_api(db.url(), {"users", "create", "--email", "ops@example.com", "--role", "admin", "--password-stdin"},
                     "ops-password-1\n"),
        0);
    ApiProcess api(db.url(), {"serve"}, {{"KEEL_JOB_LEASE", "3"}});
    auto login = [&] {
        return api.client().post_json("/login", R"({"email":"ops@example.com","password":"ops-password-1"})");
    };
    ASSERT_EQ(login().status, 200);
    queue_servers(db, 20, "outage");

    ASSERT_EQ(std::system((std::string(pg_ctl) + " stop -m fast -w >/dev/null").c_str()), 0);
    const auto down = login();
    const int restarted = std::system((std::string(pg_ctl) + " start -w >/dev/null").c_str());
    ASSERT_EQ(restarted, 0);
    EXPECT_EQ(down.status, 503) << down.body;
    EXPECT_EQ(down.header("content-type"), "application/problem+json");
    EXPECT_TRUE(api.alive());

    EXPECT_TRUE(wait_until([&] { return login().status == 200; }, std::chrono::seconds(15)));
    EXPECT_TRUE(wait_until([&] { return db.scalar("SELECT count(*) FROM servers WHERE status = 'active'") == "20"; },
                           std::chrono::seconds(40)));
}

}  // namespace
}  // namespace keel::testing
