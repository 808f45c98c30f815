#pragma once
// A fixed set of AsyncConnections shared by the coroutines of one process. A coroutine leases one for the
// span of a query or transaction; the lease hands it back when destroyed.
#include <cstddef>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "core/result.hpp"
#include "core/task.hpp"
#include "db/async_connection.hpp"

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

    static Result<std::unique_ptr<Pool>> create(boost::asio::any_io_executor executor, const std::string& url,
                                                std::size_t size);
    ~Pool();

    // Waits for a free connection; re-establishes it first if the server went away (kUnavailable if it can't).
    Task<Result<Lease>> acquire();
    // One statement on a leased connection.
    Task<Result<PgResult>> query(const Statement& statement, Params params);

    std::size_t size() const { return connections_.size(); }

private:
    struct Channel;
    Pool(std::unique_ptr<Channel> channel, std::vector<std::unique_ptr<AsyncConnection>> connections);
    void release(AsyncConnection* connection);

    std::unique_ptr<Channel> channel_;
    std::vector<std::unique_ptr<AsyncConnection>> connections_;
};

}  // namespace keel::db
