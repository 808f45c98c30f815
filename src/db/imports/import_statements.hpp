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

}  // namespace keel::db::import_sql
