#pragma once
// A PostgreSQL connection driven on the Asio event loop: libpq in non-blocking mode, its socket awaited by the
// coroutine, so a query never blocks an I/O thread and never hops threads.
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "core/result.hpp"
#include "core/task.hpp"
#include "db/params.hpp"
#include "db/pg_result.hpp"
#include "db/statement.hpp"

namespace keel::db {

class AsyncConnection {
public:
    // Connects (blocking, at start-up or after a loss) and switches the connection to non-blocking mode.
    static Result<std::unique_ptr<AsyncConnection>> open(boost::asio::any_io_executor executor, std::string url);
    ~AsyncConnection();
    AsyncConnection(const AsyncConnection&) = delete;
    AsyncConnection& operator=(const AsyncConnection&) = delete;

    Task<Result<PgResult>> query(const Statement& statement, Params params);
    // Simple protocol, no parameters: BEGIN, COMMIT, LISTEN …
    Task<Result<PgResult>> script(std::string sql);

    // After `LISTEN channel` ran on this connection: waits for the next NOTIFY and returns its channel name.
    Task<Result<std::string>> next_notification();

    bool healthy() const;
    // Re-establishes a lost connection (blocking; only after the server went away).
    Status reconnect();

private:
    struct Impl;
    explicit AsyncConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace keel::db
