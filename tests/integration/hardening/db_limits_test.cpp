// The database's limits reach clients as 503 + Retry-After problems, never as PostgreSQL's text.
#include <future>
#include <thread>

#include "db/connection.hpp"
#include "hardening_fixture.hpp"

namespace keel::testing {
namespace {

class DatabaseLimits : public Hardening {
protected:
    static void SetUpTestSuite() {
        create_user("db-limits@example.com");
        // One pooled connection: a request stuck in the database holds it, the next one waits for it.
        api_ = start_api({{"KEEL_DB_POOL", "1"},
                          {"KEEL_WORKERS", "0"},
                          {"KEEL_DB_ACQUIRE_TIMEOUT_MS", "300"},
                          {"KEEL_STATEMENT_TIMEOUT_MS", "3000"}});
    }
    static void TearDownTestSuite() { api_.reset(); }
    static inline std::unique_ptr<ApiProcess> api_;
};

void expect_unavailable_without_database_text(const HttpReply& reply) {
    EXPECT_EQ(reply.status, 503) << reply.body;
    EXPECT_EQ(reply.header("retry-after"), "1");
    EXPECT_EQ(reply.header("content-type"), "application/problem+json");
    EXPECT_EQ(reply.body.find("canceling statement"), std::string::npos) << reply.body;
    EXPECT_EQ(reply.body.find("statement timeout"), std::string::npos) << reply.body;
    EXPECT_EQ(reply.body.find("connection"), std::string::npos) << reply.body;
}

TEST_F(DatabaseLimits, WaitingForAConnectionEndsIn503AndAStuckStatementTimesOut) {
    auto http = api_->client();
    const auto token = login(http, "db-limits@example.com");
    auto blocker = db::Connection::open(database().url());
    ASSERT_TRUE(blocker) << blocker.error().detail;
    ASSERT_TRUE(blocker->exec_script("BEGIN; LOCK TABLE servers IN ACCESS EXCLUSIVE MODE"));

    const auto started = std::chrono::steady_clock::now();
    auto stuck = std::async(std::launch::async, [http, token] { return http.get("/servers", token); });
    ASSERT_TRUE(wait_for_lock_waiters(1));
    const auto waiting_since = std::chrono::steady_clock::now();
    auto waiting = http.get("/servers", token);
    expect_unavailable_without_database_text(waiting);
    // Well before the stuck statement's own timeout (3 s) would have freed the connection.
    EXPECT_LT(std::chrono::steady_clock::now() - waiting_since, std::chrono::milliseconds(2000));

    // statement_timeout cancels the one holding the connection, though the lock is still held.
    auto timed_out = stuck.get();
    expect_unavailable_without_database_text(timed_out);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));

    ASSERT_TRUE(blocker->exec_script("ROLLBACK"));
    EXPECT_EQ(http.get("/servers", token).status, 200);
}

}  // namespace
}  // namespace keel::testing
