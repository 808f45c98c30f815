#pragma once
#include "db/statement.hpp"

namespace keel::db::server_sql {

#define KEEL_TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
// The 16 columns server_from_row reads, then admin_attributes, link_status and link_detail (read by the API's
// statements only: workers never show a server to anyone, and jobs.claim lists its own columns).
#define KEEL_SERVER_COLUMNS \
    "id, owner_id, hostname, status, power_state, cpu_cores, ram_mb, disk_gb, os_image, datacenter, node, " \
    "vmid, last_error, attributes::text, " KEEL_TS("created_at") ", " KEEL_TS("updated_at") ", admin_attributes::text, " \
    "link_status, link_detail"

// The server and its provisioning job in one statement, hence one transaction (workers are told after the
// commit: db/jobs/job_announcer.hpp). $9: servers (not terminated) the owner may hold, NULL: no cap;
// at the cap no row comes back. The count reads the statement's snapshot, so two creates of the same client in
// the same instant can pass it together: a bound on abuse, not an exact quota.
inline constexpr Statement kCreateWithJob{
    "servers.create_with_job",
    "WITH s AS (INSERT INTO servers (owner_id, hostname, cpu_cores, ram_mb, disk_gb, os_image, datacenter, "
    "changed_by) SELECT $1::bigint, $2::text, $3::integer, $4::integer, $5::integer, $6::text, $7::text, $1::bigint "
    "WHERE $9::bigint IS NULL OR (SELECT count(*) FROM servers WHERE owner_id = $1 AND status <> 'terminated') < $9 "
    "RETURNING " KEEL_SERVER_COLUMNS
    "), "
    "j AS (INSERT INTO jobs (kind, server_id, request_id, requested_by) SELECT 'provision', s.id, $8, $1 FROM s "
    "RETURNING id) "
    "SELECT s.*, j.id FROM s, j"};

// $2 NULL: an admin, who sees every server.
inline constexpr Statement kFindVisible{"servers.find_visible",
                                        "SELECT " KEEL_SERVER_COLUMNS
                                        " FROM servers WHERE id = $1 AND ($2::bigint IS NULL OR owner_id = $2)"};

// Keel reserves VMIDs itself (Proxmox's nextid only reports a free one), for a batch of provisioning jobs at once
// (db::WriteBatcher): $1 server ids, $2 per server true when the hypervisor already has our reserved id (take a
// fresh one), $3 the node each builds on (written once: a resumed job builds where it began).
inline constexpr Statement kReserveVmids{
    "servers.reserve_vmids",
    "UPDATE servers s SET vmid = CASE WHEN s.vmid IS NULL OR b.fresh THEN nextval('vmid_seq') ELSE s.vmid END, "
    "node = coalesce(s.node, b.node), updated_at = now() "
    "FROM unnest($1::uuid[], $2::boolean[], $3::text[]) AS b(id, fresh, node) WHERE s.id = b.id "
    "RETURNING s.id, s.vmid, s.node"};

// Keyset page, newest first: rows inserted meanwhile land before the cursor, so pages never shift.
// $1 owner (NULL: all), $2 status (NULL: all), $3/$4 the cursor's created_at and id (NULL: first page), $5 limit.
inline constexpr Statement kListPage{
    "servers.list_page",
    "SELECT " KEEL_SERVER_COLUMNS
    ", to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
    "FROM servers WHERE ($1::bigint IS NULL OR owner_id = $1) AND ($2::text IS NULL OR status = $2) "
    "AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid)) "
    "ORDER BY created_at DESC, id DESC LIMIT $5"};

#undef KEEL_SERVER_COLUMNS
#undef KEEL_TS

}  // namespace keel::db::server_sql
