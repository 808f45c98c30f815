#pragma once
#include "db/statement.hpp"

namespace keel::db::cluster_sql {

#define KEEL_TS(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
#define KEEL_CLUSTER_COLUMNS                                                                            \
    "id, name, api_url, token_id, token_secret, tls_ca_pem, tls_fingerprint_sha256, enabled, " KEEL_TS( \
        "created_at") ", " KEEL_TS("updated_at")

inline constexpr Statement kInsert{
    "clusters.insert",
    "INSERT INTO clusters (name, api_url, token_id, token_secret, secret_key_id, tls_ca_pem, tls_fingerprint_sha256, "
    "enabled) VALUES ($1, $2, $3, $4, split_part($4, ':', 1), $5, $6, $7) RETURNING " KEEL_CLUSTER_COLUMNS};

// NULL keeps a column; $6 true replaces the trust pair ($7 CA, $8 fingerprint: one of them NULL).
inline constexpr Statement kUpdate{
    "clusters.update",
    "UPDATE clusters SET api_url = coalesce($2, api_url), token_id = coalesce($3, token_id), "
    "token_secret = coalesce($4, token_secret), secret_key_id = split_part(coalesce($4, token_secret), ':', 1), "
    "tls_ca_pem = CASE WHEN $6::boolean THEN $7 ELSE tls_ca_pem END, "
    "tls_fingerprint_sha256 = CASE WHEN $6::boolean THEN $8 ELSE tls_fingerprint_sha256 END, "
    "enabled = coalesce($5::boolean, enabled), updated_at = now() WHERE name = $1 RETURNING " KEEL_CLUSTER_COLUMNS};

inline constexpr Statement kFindByName{"clusters.find_by_name",
                                       "SELECT " KEEL_CLUSTER_COLUMNS " FROM clusters WHERE name = $1"};

// $1 true: enabled clusters only.
inline constexpr Statement kList{
    "clusters.list", "SELECT " KEEL_CLUSTER_COLUMNS " FROM clusters WHERE NOT $1::boolean OR enabled ORDER BY name"};

// $1 NULL: the images of every cluster.
inline constexpr Statement kImages{"clusters.images",
                                   "SELECT i.cluster_id, i.os_image, i.template_vmid, i.storage FROM cluster_images i "
                                   "WHERE $1::bigint IS NULL OR i.cluster_id = $1 ORDER BY i.cluster_id, i.os_image"};

// No row back: no cluster of that name.
inline constexpr Statement kSetImage{
    "clusters.set_image",
    "INSERT INTO cluster_images (cluster_id, os_image, template_vmid, storage) "
    "SELECT id, $2, $3, $4 FROM clusters WHERE name = $1 "
    "ON CONFLICT (cluster_id, os_image) DO UPDATE SET template_vmid = EXCLUDED.template_vmid, "
    "storage = EXCLUDED.storage, updated_at = now() RETURNING cluster_id, os_image, template_vmid, storage"};

// What customers may order: enabled clusters that offer at least one image.
inline constexpr Statement kCatalog{"clusters.catalog",
                                    "SELECT c.name, i.os_image FROM clusters c JOIN cluster_images i ON "
                                    "i.cluster_id = c.id WHERE c.enabled ORDER BY c.name, i.os_image"};

// Rotation: every sealed secret, locked until the transaction re-sealing them ends.
inline constexpr Statement kLockSecrets{"clusters.lock_secrets",
                                        "SELECT id, token_secret FROM clusters ORDER BY id FOR UPDATE"};
inline constexpr Statement kSetSecret{
    "clusters.set_secret",
    "UPDATE clusters SET token_secret = $2, secret_key_id = split_part($2, ':', 1), updated_at = now() "
    "WHERE id = $1"};

#undef KEEL_CLUSTER_COLUMNS
#undef KEEL_TS

}  // namespace keel::db::cluster_sql
