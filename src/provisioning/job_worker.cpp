#include "provisioning/job_worker.hpp"

#include <atomic>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "db/jobs/job_repository.hpp"
#include "provisioning/job_wakeup.hpp"

namespace keel::provisioning {

namespace asio = boost::asio;

struct JobWorker::State {
    db::Pool& pool;
    RunJob run_job;
    WorkerOptions options;
    db::JobRepository jobs;
    std::mt19937_64 random;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> completed{0};

    State(db::Pool& p, RunJob r, WorkerOptions o)
        : pool(p),
          run_job(std::move(r)),
          options(std::move(o)),
          jobs(p, options.worker_id),

          random(options.seed) {}
};

namespace {

bool is_retryable(const Error& error) {
    return error.code == ErrorCode::kRetryable || error.code == ErrorCode::kUnavailable;
}

Task<void> sleep_for(std::chrono::milliseconds delay) {
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

// Keeps the lease alive while a long build runs, so no other worker takes the job over.
Task<void> keep_lease(std::shared_ptr<JobWorker::State> state, JobId job, std::shared_ptr<asio::steady_timer> timer) {
    while (!state->stopping) {
        timer->expires_after(state->options.lease / 3);
        auto [ec] = co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            co_return;  // cancelled: the job finished
        }
        auto renewed = co_await state->jobs.heartbeat(job, state->options.lease);
        if (!renewed) {
            log::warn("job.heartbeat_failed", {{"job_id", job.value}, {"reason", renewed.error().detail}});
        }
    }
}

// What a job that succeeded leaves on its server.
db::JobOutcome outcome_of(db::JobKind kind, const JobResult& result) {
    using K = db::JobKind;
    db::JobOutcome outcome{result.node, result.vmid, std::nullopt, std::nullopt};
    switch (kind) {
        case K::kProvision:
            outcome.status = "active";
            outcome.power_state = "running";
            break;
        case K::kSuspend:
            outcome.status = "suspended";
            outcome.power_state = "stopped";
            break;
        case K::kUnsuspend:
            outcome.status = "active";
            outcome.power_state = "running";
            break;
        case K::kReboot:
        case K::kStart: outcome.power_state = "running"; break;
        case K::kStop: outcome.power_state = "stopped"; break;
        case K::kTerminate:
            outcome.status = "terminated";
            outcome.power_state = "stopped";
            break;
    }
    return outcome;
}

Task<void> settle(JobWorker::State& state, const db::ClaimedJob& job, const Result<JobResult>& built) {
    const auto fields_job = job.id.value;
    if (built) {
        auto done = co_await state.jobs.succeed(job.id, outcome_of(job.kind, *built));
        if (!done) {
            log::error("job.settle_failed", {{"job_id", fields_job}, {"reason", done.error().detail}});
            co_return;
        }
        ++state.completed;
        log::info("job.succeeded", {{"job_id", fields_job},
                                    {"kind", db::to_string(job.kind)},
                                    {"server_id", job.server_id.value},
                                    {"request_id", job.request_id}});
        co_return;
    }
    const auto& error = built.error();
    if (is_retryable(error) && may_retry(state.options.backoff, job.attempt)) {
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const auto delay = backoff_delay(state.options.backoff, job.attempt, unit(state.random));
        log::warn("job.retry", {{"job_id", fields_job},
                                {"kind", db::to_string(job.kind)},
                                {"server_id", job.server_id.value},
                                {"attempt", std::int64_t{job.attempt}},
                                {"delay_ms", static_cast<std::int64_t>(delay.count())},
                                {"reason", error.detail}});
        (void)co_await state.jobs.retry_later(job.id, delay, error.detail);
        co_return;
    }
    log::error("job.dead", {{"job_id", fields_job},
                            {"kind", db::to_string(job.kind)},
                            {"server_id", job.server_id.value},
                            {"request_id", job.request_id},
                            {"attempt", std::int64_t{job.attempt}},
                            {"reason", error.detail}});
    std::optional<std::string> server_status;
    if (job.kind == db::JobKind::kProvision) {
        server_status = "failed";
    }
    (void)co_await state.jobs.give_up(job.id, error.detail, server_status);
    ++state.completed;
}

Task<void> process(std::shared_ptr<JobWorker::State> state, db::ClaimedJob job) {
    auto heartbeat = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor);
    asio::co_spawn(co_await asio::this_coro::executor, keep_lease(state, job.id, heartbeat), asio::detached);
    Result<JobResult> built = fail(ErrorCode::kInternal, "not run");
    try {
        built = co_await state->run_job(job.server, job);
    } catch (const std::exception& e) {
        built = fail(ErrorCode::kRetryable, std::string("worker fault: ") + e.what());
    }
    heartbeat->cancel();
    co_await settle(*state, job, built);
}

}  // namespace

JobWorker::JobWorker(db::Pool& pool, RunJob run_job, WorkerOptions options)
    : state_(std::make_shared<State>(pool, std::move(run_job), std::move(options))) {}

JobWorker::~JobWorker() {
    stop();
}

Task<void> JobWorker::run() {
    auto state = state_;
    const auto subscriber = state->options.wakeup != nullptr ? state->options.wakeup->subscribe() : 0;
    log::info("worker.started", {{"worker_id", state->options.worker_id}});
    while (!state->stopping) {
        auto jobs = co_await state->jobs.claim(state->options.lease, state->options.batch_size);
        if (!jobs) {
            log::warn("worker.claim_failed",
                      {{"worker_id", state->options.worker_id}, {"reason", jobs.error().detail}});
            co_await sleep_for(std::chrono::seconds(1));
            continue;
        }
        if (jobs->empty()) {
            if (state->options.wakeup != nullptr) {
                co_await state->options.wakeup->wait(subscriber, state->options.idle_poll);
            } else {
                co_await sleep_for(state->options.idle_poll);
            }
            continue;
        }
        // The batch runs concurrently; the next claim waits until all of it has settled.
        auto executor = co_await asio::this_coro::executor;
        asio::experimental::concurrent_channel<void(boost::system::error_code)> settled(executor, jobs->size());
        for (auto& job : *jobs) {
            asio::co_spawn(executor, process(state, std::move(job)), [&settled](std::exception_ptr failure) {
                if (failure) {
                    log::error("job.crashed", {});
                }
                settled.try_send(boost::system::error_code{});
            });
        }
        for (std::size_t i = 0; i < jobs->size(); ++i) {
            co_await settled.async_receive(asio::as_tuple(asio::use_awaitable));
        }
    }
    log::info("worker.stopped", {{"worker_id", state->options.worker_id}});
}

void JobWorker::stop() {
    state_->stopping = true;
}

std::uint64_t JobWorker::jobs_completed() const {
    return state_->completed;
}

}  // namespace keel::provisioning
