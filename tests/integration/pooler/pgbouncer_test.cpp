// keel-api behind PgBouncer 1.18 in transaction pooling mode (issue #14): KEEL_DB_POOLER=transaction, job
// wake-ups and worker liveness on a direct URL (or polling without one), and a PgBouncer restart under load
// answered 2xx or 503 + Retry-After only.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "api_process.hpp"
#include "clusters.hpp"
#include "loopback.hpp"
#include "pgbouncer.hpp"
#include "test_database.hpp"

namespace keel::testing {
namespace {

constexpr const char* kPassword = "pooled-password-1";

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

std::string field(const HttpReply& reply, const char* name) {
    const auto body = boost::json::parse(reply.body);
    const auto* value = body.as_object().if_contains(name);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::string server_spec(const std::string& hostname) {
    return R"({"hostname":")" + hostname +
           R"(","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"debian-12","datacenter":"fra1"})";
}

// The same URL in libpq's multi-host form, a host nobody listens on first: libpq must skip it and pick the
// read-write one, as after a failover.
std::string multi_host(const std::string& url) {
    const auto at = url.find('@');
    return url.substr(0, at + 1) + "127.0.0.1:" + std::to_string(free_loopback_port()) + "," + url.substr(at + 1) +
           (url.find('?') == std::string::npos ? "?" : "&") + "target_session_attrs=read-write";
}

class PooledApi : public ::testing::Test {
protected:
    void SetUp() override {
        if (!pgbouncer_available()) {
            GTEST_SKIP() << "pgbouncer is not installed (./dev installs it)";
        }
        db_ = std::make_unique<TestDatabase>();
        register_standard_clusters(db_->url());
        ASSERT_EQ(
            run_keel_api(db_->url(),
                         {"users", "create", "--email", "ops@example.com", "--role", "client", "--password-stdin"},
                         std::string(kPassword) + "\n"),
            0);
        bouncer_ = std::make_unique<PgBouncer>(db_->url());
    }

    void start_api(std::map<std::string, std::string> env, const std::string& pooled_url = {}) {
        env.emplace("KEEL_DB_POOLER", "transaction");
        env.emplace("KEEL_DB_ACQUIRE_TIMEOUT_MS", "2000");
        env.emplace("KEEL_DB_CONNECT_TIMEOUT_MS", "1000");
        env.emplace("KEEL_MAX_QUEUED_OPERATIONS_PER_CLIENT", "100000");
        api_ = std::make_unique<ApiProcess>(pooled_url.empty() ? bouncer_->url() : pooled_url,
                                            std::vector<std::string>{"serve"}, env);
    }

    std::string login() const {
        auto reply = api_->client().post_json(
            "/login", R"({"email":"ops@example.com","password":")" + std::string(kPassword) + R"("})");
        EXPECT_EQ(reply.status, 200) << reply.body;
        return field(reply, "access_token");
    }

    // POST /servers, then waits until the server is active; returns its id.
    std::string active_server(const std::string& token, const std::string& hostname) const {
        auto created = api_->client().post_json("/servers", server_spec(hostname), token);
        EXPECT_EQ(created.status, 202) << created.body;
        const auto id = field(created, "id");
        EXPECT_TRUE(wait_until([&] { return field(api_->client().get("/servers/" + id, token), "status") == "active"; },
                               std::chrono::seconds(10)));
        return id;
    }

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<PgBouncer> bouncer_;
    std::unique_ptr<ApiProcess> api_;
};

TEST_F(PooledApi, ServesTheLifecycleThroughTransactionPooling) {
    start_api({{"KEEL_LISTEN_DATABASE_URL", multi_host(db_->url())}}, multi_host(bouncer_->url()));
    const auto token = login();
    ASSERT_FALSE(token.empty());
    const auto id = active_server(token, "pooled-1.example.com");
    auto listed = api_->client().get("/servers", token);
    EXPECT_EQ(listed.status, 200);
    EXPECT_NE(listed.body.find(id), std::string::npos);

    auto stop = api_->client().post_json("/servers/" + id + "/actions", R"({"type":"stop"})", token);
    ASSERT_EQ(stop.status, 202) << stop.body;
    EXPECT_TRUE(
        wait_until([&] { return field(api_->client().get("/servers/" + id, token), "power_state") == "stopped"; },
                   std::chrono::seconds(10)));
    // The wake-up LISTEN runs on the direct connection (PgBouncer in transaction mode would not keep it).
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                          "query LIKE 'LISTEN%'"),
              "1");
}

TEST_F(PooledApi, WithoutADirectUrlWorkersPollAndJobsStillRun) {
    start_api({});
    const auto token = login();
    ASSERT_FALSE(token.empty());
    active_server(token, "polled-1.example.com");
    // No LISTEN and no worker lock through the pooler: lease-only workers, marked as such on their jobs.
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                          "(SELECT oid FROM pg_database WHERE datname = current_database())"),
              "0");
}

TEST_F(PooledApi, APgBouncerRestartUnderLoadAnswers503WithRetryAfterAndRecovers) {
    // The default lease (60 s): a claim or settlement cut off by PgBouncer's exit must not wait it out.
    start_api({{"KEEL_LISTEN_DATABASE_URL", db_->url()}});
    const auto token = login();
    ASSERT_FALSE(token.empty());
    active_server(token, "before-1.example.com");

    std::atomic<bool> running{true};
    std::mutex mutex;
    std::map<int, int> statuses;
    int without_retry_after = 0;
    std::thread trickle([&] {
        for (int i = 0; running; ++i) {
            auto reply = i % 10 == 0
                             ? api_->client().post_json(
                                   "/servers", server_spec("during-" + std::to_string(i) + ".example.com"), token)
                             : api_->client().get("/servers", token);
            std::lock_guard lock(mutex);
            ++statuses[reply.status];
            if (reply.status == 503 && reply.header("retry-after").empty()) {
                ++without_retry_after;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    bouncer_->stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    const int answered_while_down = [&] {
        std::lock_guard lock(mutex);
        return statuses[503];
    }();
    bouncer_->start();
    const bool recovered =
        wait_until([&] { return api_->client().get("/servers", token).status == 200; }, std::chrono::seconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    running = false;
    trickle.join();

    EXPECT_TRUE(recovered);
    EXPECT_GT(answered_while_down, 0);
    EXPECT_EQ(without_retry_after, 0);
    for (const auto& [status, count] : statuses) {
        SCOPED_TRACE(status);
        EXPECT_TRUE((status >= 200 && status < 300) || status == 503) << count << " answers";
    }
    EXPECT_TRUE(api_->alive());
    // Every server the API acknowledged gets built once PgBouncer is back: the workers paused and resumed.
    EXPECT_TRUE(wait_until([&] { return db_->scalar("SELECT count(*) FROM servers WHERE status <> 'active'") == "0"; },
                           std::chrono::seconds(15)));
}

// A primary demoted under Keel (Patroni's switchover) keeps its sessions but refuses writes (25006): the pool must
// drop such a session rather than keep it, or the API would answer 503 until restarted.
TEST(Failover, SessionsOfAReadOnlyPrimaryAreDroppedAndTheApiRecovers) {
    TestDatabase db;
    register_standard_clusters(db.url());
    ASSERT_EQ(run_keel_api(db.url(), {"users", "create", "--email", "ro@example.com", "--password-stdin"},
                           std::string(kPassword) + "\n"),
              0);
    ApiProcess api(db.url(), {"serve"}, {{"KEEL_WORKERS", "0"}});
    auto login = [&] {
        return api.client().post_json("/login",
                                      R"({"email":"ro@example.com","password":")" + std::string(kPassword) + R"("})");
    };
    const auto token = field(login(), "access_token");
    ASSERT_FALSE(token.empty());
    auto create = [&](const std::string& hostname) {
        return api.client().post_json("/servers", server_spec(hostname), token);
    };
    ASSERT_EQ(create("rw-1.example.com").status, 202);

    // Every session from now on is read-only, as on a standby; the API's current ones are cut.
    db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
    db.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND "
        "pid <> pg_backend_pid()");
    for (int i = 0; i < 3; ++i) {
        const auto refused = create("ro-" + std::to_string(i) + ".example.com");
        EXPECT_EQ(refused.status, 503) << refused.body;
        EXPECT_FALSE(refused.header("retry-after").empty());
        EXPECT_EQ(refused.body.find("read-only"), std::string::npos);  // PostgreSQL's text stays in the log
    }

    // Writable again (the new primary): the next attempts reconnect and succeed, without a restart.
    db.execute("BEGIN READ WRITE; ALTER DATABASE " + db.name() + " RESET default_transaction_read_only; COMMIT");
    EXPECT_TRUE(wait_until([&] { return create("rw-2.example.com").status == 202; }, std::chrono::seconds(10)));
    EXPECT_TRUE(api.alive());
}

}  // namespace
}  // namespace keel::testing
