#include "core/server_status.hpp"

#include <array>
#include <utility>

namespace keel {

namespace {
constexpr std::array<std::pair<ServerStatus, std::string_view>, 7> kNames{{
    {ServerStatus::kPending, "pending"},
    {ServerStatus::kProvisioning, "provisioning"},
    {ServerStatus::kActive, "active"},
    {ServerStatus::kSuspended, "suspended"},
    {ServerStatus::kFailed, "failed"},
    {ServerStatus::kTerminating, "terminating"},
    {ServerStatus::kTerminated, "terminated"},
}};
}  // namespace

std::string_view to_string(ServerStatus status) {
    for (const auto& [value, name] : kNames) {
        if (value == status) {
            return name;
        }
    }
    return "pending";
}

std::optional<ServerStatus> parse_server_status(std::string_view text) {
    for (const auto& [value, name] : kNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

bool can_transition(ServerStatus from, ServerStatus to) {
    using S = ServerStatus;
    switch (from) {
        case S::kPending: return to == S::kProvisioning || to == S::kTerminating;
        case S::kProvisioning: return to == S::kActive || to == S::kFailed || to == S::kPending;
        case S::kActive: return to == S::kSuspended || to == S::kTerminating;
        case S::kSuspended: return to == S::kActive || to == S::kTerminating;
        case S::kFailed: return to == S::kPending || to == S::kTerminating;
        case S::kTerminating: return to == S::kTerminated || to == S::kTerminating;
        case S::kTerminated: return false;
    }
    return false;
}

}  // namespace keel
