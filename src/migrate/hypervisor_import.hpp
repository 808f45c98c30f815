#pragma once
// whmcs-migrate's first phase (issue #11): WHMCS's Proxmox servers (tblservers) become Keel clusters, their
// passwords decrypted with the install's cc_encryption_hash and sealed under Keel's key. It runs before anything
// is written, so a wrong hash stops the run while Keel is untouched. The result also serves linking: each cluster
// with the HTTPS client it can be reached by.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/secret.hpp"
#include "auth/secret_box.hpp"
#include "core/blocking_loop.hpp"
#include "core/result.hpp"
#include "db/imports/import_writer.hpp"
#include "migrate/mapping.hpp"
#include "provisioning/proxmox_client.hpp"
#include "provisioning/pve/pve_settings.hpp"
#include "whmcs/source_reader.hpp"

namespace keel::migrate {

// How a migrated cluster's TLS certificate is trusted, given on the command line per cluster name
// (`--cluster-ca NAME=FILE`, `--cluster-fingerprint NAME=AA:BB:…`): WHMCS modules run with verification off, so
// WHMCS has nothing to carry over.
using ClusterTrustOptions = std::map<std::string, provisioning::TlsTrust>;

enum class ClusterOutcome {
    kCreated,
    kUpdated,
    kUnchanged,
    kRefused,  // the row cannot be a Keel cluster (password login, no usable address or name, name taken)
};
std::string_view to_string(ClusterOutcome outcome);

// One tblservers row in the report. Never holds the secret.
struct ClusterReport {
    std::int64_t whmcs_server_id = 0;
    std::string whmcs_name;
    std::string cluster;  // Keel's name ("" when refused before one was found)
    ClusterOutcome outcome = ClusterOutcome::kRefused;
    bool enabled = false;
    std::string trust;  // ca | fingerprint | none
    std::string check;  // ok | unreachable | not_checked (no trust) | "" (refused)
    std::string detail;
};

// A cluster linking resolves tblhosting.server through; `client` is empty when it cannot be reached (disabled, no
// trust, or its secret does not open), `unusable` says why.
struct LinkCluster {
    std::int64_t whmcs_server_id = 0;
    std::string name;
    bool enabled = false;
    std::shared_ptr<provisioning::ProxmoxClient> client;
    std::string unusable;
};

struct HypervisorImportOptions {
    const auth::Secret* cc_encryption_hash = nullptr;  // none: clusters are not migrated, only looked up
    const auth::SecretKeyRing* keys = nullptr;         // none: no cluster can be opened for linking
    const ClusterTrustOptions* trust = nullptr;
    provisioning::PveClientOptions pve;
    bool dry_run = false;
};

struct HypervisorImport {
    std::vector<ClusterReport> clusters;  // one per tblservers row of a Proxmox module
    std::vector<LinkCluster> link_clusters;
};

// kValidation (the run stops) when a password does not decrypt to text or a cluster rejects its token: the hash
// is not this install's (or the token was revoked); the message names the WHMCS server, never a secret.
Result<HypervisorImport> import_hypervisors(whmcs::SourceReader& reader, db::ImportWriter& writer,
                                            const Mapping& mapping, const HypervisorImportOptions& options,
                                            BlockingLoop& loop);

}  // namespace keel::migrate
