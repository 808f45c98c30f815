-- Issue #10: the Proxmox VE clusters Keel manages and the images each offers are data. A cluster's name is the
-- `datacenter` slug customers order; servers keep naming it as text, with no foreign key: servers migrated from
-- WHMCS may name a datacenter that is registered only later.
CREATE TABLE clusters (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                    text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9._-]{1,64}$'),
    api_url                 text NOT NULL CHECK (api_url ~ '^https://[^/?#@[:space:]]+$'),
    token_id                text NOT NULL CHECK (token_id ~ '^[^@!]+@[A-Za-z][A-Za-z0-9._-]+![A-Za-z][A-Za-z0-9._-]+$'),
    -- Sealed by the application (auth::SecretKeyRing): 'KEYID:' || base64(nonce || ciphertext). Never clear text.
    token_secret            text NOT NULL CHECK (token_secret ~ '^[0-9a-f]{8}:[A-Za-z0-9+/=]+$'),
    -- The master key's id, also the sealed text's prefix: which rows `keel-api secrets rotate` still has to do.
    secret_key_id           text NOT NULL CHECK (secret_key_id = split_part(token_secret, ':', 1)),
    tls_ca_pem              text,
    tls_fingerprint_sha256  text CHECK (tls_fingerprint_sha256 ~ '^[0-9A-F]{2}(:[0-9A-F]{2}){31}$'),
    enabled                 boolean NOT NULL DEFAULT true,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    -- TLS is always verified: against a CA bundle or a pinned certificate fingerprint, exactly one of them.
    CONSTRAINT clusters_one_trust CHECK ((tls_ca_pem IS NULL) <> (tls_fingerprint_sha256 IS NULL))
);

CREATE TABLE cluster_images (
    cluster_id     bigint NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    os_image       text NOT NULL CHECK (os_image ~ '^[a-z0-9._-]{1,64}$'),
    template_vmid  bigint NOT NULL CHECK (template_vmid BETWEEN 100 AND 999999999),
    storage        text CHECK (storage ~ '^[a-z][a-z0-9._-]{0,63}$'),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cluster_id, os_image)
);
