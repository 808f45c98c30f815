#include "provisioning/job_wakeup.hpp"

#include <atomic>
#include <mutex>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "db/async_connection.hpp"

namespace keel::provisioning {

namespace asio = boost::asio;
using Signal = asio::experimental::concurrent_channel<void(boost::system::error_code)>;

struct JobWakeup::State {
    asio::any_io_executor executor;
    std::mutex mutex;
    std::vector<std::unique_ptr<Signal>> signals;
    std::atomic<bool> stopping{false};
};

JobWakeup::JobWakeup(asio::any_io_executor executor) : state_(std::make_shared<State>()) {
    state_->executor = executor;
}

JobWakeup::~JobWakeup() {
    stop();
}

std::size_t JobWakeup::subscribe() {
    std::lock_guard lock(state_->mutex);
    // Capacity 1: several NOTIFYs while a worker is busy collapse into one wake-up.
    state_->signals.push_back(std::make_unique<Signal>(state_->executor, 1));
    return state_->signals.size() - 1;
}

Task<bool> JobWakeup::wait(std::size_t subscriber, std::chrono::milliseconds timeout) {
    using namespace asio::experimental::awaitable_operators;
    Signal* signal = nullptr;
    {
        std::lock_guard lock(state_->mutex);
        signal = state_->signals.at(subscriber).get();
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    auto outcome = co_await (signal->async_receive(asio::as_tuple(asio::use_awaitable)) ||
                             timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    co_return outcome.index() == 0;
}

static void notify_all_of(JobWakeup::State& state) {
    std::lock_guard lock(state.mutex);
    for (auto& signal : state.signals) {
        signal->try_send(boost::system::error_code{});
    }
}

void JobWakeup::notify_all() {
    notify_all_of(*state_);
}

void JobWakeup::stop() {
    state_->stopping = true;
    notify_all();
}

namespace {

// One LISTEN session until the connection fails; returns why it ended. Kept free of conditional co_await
// expressions: g++ 12 mis-destroys temporaries in them.
Task<std::string> listen_once(JobWakeup::State& state, const std::string& database_url) {
    db::ConnectionOptions options{database_url};  // named: g++ 12 destroys a temporary in co_await twice
    auto connection = co_await db::AsyncConnection::connect(state.executor, std::move(options));
    if (!connection) {
        co_return connection.error().detail;
    }
    auto listening = co_await (*connection)->script("LISTEN keel_jobs");
    if (!listening) {
        co_return listening.error().detail;
    }
    while (!state.stopping) {
        auto notice = co_await (*connection)->next_notification();
        if (!notice) {
            co_return notice.error().detail;
        }
        notify_all_of(state);
    }
    co_return std::string("stopping");
}

}  // namespace

Task<void> JobWakeup::listen(std::string database_url) {
    auto state = state_;
    asio::steady_timer backoff(co_await asio::this_coro::executor);
    while (!state->stopping) {
        std::string failure = co_await listen_once(*state, database_url);
        if (state->stopping) {
            break;
        }
        log::warn("worker.listen_failed", {{"reason", failure}});
        notify_all();  // whatever was queued meanwhile is found by polling
        backoff.expires_after(std::chrono::seconds(1));
        co_await backoff.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

}  // namespace keel::provisioning
