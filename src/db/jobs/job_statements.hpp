#pragma once
#include "db/statement.hpp"

namespace keel::db::job_sql {

// Claims the oldest ready job. SKIP LOCKED lets any number of workers claim side by side without waiting on
// each other; the partial index keeps the search to ready rows.
// Up to $3 jobs at once: one commit claims a batch. A provisioning job's server moves to provisioning and gets
// its VMID reserved in the same statement.
#define KEEL_TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
// The claimed jobs with their servers (as servers.find shows them), so a worker reads nothing more to start.
#define KEEL_CLAIMED_WITH_SERVER                                                                                  \
    "SELECT c.id, c.kind, c.server_id, c.attempt, c.max_attempts, c.request_id, s.id, s.owner_id, s.hostname, "   \
    "coalesce(st.status, s.status), s.power_state, s.cpu_cores, s.ram_mb, s.disk_gb, s.os_image, s.datacenter, "  \
    "s.node, coalesce(st.vmid, s.vmid), s.last_error, s.attributes::text, " KEEL_TS("s.created_at") ", " KEEL_TS( \
        "s.updated_at") " FROM claimed c JOIN servers s ON s.id = c.server_id "

inline constexpr Statement kClaim{
    "jobs.claim",
    "WITH claimed AS (UPDATE jobs SET state = 'running', attempt = attempt + 1, locked_by = $1, "
    "locked_until = now() + make_interval(secs => $2), updated_at = now() "
    "WHERE id IN (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= now() "
    "ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT $3) "
    "RETURNING id, kind, server_id, attempt, max_attempts, coalesce(request_id, '') AS request_id), "
    "started AS (UPDATE servers s SET status = 'provisioning', vmid = coalesce(s.vmid, nextval('vmid_seq')), "
    "changed_by = NULL, changed_by_job = c.id, updated_at = now() FROM claimed c "
    "WHERE s.id = c.server_id AND c.kind = 'provision' AND s.status = 'pending' "
    "RETURNING s.id, s.status, s.vmid) " KEEL_CLAIMED_WITH_SERVER "LEFT JOIN started st ON st.id = s.id ORDER BY c.id"};

// Takes over jobs whose holder's lease ran out (the worker crashed or hung); asked only when none is ready.
inline constexpr Statement kClaimExpired{
    "jobs.claim_expired",
    "WITH claimed AS (UPDATE jobs SET attempt = attempt + 1, locked_by = $1, "
    "locked_until = now() + make_interval(secs => $2), updated_at = now() "
    "WHERE id IN (SELECT id FROM jobs WHERE state = 'running' AND locked_until < now() "
    "ORDER BY locked_until FOR UPDATE SKIP LOCKED LIMIT $3) "
    "RETURNING id, kind, server_id, attempt, max_attempts, coalesce(request_id, '') AS request_id), "
    "started AS (SELECT NULL::uuid AS id, NULL::text AS status, NULL::integer AS vmid WHERE "
    "false) " KEEL_CLAIMED_WITH_SERVER "LEFT JOIN started st ON st.id = s.id ORDER BY c.id"};

#undef KEEL_CLAIMED_WITH_SERVER
#undef KEEL_TS

inline constexpr Statement kHeartbeat{
    "jobs.heartbeat",
    "UPDATE jobs SET locked_until = now() + make_interval(secs => $3) WHERE id = $1 AND locked_by = $2"};

inline constexpr Statement kSucceed{
    "jobs.succeed",
    "WITH j AS (UPDATE jobs SET state = 'succeeded', finished_at = now(), updated_at = now(), "
    "locked_by = NULL, locked_until = NULL, last_error = NULL WHERE id = $1 AND locked_by = $2 RETURNING server_id) "
    "UPDATE servers SET status = coalesce($5, status), power_state = coalesce($6, power_state), "
    "node = coalesce($3, node), vmid = coalesce($4::integer, vmid), last_error = NULL, changed_by = NULL, "
    "changed_by_job = $1, updated_at = now() WHERE id IN (SELECT server_id FROM j)"};

inline constexpr Statement kRetryLater{
    "jobs.retry_later",
    "WITH j AS (UPDATE jobs SET state = 'queued', run_at = now() + make_interval(secs => $3), last_error = $4, "
    "locked_by = NULL, locked_until = NULL, updated_at = now() WHERE id = $1 AND locked_by = $2 "
    "RETURNING server_id) "
    "UPDATE servers SET last_error = $4, updated_at = now() WHERE id IN (SELECT server_id FROM j)"};

inline constexpr Statement kGiveUp{
    "jobs.give_up",
    "WITH j AS (UPDATE jobs SET state = 'dead', last_error = $3, finished_at = now(), locked_by = NULL, "
    "locked_until = NULL, updated_at = now() WHERE id = $1 AND locked_by = $2 RETURNING server_id) "
    "UPDATE servers SET status = coalesce($4, status), last_error = $3, changed_by = NULL, changed_by_job = $1, "
    "updated_at = now() WHERE id IN (SELECT server_id FROM j)"};

// Shutdown: hand back whatever this process still holds, so another worker takes it at once, not after the
// lease. $1 is the process's worker-id prefix ("host:pid:").
inline constexpr Statement kReleaseHeld{
    "jobs.release_held",
    "UPDATE jobs SET state = 'queued', locked_by = NULL, locked_until = NULL, run_at = now(), updated_at = now() "
    "WHERE state = 'running' AND starts_with(locked_by, $1)"};

}  // namespace keel::db::job_sql
