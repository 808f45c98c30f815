#pragma once
// A server's lifecycle status, stored as text in servers.status. Power state is kept apart (power_state.hpp).
#include <optional>
#include <string_view>

namespace keel {

enum class ServerStatus {
    kPending,       // accepted, waiting for a worker; from: creation, retry of a failed server
    kProvisioning,  // a worker is building it on the hypervisor; from: pending
    kActive,        // built and usable; from: provisioning, suspended (unsuspend)
    kSuspended,     // kept but blocked by the operator; from: active
    kFailed,        // provisioning gave up; last_error says why; from: provisioning
    kTerminating,   // being destroyed; from: active, suspended, failed
    kTerminated,    // gone from the hypervisor; final; from: terminating
};

std::string_view to_string(ServerStatus status);
std::optional<ServerStatus> parse_server_status(std::string_view text);

// The worker's moves during provisioning; anything else is refused.
bool can_transition(ServerStatus from, ServerStatus to);

}  // namespace keel
