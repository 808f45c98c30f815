-- Keel's core schema: accounts, servers and the provisioning job queue.

CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               text        NOT NULL CHECK (email <> ''),
    name                text        NOT NULL DEFAULT '',
    role                text        NOT NULL CHECK (role IN ('admin', 'client')),
    -- argon2id ("$argon2id$…"), or a WHMCS bcrypt hash ("$2y$…") rehashed to argon2id at first login.
    -- NULL when the user must reset its password (legacy formats Keel cannot verify).
    password_hash       text,
    must_reset_password boolean     NOT NULL DEFAULT false,
    disabled_at         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
-- WHMCS never enforced this; Keel does, case-insensitively.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE SEQUENCE vmid_seq START WITH 1000 MINVALUE 100 MAXVALUE 999999999;

CREATE TABLE servers (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    owner_id    bigint      NOT NULL REFERENCES users (id),
    hostname    text        NOT NULL,
    status      text        NOT NULL DEFAULT 'pending' CHECK (status IN
                    ('pending', 'provisioning', 'active', 'suspended', 'failed', 'terminating', 'terminated')),
    power_state text        CHECK (power_state IN ('running', 'stopped')),
    -- Structured specs; NULL only for migrated servers whose source never said.
    cpu_cores   integer     CHECK (cpu_cores > 0),
    ram_mb      integer     CHECK (ram_mb > 0),
    disk_gb     integer     CHECK (disk_gb > 0),
    os_image    text,
    datacenter  text,
    node        text,
    vmid        integer     UNIQUE,   -- reserved here before the hypervisor is asked: nextid does not reserve
    last_error  text,
    -- What the customer bought that has no column yet (WHMCS options and fields, named).
    attributes  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX servers_owner_idx ON servers (owner_id, created_at, id);

CREATE TABLE jobs (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('provision')),
    server_id    uuid        NOT NULL REFERENCES servers (id),
    state        text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'dead')),
    attempt      integer     NOT NULL DEFAULT 0,
    max_attempts integer     NOT NULL DEFAULT 5,
    run_at       timestamptz NOT NULL DEFAULT now(),
    locked_by    text,
    locked_until timestamptz,
    last_error   text,
    request_id   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
-- The claim query walks only what is ready.
CREATE INDEX jobs_ready_idx ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_server_idx ON jobs (server_id);
