-- Rows moved from WHMCS by whmcs-migrate carry their WHMCS id under a unique key, so a re-run updates instead of
-- duplicating, and a fingerprint of what was written, so a re-run can tell "unchanged" without rewriting.

ALTER TABLE users
    ADD COLUMN whmcs_user_id     bigint,
    ADD COLUMN whmcs_fingerprint text;
CREATE UNIQUE INDEX users_whmcs_user_key ON users (whmcs_user_id);

ALTER TABLE servers
    ADD COLUMN whmcs_service_id  bigint,
    ADD COLUMN whmcs_fingerprint text,
    ADD COLUMN billing_cycle     text,
    ADD COLUMN backups           boolean,
    ADD COLUMN extra_ipv4        integer CHECK (extra_ipv4 >= 0),
    ADD COLUMN next_due_on       date;
CREATE UNIQUE INDEX servers_whmcs_service_key ON servers (whmcs_service_id);
