#pragma once
// A fixed set of AsyncConnections shared by the coroutines of one process. A coroutine leases one for the
// span of a query or transaction; the lease hands it back when destroyed.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "core/result.hpp"
#include "core/task.hpp"
#include "db/async_connection.hpp"

namespace keel::metrics {
class Histogram;
}

namespace keel::db {

class Pool {
public:
    class Lease {
    public:
        Lease(Pool* pool, AsyncConnection* connection) : pool_(pool), connection_(connection) {}
        Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(std::exchange(other.connection_, nullptr)) {}
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        AsyncConnection* operator->() const { return connection_; }
        AsyncConnection& operator*() const { return *connection_; }

    private:
        Pool* pool_;
        AsyncConnection* connection_;
    };

    // Connects `size` connections (blocking: at start-up, before the event loop serves anything).
    static Result<std::unique_ptr<Pool>> create(boost::asio::any_io_executor executor, ConnectionOptions options,
                                                std::size_t size,
                                                std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5));
    ~Pool();

    // Waits at most the acquire timeout for a free connection (kUnavailable after it: the API answers 503);
    // re-establishes it first, without blocking, if the server went away.
    Task<Result<Lease>> acquire();
    // One statement on a leased connection. Sent again once only when it provably never left this process
    // (the connection was found dead before sending): a statement that may have reached the server may have
    // committed, and running it twice could create twice (issue #9).
    Task<Result<PgResult>> query(const Statement& statement, Params params);

    std::size_t size() const { return connections_.size(); }
    // For /metrics, read at scrape time: connections leased now, coroutines waiting for one.
    std::size_t in_use() const;
    std::size_t waiting() const;
    // Every acquire's wait (0 when a connection was free) goes into `histogram`, which must outlive the pool.
    void observe_waits(metrics::Histogram& histogram) { wait_seconds_ = &histogram; }

private:
    struct Waiter;
    struct Waiters;
    // The connection handed over, or nullptr when the acquire timeout passed first.
    Task<AsyncConnection*> wait_for_connection();
    AsyncConnection* take_free();
    Pool(std::shared_ptr<Waiters> waiters, std::vector<std::unique_ptr<AsyncConnection>> connections,
         std::chrono::milliseconds acquire_timeout);
    void release(AsyncConnection* connection);

    std::shared_ptr<Waiters> waiters_;  // shared with deadline timers that may fire after a hand-over
    std::vector<std::unique_ptr<AsyncConnection>> connections_;
    std::chrono::milliseconds acquire_timeout_;
    metrics::Histogram* wait_seconds_ = nullptr;  // set before the loop runs; read only after
};

}  // namespace keel::db
