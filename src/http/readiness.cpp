#include "http/readiness.hpp"

#include <atomic>
#include <mutex>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "db/monitoring/monitoring_repository.hpp"
#include "db/schema_migrations.hpp"

namespace keel::http {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct Readiness::State {
    db::MonitoringRepository monitoring;
    Options options;
    std::atomic<bool> draining{false};
    std::mutex mutex;
    bool probing = false;
    std::optional<ReadinessReport> last;  // the newest probe's answer
    Clock::time_point last_at{};

    State(db::Pool& pool, Options o) : monitoring(pool, db::embedded_migrations()), options(o) {}

    // The answer of a probe that finished at or after `since`, if there is one.
    std::optional<ReadinessReport> answer_since(Clock::time_point since) {
        std::lock_guard lock(mutex);
        if (last && last_at >= since) {
            return last;
        }
        return std::nullopt;
    }
};

namespace {

Task<void> probe(std::shared_ptr<Readiness::State> state) {
    ReadinessReport report;
    auto current = co_await state->monitoring.schema_current();
    if (!current) {
        report.reason = "database unreachable";
        log::warn("readiness.database_failed", {{"reason", current.error().detail}});
    } else if (!*current) {
        report.reason = "schema not current: run keel-api migrate";
    } else {
        report.ready = true;
    }
    std::lock_guard lock(state->mutex);
    state->probing = false;
    state->last = report;
    state->last_at = Clock::now();
}

}  // namespace

Readiness::Readiness(db::Pool& pool, Options options) : state_(std::make_shared<State>(pool, options)) {}
Readiness::~Readiness() = default;

void Readiness::start_draining() {
    state_->draining = true;
}

bool Readiness::draining() const {
    return state_->draining;
}

Task<ReadinessReport> Readiness::check() {
    if (state_->draining) {
        co_return ReadinessReport{false, "draining: the process is shutting down"};
    }
    const auto now = Clock::now();
    if (auto recent = state_->answer_since(now - state_->options.reuse)) {
        co_return *recent;
    }
    auto executor = co_await asio::this_coro::executor;
    {
        std::lock_guard lock(state_->mutex);
        if (!state_->probing) {
            state_->probing = true;
            asio::co_spawn(executor, probe(state_), [state = state_](std::exception_ptr failure) {
                if (failure) {  // never leave `probing` set: every later check would wait for nothing
                    std::lock_guard relock(state->mutex);
                    state->probing = false;
                    state->last = ReadinessReport{false, "readiness probe failed"};
                    state->last_at = Clock::now();
                }
            });
        }
    }
    // Poll for the probe's answer: a short timer per step keeps this independent of how the probe ends.
    asio::steady_timer timer(executor);
    const auto deadline = now + state_->options.timeout;
    while (Clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(5));
        co_await timer.async_wait(asio::use_awaitable);
        if (auto answer = state_->answer_since(now)) {
            co_return *answer;
        }
    }
    co_return ReadinessReport{
        false, "database did not answer within " + std::to_string(state_->options.timeout.count()) + " ms"};
}

}  // namespace keel::http
