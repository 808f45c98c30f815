#include "core/server_action.hpp"

#include <gtest/gtest.h>

namespace keel {
namespace {

using S = ServerStatus;
using A = ActionType;
constexpr auto kRunning = PowerState::kRunning;
constexpr auto kStopped = PowerState::kStopped;

struct PlanCase {
    const char* name;
    S status;
    std::optional<PowerState> power;
    A action;
    const char* want_kind;  // nullptr: refused with 409
    std::optional<S> status_now;
};

const PlanCase kCases[] = {
    {"suspend_active", S::kActive, kRunning, A::kSuspend, "suspend", std::nullopt},
    {"suspend_suspended", S::kSuspended, kStopped, A::kSuspend, nullptr, std::nullopt},
    {"unsuspend_suspended", S::kSuspended, kStopped, A::kUnsuspend, "unsuspend", std::nullopt},
    {"unsuspend_active", S::kActive, kRunning, A::kUnsuspend, nullptr, std::nullopt},
    {"reboot_running", S::kActive, kRunning, A::kReboot, "reboot", std::nullopt},
    {"reboot_stopped", S::kActive, kStopped, A::kReboot, nullptr, std::nullopt},
    {"stop_running", S::kActive, kRunning, A::kStop, "stop", std::nullopt},
    {"stop_stopped", S::kActive, kStopped, A::kStop, nullptr, std::nullopt},
    {"start_stopped", S::kActive, kStopped, A::kStart, "start", std::nullopt},
    {"start_running", S::kActive, kRunning, A::kStart, nullptr, std::nullopt},
    {"reboot_while_provisioning", S::kProvisioning, std::nullopt, A::kReboot, nullptr, std::nullopt},
    {"terminate_active", S::kActive, kRunning, A::kTerminate, "terminate", S::kTerminating},
    {"terminate_failed", S::kFailed, std::nullopt, A::kTerminate, "terminate", S::kTerminating},
    {"terminate_pending", S::kPending, std::nullopt, A::kTerminate, nullptr, std::nullopt},
    {"anything_on_terminated", S::kTerminated, kStopped, A::kStart, nullptr, std::nullopt},
    {"terminate_terminated", S::kTerminated, kStopped, A::kTerminate, nullptr, std::nullopt},
    {"retry_failed", S::kFailed, std::nullopt, A::kRetry, "provision", S::kPending},
    {"retry_active", S::kActive, kRunning, A::kRetry, nullptr, std::nullopt},
};

TEST(PlanAction, FollowsTheStateMachine) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        auto planned = plan_action(c.status, c.power, c.action);
        if (c.want_kind == nullptr) {
            ASSERT_FALSE(planned.has_value());
            EXPECT_EQ(planned.error().code, ErrorCode::kConflict);
            EXPECT_NE(planned.error().detail.find(to_string(c.status)), std::string::npos);
            continue;
        }
        ASSERT_TRUE(planned.has_value()) << planned.error().detail;
        EXPECT_EQ(planned->job_kind, c.want_kind);
        EXPECT_EQ(planned->status_now, c.status_now);
    }
}

TEST(ActionType, RoundTripsThroughText) {
    for (auto action : {A::kSuspend, A::kUnsuspend, A::kReboot, A::kStart, A::kStop, A::kTerminate, A::kRetry}) {
        EXPECT_EQ(parse_action_type(to_string(action)), action);
    }
    EXPECT_EQ(parse_action_type("destroy"), std::nullopt);
}

}  // namespace
}  // namespace keel
