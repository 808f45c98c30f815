#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "db/servers/server.hpp"

namespace keel::db {

enum class JobKind {
    kProvision,  // build the server on the hypervisor: pending → provisioning → active | failed
    kSuspend,    // stop the VM; active → suspended
    kUnsuspend,  // start the VM; suspended → active
    kReboot,
    kStart,
    kStop,
    kTerminate,  // destroy the VM; terminating → terminated
};

std::string_view to_string(JobKind kind);
std::optional<JobKind> parse_job_kind(std::string_view text);

// A job this worker holds a lease on.
struct ClaimedJob {
    JobId id;
    JobKind kind = JobKind::kProvision;
    ServerId server_id;
    int attempt = 0;  // this attempt's number, from 1
    int max_attempts = 0;
    std::string request_id;  // of the request that queued it, for the logs
    // The hypervisor task (UPID) an earlier attempt was waiting on when it stopped; wait on it first.
    std::optional<std::string> task_upid;
    Server server;  // as it stood when the job was claimed
};

}  // namespace keel::db
