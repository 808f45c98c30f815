#pragma once
// The job worker: claims jobs from PostgreSQL (SKIP LOCKED, so any number of workers and processes run side by
// side, each holding a lease it renews while it works), carries each out on the hypervisor, and settles it:
// the server takes the job's outcome (provisioning: pending → provisioning → active), or the job is re-queued
// with exponential backoff and jitter, or — attempts spent or the fault permanent — it is dead with the reason
// (a failed provisioning marks the server failed).
//
// A worker claims only while its db::WorkerSession holds its id, so the moment its process dies other workers
// see its jobs abandoned and take them over (each takeover counts as an attempt). A worker that finds it no
// longer holds a job (a heartbeat or the settling write touches no row: another worker took it over) stops the
// job's hypervisor work through the stop token and logs `job.lease_lost`; it never settles that job.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "core/backoff.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "db/jobs/job.hpp"
#include "db/servers/server.hpp"
#include "provisioning/job_tasks.hpp"

namespace keel::metrics {
class Registry;
}
namespace keel::db {
class Pool;
class WorkerSession;
}  // namespace keel::db

namespace keel::provisioning {

class JobWakeup;

// Where a job left the VM (provisioning reports its node and VMID; other operations leave them empty).
struct JobResult {
    std::optional<std::string> node;
    std::optional<std::int64_t> vmid;
};

// Carries out one job on the hypervisor. kRetryable / kUnavailable errors are retried with backoff; any other
// error is permanent. `tasks.stop` is requested when the lease is lost: make no further hypervisor call.
using RunJob =
    std::function<Task<Result<JobResult>>(const db::Server& server, const db::ClaimedJob& job, JobTasks tasks)>;

struct WorkerOptions {
    std::string worker_id;  // appears in jobs.locked_by: host:pid:n
    std::chrono::seconds lease{60};
    std::chrono::milliseconds idle_poll{1000};  // the fallback when no NOTIFY arrives
    // How often at most the worker looks for abandoned jobs (a peer died or hung): a read of pg_locks, kept off
    // the hot claim path. An idle worker looks this often, so a dead peer's jobs resume within about a second.
    std::chrono::milliseconds abandoned_check{1000};
    JobWakeup* wakeup = nullptr;  // shared by the process's workers; may be null
    int batch_size = 32;          // jobs claimed in one commit and run side by side
    BackoffPolicy backoff;        // delays between attempts; how many attempts is each job's own max_attempts
    std::uint64_t seed = 1;       // of the retry jitter
    // Where keel_job_duration_seconds{kind, outcome} goes; null: not measured. Must outlive the worker.
    metrics::Registry* metrics = nullptr;
};

class JobWorker {
public:
    // `session` must hold `options.worker_id`, and outlive the worker.
    JobWorker(db::Pool& pool, const db::WorkerSession& session, RunJob run_job, WorkerOptions options);
    ~JobWorker();

    // Runs until stop(); never throws for a job's failure.
    Task<void> run();
    void stop();
    std::uint64_t jobs_completed() const;

    struct State;  // shared with the job coroutines

private:
    std::shared_ptr<State> state_;
};

}  // namespace keel::provisioning
