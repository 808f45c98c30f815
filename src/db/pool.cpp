#include "db/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace keel::db {

namespace asio = boost::asio;

// Free connections wait in a channel as wide as the pool, so a release never blocks and an acquire waits
// in line (thread-safe across the I/O threads).
struct Pool::Channel {
    asio::experimental::concurrent_channel<void(boost::system::error_code, AsyncConnection*)> free;
    Channel(asio::any_io_executor executor, std::size_t size) : free(executor, size) {}
};

Pool::Pool(std::unique_ptr<Channel> channel, std::vector<std::unique_ptr<AsyncConnection>> connections)
    : channel_(std::move(channel)), connections_(std::move(connections)) {
    for (auto& connection : connections_) {
        channel_->free.try_send(boost::system::error_code{}, connection.get());
    }
}

Pool::~Pool() {
    channel_->free.close();
}

Result<std::unique_ptr<Pool>> Pool::create(asio::any_io_executor executor, const std::string& url, std::size_t size) {
    std::vector<std::unique_ptr<AsyncConnection>> connections;
    for (std::size_t i = 0; i < size; ++i) {
        auto connection = AsyncConnection::open(executor, url);
        if (!connection) {
            return std::unexpected(connection.error());
        }
        connections.push_back(std::move(*connection));
    }
    return std::unique_ptr<Pool>(new Pool(std::make_unique<Channel>(executor, size), std::move(connections)));
}

void Pool::release(AsyncConnection* connection) {
    channel_->free.try_send(boost::system::error_code{}, connection);
}

Pool::Lease::~Lease() {
    if (connection_ != nullptr) {
        pool_->release(connection_);
    }
}

Task<Result<Pool::Lease>> Pool::acquire() {
    auto [ec, connection] = co_await channel_->free.async_receive(asio::as_tuple(asio::use_awaitable));
    if (ec) {
        co_return fail(ErrorCode::kUnavailable, "connection pool closed");
    }
    Lease lease(this, connection);
    if (!connection->healthy()) {
        auto reconnected = connection->reconnect();
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
    // A connection the server dropped (restart, failover) only shows it when used: reconnect and try once more,
    // so one outage does not cost every pooled connection a failed request.
    if (!result && result.error().code == ErrorCode::kUnavailable && !(*lease)->healthy() && (*lease)->reconnect()) {
        result = co_await (*lease)->query(statement, std::move(params));
    }
    co_return result;
}

}  // namespace keel::db
