#pragma once
// The provisioning worker: claims jobs from PostgreSQL (SKIP LOCKED, so any number of workers and processes
// run side by side), drives each server pending → provisioning → active, and on failure either re-queues the
// job with exponential backoff and jitter or, once attempts run out or the fault is permanent, marks the
// server failed with the reason.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
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

struct BuiltVm {
    std::string node;
    std::int64_t vmid = 0;
};

// Builds one server on the hypervisor. kRetryable / kUnavailable errors are retried with backoff; any other
// error is permanent.
using BuildServer = std::function<Task<Result<BuiltVm>>(const db::Server& server, const db::ClaimedJob& job)>;

struct WorkerOptions {
    std::string worker_id;  // appears in jobs.locked_by: host:pid:n
    std::chrono::seconds lease{60};
    std::chrono::milliseconds idle_poll{1000};  // the fallback when no NOTIFY arrives
    JobWakeup* wakeup = nullptr;                 // shared by the process's workers; may be null
    BackoffPolicy backoff;
    std::uint64_t seed = 1;
};

class JobWorker {
public:
    JobWorker(db::Pool& pool, BuildServer build, WorkerOptions options);
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
