#pragma once
// The provisioning queue as the worker sees it. Every write after the claim is guarded by the lease holder,
// so a worker whose lease expired (and whose job another worker took) cannot overwrite the outcome: such a
// write answers kConflict ("the lease is lost"), and the caller must stop the job's work.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/task.hpp"
#include "db/jobs/job.hpp"
#include "db/write_batcher.hpp"

namespace keel::db {

class Pool;

// What a finished job leaves on its server; empty fields leave the column as it is.
struct JobOutcome {
    std::optional<std::string> node;
    std::optional<std::int64_t> vmid;
    std::optional<std::string> status;       // active, suspended, terminated …
    std::optional<std::string> power_state;  // running | stopped
};

// A job given up because the workers running it kept dying (see jobs.bury_abandoned).
struct BuriedJob {
    JobId id;
    JobKind kind = JobKind::kProvision;
    ServerId server_id;
    int attempt = 0;
    std::string reason;
};

struct AbandonedJobs {
    std::vector<ClaimedJob> resumed;  // now held by this worker
    std::vector<BuriedJob> buried;    // attempts spent: dead
};

// The writes a worker's jobs make while they run side by side — recording each task, settling a success — go out
// in batches (db::WriteBatcher): one statement and one commit for whatever the batch's jobs wrote meanwhile, each
// answered only once committed.
class JobRepository {
public:
    JobRepository(Pool& pool, std::string worker_id);
    JobRepository(const JobRepository&) = delete;  // its batches call back into it
    JobRepository& operator=(const JobRepository&) = delete;

    // Up to `limit` ready jobs; empty when there is nothing to do.
    Task<Result<std::vector<ClaimedJob>>> claim(std::chrono::seconds lease, int limit);
    // Jobs whose worker died (its session ended) or hung (its lease ran out): up to `limit` taken over, and
    // those whose attempts are spent marked dead. Costs a read of pg_locks: not for every claim.
    Task<Result<AbandonedJobs>> claim_abandoned(std::chrono::seconds lease, int limit);
    // Each of these answers kConflict when this worker no longer holds the job.
    Task<Status> heartbeat(JobId job, std::chrono::seconds lease);
    // The hypervisor task the job is about to wait on (ClaimedJob::task_upid of its next attempt).
    Task<Status> record_task(JobId job, std::string upid);
    Task<Status> succeed(JobId job, JobOutcome outcome);
    Task<Status> retry_later(JobId job, std::chrono::milliseconds delay, std::string error);
    // `server_status`: what the server becomes (failed, for provisioning); empty leaves it.
    Task<Status> give_up(JobId job, std::string error, std::optional<std::string> server_status);

    // Re-queues every job held under this worker's id (see jobs.release_own); returns how many.
    Task<Result<std::int64_t>> release_own();
    // Re-queues every job held by workers whose id starts with `prefix`; returns how many.
    Task<Result<std::int64_t>> release_held(std::string prefix);

    const std::string& worker_id() const { return worker_id_; }

    struct TaskRecord {
        JobId job;
        std::string upid;
    };
    struct Success {
        JobId job;
        JobOutcome outcome;
    };

private:
    Pool& pool_;
    std::string worker_id_;
    WriteBatcher<TaskRecord> task_records_;
    WriteBatcher<Success> successes_;
};

}  // namespace keel::db
