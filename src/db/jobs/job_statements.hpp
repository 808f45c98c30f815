#pragma once
#include "db/statement.hpp"

namespace keel::db::job_sql {

// Claims the oldest ready job. SKIP LOCKED lets any number of workers claim side by side without waiting on
// each other; the partial index keeps the search to ready rows.
// Up to $3 jobs at once: one commit claims a batch. A provisioning job's server moves to provisioning and gets
// its VMID reserved in the same statement.
#define KEEL_TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
// The claimed jobs with their servers (as servers.find shows them, and a migrated one's link status), so a worker
// reads nothing more to start.
#define KEEL_CLAIMED_WITH_SERVER                                                                                  \
    "SELECT c.id, c.kind, c.server_id, c.attempt, c.max_attempts, c.request_id, c.task_upid, s.id, s.owner_id, "  \
    "s.hostname, "                                                                                                \
    "coalesce(st.status, s.status), s.power_state, s.cpu_cores, s.ram_mb, s.disk_gb, s.os_image, s.datacenter, "  \
    "s.node, coalesce(st.vmid, s.vmid), s.last_error, s.attributes::text, " KEEL_TS("s.created_at") ", " KEEL_TS( \
        "s.updated_at") ", s.link_status FROM claimed c JOIN servers s ON s.id = c.server_id "

// Wakes idle workers (their LISTEN keel_jobs): sent by JobAnnouncer after the commits that queued jobs.
inline constexpr Statement kAnnounce{"jobs.announce", "SELECT pg_notify('keel_jobs', '')"};

inline constexpr Statement kClaim{
    "jobs.claim",
    "WITH claimed AS (UPDATE jobs SET state = 'running', attempt = attempt + 1, locked_by = $1, "
    "locked_until = now() + make_interval(secs => $2), updated_at = now() "
    "WHERE id IN (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= now() "
    "ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT $3) "
    "RETURNING id, kind, server_id, attempt, max_attempts, coalesce(request_id, '') AS request_id, task_upid), "
    "started AS (UPDATE servers s SET status = 'provisioning', vmid = coalesce(s.vmid, nextval('vmid_seq')), "
    "changed_by = NULL, changed_by_job = c.id, updated_at = now() FROM claimed c "
    "WHERE s.id = c.server_id AND c.kind = 'provision' AND s.status = 'pending' "
    "RETURNING s.id, s.status, s.vmid) " KEEL_CLAIMED_WITH_SERVER "LEFT JOIN started st ON st.id = s.id ORDER BY c.id"};

// A running job is abandoned when its holder's lease ran out (the worker hung) or when its holder's database
// session is gone (the process died: PostgreSQL dropped the session advisory lock the worker took in
// jobs.hold_worker when the connection closed). The live locks are read once per statement from pg_locks.
#define KEEL_WORKER_LOCK_CLASS "7365002"
#define KEEL_LIVE_WORKERS                                                                                       \
    "live AS MATERIALIZED (SELECT l.objid::bigint AS worker_key FROM pg_locks l WHERE l.locktype = 'advisory' " \
    "AND l.granted AND l.classid = " KEEL_WORKER_LOCK_CLASS                                                     \
    " AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())) "
// Lease-only workers (db::kLeaseOnlyWorkerPrefix: no direct connection behind a transaction pooler) hold no lock:
// only their lease tells.
#define KEEL_ABANDONED                                                                                \
    "j.state = 'running' AND (j.locked_until < now() OR (NOT starts_with(j.locked_by, 'lease:') AND " \
    "(hashtext(j.locked_by)::bigint & 4294967295) NOT IN (SELECT worker_key FROM live))) "
#define KEEL_TAKEOVER_REASON                                                                     \
    "CASE WHEN j.locked_until < now() THEN 'the lease of worker ' || j.locked_by || ' expired' " \
    "ELSE 'worker ' || j.locked_by || ' went away (its database session ended)' END"

// Takes over abandoned jobs that have attempts left; asked when no job is ready, and about once a second.
// Every takeover counts as an attempt, so a job whose workers keep dying ends dead (jobs.bury_abandoned).
inline constexpr Statement kClaimAbandoned{
    "jobs.claim_abandoned",
    "WITH " KEEL_LIVE_WORKERS ", abandoned AS (SELECT j.id, " KEEL_TAKEOVER_REASON
    " AS reason FROM jobs j WHERE " KEEL_ABANDONED
    "AND j.attempt < j.max_attempts ORDER BY j.locked_until FOR UPDATE OF j SKIP LOCKED LIMIT $3), "
    "claimed AS (UPDATE jobs SET attempt = attempt + 1, locked_by = $1, "
    "locked_until = now() + make_interval(secs => $2), last_error = a.reason, updated_at = now() "
    "FROM abandoned a WHERE jobs.id = a.id "
    "RETURNING jobs.id, jobs.kind, jobs.server_id, jobs.attempt, jobs.max_attempts, "
    "coalesce(jobs.request_id, '') AS request_id, jobs.task_upid), "
    "started AS (SELECT NULL::uuid AS id, NULL::text AS status, NULL::integer AS vmid WHERE "
    "false) " KEEL_CLAIMED_WITH_SERVER "LEFT JOIN started st ON st.id = s.id ORDER BY c.id"};

// Abandoned jobs whose last attempt was the one that died: dead, and a provisioning job's server failed.
inline constexpr Statement kBuryAbandoned{
    "jobs.bury_abandoned",
    "WITH " KEEL_LIVE_WORKERS ", spent AS (SELECT j.id, " KEEL_TAKEOVER_REASON
    " || ' during its last attempt (' || j.attempt || ' of ' || j.max_attempts || ')' AS reason FROM jobs j "
    "WHERE " KEEL_ABANDONED
    "AND j.attempt >= j.max_attempts FOR UPDATE OF j SKIP LOCKED), "
    "dead AS (UPDATE jobs SET state = 'dead', last_error = sp.reason, finished_at = now(), locked_by = NULL, "
    "locked_until = NULL, updated_at = now() FROM spent sp WHERE jobs.id = sp.id "
    "RETURNING jobs.id, jobs.kind, jobs.server_id, jobs.attempt, jobs.last_error), "
    "failed AS (UPDATE servers s SET status = CASE WHEN d.kind = 'provision' THEN 'failed' ELSE s.status END, "
    "last_error = d.last_error, changed_by = NULL, changed_by_job = d.id, updated_at = now() FROM dead d "
    "WHERE s.id = d.server_id RETURNING s.id) "
    "SELECT d.id, d.kind, d.server_id, d.attempt, d.last_error FROM dead d ORDER BY d.id"};

// Ties worker $1 to this session: held until the session ends, which is how other workers learn it died.
// Taken on a dedicated direct connection (db::WorkerSession), never a pooled one: through a transaction-mode
// pooler (PgBouncer) a session lock would stay with whichever server connection happened to run it.
inline constexpr Statement kHoldWorker{"jobs.hold_worker",
                                       "SELECT pg_try_advisory_lock(" KEEL_WORKER_LOCK_CLASS ", hashtext($1))"};

#undef KEEL_TAKEOVER_REASON
#undef KEEL_ABANDONED
#undef KEEL_LIVE_WORKERS
#undef KEEL_WORKER_LOCK_CLASS
#undef KEEL_CLAIMED_WITH_SERVER
#undef KEEL_TS

inline constexpr Statement kHeartbeat{
    "jobs.heartbeat",
    "UPDATE jobs SET locked_until = now() + make_interval(secs => $3) WHERE id = $1 AND locked_by = $2"};

// The task each job waits on now (see migrations/0012_job_task.sql), written in batches (db::WriteBatcher): $1 job
// ids, $2 their UPIDs, $3 the worker. Returns the ids it touched; a job missing from them is no longer this worker's.
inline constexpr Statement kRecordTasks{
    "jobs.record_tasks",
    "UPDATE jobs j SET task_upid = b.upid FROM unnest($1::bigint[], $2::text[]) AS b(id, upid) "
    "WHERE j.id = b.id AND j.locked_by = $3 RETURNING j.id"};

// Jobs that succeeded, in batches: $1 job ids, $2 nodes, $3 VMIDs, $4 server statuses, $5 power states (NULL leaves the
// column), $6 the worker. Returns the ids it settled.
inline constexpr Statement kSucceedMany{
    "jobs.succeed_many",
    "WITH b AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[]) "
    "AS b(id, node, vmid, status, power_state)), "
    "j AS (UPDATE jobs SET state = 'succeeded', finished_at = now(), updated_at = now(), locked_by = NULL, "
    "locked_until = NULL, last_error = NULL FROM b WHERE jobs.id = b.id AND jobs.locked_by = $6 "
    "RETURNING jobs.id, jobs.server_id), "
    "s AS (UPDATE servers SET status = coalesce(b.status, servers.status), "
    "power_state = coalesce(b.power_state, servers.power_state), node = coalesce(b.node, servers.node), "
    "vmid = coalesce(b.vmid, servers.vmid), last_error = NULL, changed_by = NULL, changed_by_job = j.id, "
    "updated_at = now() FROM j JOIN b ON b.id = j.id WHERE servers.id = j.server_id) "
    "SELECT id FROM j"};

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

// A worker whose claim got no answer (the connection died after sending it: a failover, a pooler restart) may hold
// jobs it never heard of; it runs nothing else while claiming, so every running job under its exact id is one of
// those: queued again at once instead of waiting out the lease.
inline constexpr Statement kReleaseOwn{
    "jobs.release_own",
    "UPDATE jobs SET state = 'queued', locked_by = NULL, locked_until = NULL, run_at = now(), updated_at = now() "
    "WHERE state = 'running' AND locked_by = $1"};

}  // namespace keel::db::job_sql
