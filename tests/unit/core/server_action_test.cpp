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

struct AuthorizeCase {
    const char* name;
    Role role;
    A action;
    bool allowed;
};

// Every action for both roles: a new action or role must be placed here on purpose.
const AuthorizeCase kAuthorizeCases[] = {
    {"client_suspend", Role::kClient, A::kSuspend, false},  {"client_unsuspend", Role::kClient, A::kUnsuspend, false},
    {"client_reboot", Role::kClient, A::kReboot, true},     {"client_start", Role::kClient, A::kStart, true},
    {"client_stop", Role::kClient, A::kStop, true},         {"client_terminate", Role::kClient, A::kTerminate, true},
    {"client_retry", Role::kClient, A::kRetry, true},       {"admin_suspend", Role::kAdmin, A::kSuspend, true},
    {"admin_unsuspend", Role::kAdmin, A::kUnsuspend, true}, {"admin_reboot", Role::kAdmin, A::kReboot, true},
    {"admin_start", Role::kAdmin, A::kStart, true},         {"admin_stop", Role::kAdmin, A::kStop, true},
    {"admin_terminate", Role::kAdmin, A::kTerminate, true}, {"admin_retry", Role::kAdmin, A::kRetry, true},
};

TEST(AuthorizeAction, OperatorLeversAreAdminOnly) {
    for (const auto& c : kAuthorizeCases) {
        SCOPED_TRACE(c.name);
        auto allowed = authorize_action(c.role, c.action);
        ASSERT_EQ(allowed.has_value(), c.allowed);
        if (!c.allowed) {
            EXPECT_EQ(allowed.error().code, ErrorCode::kForbidden);
            EXPECT_NE(allowed.error().detail.find(to_string(c.action)), std::string::npos);
        }
    }
}

struct RolePlanCase {
    const char* name;
    Role role;
    S status;
    std::optional<PowerState> power;
    A action;
    std::optional<ErrorCode> want_error;  // none: planned
};

const RolePlanCase kRolePlanCases[] = {
    // 403 comes before 409: a client learns nothing about the state from a lever it may not pull.
    {"client_unsuspend_active_is_forbidden_not_conflict", Role::kClient, S::kActive, kRunning, A::kUnsuspend,
     ErrorCode::kForbidden},
    {"client_unsuspend_suspended", Role::kClient, S::kSuspended, kStopped, A::kUnsuspend, ErrorCode::kForbidden},
    {"client_suspend_active", Role::kClient, S::kActive, kRunning, A::kSuspend, ErrorCode::kForbidden},
    {"client_suspend_terminated", Role::kClient, S::kTerminated, kStopped, A::kSuspend, ErrorCode::kForbidden},
    {"client_reboot_running", Role::kClient, S::kActive, kRunning, A::kReboot, std::nullopt},
    {"client_start_running_is_conflict", Role::kClient, S::kActive, kRunning, A::kStart, ErrorCode::kConflict},
    {"admin_unsuspend_suspended", Role::kAdmin, S::kSuspended, kStopped, A::kUnsuspend, std::nullopt},
    {"admin_suspend_active", Role::kAdmin, S::kActive, kRunning, A::kSuspend, std::nullopt},
    {"admin_unsuspend_active_is_conflict", Role::kAdmin, S::kActive, kRunning, A::kUnsuspend, ErrorCode::kConflict},
};

TEST(PlanActionForRole, ChecksWhoBeforeTheStateMachine) {
    for (const auto& c : kRolePlanCases) {
        SCOPED_TRACE(c.name);
        auto planned = plan_action(c.role, c.status, c.power, c.action);
        if (c.want_error) {
            ASSERT_FALSE(planned.has_value());
            EXPECT_EQ(planned.error().code, *c.want_error);
            continue;
        }
        ASSERT_TRUE(planned.has_value()) << planned.error().detail;
        EXPECT_EQ(planned->job_kind, to_string(c.action));
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
