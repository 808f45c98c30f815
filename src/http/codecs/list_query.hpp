#pragma once
// GET /servers query string: limit (1–100), cursor (opaque, from next_cursor), status, owner_id.
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "http/codecs/json_fields.hpp"

namespace keel::http {

struct ServerListQuery {
    int limit = 20;
    std::optional<std::string> status;
    std::optional<UserId> owner_id;
    std::optional<std::string> after_created_at, after_id;
};

Decoded<ServerListQuery> decode_server_list_query(std::string_view target);
// The timestamp half of a cursor, as the list query writes it (microseconds, UTC).
bool is_cursor_timestamp(std::string_view text);
// The cursor is opaque to clients: hex of "created_at|id".
std::string encode_cursor(std::string_view created_at, std::string_view id);

}  // namespace keel::http
