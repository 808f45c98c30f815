#include "core/viewer.hpp"

namespace keel {

bool sees_internals(const Viewer& viewer) {
    switch (viewer.role) {
        case Role::kAdmin: return true;
        case Role::kClient: return false;
    }
    return false;
}

std::optional<std::string> shown_error(const Viewer& viewer, const std::optional<std::string>& error) {
    if (!error || sees_internals(viewer)) {
        return error;
    }
    return std::string(kClientErrorReason);
}

ShownActor shown_actor(const Viewer& viewer, std::optional<std::int64_t> actor_id) {
    if (!actor_id) {
        return ShownActor{ActorKind::kSystem, std::nullopt};
    }
    if (sees_internals(viewer) || *actor_id == viewer.user_id.value) {
        return ShownActor{ActorKind::kUser, actor_id};
    }
    return ShownActor{ActorKind::kStaff, std::nullopt};
}

std::string_view to_string(ActorKind kind) {
    switch (kind) {
        case ActorKind::kUser: return "user";
        case ActorKind::kStaff: return "staff";
        case ActorKind::kSystem: return "system";
    }
    return "system";
}

}  // namespace keel
