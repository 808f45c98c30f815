#include "provisioning/job_worker.hpp"

#include <atomic>
#include <functional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "core/metrics/registry.hpp"
#include "db/jobs/job_repository.hpp"
#include "db/jobs/worker_session.hpp"
#include "provisioning/job_wakeup.hpp"

namespace keel::provisioning {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct JobWorker::State {
    db::Pool& pool;
    const db::WorkerSession& session;
    RunJob run_job;
    WorkerOptions options;
    db::JobRepository jobs;
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> completed{0};

    State(db::Pool& p, const db::WorkerSession& s, RunJob r, WorkerOptions o)
        : pool(p), session(s), run_job(std::move(r)), options(std::move(o)), jobs(p, options.worker_id) {}
};

namespace {

bool is_retryable(const Error& error) {
    return error.code == ErrorCode::kRetryable || error.code == ErrorCode::kUnavailable;
}

// The jitter of a job's retry, in [0, 1): a hash of (seed, job, attempt), so no generator is shared by the
// coroutines settling jobs on several threads at once, and a run stays reproducible under its seed.
double jitter_unit(std::uint64_t seed, JobId job, int attempt) {
    std::uint64_t x = seed ^ (static_cast<std::uint64_t>(job.value) * 0x9E3779B97F4A7C15ULL) ^
                      (static_cast<std::uint64_t>(attempt) << 32);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;  // splitmix64's finaliser
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return static_cast<double>(x >> 11) * 0x1.0p-53;
}

Task<void> sleep_for(std::chrono::milliseconds delay) {
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

// One job's lease as its two coroutines (the work and the heartbeat) share it; both run on one strand.
struct JobLease {
    explicit JobLease(asio::any_io_executor executor) : timer(std::move(executor)) {}
    asio::steady_timer timer;  // the heartbeat's tick; cancelled when the work ends
    bool finished = false;
    std::stop_source lost;  // requested when another worker holds the job now
};

// Keeps the lease alive while a long build runs, so no other worker takes the job over; finds out early when
// one did (a heartbeat that touches no row) and stops the work. Beats every lease/3, and at once after this
// process's session was re-established (its jobs may have been taken over meanwhile).
Task<void> keep_lease(std::shared_ptr<JobWorker::State> state, JobId job, std::shared_ptr<JobLease> lease) {
    const auto period = std::chrono::duration_cast<Clock::duration>(state->options.lease) / 3;
    const auto tick = std::min<Clock::duration>(period, std::chrono::seconds(1));
    auto last_beat = Clock::now();
    auto generation = state->session.generation();
    while (!lease->finished) {
        lease->timer.expires_after(tick);
        auto [ec] = co_await lease->timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec || lease->finished) {
            co_return;  // cancelled: the job finished
        }
        if (Clock::now() - last_beat < period && generation == state->session.generation()) {
            continue;
        }
        generation = state->session.generation();
        auto renewed = co_await state->jobs.heartbeat(job, state->options.lease);
        if (lease->finished) {
            co_return;  // the job settled meanwhile (and released the row): nothing was lost
        }
        if (!renewed && renewed.error().code == ErrorCode::kConflict) {
            log::error(
                "job.lease_lost",
                {{"job_id", job.value}, {"worker_id", state->options.worker_id}, {"reason", renewed.error().detail}});
            lease->lost.request_stop();
            co_return;
        }
        if (!renewed) {
            log::warn("job.heartbeat_failed", {{"job_id", job.value}, {"reason", renewed.error().detail}});
            continue;  // the database is away: try again soon, the lease may still be ours
        }
        last_beat = Clock::now();
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

// A settling write that touched no row: the job is another worker's now, and its outcome is theirs to write.
void log_settle_failure(const JobWorker::State& state, const db::ClaimedJob& job, const Error& error) {
    if (error.code == ErrorCode::kConflict) {
        log::error("job.lease_lost",
                   {{"job_id", job.id.value}, {"worker_id", state.options.worker_id}, {"reason", error.detail}});
        return;
    }
    log::error("job.settle_failed", {{"job_id", job.id.value}, {"reason", error.detail}});
}

// A settling write while the database is away (a failover, a pooler restart) is tried again every second for up
// to a lease — as long as the job stays this worker's. One that committed but lost its answer comes back
// kConflict (no row is held any more) and is logged as a lost lease.
Task<Status> settle_write(const JobWorker::State& state, const std::function<Task<Status>()>& write) {
    const auto give_up_at = Clock::now() + state.options.lease;
    while (true) {
        auto written = co_await write();
        if (written || written.error().code != ErrorCode::kUnavailable || state.stopping ||
            Clock::now() >= give_up_at) {
            co_return written;
        }
        co_await sleep_for(std::chrono::seconds(1));
    }
}

// Returns the outcome label of keel_job_duration_seconds: succeeded, retried, dead, or settle_failed.
Task<std::string_view> settle(JobWorker::State& state, const db::ClaimedJob& job, const Result<JobResult>& built) {
    const auto fields_job = job.id.value;
    if (built) {
        // Named, not a temporary inside co_await (g++ 12 destroys those twice).
        const std::function<Task<Status>()> write = [&state, id = job.id, outcome = outcome_of(job.kind, *built)] {
            return state.jobs.succeed(id, outcome);
        };
        auto done = co_await settle_write(state, write);
        if (!done) {
            log_settle_failure(state, job, done.error());
            co_return "settle_failed";
        }
        ++state.completed;
        log::info("job.succeeded", {{"job_id", fields_job},
                                    {"kind", db::to_string(job.kind)},
                                    {"server_id", job.server_id.value},
                                    {"request_id", job.request_id}});
        co_return "succeeded";
    }
    const auto& error = built.error();
    BackoffPolicy policy = state.options.backoff;
    policy.max_attempts = job.max_attempts;
    if (is_retryable(error) && may_retry(policy, job.attempt)) {
        const auto delay = backoff_delay(policy, job.attempt, jitter_unit(state.options.seed, job.id, job.attempt));
        const std::function<Task<Status>()> write = [&state, id = job.id, delay, detail = error.detail] {
            return state.jobs.retry_later(id, delay, detail);
        };
        auto queued = co_await settle_write(state, write);
        if (!queued) {
            log_settle_failure(state, job, queued.error());
            co_return "settle_failed";
        }
        log::warn("job.retry", {{"job_id", fields_job},
                                {"kind", db::to_string(job.kind)},
                                {"server_id", job.server_id.value},
                                {"attempt", std::int64_t{job.attempt}},
                                {"delay_ms", static_cast<std::int64_t>(delay.count())},
                                {"reason", error.detail}});
        co_return "retried";
    }
    std::optional<std::string> server_status;
    if (job.kind == db::JobKind::kProvision) {
        server_status = "failed";
    }
    const std::function<Task<Status>()> write = [&state, id = job.id, detail = error.detail, server_status] {
        return state.jobs.give_up(id, detail, server_status);
    };
    auto buried = co_await settle_write(state, write);
    if (!buried) {
        log_settle_failure(state, job, buried.error());
        co_return "settle_failed";
    }
    log::error("job.dead", {{"job_id", fields_job},
                            {"kind", db::to_string(job.kind)},
                            {"server_id", job.server_id.value},
                            {"request_id", job.request_id},
                            {"attempt", std::int64_t{job.attempt}},
                            {"reason", error.detail}});
    ++state.completed;
    co_return "dead";
}

// Runs on its own strand, shared with its heartbeat.
Task<void> process(std::shared_ptr<JobWorker::State> state, db::ClaimedJob job) {
    auto executor = co_await asio::this_coro::executor;
    auto lease = std::make_shared<JobLease>(executor);
    asio::co_spawn(executor, keep_lease(state, job.id, lease), asio::detached);
    Result<JobResult> built = fail(ErrorCode::kInternal, "not run");
    const auto started = std::chrono::steady_clock::now();
    try {
        JobTasks tasks(lease->lost.get_token());
        tasks.interrupted_task = job.task_upid;
        tasks.record = [state, id = job.id](std::string upid) { return state->jobs.record_task(id, std::move(upid)); };
        built = co_await state->run_job(job.server, job, std::move(tasks));
    } catch (const std::exception& e) {
        built = fail(ErrorCode::kRetryable, std::string("worker fault: ") + e.what());
    }
    lease->finished = true;
    lease->timer.cancel();
    if (lease->lost.stop_requested()) {
        co_return;  // logged by the heartbeat; the job's outcome belongs to the worker that holds it now
    }
    const auto outcome = co_await settle(*state, job, built);
    if (state->options.metrics != nullptr) {
        const metrics::Labels labels{{"kind", std::string(db::to_string(job.kind))}, {"outcome", std::string(outcome)}};
        state->options.metrics
            ->histogram("keel_job_duration_seconds", "Jobs from claim to settlement by kind and outcome, seconds",
                        labels, metrics::kJobBuckets)
            .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
}

// Jobs of dead or hung peers; those whose attempts are spent come back dead, and are only logged.
// `*answer_lost`: the take-over may have committed without this worker hearing it (the database went away),
// so jobs may be running under its id that it does not run: released before the next claim, as for a claim.
Task<std::vector<db::ClaimedJob>> take_over_abandoned(JobWorker::State& state, int limit, bool* answer_lost) {
    auto abandoned = co_await state.jobs.claim_abandoned(state.options.lease, limit);
    if (!abandoned) {
        *answer_lost = abandoned.error().code == ErrorCode::kUnavailable;
        log::warn("worker.claim_failed",
                  {{"worker_id", state.options.worker_id}, {"reason", abandoned.error().detail}});
        co_return std::vector<db::ClaimedJob>{};
    }
    for (const auto& dead : abandoned->buried) {
        log::error("job.dead", {{"job_id", dead.id.value},
                                {"kind", db::to_string(dead.kind)},
                                {"server_id", dead.server_id.value},
                                {"attempt", std::int64_t{dead.attempt}},
                                {"reason", dead.reason}});
    }
    for (const auto& job : abandoned->resumed) {
        log::warn("job.taken_over", {{"job_id", job.id.value},
                                     {"kind", db::to_string(job.kind)},
                                     {"server_id", job.server_id.value},
                                     {"worker_id", state.options.worker_id},
                                     {"attempt", std::int64_t{job.attempt}}});
    }
    co_return std::move(abandoned->resumed);
}

}  // namespace

JobWorker::JobWorker(db::Pool& pool, const db::WorkerSession& session, RunJob run_job, WorkerOptions options)
    : state_(std::make_shared<State>(pool, session, std::move(run_job), std::move(options))) {}

JobWorker::~JobWorker() {
    stop();
}

Task<void> JobWorker::run() {
    auto state = state_;
    const auto subscriber = state->options.wakeup != nullptr ? state->options.wakeup->subscribe() : 0;
    const auto batch_size = static_cast<std::size_t>(state->options.batch_size);
    auto next_abandoned_check = Clock::now();
    bool claim_unanswered = false;  // the database went away during a claim: it may have claimed unheard-of jobs
    log::info("worker.started", {{"worker_id", state->options.worker_id}});
    while (!state->stopping) {
        if (!state->session.held()) {
            co_await sleep_for(std::chrono::milliseconds(100));  // claimed now, a job would look abandoned
            continue;
        }
        if (claim_unanswered) {
            auto released = co_await state->jobs.release_own();
            if (!released) {
                co_await sleep_for(std::chrono::seconds(1));
                continue;
            }
            claim_unanswered = false;
            if (*released > 0) {
                log::warn("worker.unanswered_claim_released",
                          {{"worker_id", state->options.worker_id}, {"count", *released}});
            }
        }
        auto jobs = co_await state->jobs.claim(state->options.lease, state->options.batch_size);
        if (!jobs) {
            claim_unanswered = jobs.error().code == ErrorCode::kUnavailable;
            log::warn("worker.claim_failed",
                      {{"worker_id", state->options.worker_id}, {"reason", jobs.error().detail}});
            co_await sleep_for(std::chrono::seconds(1));
            continue;
        }
        if (jobs->size() < batch_size && Clock::now() >= next_abandoned_check && state->session.may_take_over()) {
            next_abandoned_check = Clock::now() + state->options.abandoned_check;
            auto resumed =
                co_await take_over_abandoned(*state, static_cast<int>(batch_size - jobs->size()), &claim_unanswered);
            std::move(resumed.begin(), resumed.end(), std::back_inserter(*jobs));
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
            asio::co_spawn(asio::make_strand(executor), process(state, std::move(job)),
                           [&settled](std::exception_ptr failure) {
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
