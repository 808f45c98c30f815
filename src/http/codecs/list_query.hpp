#pragma once
// GET /servers query string: limit (1–100), cursor (opaque, from next_cursor), status, owner_id; and
// GET /admin/users: limit (1–100, default 50), cursor (the last id of the page before).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "http/codecs/json_fields.hpp"

namespace keel::http {

inline constexpr int kMaxServerPage = 100;
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

inline constexpr int kMaxUserPage = 100;
struct UserListQuery {
    int limit = 50;
    std::int64_t after_id = 0;  // 0: the first page
};
// The cursor is the last id of the page before, in decimal: users are never renumbered, so pages stay stable.
Decoded<UserListQuery> decode_user_list_query(std::string_view target);

}  // namespace keel::http
