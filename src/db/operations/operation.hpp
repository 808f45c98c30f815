#pragma once
// A queued lifecycle operation (a row of jobs) as the API shows it, and a server's audit trail.
#include <cstdint>
#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/server_event_kind.hpp"

namespace keel::db {

struct Operation {
    JobId id;
    std::string kind;   // provision, suspend, …
    std::string state;  // queued, running, succeeded, dead
    ServerId server_id;
    int attempt = 0;
    int max_attempts = 0;
    std::optional<std::string> last_error;
    std::optional<std::int64_t> requested_by;
    std::string created_at, updated_at;
    std::optional<std::string> finished_at;
};

struct ServerEvent {
    std::int64_t id = 0;
    ServerEventKind kind = ServerEventKind::kStatus;
    std::optional<std::string> from_status;
    std::string to_status;
    std::optional<std::int64_t> actor_id;  // empty: the system
    std::optional<std::int64_t> job_id;
    std::optional<std::string> error;
    std::string created_at;
};

}  // namespace keel::db
