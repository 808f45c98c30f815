#pragma once
// What a caller may ask of a server, and the rule that says whether it may, given where the server is.
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "core/role.hpp"
#include "core/server_status.hpp"

namespace keel {

enum class ActionType {
    kSuspend,    // active → suspended (the VM is stopped)
    kUnsuspend,  // suspended → active (the VM is started)
    kReboot,     // active and running
    kStart,      // active and stopped
    kStop,       // active and running
    kTerminate,  // active, suspended, failed or stuck terminating → terminating → terminated
    kRetry,      // failed → pending: provisioning runs again
};

std::string_view to_string(ActionType action);
std::optional<ActionType> parse_action_type(std::string_view text);

enum class PowerState { kRunning, kStopped };
std::string_view to_string(PowerState power);
std::optional<PowerState> parse_power_state(std::string_view text);

// The operation to queue: its job kind name, and the status the server takes at once (if any).
struct PlannedAction {
    std::string_view job_kind;  // provision | suspend | unsuspend | reboot | start | stop | terminate
    std::optional<ServerStatus> status_now;
};

// kConflict, naming the current state, when the state machine forbids the action.
Result<PlannedAction> plan_action(ServerStatus status, std::optional<PowerState> power, ActionType action);

// Who may ask for what (issue #9): suspend and unsuspend are the operator's levers (non-payment, abuse), so a
// client may not pull them on its own server; everything else a client may ask of a server it owns.
// kForbidden when `role` may not ask for `action` at all.
Status authorize_action(Role role, ActionType action);

// The whole decision for a request: who may ask first (kForbidden), then the state machine (kConflict), so a
// client asking to unsuspend is refused the same way whatever state the server is in.
Result<PlannedAction> plan_action(Role role, ServerStatus status, std::optional<PowerState> power, ActionType action);

}  // namespace keel
