#pragma once
#include "db/statement.hpp"

namespace keel::db::operation_sql {

#define KEEL_TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define KEEL_OPERATION_COLUMNS                                                                               \
    "j.id, j.kind, j.state, j.server_id, j.attempt, j.max_attempts, j.last_error, j.requested_by, " KEEL_TS( \
        "j.created_at") ", " KEEL_TS("j.updated_at") ", " KEEL_TS("j.finished_at")

// Compare-and-set on the status the action was planned from ($5): 0 rows means the server moved meanwhile.
// The partial unique index on jobs refuses a second operation while one is in flight (23505 → 409).
inline constexpr Statement kEnqueue{
    "operations.enqueue",
    "WITH s AS (UPDATE servers SET status = coalesce($3, status), changed_by = $4, changed_by_job = NULL, "
    "last_error = CASE WHEN $3 IS NULL THEN last_error END, updated_at = now() "
    "WHERE id = $1 AND status = $5 RETURNING id), "
    "j AS (INSERT INTO jobs (kind, server_id, request_id, requested_by) SELECT $2, s.id, $6, $4 FROM s "
    "RETURNING *) "
    "SELECT " KEEL_OPERATION_COLUMNS " FROM j"};

inline constexpr Statement kCountInFlight{"operations.count_in_flight",
                                          "SELECT count(*) FROM jobs j JOIN servers s ON s.id = j.server_id "
                                          "WHERE s.owner_id = $1 AND j.state IN ('queued', 'running')"};

// $2 NULL: an admin.
inline constexpr Statement kFindVisible{"operations.find_visible",
                                        "SELECT " KEEL_OPERATION_COLUMNS
                                        " FROM jobs j JOIN servers s ON s.id = j.server_id "
                                        "WHERE j.id = $1 AND ($2::bigint IS NULL OR s.owner_id = $2)"};

inline constexpr Statement kEvents{"operations.server_events",
                                   "SELECT id, from_status, to_status, actor_id, job_id, error, " KEEL_TS(
                                       "created_at") ", kind FROM server_events WHERE server_id = $1 ORDER BY id"};

#undef KEEL_OPERATION_COLUMNS
#undef KEEL_TS

}  // namespace keel::db::operation_sql
