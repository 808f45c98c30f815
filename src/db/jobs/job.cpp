#include "db/jobs/job.hpp"

#include <array>
#include <utility>

namespace keel::db {

namespace {
constexpr std::array<std::pair<JobKind, std::string_view>, 7> kKinds{{
    {JobKind::kProvision, "provision"},
    {JobKind::kSuspend, "suspend"},
    {JobKind::kUnsuspend, "unsuspend"},
    {JobKind::kReboot, "reboot"},
    {JobKind::kStart, "start"},
    {JobKind::kStop, "stop"},
    {JobKind::kTerminate, "terminate"},
}};
}  // namespace

std::string_view to_string(JobKind kind) {
    for (const auto& [value, name] : kKinds) {
        if (value == kind) {
            return name;
        }
    }
    return "provision";
}

std::optional<JobKind> parse_job_kind(std::string_view text) {
    for (const auto& [value, name] : kKinds) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace keel::db
