#pragma once
// Where a server migrated from WHMCS stands with its Proxmox VM (servers.link_status, issue #11). NULL in the
// database for servers Keel built itself: they never need linking.
#include <optional>
#include <string_view>

namespace keel {

enum class LinkStatus {
    kLinked,              // node and vmid point at the VM, verified live against the cluster
    kVmMissing,           // WHMCS recorded a VMID the cluster does not have (the VM is gone)
    kNoVmid,              // WHMCS recorded no VMID for the service (or one that is not a VMID)
    kNoCluster,           // the service's WHMCS server is not a Keel cluster (not Proxmox, or refused)
    kClusterDisabled,     // its cluster is disabled in Keel (e.g. migrated without TLS trust)
    kClusterUnreachable,  // its cluster did not answer
    kIdentityMismatch,    // a VM has that VMID but it is another machine (another name or address, a template)
};

std::string_view to_string(LinkStatus status);
std::optional<LinkStatus> parse_link_status(std::string_view text);

}  // namespace keel
