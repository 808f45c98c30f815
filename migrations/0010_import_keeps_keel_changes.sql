-- whmcs-migrate hardening (issue 9).
--
-- A re-run must never revert what happened in Keel after the import (a password rehashed at login, a suspend, a
-- termination). Each imported row keeps `whmcs_import_digest`: a digest of its Keel columns exactly as the last
-- import wrote them. A re-run updates a row only while the digest of its live columns still equals it; otherwise
-- Keel's values win and the run reports the row as `kept_keel_change`. The digest covers precisely the columns the
-- import writes: add a column here when the import starts writing it.
CREATE FUNCTION whmcs_user_digest(email text, name text, password_hash text, must_reset_password boolean)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN md5(row(email, name, password_hash, must_reset_password)::text);

CREATE FUNCTION whmcs_user_digest(u users) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
    RETURN whmcs_user_digest(u.email, u.name, u.password_hash, u.must_reset_password);

CREATE FUNCTION whmcs_server_digest(owner_id bigint, hostname text, status text, cpu_cores integer, ram_mb integer,
                                    disk_gb integer, os_image text, datacenter text, backups boolean,
                                    extra_ipv4 integer, billing_cycle text, next_due_on date, attributes jsonb,
                                    admin_attributes jsonb)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN md5(row(owner_id, hostname, status, cpu_cores, ram_mb, disk_gb, os_image, datacenter, backups, extra_ipv4,
                   billing_cycle, next_due_on, attributes, admin_attributes)::text);

CREATE FUNCTION whmcs_server_digest(s servers) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
    RETURN whmcs_server_digest(s.owner_id, s.hostname, s.status, s.cpu_cores, s.ram_mb, s.disk_gb, s.os_image,
                               s.datacenter, s.backups, s.extra_ipv4, s.billing_cycle, s.next_due_on, s.attributes,
                               s.admin_attributes);

-- Imports before this migration overwrote every run, so what is stored now is what the last import wrote.
ALTER TABLE users ADD COLUMN whmcs_import_digest text;
UPDATE users SET whmcs_import_digest = whmcs_user_digest(users) WHERE whmcs_user_id IS NOT NULL;
ALTER TABLE servers ADD COLUMN whmcs_import_digest text;
UPDATE servers SET whmcs_import_digest = whmcs_server_digest(servers) WHERE whmcs_service_id IS NOT NULL;

-- An Active WHMCS client with no login user still gets its account (from the client's own email, must reset):
-- such an account is keyed by its WHMCS client id instead of a user id.
ALTER TABLE users ADD COLUMN whmcs_client_id bigint;
CREATE UNIQUE INDEX users_whmcs_client_key ON users (whmcs_client_id);
