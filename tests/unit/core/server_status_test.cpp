#include "core/server_status.hpp"

#include <gtest/gtest.h>

namespace keel {
namespace {

using S = ServerStatus;
const S kAll[] = {S::kPending, S::kProvisioning, S::kActive,    S::kSuspended,
                  S::kFailed,  S::kTerminating,  S::kTerminated};

TEST(ServerStatus, RoundTripsThroughText) {
    for (auto status : kAll) {
        EXPECT_EQ(parse_server_status(to_string(status)), status);
    }
    EXPECT_EQ(parse_server_status("Active"), std::nullopt);
    EXPECT_EQ(parse_server_status(""), std::nullopt);
}

struct TransitionCase {
    S from, to;
    bool allowed;
};
const TransitionCase kTransitions[] = {
    {S::kPending, S::kProvisioning, true}, {S::kProvisioning, S::kActive, true},
    {S::kProvisioning, S::kFailed, true},  {S::kProvisioning, S::kPending, true},  // lease lost, retried
    {S::kFailed, S::kPending, true},       {S::kActive, S::kSuspended, true},
    {S::kSuspended, S::kActive, true},     {S::kTerminating, S::kTerminated, true},
    {S::kPending, S::kActive, false},      {S::kActive, S::kProvisioning, false},
    {S::kFailed, S::kActive, false},       {S::kActive, S::kActive, false},
};

TEST(CanTransition, MatchesTable) {
    for (const auto& c : kTransitions) {
        SCOPED_TRACE(std::string(to_string(c.from)) + " -> " + std::string(to_string(c.to)));
        EXPECT_EQ(can_transition(c.from, c.to), c.allowed);
    }
}

TEST(CanTransition, TerminatedIsFinal) {
    for (auto to : kAll) {
        EXPECT_FALSE(can_transition(S::kTerminated, to));
    }
}

}  // namespace
}  // namespace keel
