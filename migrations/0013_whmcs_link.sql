-- Issue #11: servers migrated from WHMCS arrive linked to their Proxmox VMs; WHMCS's hypervisors become clusters;
-- WHMCS's encrypted service passwords are re-sealed under Keel's key.

-- A cluster made from a WHMCS tblservers row remembers which one, so a re-run updates it instead of adding another,
-- and a digest of the row as last imported (no secret in it: the digest covers the encrypted text), so a re-run
-- leaves an unchanged row alone.
ALTER TABLE clusters
    ADD COLUMN whmcs_server_id   bigint UNIQUE,
    ADD COLUMN whmcs_fingerprint text;

-- WHMCS modules talk to Proxmox with TLS verification off: a migrated cluster whose trust the operator did not give
-- is stored disabled and with no trust at all, never trusted blindly. Enabling it needs a CA bundle or a fingerprint.
ALTER TABLE clusters DROP CONSTRAINT clusters_one_trust;
ALTER TABLE clusters ADD CONSTRAINT clusters_one_trust CHECK (
    (tls_ca_pem IS NULL) <> (tls_fingerprint_sha256 IS NULL)
    OR (NOT enabled AND tls_ca_pem IS NULL AND tls_fingerprint_sha256 IS NULL));

-- VMIDs are unique within a Proxmox cluster, not across clusters: two migrated clusters may both have a VM 100.
-- Keel's own reservations come from one sequence (vmid_seq), which linking moves past every linked VMID.
ALTER TABLE servers DROP CONSTRAINT servers_vmid_key;
CREATE UNIQUE INDEX servers_datacenter_vmid_key ON servers (datacenter, vmid);

-- Where a migrated server stands with its VM (NULL for servers Keel built). `linked`: node and vmid point at the
-- verified VM; `vm_missing`: WHMCS recorded a VMID its cluster does not have; the others say why it is not linked.
ALTER TABLE servers
    ADD COLUMN link_status text CHECK (link_status IN ('linked', 'vm_missing', 'no_vmid', 'no_cluster',
                                                       'cluster_disabled', 'cluster_unreachable', 'identity_mismatch')),
    ADD COLUMN link_detail text,
    ADD COLUMN link_checked_at timestamptz;
CREATE INDEX servers_link_status_idx ON servers (link_status) WHERE link_status IS NOT NULL;

-- Secrets that belong to a server (WHMCS's tblhosting.password as `root_password`, password-type custom fields by
-- their name), sealed like cluster tokens. Never part of a server's representation; revealed only on request.
CREATE TABLE server_credentials (
    server_id     uuid        NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    name          text        NOT NULL CHECK (name <> '' AND length(name) <= 200),
    secret        text        NOT NULL CHECK (secret ~ '^[0-9a-f]{8}:[A-Za-z0-9+/=]+$'),
    secret_key_id text        NOT NULL CHECK (secret_key_id = split_part(secret, ':', 1)),
    revealed_at   timestamptz,  -- the owner's one reveal; NULL until then
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (server_id, name)
);
CREATE INDEX server_credentials_key_idx ON server_credentials (secret_key_id);

-- The timeline records more than status changes: a credentials reveal is audited there too.
ALTER TABLE server_events
    ADD COLUMN kind text NOT NULL DEFAULT 'status' CHECK (kind IN ('status', 'credentials_revealed'));
