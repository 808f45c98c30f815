#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/server_status.hpp"
#include "core/task.hpp"
#include "db/operations/operation.hpp"

namespace keel::db {

class JobAnnouncer;
class Pool;

struct ActionRequest {
    ServerId server;
    std::string job_kind;
    ServerStatus planned_from;               // the status the rule was checked against
    std::optional<ServerStatus> status_now;  // set at once (terminating, pending)
    UserId actor;
    std::string request_id;
};

class OperationRepository {
public:
    // `announcer` is told of every job enqueue queues.
    OperationRepository(Pool& pool, JobAnnouncer& announcer) : pool_(pool), announcer_(announcer) {}

    // kConflict when the server changed state meanwhile or an operation is already in flight.
    Task<Result<Operation>> enqueue(ActionRequest request);
    // kLimitExceeded when `owner`'s servers already have `max_in_flight` operations queued or running. Checked
    // before enqueue, not with it: concurrent requests of one client can overshoot by what they race with.
    Task<Status> check_in_flight_cap(UserId owner, std::int64_t max_in_flight);
    Task<Result<Operation>> find(JobId id, std::optional<UserId> visible_to);
    Task<Result<std::vector<ServerEvent>>> events(ServerId server);

private:
    Pool& pool_;
    JobAnnouncer& announcer_;
};

}  // namespace keel::db
