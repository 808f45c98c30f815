#include "provisioning/pve/pve_connection_pool.hpp"

#include <algorithm>

#include <openssl/crypto.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace keel::provisioning {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

PveConnectionPool::PveConnectionPool(PveTarget target, std::unique_ptr<PveTls> tls, std::string authorization,
                                     PveClientOptions options)
    : target_(std::move(target)), tls_(std::move(tls)), authorization_(std::move(authorization)), options_(options) {
    options_.max_connections = std::max<std::size_t>(options_.max_connections, 1);
}

PveConnectionPool::~PveConnectionPool() {
    OPENSSL_cleanse(authorization_.data(), authorization_.size());
}

bool PveConnectionPool::reusable(PveConnection& connection) const {
    return Clock::now() - connection.idle_since < options_.idle_timeout && !connection.closed_by_peer();
}

Task<Result<std::unique_ptr<PveConnection>>> PveConnectionPool::acquire(Clock::time_point deadline) {
    while (true) {
        while (!idle_.empty()) {
            auto connection = std::move(idle_.back());
            idle_.pop_back();
            if (reusable(*connection)) {
                co_return connection;
            }
            drop(std::move(connection));
        }
        if (open_ < options_.max_connections) {
            ++open_;
            co_return std::unique_ptr<PveConnection>{};
        }
        auto executor = co_await asio::this_coro::executor;
        auto waiter = std::make_shared<asio::steady_timer>(executor, deadline);
        waiters_.push_back(waiter);
        co_await waiter->async_wait(asio::as_tuple(asio::use_awaitable));
        std::erase(waiters_, waiter);
        if (Clock::now() >= deadline) {
            co_return fail(ErrorCode::kRetryable, "cluster " + target_.cluster + ": all " +
                                                      std::to_string(options_.max_connections) +
                                                      " connections stayed busy for " +
                                                      std::to_string(options_.request_timeout.count()) + " ms");
        }
    }
}

void PveConnectionPool::wake_one() {
    if (!waiters_.empty()) {
        waiters_.front()->cancel();
        waiters_.pop_front();
    }
}

void PveConnectionPool::give_back(std::unique_ptr<PveConnection> connection) {
    connection->idle_since = Clock::now();
    idle_.push_back(std::move(connection));
    wake_one();
}

void PveConnectionPool::drop(std::unique_ptr<PveConnection> connection) {
    if (connection) {
        connection->close();
    }
    --open_;
    wake_one();
}

Task<Result<PveAnswer>> PveConnectionPool::exchange(PveRequest request) {
    const auto deadline = Clock::now() + options_.request_timeout;
    for (int attempt = 1;; ++attempt) {
        auto acquired = co_await acquire(deadline);
        if (!acquired) {
            co_return std::unexpected(acquired.error());
        }
        auto connection = std::move(*acquired);
        if (!connection) {
            auto executor = co_await asio::this_coro::executor;
            auto opened = co_await PveConnection::open(executor, target_, *tls_, options_.connect_timeout);
            if (!opened) {
                drop(nullptr);
                co_return std::unexpected(opened.error());
            }
            ++handshakes_;
            connection = std::move(*opened);
        }
        const bool reused = connection->served > 0;
        auto outcome = co_await connection->exchange(target_, request, authorization_, options_.request_timeout);
        if (outcome.failure != PveConnection::Failure::kNotSent) {
            ++requests_;
        }
        if (outcome.answer) {
            if (outcome.reusable) {
                give_back(std::move(connection));
            } else {
                drop(std::move(connection));
            }
            co_return std::move(outcome.answer);
        }
        drop(std::move(connection));
        const bool did_no_work =
            outcome.failure == PveConnection::Failure::kNotSent ||
            (outcome.failure == PveConnection::Failure::kNoAnswer && request.method == PveMethod::kGet);
        if (!(reused && did_no_work && attempt == 1)) {
            co_return std::move(outcome.answer);
        }
    }
}

}  // namespace keel::provisioning
