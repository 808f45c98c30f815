#include "core/viewer.hpp"

#include <gtest/gtest.h>

namespace keel {
namespace {

const Viewer kAdmin{UserId{1}, Role::kAdmin};
const Viewer kClient{UserId{7}, Role::kClient};
constexpr const char* kRawError = "clone failed: storage 'local-lvm' on node pve-fra1-03 is full";

TEST(SeesInternals, OnlyOperators) {
    EXPECT_TRUE(sees_internals(kAdmin));
    EXPECT_FALSE(sees_internals(kClient));
}

struct ErrorCase {
    const char* name;
    Viewer viewer;
    std::optional<std::string> error;
    std::optional<std::string> want;
};

const ErrorCase kErrorCases[] = {
    {"admin_reads_raw", kAdmin, kRawError, kRawError},
    {"client_reads_generic", kClient, kRawError, std::string(kClientErrorReason)},
    {"client_none_stays_none", kClient, std::nullopt, std::nullopt},
    {"admin_none_stays_none", kAdmin, std::nullopt, std::nullopt},
};

TEST(ShownError, RawForOperatorsGenericForClients) {
    for (const auto& c : kErrorCases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(shown_error(c.viewer, c.error), c.want);
    }
}

struct ActorCase {
    const char* name;
    Viewer viewer;
    std::optional<std::int64_t> actor_id;
    ShownActor want;
};

const ActorCase kActorCases[] = {
    {"system_to_client", kClient, std::nullopt, {ActorKind::kSystem, std::nullopt}},
    {"system_to_admin", kAdmin, std::nullopt, {ActorKind::kSystem, std::nullopt}},
    {"client_sees_itself", kClient, 7, {ActorKind::kUser, 7}},
    {"client_sees_admin_as_staff", kClient, 1, {ActorKind::kStaff, std::nullopt}},
    {"client_sees_other_user_as_staff", kClient, 99, {ActorKind::kStaff, std::nullopt}},
    {"admin_sees_client", kAdmin, 7, {ActorKind::kUser, 7}},
    {"admin_sees_other_admin", kAdmin, 2, {ActorKind::kUser, 2}},
    {"admin_sees_itself", kAdmin, 1, {ActorKind::kUser, 1}},
};

TEST(ShownActor, StaffStayAnonymousToClients) {
    for (const auto& c : kActorCases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(shown_actor(c.viewer, c.actor_id), c.want);
    }
}

TEST(ActorKind, NamesAsTheApiWritesThem) {
    EXPECT_EQ(to_string(ActorKind::kUser), "user");
    EXPECT_EQ(to_string(ActorKind::kStaff), "staff");
    EXPECT_EQ(to_string(ActorKind::kSystem), "system");
}

}  // namespace
}  // namespace keel
