#include "core/credential_reveal.hpp"

#include <gtest/gtest.h>

#include "core/server_event_kind.hpp"

namespace keel {
namespace {

using Times = std::vector<std::optional<std::string>>;
constexpr const char* kEarly = "2026-01-02T03:04:05.000Z";
constexpr const char* kLate = "2026-02-01T00:00:00.000Z";

TEST(PlanReveal, NothingStoredIsNoCredentialsForEveryone) {
    EXPECT_EQ(plan_reveal(Role::kClient, {}).decision, RevealDecision::kNoCredentials);
    EXPECT_EQ(plan_reveal(Role::kAdmin, {}).decision, RevealDecision::kNoCredentials);
}

TEST(PlanReveal, OwnersFirstRevealShowsAllAndMarksThem) {
    const auto plan = plan_reveal(Role::kClient, Times{std::nullopt, std::nullopt});
    EXPECT_EQ(plan.decision, RevealDecision::kReveal);
    EXPECT_EQ(plan.shown, (std::vector<std::size_t>{0, 1}));
    EXPECT_TRUE(plan.mark_revealed);
    EXPECT_FALSE(plan.revealed_at);
}

TEST(PlanReveal, OwnersSecondRevealIsRefusedNamingTheLatestReveal) {
    const auto plan = plan_reveal(Role::kClient, Times{kEarly, kLate});
    EXPECT_EQ(plan.decision, RevealDecision::kAlreadyRevealed);
    EXPECT_TRUE(plan.shown.empty());
    EXPECT_FALSE(plan.mark_revealed);
    EXPECT_EQ(plan.revealed_at, kLate);
}

// A credential stored after the owner's reveal (a later migration run) is shown once, alone.
TEST(PlanReveal, OwnerSeesOnlyWhatItHasNotReadYet) {
    const auto plan = plan_reveal(Role::kClient, Times{kEarly, std::nullopt});
    EXPECT_EQ(plan.decision, RevealDecision::kReveal);
    EXPECT_EQ(plan.shown, (std::vector<std::size_t>{1}));
    EXPECT_TRUE(plan.mark_revealed);
}

TEST(PlanReveal, AdminsSeeEverythingAnyTimeWithoutMarking) {
    for (const auto& times : {Times{std::nullopt}, Times{kEarly, kLate}, Times{kEarly, std::nullopt}}) {
        const auto plan = plan_reveal(Role::kAdmin, times);
        EXPECT_EQ(plan.decision, RevealDecision::kReveal);
        EXPECT_EQ(plan.shown.size(), times.size());
        EXPECT_FALSE(plan.mark_revealed);
    }
}

TEST(ServerEventKind, RoundTripsItsStoredNames) {
    for (auto kind : {ServerEventKind::kStatus, ServerEventKind::kCredentialsRevealed}) {
        EXPECT_EQ(parse_server_event_kind(to_string(kind)), kind);
    }
    EXPECT_EQ(to_string(ServerEventKind::kCredentialsRevealed), "credentials_revealed");
    EXPECT_FALSE(parse_server_event_kind("Status"));
}

}  // namespace
}  // namespace keel
