#pragma once
// whmcs-migrate's run: accounts first (so servers can name their owner), then services in id-ordered batches.
// Every source row ends inserted, updated, unchanged, kept (changed in Keel since the last import: Keel wins),
// skipped as out of scope, or quarantined with a reason.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/secret.hpp"
#include "auth/secret_box.hpp"
#include "core/result.hpp"
#include "migrate/hypervisor_import.hpp"
#include "migrate/link_run.hpp"
#include "migrate/mapping.hpp"
#include "migrate/skip_reason.hpp"
#include "migrate/transform_warning.hpp"
#include "whmcs/mysql_url.hpp"

namespace keel::migrate {

struct RunOptions {
    whmcs::MysqlUrl source;
    std::string target_url;
    bool dry_run = false;
    Mapping mapping = Mapping::defaults();
    int batch_size = 2000;
    bool progress_bar = false;  // a live bar (terminal) or periodic lines
    // Issue #11. The install's cc_encryption_hash: WHMCS's Proxmox servers become clusters and service passwords
    // are re-sealed only with it.
    std::optional<auth::Secret> cc_encryption_hash;
    // Keel's master key(s): seal what WHMCS encrypted, open cluster tokens to link. Without it nothing is linked.
    std::optional<auth::SecretKeyRing> keys;
    ClusterTrustOptions cluster_trust;
    provisioning::PveClientOptions pve;
    bool link_only = false;  // only (re)link the servers earlier runs migrated
};

// users: source = tblusers rows + Active clients with no login user (each gets its own account).
// servers: source = tblhosting rows.
// source = inserted + updated + unchanged + kept_keel_change + out_of_scope() + quarantined(), always.
struct EntityCounts {
    std::int64_t source = 0;
    std::int64_t inserted = 0, updated = 0, unchanged = 0;
    // Changed in WHMCS since the last import, but changed in Keel too: Keel's values stay, WHMCS's are not written.
    std::int64_t kept_keel_change = 0;
    std::map<SkipReason, std::int64_t> skipped;  // out of scope and quarantined, by reason
    std::int64_t out_of_scope() const;
    std::int64_t quarantined() const;
    bool reconciled() const;
};

struct QuarantinedRow {
    std::string entity;  // "user" | "client" | "server"
    std::int64_t whmcs_id = 0;
    SkipReason reason;
    std::string detail;
};

// A row whose Keel values were kept over WHMCS's newer ones.
struct KeptRow {
    std::string entity;  // "user" | "client" (the account of a client with no login user) | "server"
    std::int64_t whmcs_id = 0;
};

// A migrated row that arrived with less than WHMCS's billing data promised.
struct WarnedRow {
    std::string entity;
    std::int64_t whmcs_id = 0;
    WarningKind kind;
    std::string detail;
};

// Service secrets (tblhosting.password, password custom fields) re-sealed under Keel's key.
struct CredentialCounts {
    std::int64_t source = 0;  // non-empty encrypted values of migrated services
    std::int64_t inserted = 0, updated = 0, unchanged = 0;
    std::int64_t unreadable = 0;  // not text with the right hash: listed among the warnings, not stored
};

struct RunReport {
    bool dry_run = false;
    bool link_only = false;
    // Why a phase did not run ("" when it did).
    std::string clusters_skipped, credentials_skipped, links_skipped;
    std::vector<ClusterReport> clusters;
    CredentialCounts credentials;
    LinkReport links;
    double seconds = 0;
    EntityCounts users, servers;
    std::map<std::string, std::int64_t> unmapped;  // option/field name → services carrying it
    std::vector<QuarantinedRow> quarantined;
    std::vector<KeptRow> kept;
    std::vector<WarnedRow> warnings;
};

Result<RunReport> run_migration(const RunOptions& options);

std::string report_json(const RunReport& report);
std::string summary_table(const RunReport& report);

}  // namespace keel::migrate
