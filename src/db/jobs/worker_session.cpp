#include "db/jobs/worker_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "db/async_connection.hpp"
#include "db/jobs/job_statements.hpp"

namespace keel::db {

namespace asio = boost::asio;

namespace {
// Peers reconnect once a second after a loss; this leaves them a few tries before their jobs count as abandoned.
constexpr std::chrono::seconds kReconnectGrace{3};
}  // namespace

struct WorkerSession::State {
    asio::any_io_executor executor;
    std::optional<std::string> database_url;
    std::vector<std::string> worker_ids;
    std::atomic<bool> stopping{false};
    std::atomic<bool> held{false};
    std::atomic<std::uint64_t> generation{0};
    std::atomic<std::chrono::steady_clock::rep> takeover_allowed_at{0};
};

WorkerSession::WorkerSession(asio::any_io_executor executor, std::optional<std::string> database_url,
                             std::vector<std::string> worker_ids)
    : state_(std::make_shared<State>()) {
    state_->executor = executor;
    state_->database_url = std::move(database_url);
    state_->worker_ids = std::move(worker_ids);
    if (!state_->database_url) {
        // Nothing to hold: the lease alone tells a hung or dead worker, so claiming may start at once.
        state_->held = true;
        state_->generation = 1;
    }
}

WorkerSession::~WorkerSession() {
    stop();
}

void WorkerSession::stop() {
    state_->stopping = true;
}

bool WorkerSession::held() const {
    return state_->held;
}

std::uint64_t WorkerSession::generation() const {
    return state_->generation;
}

bool WorkerSession::may_take_over() const {
    return state_->held && std::chrono::steady_clock::now().time_since_epoch().count() >= state_->takeover_allowed_at;
}

namespace {

// One session: lock every worker id, then wait until the connection ends; returns why it ended. Kept free of
// conditional co_await expressions: g++ 12 mis-destroys temporaries in them.
Task<std::string> hold_once(WorkerSession::State& state) {
    // Connected on the event loop, never blocking an I/O thread; named before awaiting (g++ 12, see above).
    ConnectionOptions options{*state.database_url};
    auto connection = co_await AsyncConnection::connect(state.executor, std::move(options));
    if (!connection) {
        co_return connection.error().detail;
    }
    // A host that vanishes without closing its socket: let the server find out in seconds, not hours (the
    // lease would still catch it, later).
    auto keepalive =
        co_await (*connection)
            ->script("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3");
    if (!keepalive) {
        co_return keepalive.error().detail;
    }
    for (const auto& worker_id : state.worker_ids) {
        Params params{param(worker_id)};
        auto locked = co_await (*connection)->query(job_sql::kHoldWorker, std::move(params));
        if (!locked) {
            co_return locked.error().detail;
        }
        if (!locked->boolean(0, 0)) {
            co_return "worker id " + worker_id + " is held by another session";
        }
    }
    const auto established = ++state.generation;
    const auto grace = established == 1 ? std::chrono::steady_clock::duration::zero() : kReconnectGrace;
    state.takeover_allowed_at = (std::chrono::steady_clock::now() + grace).time_since_epoch().count();
    state.held = true;
    log::info("worker.session_held", {{"workers", static_cast<std::int64_t>(state.worker_ids.size())},
                                      {"generation", static_cast<std::int64_t>(established)}});
    // Nothing is ever sent on this connection again: a read completes only when the session ends.
    while (!state.stopping) {
        auto notice = co_await (*connection)->next_notification();
        if (!notice) {
            state.held = false;
            co_return notice.error().detail;
        }
    }
    co_return std::string("stopping");
}

}  // namespace

Task<void> WorkerSession::run() {
    auto state = state_;
    if (!state->database_url) {
        log::warn("worker.session_lease_only",
                  {{"reason", "no direct PostgreSQL URL (KEEL_LISTEN_DATABASE_URL) behind a transaction pooler"}});
        co_return;
    }
    asio::steady_timer backoff(co_await asio::this_coro::executor);
    while (!state->stopping) {
        std::string failure = co_await hold_once(*state);
        state->held = false;
        if (state->stopping) {
            break;
        }
        log::error("worker.session_lost", {{"reason", failure}});
        backoff.expires_after(std::chrono::seconds(1));
        co_await backoff.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

}  // namespace keel::db
