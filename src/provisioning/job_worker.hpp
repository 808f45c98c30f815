#pragma once
// The job worker: claims jobs from PostgreSQL (SKIP LOCKED, so any number of workers and processes run side by
// side, each holding a lease it renews while it works), carries each out on the hypervisor, and settles it:
// the server takes the job's outcome (provisioning: pending → provisioning → active), or the job is re-queued
// with exponential backoff and jitter, or — attempts spent or the fault permanent — it is dead with the reason
// (a failed provisioning marks the server failed).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/backoff.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "db/jobs/job.hpp"
#include "db/servers/server.hpp"

namespace keel::db {
class Pool;
}

namespace keel::provisioning {

class JobWakeup;

// Where a job left the VM (provisioning reports its node and VMID; other operations leave them empty).
struct JobResult {
    std::optional<std::string> node;
    std::optional<std::int64_t> vmid;
};

// Carries out one job on the hypervisor. kRetryable / kUnavailable errors are retried with backoff; any other
// error is permanent.
using RunJob = std::function<Task<Result<JobResult>>(const db::Server& server, const db::ClaimedJob& job)>;

struct WorkerOptions {
    std::string worker_id;  // appears in jobs.locked_by: host:pid:n
    std::chrono::seconds lease{60};
    std::chrono::milliseconds idle_poll{1000};  // the fallback when no NOTIFY arrives
    JobWakeup* wakeup = nullptr;                // shared by the process's workers; may be null
    int batch_size = 32;                        // jobs claimed in one commit and run side by side
    BackoffPolicy backoff;
    std::uint64_t seed = 1;
};

class JobWorker {
public:
    JobWorker(db::Pool& pool, RunJob run_job, WorkerOptions options);
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
