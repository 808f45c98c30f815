#include "core/server_event_kind.hpp"

namespace keel {

std::string_view to_string(ServerEventKind kind) {
    switch (kind) {
        case ServerEventKind::kStatus: return "status";
        case ServerEventKind::kCredentialsRevealed: return "credentials_revealed";
    }
    return "status";
}

std::optional<ServerEventKind> parse_server_event_kind(std::string_view text) {
    for (auto kind : {ServerEventKind::kStatus, ServerEventKind::kCredentialsRevealed}) {
        if (to_string(kind) == text) {
            return kind;
        }
    }
    return std::nullopt;
}

}  // namespace keel
