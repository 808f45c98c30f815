#include "db/jobs/job_announcer.hpp"

#include <atomic>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "core/log.hpp"
#include "db/jobs/job_statements.hpp"
#include "db/pool.hpp"

namespace keel::db {

struct JobAnnouncer::State {
    State(boost::asio::any_io_executor executor_, Pool& pool_) : executor(std::move(executor_)), pool(pool_) {}

    boost::asio::any_io_executor executor;
    Pool& pool;
    std::atomic<bool> pending{false};  // a job committed that no NOTIFY sent yet has announced
    std::atomic<bool> sending{false};  // the sending coroutine runs
    std::atomic<std::uint64_t> sent{0};
};

namespace {

// Sends until no announce() is left unanswered. The NOTIFY of each round starts after every announce() that
// cleared `pending` for it, hence after their commits.
Task<void> send_until_quiet(std::shared_ptr<JobAnnouncer::State> state) {
    for (;;) {
        while (state->pending.exchange(false)) {
            Params none;  // named: g++ 12 destroys a braced temporary in a co_await twice
            auto sent = co_await state->pool.query(job_sql::kAnnounce, std::move(none));
            if (sent) {
                state->sent.fetch_add(1, std::memory_order_relaxed);
            } else {
                log::warn("jobs.announce_failed", {{"error", sent.error().detail}});
            }
        }
        state->sending.store(false);
        // An announce() between the last exchange and the store above saw `sending` still set: take it over.
        if (!state->pending.load() || state->sending.exchange(true)) {
            co_return;
        }
    }
}

}  // namespace

JobAnnouncer::JobAnnouncer(boost::asio::any_io_executor executor, Pool& pool)
    : state_(std::make_shared<State>(std::move(executor), pool)) {}

void JobAnnouncer::announce() {
    state_->pending.store(true);
    if (!state_->sending.exchange(true)) {
        boost::asio::co_spawn(state_->executor, send_until_quiet(state_), boost::asio::detached);
    }
}

std::uint64_t JobAnnouncer::sent() const {
    return state_->sent.load(std::memory_order_relaxed);
}

}  // namespace keel::db
