#pragma once
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "core/result.hpp"
#include "core/task.hpp"

namespace keel::provisioning {

// What a job brings to each hypervisor operation:
//  - its stop token (requested when the job's lease is lost: no further call is made);
//  - the task it was waiting on when an earlier attempt was interrupted (persisted with the job), which is
//    waited on first, so a resumed job follows the same task instead of starting another;
//  - where to persist each task before waiting on it (may be empty: nothing persisted).
struct JobTasks {
    JobTasks() = default;
    JobTasks(std::stop_token stop_token) : stop(std::move(stop_token)) {}  // NOLINT: a bare token is common
    std::stop_token stop;
    std::optional<std::string> interrupted_task;
    std::function<Task<Status>(std::string upid)> record;
};

}  // namespace keel::provisioning
