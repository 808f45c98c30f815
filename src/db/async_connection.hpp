#pragma once
// A PostgreSQL connection driven on the Asio event loop: libpq in non-blocking mode, its socket awaited by the
// coroutine, so a query never blocks an I/O thread and never hops threads.
#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "core/result.hpp"
#include "core/task.hpp"
#include "db/params.hpp"
#include "db/pg_result.hpp"
#include "db/pooler_mode.hpp"
#include "db/statement.hpp"

namespace keel::db {

struct ConnectionOptions {
    std::string url;
    std::chrono::milliseconds statement_timeout{0};  // every statement; 0: none
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
    // kTransaction: unnamed statements, and statement_timeout per transaction instead of per session.
    PoolerMode pooler = PoolerMode::kSession;
};

class AsyncConnection {
public:
    // Connects blocking (start-up, before the event loop serves) and switches to non-blocking mode.
    static Result<std::unique_ptr<AsyncConnection>> open(boost::asio::any_io_executor executor,
                                                         ConnectionOptions options);
    // Connects on the event loop (PQconnectStartParams/PQconnectPoll): never blocks an I/O thread; kUnavailable
    // after the connect timeout.
    static Task<Result<std::unique_ptr<AsyncConnection>>> connect(boost::asio::any_io_executor executor,
                                                                  ConnectionOptions options);
    ~AsyncConnection();
    AsyncConnection(const AsyncConnection&) = delete;
    AsyncConnection& operator=(const AsyncConnection&) = delete;

    Task<Result<PgResult>> query(const Statement& statement, Params params);
    // Simple protocol, no parameters: BEGIN, COMMIT, LISTEN …
    Task<Result<PgResult>> script(std::string sql);
    // BEGIN, with the statement timeout set for the transaction when the session cannot hold it (kTransaction).
    Task<Result<PgResult>> begin();

    // After `LISTEN channel` ran on this connection: waits for the next NOTIFY and returns its channel name.
    Task<Result<std::string>> next_notification();

    // False once the connection failed or answered that its server cannot serve it (shutting down, read-only
    // after a failover, 08xxx): the next Pool::acquire() reconnects it.
    bool healthy() const;
    // Reads whatever the server sent while the connection sat idle, without waiting: false when that shows it
    // closed the session (restart, pg_terminate_backend). Nothing is sent.
    bool probe();
    // Whether the last query() handed its statement to the socket. False: it failed before (a dead connection,
    // a failed prepare), so the statement cannot have run.
    bool statement_sent() const;
    // Re-establishes a lost connection on the event loop (see connect()).
    Task<Status> reconnect();

private:
    struct Impl;
    explicit AsyncConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace keel::db
