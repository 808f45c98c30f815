#pragma once
#include <string>

#include "core/id.hpp"

namespace keel::db {

enum class JobKind {
    kProvision,  // build the server on the hypervisor: pending → provisioning → active | failed
};

// A job this worker holds a lease on.
struct ClaimedJob {
    JobId id;
    JobKind kind = JobKind::kProvision;
    ServerId server_id;
    int attempt = 0;  // this attempt's number, from 1
    int max_attempts = 0;
    std::string request_id;  // of the request that queued it, for the logs
};

}  // namespace keel::db
