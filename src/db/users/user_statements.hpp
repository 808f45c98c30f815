#pragma once
#include "db/statement.hpp"

namespace keel::db::user_sql {

#define KEEL_USER_COLUMNS                                                                  \
    "id, email, name, role, password_hash, must_reset_password, disabled_at IS NOT NULL, " \
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), session_version"

inline constexpr Statement kFindByEmail{"users.find_by_email",
                                        "SELECT " KEEL_USER_COLUMNS " FROM users WHERE lower(email) = lower($1)"};
inline constexpr Statement kFindById{"users.find_by_id", "SELECT " KEEL_USER_COLUMNS " FROM users WHERE id = $1"};
inline constexpr Statement kList{"users.list", "SELECT " KEEL_USER_COLUMNS " FROM users ORDER BY id"};
// GET /admin/users: keyset pages by id ($1: the last id of the page before, 0 for the first; $2: rows).
inline constexpr Statement kPage{"users.page",
                                 "SELECT " KEEL_USER_COLUMNS " FROM users WHERE id > $1 ORDER BY id LIMIT $2"};
inline constexpr Statement kCreate{
    "users.create",
    "INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING " KEEL_USER_COLUMNS};
// Compare-and-set on the old hash: two concurrent first logins rehash once.
inline constexpr Statement kReplaceHash{
    "users.replace_hash",
    "UPDATE users SET password_hash = $3, must_reset_password = false, updated_at = now() "
    "WHERE id = $1 AND password_hash = $2"};
inline constexpr Statement kDisable{
    "users.disable",
    "UPDATE users SET disabled_at = coalesce(disabled_at, now()), updated_at = now() WHERE lower(email) = lower($1)"};

// The users_session_version trigger bumps session_version on both: the account's tokens stop working.
inline constexpr Statement kSetRole{"users.set_role",
                                    "UPDATE users SET role = $2, updated_at = now() WHERE lower(email) = lower($1)"};
inline constexpr Statement kSessionState{
    "users.session_state", "SELECT session_version, role, disabled_at IS NOT NULL FROM users WHERE id = $1"};

#undef KEEL_USER_COLUMNS

}  // namespace keel::db::user_sql
