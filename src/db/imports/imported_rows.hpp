#pragma once
// Rows whmcs-migrate writes into Keel, keyed by their WHMCS id; `fingerprint` hashes every written value so a
// re-run can tell unchanged rows without rewriting them.
#include <cstdint>
#include <optional>
#include <string>

#include "core/sealed_secret.hpp"

namespace keel::db {

struct ImportedUser {
    std::int64_t whmcs_user_id = 0;    // the WHMCS login (tblusers), or 0 for a client's own account:
    std::int64_t whmcs_client_id = 0;  // an Active client with no login user gets one from its own email
    std::string email;
    std::string name;
    std::optional<std::string> password_hash;  // WHMCS bcrypt, verified and rehashed at first login
    bool must_reset_password = false;          // legacy hash Keel cannot verify, or no password at all
    std::string fingerprint;
};

struct ImportedServer {
    std::int64_t whmcs_service_id = 0;
    std::int64_t owner_whmcs_user_id = 0;    // owned by a login user's account,
    std::int64_t owner_whmcs_client_id = 0;  // or else by the client's own account
    std::string hostname;
    std::string status;  // active | suspended
    std::optional<std::int64_t> cpu_cores, ram_mb, disk_gb;
    std::optional<std::string> os_image, datacenter;
    std::optional<bool> backups;
    std::optional<std::int64_t> extra_ipv4;
    std::string billing_cycle;
    std::optional<std::string> next_due_on;  // YYYY-MM-DD
    std::string attributes_json;
    std::string admin_attributes_json = "{}";  // WHMCS admin-only fields: shown to operators only
    std::string fingerprint;
};

// What Keel holds for an imported row: the fingerprint of the WHMCS values last written, and whether Keel changed
// the row since (then a re-run keeps Keel's values).
struct StoredImport {
    std::string fingerprint;
    bool changed_in_keel = false;
};

// A WHMCS secret of a service (tblhosting.password as `root_password`, a password custom field by its name),
// sealed under Keel's key.
struct ImportedCredential {
    std::int64_t whmcs_service_id = 0;
    std::string name;
    SealedSecret sealed;
};

// A Keel cluster made from a WHMCS tblservers row (issue #11), as whmcs-migrate finds it.
struct ImportedClusterRow {
    std::int64_t id = 0;
    std::string name;
    std::optional<std::int64_t> whmcs_server_id;  // none: registered in Keel, adopted by name
    std::string whmcs_fingerprint;
    std::string api_url, token_id;
    SealedSecret token_secret;
    std::optional<std::string> tls_ca_pem, tls_fingerprint_sha256;  // neither: stored without trust (disabled)
    bool enabled = false;
};

// What whmcs-migrate writes for a WHMCS server: all of it on insert; on update everything but the trust and
// `enabled` unless `trust_changed`.
struct ClusterImport {
    std::int64_t whmcs_server_id = 0;
    std::string name, api_url, token_id, whmcs_fingerprint;
    SealedSecret token_secret;
    bool trust_changed = false;
    std::optional<std::string> tls_ca_pem, tls_fingerprint_sha256;
    bool enabled = false;
};

// A migrated server as linking finds it (the columns linking decides).
struct LinkTarget {
    std::int64_t whmcs_service_id = 0;
    std::string status;  // Keel's lifecycle status
    std::optional<std::int64_t> cpu_cores, ram_mb, disk_gb, vmid;
    std::optional<std::string> datacenter, node, power_state, link_status, link_detail;
    friend bool operator==(const LinkTarget&, const LinkTarget&) = default;
};

}  // namespace keel::db
