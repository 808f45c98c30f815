#pragma once
#include "db/statement.hpp"

namespace keel::db::import_sql {

// A row is an account of a WHMCS login user (whmcs_user_id) or of a client with no login user (whmcs_client_id).
inline constexpr const char* kCreateStaging =
    "CREATE TEMP TABLE IF NOT EXISTS import_users (whmcs_user_id bigint, whmcs_client_id bigint, email text, "
    "name text, password_hash text, must_reset boolean, fingerprint text); "
    "CREATE TEMP TABLE IF NOT EXISTS import_servers (whmcs_service_id bigint, owner_whmcs_user_id bigint, "
    "owner_whmcs_client_id bigint, hostname text, status text, cpu_cores integer, ram_mb integer, disk_gb integer, "
    "os_image text, datacenter text, backups boolean, extra_ipv4 integer, billing_cycle text, next_due_on date, "
    "attributes text, fingerprint text, admin_attributes text)";

// WHMCS id, the fingerprint of the WHMCS values last written, and whether Keel changed the row since
// (its live columns no longer digest to what the import wrote: migration 0010).
inline constexpr Statement kUserImports{"import.user_imports",
                                        "SELECT whmcs_user_id, coalesce(whmcs_fingerprint, ''), "
                                        "whmcs_import_digest IS DISTINCT FROM whmcs_user_digest(users) FROM users "
                                        "WHERE whmcs_user_id = ANY($1::bigint[])"};
inline constexpr Statement kClientAccountImports{
    "import.client_account_imports",
    "SELECT whmcs_client_id, coalesce(whmcs_fingerprint, ''), "
    "whmcs_import_digest IS DISTINCT FROM whmcs_user_digest(users) FROM users "
    "WHERE whmcs_client_id = ANY($1::bigint[])"};
inline constexpr Statement kServerImports{
    "import.server_imports",
    "SELECT whmcs_service_id, coalesce(whmcs_fingerprint, ''), "
    "whmcs_import_digest IS DISTINCT FROM whmcs_server_digest(servers) FROM servers "
    "WHERE whmcs_service_id = ANY($1::bigint[])"};
// Emails Keel already gives to someone else (an account made in Keel, or another WHMCS user or client).
inline constexpr Statement kEmailsTaken{
    "import.emails_taken",
    "SELECT lower(u.email) FROM users u "
    "JOIN unnest($1::text[], $2::bigint[], $3::bigint[]) AS c(email, whmcs_user_id, whmcs_client_id) "
    "ON lower(u.email) = c.email WHERE u.whmcs_user_id IS DISTINCT FROM c.whmcs_user_id "
    "OR u.whmcs_client_id IS DISTINCT FROM c.whmcs_client_id"};

inline constexpr const char* kCopyUsers = "COPY import_users FROM STDIN";
inline constexpr const char* kCopyServers = "COPY import_servers FROM STDIN";

// Keel-side changes win: a row is updated only while its live columns still digest to what the last import
// wrote (the DO UPDATE ... WHERE); a changed row keeps Keel's values and its old fingerprint.
inline constexpr const char* kUpsertUsers =
    "INSERT INTO users (email, name, role, password_hash, must_reset_password, whmcs_user_id, whmcs_fingerprint, "
    "whmcs_import_digest) "
    "SELECT email, name, 'client', password_hash, must_reset, whmcs_user_id, fingerprint, "
    "whmcs_user_digest(email, name, password_hash, must_reset) FROM import_users WHERE whmcs_user_id IS NOT NULL "
    "ON CONFLICT (whmcs_user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, "
    "password_hash = EXCLUDED.password_hash, must_reset_password = EXCLUDED.must_reset_password, "
    "whmcs_fingerprint = EXCLUDED.whmcs_fingerprint, whmcs_import_digest = EXCLUDED.whmcs_import_digest, "
    "updated_at = now() WHERE users.whmcs_import_digest = whmcs_user_digest(users); "
    "INSERT INTO users (email, name, role, password_hash, must_reset_password, whmcs_client_id, whmcs_fingerprint, "
    "whmcs_import_digest) "
    "SELECT email, name, 'client', password_hash, must_reset, whmcs_client_id, fingerprint, "
    "whmcs_user_digest(email, name, password_hash, must_reset) FROM import_users WHERE whmcs_client_id IS NOT NULL "
    "ON CONFLICT (whmcs_client_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, "
    "password_hash = EXCLUDED.password_hash, must_reset_password = EXCLUDED.must_reset_password, "
    "whmcs_fingerprint = EXCLUDED.whmcs_fingerprint, whmcs_import_digest = EXCLUDED.whmcs_import_digest, "
    "updated_at = now() WHERE users.whmcs_import_digest = whmcs_user_digest(users)";

inline constexpr const char* kUpsertServers =
    "INSERT INTO servers (owner_id, hostname, status, cpu_cores, ram_mb, disk_gb, os_image, datacenter, backups, "
    "extra_ipv4, billing_cycle, next_due_on, attributes, whmcs_service_id, whmcs_fingerprint, admin_attributes, "
    "whmcs_import_digest) "
    "SELECT coalesce(lu.id, cu.id), s.hostname, s.status, s.cpu_cores, s.ram_mb, s.disk_gb, s.os_image, "
    "s.datacenter, s.backups, s.extra_ipv4, s.billing_cycle, s.next_due_on, s.attributes::jsonb, s.whmcs_service_id, "
    "s.fingerprint, s.admin_attributes::jsonb, "
    "whmcs_server_digest(coalesce(lu.id, cu.id), s.hostname, s.status, s.cpu_cores, s.ram_mb, s.disk_gb, "
    "s.os_image, s.datacenter, s.backups, s.extra_ipv4, s.billing_cycle, s.next_due_on, s.attributes::jsonb, "
    "s.admin_attributes::jsonb) "
    "FROM import_servers s LEFT JOIN users lu ON lu.whmcs_user_id = s.owner_whmcs_user_id "
    "LEFT JOIN users cu ON cu.whmcs_client_id = s.owner_whmcs_client_id WHERE coalesce(lu.id, cu.id) IS NOT NULL "
    "ON CONFLICT (whmcs_service_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, hostname = EXCLUDED.hostname, "
    "status = EXCLUDED.status, cpu_cores = EXCLUDED.cpu_cores, ram_mb = EXCLUDED.ram_mb, "
    "disk_gb = EXCLUDED.disk_gb, os_image = EXCLUDED.os_image, datacenter = EXCLUDED.datacenter, "
    "backups = EXCLUDED.backups, extra_ipv4 = EXCLUDED.extra_ipv4, billing_cycle = EXCLUDED.billing_cycle, "
    "next_due_on = EXCLUDED.next_due_on, attributes = EXCLUDED.attributes, "
    "whmcs_fingerprint = EXCLUDED.whmcs_fingerprint, admin_attributes = EXCLUDED.admin_attributes, "
    "whmcs_import_digest = EXCLUDED.whmcs_import_digest, "
    "updated_at = now() WHERE servers.whmcs_import_digest = whmcs_server_digest(servers)";

// ---- issue #11: clusters from tblservers, sealed credentials, links to VMs

#define KEEL_IMPORTED_CLUSTER                                                                                          \
    "SELECT id, name, whmcs_server_id, coalesce(whmcs_fingerprint, ''), api_url, token_id, token_secret, tls_ca_pem, " \
    "tls_fingerprint_sha256, enabled FROM clusters "
// The cluster made from WHMCS server $1 before, else a cluster of that name nobody imported yet (adopted).
inline constexpr Statement kClusterForImport{"import.cluster_for_import", KEEL_IMPORTED_CLUSTER
                                             "WHERE whmcs_server_id = $1 OR (name = $2 AND whmcs_server_id IS NULL) "
                                             "ORDER BY whmcs_server_id NULLS LAST LIMIT 1"};
// Every cluster made from a WHMCS server: linking resolves tblhosting.server through them.
inline constexpr Statement kImportedClusters{"import.imported_clusters",
                                             KEEL_IMPORTED_CLUSTER "WHERE whmcs_server_id IS NOT NULL ORDER BY name"};
#undef KEEL_IMPORTED_CLUSTER
inline constexpr Statement kInsertCluster{
    "import.insert_cluster",
    "INSERT INTO clusters (name, api_url, token_id, token_secret, secret_key_id, tls_ca_pem, tls_fingerprint_sha256, "
    "enabled, whmcs_server_id, whmcs_fingerprint) "
    "VALUES ($1, $2, $3, $4, split_part($4, ':', 1), $5, $6, $7, $8, $9)"};
inline constexpr Statement kUpdateCluster{
    "import.update_cluster",
    "UPDATE clusters SET name = $2, api_url = $3, token_id = $4, token_secret = $5, "
    "secret_key_id = split_part($5, ':', 1), whmcs_server_id = $6, whmcs_fingerprint = $7, "
    "tls_ca_pem = CASE WHEN $8 THEN $9 ELSE tls_ca_pem END, "
    "tls_fingerprint_sha256 = CASE WHEN $8 THEN $10 ELSE tls_fingerprint_sha256 END, "
    "enabled = CASE WHEN $8 THEN $11 ELSE enabled END, updated_at = now() WHERE id = $1"};

// The sealed credentials Keel holds for these WHMCS services.
inline constexpr Statement kStoredCredentials{
    "import.stored_credentials",
    "SELECT s.whmcs_service_id, c.name, c.secret FROM server_credentials c JOIN servers s ON s.id = c.server_id "
    "WHERE s.whmcs_service_id = ANY($1::bigint[])"};
// A changed password may be revealed again: revealed_at starts over.
inline constexpr Statement kUpsertCredentials{
    "import.upsert_credentials",
    "INSERT INTO server_credentials (server_id, name, secret, secret_key_id) "
    "SELECT s.id, u.name, u.secret, split_part(u.secret, ':', 1) "
    "FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(whmcs_service_id, name, secret) "
    "JOIN servers s ON s.whmcs_service_id = u.whmcs_service_id "
    "ON CONFLICT (server_id, name) DO UPDATE SET secret = EXCLUDED.secret, secret_key_id = EXCLUDED.secret_key_id, "
    "revealed_at = NULL, updated_at = now()"};

inline constexpr Statement kLinkTargets{
    "import.link_targets",
    "SELECT whmcs_service_id, status, cpu_cores, ram_mb, disk_gb, vmid, datacenter, node, power_state, link_status, "
    "link_detail FROM servers WHERE whmcs_service_id = ANY($1::bigint[])"};
// Which of these (datacenter, vmid) pairs another server holds already.
inline constexpr Statement kVmidHolders{
    "import.vmid_holders",
    "SELECT s.datacenter, s.vmid, coalesce(s.whmcs_service_id, 0), s.id::text FROM servers s "
    "JOIN unnest($1::text[], $2::bigint[]) AS u(datacenter, vmid) ON s.datacenter = u.datacenter AND s.vmid = u.vmid"};
// Writes what linking decided. The specs and the datacenter are among the columns the import's digest covers
// (migration 0010): where the row still digests to what the import wrote, the digest follows, so the VM's values
// do not read as "changed in Keel" on the next run. Terminated servers are never touched.
inline constexpr Statement kApplyLinks{
    "import.apply_links",
    "UPDATE servers s SET node = u.node, vmid = u.vmid, datacenter = u.datacenter, power_state = u.power_state, "
    "cpu_cores = u.cpu_cores, ram_mb = u.ram_mb, disk_gb = u.disk_gb, link_status = u.link_status, "
    "link_detail = u.link_detail, link_checked_at = now(), updated_at = now(), "
    "whmcs_import_digest = CASE WHEN s.whmcs_import_digest = whmcs_server_digest(s) THEN "
    "whmcs_server_digest(s.owner_id, s.hostname, s.status, u.cpu_cores, u.ram_mb, u.disk_gb, s.os_image, u.datacenter, "
    "s.backups, s.extra_ipv4, s.billing_cycle, s.next_due_on, s.attributes, s.admin_attributes) "
    "ELSE s.whmcs_import_digest END "
    "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[], $7::text[], "
    "$8::integer[], $9::integer[], $10::integer[]) "
    "AS u(whmcs_service_id, link_status, link_detail, node, vmid, datacenter, power_state, cpu_cores, ram_mb, disk_gb) "
    "WHERE s.whmcs_service_id = u.whmcs_service_id AND s.status NOT IN ('terminating', 'terminated')"};
// Keel's own VMID reservations must not run into a linked VM's: the sequence moves past the highest one.
inline constexpr Statement kAdvanceVmidSequence{
    "import.advance_vmid_sequence",
    "SELECT setval('vmid_seq', m.vmid) FROM (SELECT max(vmid) AS vmid FROM servers) m, vmid_seq q "
    "WHERE m.vmid > q.last_value"};

}  // namespace keel::db::import_sql
