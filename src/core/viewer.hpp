#pragma once
// Who is reading a server's record, and what of it they may see (issue #9). Operators see everything. A client
// never sees operator-internal details: the hypervisor node, raw hypervisor error text (it names nodes, VMIDs and
// storage), which staff member acted, or WHMCS fields marked admin-only. Codecs ask these functions; they never
// decide on their own.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "core/role.hpp"

namespace keel {

struct Viewer {
    UserId user_id;
    Role role = Role::kClient;
};

// What a client reads in place of a hypervisor error, wherever one is shown (server, operation, event).
inline constexpr std::string_view kClientErrorReason = "the hypervisor reported a problem; support has been notified";

// Node, admin-only attributes and staff ids: operators only.
bool sees_internals(const Viewer& viewer);

// The error as this viewer may read it: raw for operators, the generic reason for clients; none stays none.
std::optional<std::string> shown_error(const Viewer& viewer, const std::optional<std::string>& error);

enum class ActorKind {
    kUser,    // a named user: anyone for operators, only the client itself for a client
    kStaff,   // an operator acting on a client's server, unnamed to the client
    kSystem,  // a worker, no user
};

struct ShownActor {
    ActorKind kind = ActorKind::kSystem;
    std::optional<std::int64_t> user_id;  // set for kUser only
    friend bool operator==(const ShownActor&, const ShownActor&) = default;
};

// `actor_id` empty: the system. Any user other than a client viewer itself is, to that client, staff: a client
// can act only on its own servers, so another user on its server's record is an operator.
ShownActor shown_actor(const Viewer& viewer, std::optional<std::int64_t> actor_id);
std::string_view to_string(ActorKind kind);

}  // namespace keel
