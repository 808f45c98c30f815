#pragma once
// whmcs-migrate's last phase (issue #11): each migrated server is linked to its Proxmox VM — the VMID from where
// the product's module records it, the node and the VM's identity, specs and power state from the cluster, live.
// Re-runnable on its own (`--link-only`): linked servers are re-verified, the others retried, nothing unchanged is
// rewritten. The rules: vm_link.hpp and src/migrate/README.md ("Linking").
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/blocking_loop.hpp"
#include "core/link_status.hpp"
#include "core/result.hpp"
#include "db/imports/import_writer.hpp"
#include "migrate/hypervisor_import.hpp"
#include "migrate/mapping.hpp"
#include "whmcs/source_reader.hpp"

namespace keel::migrate {

// A server that is not linked after this run, and why.
struct UnlinkedServer {
    std::int64_t whmcs_service_id = 0;
    LinkStatus status = LinkStatus::kNoVmid;
    std::string detail;
};

// Something about a linked server an operator should know: what the VM decided, or a state to decide on.
enum class LinkNoteKind {
    kFilledFromVm,         // WHMCS could not say; the VM's value was taken
    kDiffers,              // WHMCS said otherwise; the VM's value was taken (it is what the customer runs)
    kActiveButStopped,     // WHMCS Active, VM stopped
    kSuspendedButRunning,  // WHMCS Suspended, VM running
    kUnconfirmed,          // linked on its VMID alone: no second key to confirm it with
};
std::string_view to_string(LinkNoteKind kind);

struct LinkNote {
    std::int64_t whmcs_service_id = 0;
    LinkNoteKind kind = LinkNoteKind::kUnconfirmed;
    std::string column;  // cpu_cores | ram_mb | disk_gb | datacenter (fills and differences)
    std::string whmcs_value, vm_value;
};

struct LinkReport {
    std::int64_t servers = 0;   // migrated servers looked at (terminated ones are not)
    std::int64_t linked = 0;    // linked now, newly or with something changed
    std::int64_t verified = 0;  // linked before and still exactly so
    std::map<LinkStatus, std::int64_t> not_linked;
    std::vector<UnlinkedServer> unlinked;
    std::vector<LinkNote> notes;
};

struct LinkOptions {
    int batch_size = 2000;
    bool dry_run = false;
    bool progress_bar = false;
    std::int64_t total_services = 0;  // for progress
};

Result<LinkReport> link_servers(whmcs::SourceReader& reader, db::ImportWriter& writer,
                                const std::vector<LinkCluster>& clusters, const Mapping& mapping,
                                const LinkOptions& options, BlockingLoop& loop);

}  // namespace keel::migrate
