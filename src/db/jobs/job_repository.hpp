#pragma once
// The provisioning queue as the worker sees it. Every write after the claim is guarded by the lease holder,
// so a worker whose lease expired (and whose job another worker took) cannot overwrite the outcome.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/task.hpp"
#include "db/jobs/job.hpp"

namespace keel::db {

class Pool;

// What a finished job leaves on its server; empty fields leave the column as it is.
struct JobOutcome {
    std::optional<std::string> node;
    std::optional<std::int64_t> vmid;
    std::optional<std::string> status;       // active, suspended, terminated …
    std::optional<std::string> power_state;  // running | stopped
};

class JobRepository {
public:
    JobRepository(Pool& pool, std::string worker_id) : pool_(pool), worker_id_(std::move(worker_id)) {}

    // Up to `limit` ready jobs, or else jobs whose lease expired; empty when there is nothing to do.
    Task<Result<std::vector<ClaimedJob>>> claim(std::chrono::seconds lease, int limit);
    Task<Status> heartbeat(JobId job, std::chrono::seconds lease);
    Task<Status> succeed(JobId job, JobOutcome outcome);
    Task<Status> retry_later(JobId job, std::chrono::milliseconds delay, std::string error);
    // `server_status`: what the server becomes (failed, for provisioning); empty leaves it.
    Task<Status> give_up(JobId job, std::string error, std::optional<std::string> server_status);

    // Re-queues every job held by workers whose id starts with `prefix`; returns how many.
    Task<Result<std::int64_t>> release_held(std::string prefix);

    const std::string& worker_id() const { return worker_id_; }

private:
    Pool& pool_;
    std::string worker_id_;
};

}  // namespace keel::db
