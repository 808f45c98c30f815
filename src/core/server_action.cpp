#include "core/server_action.hpp"

#include <array>
#include <string>
#include <utility>

namespace keel {

namespace {

constexpr std::array<std::pair<ActionType, std::string_view>, 7> kActions{{
    {ActionType::kSuspend, "suspend"},
    {ActionType::kUnsuspend, "unsuspend"},
    {ActionType::kReboot, "reboot"},
    {ActionType::kStart, "start"},
    {ActionType::kStop, "stop"},
    {ActionType::kTerminate, "terminate"},
    {ActionType::kRetry, "retry"},
}};

std::unexpected<Error> forbidden(ActionType action, ServerStatus status, std::optional<PowerState> power) {
    std::string state(to_string(status));
    if (power) {
        state += " (" + std::string(to_string(*power)) + ")";
    }
    return fail(ErrorCode::kConflict, "cannot " + std::string(to_string(action)) + " a server that is " + state);
}

}  // namespace

std::string_view to_string(ActionType action) {
    for (const auto& [value, name] : kActions) {
        if (value == action) {
            return name;
        }
    }
    return "unknown";
}

std::optional<ActionType> parse_action_type(std::string_view text) {
    for (const auto& [value, name] : kActions) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view to_string(PowerState power) {
    return power == PowerState::kRunning ? "running" : "stopped";
}

std::optional<PowerState> parse_power_state(std::string_view text) {
    if (text == "running") {
        return PowerState::kRunning;
    }
    if (text == "stopped") {
        return PowerState::kStopped;
    }
    return std::nullopt;
}

Result<PlannedAction> plan_action(ServerStatus status, std::optional<PowerState> power, ActionType action) {
    using S = ServerStatus;
    const bool running = power == PowerState::kRunning;
    switch (action) {
        case ActionType::kSuspend:
            if (status == S::kActive) {
                return PlannedAction{"suspend", std::nullopt};
            }
            break;
        case ActionType::kUnsuspend:
            if (status == S::kSuspended) {
                return PlannedAction{"unsuspend", std::nullopt};
            }
            break;
        case ActionType::kReboot:
        case ActionType::kStop:
            if (status == S::kActive && running) {
                return PlannedAction{action == ActionType::kReboot ? "reboot" : "stop", std::nullopt};
            }
            break;
        case ActionType::kStart:
            if (status == S::kActive && !running) {
                return PlannedAction{"start", std::nullopt};
            }
            break;
        case ActionType::kTerminate:
            if (status == S::kActive || status == S::kSuspended || status == S::kFailed || status == S::kTerminating) {
                return PlannedAction{"terminate", S::kTerminating};
            }
            break;
        case ActionType::kRetry:
            if (status == S::kFailed) {
                return PlannedAction{"provision", S::kPending};
            }
            break;
    }
    return forbidden(action, status, power);
}

Status authorize_action(Role role, ActionType action) {
    switch (role) {
        case Role::kAdmin: return {};
        case Role::kClient: break;
    }
    switch (action) {
        case ActionType::kSuspend:
        case ActionType::kUnsuspend:
            return fail(ErrorCode::kForbidden, "only the operator may " + std::string(to_string(action)) + " a server");
        case ActionType::kReboot:
        case ActionType::kStart:
        case ActionType::kStop:
        case ActionType::kTerminate:
        case ActionType::kRetry: return {};
    }
    return fail(ErrorCode::kForbidden, "unknown action");
}

Result<PlannedAction> plan_action(Role role, ServerStatus status, std::optional<PowerState> power, ActionType action) {
    if (auto allowed = authorize_action(role, action); !allowed) {
        return std::unexpected(allowed.error());
    }
    return plan_action(status, power, action);
}

}  // namespace keel
