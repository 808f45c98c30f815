#pragma once
#include "db/statement.hpp"

namespace keel::db::credential_sql {

#define KEEL_TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

// The server as the caller may see it ($2 NULL: an admin); no row: absent or another client's.
inline constexpr Statement kVisibleServer{
    "credentials.visible_server", "SELECT status FROM servers WHERE id = $1 AND ($2::bigint IS NULL OR owner_id = $2)"};

// Locked until the reveal commits: two owner reveals at once cannot both find a credential unread.
inline constexpr Statement kLockForReveal{"credentials.lock_for_reveal",
                                          "SELECT name, secret, " KEEL_TS(
                                              "revealed_at") " FROM server_credentials WHERE server_id = $1 "
                                                             "ORDER BY name FOR UPDATE"};

// The owner's reveal: what was unread is read now.
inline constexpr Statement kMarkRevealed{
    "credentials.mark_revealed",
    "UPDATE server_credentials SET revealed_at = now() WHERE server_id = $1 AND revealed_at IS NULL"};

// The audit entry, in the reveal's transaction; its time is the reveal's.
inline constexpr Statement kRecordReveal{
    "credentials.record_reveal",
    "INSERT INTO server_events (server_id, actor_id, from_status, to_status, kind) "
    "VALUES ($1, $2, $3, $3, 'credentials_revealed') RETURNING " KEEL_TS("created_at")};

// Rotation: the credentials not yet under the current key ($1), locked until the transaction re-sealing them ends.
inline constexpr Statement kLockStale{"credentials.lock_stale",
                                      "SELECT server_id, name, secret FROM server_credentials "
                                      "WHERE secret_key_id <> $1 ORDER BY server_id, name FOR UPDATE"};
inline constexpr Statement kSetSecret{
    "credentials.set_secret",
    "UPDATE server_credentials SET secret = $3, secret_key_id = split_part($3, ':', 1), updated_at = now() "
    "WHERE server_id = $1 AND name = $2"};

#undef KEEL_TS

}  // namespace keel::db::credential_sql
