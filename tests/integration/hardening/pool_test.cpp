// The pool sends a statement again only when it provably never left: a connection the server closed while idle
// is replaced before sending; a statement cut off after sending is reported, not repeated (issue #9).
#include <functional>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

#include <boost/asio/io_context.hpp>

#include "db/connection.hpp"
#include "db/pool.hpp"
#include "hardening_fixture.hpp"

namespace keel::testing {
namespace {

constexpr db::Statement kBackendPid{"test.backend_pid", "SELECT pg_backend_pid()"};
constexpr db::Statement kInsertThenSleep{
    "test.insert_then_sleep",
    "WITH i AS (INSERT INTO pool_probe (note) VALUES ($1) RETURNING 1) SELECT pg_sleep(3) FROM i"};

class PoolRetry : public Hardening {
protected:
    static void SetUpTestSuite() { database().execute("CREATE TABLE IF NOT EXISTS pool_probe (note text)"); }

    // Runs `body` against a one-connection pool on a private event loop.
    template <class T>
    static T with_pool(std::function<Task<T>(db::Pool&)> body) {
        boost::asio::io_context io;
        auto pool = db::Pool::create(io.get_executor(), db::ConnectionOptions{database().url()}, 1);
        EXPECT_TRUE(pool) << pool.error().detail;
        auto future = boost::asio::co_spawn(io, body(**pool), boost::asio::use_future);
        io.run();
        return future.get();
    }
};

void terminate_backend(const std::string& pid) {
    PoolRetry::database().execute("SELECT pg_terminate_backend(" + pid + ")");
}

Task<Result<db::PgResult>> pid_then_query_after_kill(db::Pool& pool, std::string* killed_pid) {
    db::Params none;
    auto pid = co_await pool.query(kBackendPid, std::move(none));
    if (!pid) {
        co_return std::unexpected(pid.error());
    }
    *killed_pid = pid->string(0, 0);
    terminate_backend(*killed_pid);  // blocking on purpose: the pool's loop is idle meanwhile
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    db::Params again;
    co_return co_await pool.query(kBackendPid, std::move(again));
}

TEST_F(PoolRetry, ConnectionClosedWhileIdleIsReplacedBeforeSending) {
    std::string killed;
    auto result =
        with_pool<Result<db::PgResult>>([&killed](db::Pool& pool) { return pid_then_query_after_kill(pool, &killed); });
    ASSERT_TRUE(result) << result.error().detail;
    EXPECT_NE(result->string(0, 0), killed);
}

Task<Result<db::PgResult>> insert_while_killed(db::Pool& pool) {
    db::Params none;
    auto pid = co_await pool.query(kBackendPid, std::move(none));
    if (!pid) {
        co_return std::unexpected(pid.error());
    }
    std::thread killer([backend = pid->string(0, 0)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        terminate_backend(backend);
    });
    db::Params params{db::param("cut-off")};  // named: g++ 12 mishandles a braced list inside co_await
    auto inserted = co_await pool.query(kInsertThenSleep, std::move(params));
    killer.join();
    co_return inserted;
}

TEST_F(PoolRetry, StatementCutOffAfterSendingIsNotSentAgain) {
    const auto started = std::chrono::steady_clock::now();
    auto result = with_pool<Result<db::PgResult>>([](db::Pool& pool) { return insert_while_killed(pool); });
    ASSERT_FALSE(result) << "the statement was run again after its connection died";
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable) << result.error().detail;
    // A resend would have slept another 3 s and inserted the row.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2500));
    EXPECT_EQ(database().scalar("SELECT count(*) FROM pool_probe WHERE note = 'cut-off'"), "0");
}

}  // namespace
}  // namespace keel::testing
