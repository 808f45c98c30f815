#pragma once
// What an entry of a server's timeline (server_events.kind) records.
#include <optional>
#include <string_view>

namespace keel {

enum class ServerEventKind {
    kStatus,               // the server moved from one status to another (recorded by a trigger)
    kCredentialsRevealed,  // someone read its stored credentials; from and to status are the status then
};

std::string_view to_string(ServerEventKind kind);
std::optional<ServerEventKind> parse_server_event_kind(std::string_view text);

}  // namespace keel
