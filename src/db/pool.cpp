#include "db/pool.hpp"

#include <chrono>
#include <deque>
#include <mutex>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/metrics/registry.hpp"

namespace keel::db {

namespace asio = boost::asio;

// Free connections, and the coroutines waiting for one in arrival order. Each waiter has a one-slot channel;
// exactly one of release() (a connection) or the waiter's deadline timer (nullptr) takes it off the queue,
// under the mutex, and sends into it — so a connection is never lost between a timeout and a hand-over, and
// nothing needs cancelling across threads.
struct Pool::Waiter {
    asio::experimental::concurrent_channel<void(boost::system::error_code, AsyncConnection*)> slot;
    asio::steady_timer deadline;
    explicit Waiter(const asio::any_io_executor& executor) : slot(executor, 1), deadline(executor) {}
};

struct Pool::Waiters {
    std::mutex mutex;
    std::vector<AsyncConnection*> free;
    std::deque<std::shared_ptr<Waiter>> queue;
};

Pool::Pool(std::shared_ptr<Waiters> waiters, std::vector<std::unique_ptr<AsyncConnection>> connections,
           std::chrono::milliseconds acquire_timeout)
    : waiters_(std::move(waiters)), connections_(std::move(connections)), acquire_timeout_(acquire_timeout) {
    for (auto& connection : connections_) {
        waiters_->free.push_back(connection.get());
    }
}

Pool::~Pool() = default;

Result<std::unique_ptr<Pool>> Pool::create(asio::any_io_executor executor, ConnectionOptions options, std::size_t size,
                                           std::chrono::milliseconds acquire_timeout) {
    std::vector<std::unique_ptr<AsyncConnection>> connections;
    for (std::size_t i = 0; i < size; ++i) {
        auto connection = AsyncConnection::open(executor, options);
        if (!connection) {
            return std::unexpected(connection.error());
        }
        connections.push_back(std::move(*connection));
    }
    return std::unique_ptr<Pool>(new Pool(std::make_shared<Waiters>(), std::move(connections), acquire_timeout));
}

void Pool::release(AsyncConnection* connection) {
    std::lock_guard lock(waiters_->mutex);
    if (waiters_->queue.empty()) {
        waiters_->free.push_back(connection);
        return;
    }
    waiters_->queue.front()->slot.try_send(boost::system::error_code{}, connection);
    waiters_->queue.pop_front();
}

Pool::Lease::~Lease() {
    if (connection_ != nullptr) {
        pool_->release(connection_);
    }
}

AsyncConnection* Pool::take_free() {
    std::lock_guard lock(waiters_->mutex);
    if (waiters_->free.empty()) {
        return nullptr;
    }
    AsyncConnection* connection = waiters_->free.back();
    waiters_->free.pop_back();
    return connection;
}

std::size_t Pool::in_use() const {
    std::lock_guard lock(waiters_->mutex);
    return connections_.size() - waiters_->free.size();
}

std::size_t Pool::waiting() const {
    std::lock_guard lock(waiters_->mutex);
    return waiters_->queue.size();
}

Task<AsyncConnection*> Pool::wait_for_connection() {
    if (AsyncConnection* connection = take_free()) {
        if (wait_seconds_ != nullptr) {
            wait_seconds_->observe(0);  // the common case costs one relaxed increment
        }
        co_return connection;
    }
    const auto waited_since = std::chrono::steady_clock::now();
    struct RecordWait {  // on every way out below
        metrics::Histogram* histogram;
        std::chrono::steady_clock::time_point since;
        ~RecordWait() {
            if (histogram != nullptr) {
                histogram->observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count());
            }
        }
    } record_wait{wait_seconds_, waited_since};
    auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
    {
        std::lock_guard lock(waiters_->mutex);
        if (!waiters_->free.empty()) {  // released while the waiter was being made
            AsyncConnection* connection = waiters_->free.back();
            waiters_->free.pop_back();
            co_return connection;
        }
        waiters_->queue.push_back(waiter);
    }
    waiter->deadline.expires_after(acquire_timeout_);
    // Holds the waiter until it completes; after a hand-over it finds the waiter gone and does nothing.
    waiter->deadline.async_wait([waiter, waiters = waiters_](const boost::system::error_code&) {
        std::lock_guard lock(waiters->mutex);
        if (std::erase(waiters->queue, waiter) > 0) {
            waiter->slot.try_send(boost::system::error_code{}, nullptr);
        }
    });
    auto [ec, connection] = co_await waiter->slot.async_receive(asio::as_tuple(asio::use_awaitable));
    // Handed a connection: end the deadline's wait now. Left to run out, every waiter of the last acquire timeout
    // stayed allocated with its channel (issue #12: at a few thousand waits a second, most of the API's memory).
    waiter->deadline.cancel();
    co_return ec ? nullptr : connection;
}

Task<Result<Pool::Lease>> Pool::acquire() {
    AsyncConnection* connection = co_await wait_for_connection();
    if (connection == nullptr) {
        co_return fail(ErrorCode::kUnavailable,
                       "no database connection free within " + std::to_string(acquire_timeout_.count()) + " ms");
    }
    Lease lease(this, connection);
    // A connection the server dropped (restart, failover, idle kill) is found here, before anything is sent.
    if (!connection->probe()) {
        auto reconnected = co_await connection->reconnect();
        if (!reconnected) {
            co_return std::unexpected(reconnected.error());
        }
    }
    co_return lease;
}

Task<Result<PgResult>> Pool::query(const Statement& statement, Params params) {
    auto lease = co_await acquire();
    if (!lease) {
        co_return std::unexpected(lease.error());
    }
    auto result = co_await (*lease)->query(statement, params);
    if (result || result.error().code != ErrorCode::kUnavailable || (*lease)->statement_sent()) {
        co_return result;
    }
    auto reconnected = co_await (*lease)->reconnect();
    if (!reconnected) {
        co_return std::unexpected(reconnected.error());
    }
    co_return co_await (*lease)->query(statement, std::move(params));
}

}  // namespace keel::db
