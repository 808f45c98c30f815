#pragma once
// Linking a migrated service to its Proxmox VM (issue #11): which VMID WHMCS recorded, whether the VM with that
// VMID is that service's machine, and what the VM says of the specs. Pure decisions; the run (link_run) reads
// WHMCS and the clusters and writes Keel. The rules are in src/migrate/README.md ("Linking").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/link_status.hpp"
#include "core/server_status.hpp"
#include "provisioning/proxmox_client.hpp"
#include "whmcs/source_rows.hpp"

namespace keel::migrate {

// Where a service's VMID came from.
enum class VmidSource {
    kMappedTable,      // a table named in the mapping TOML for the product's server type
    kPvewhmcsTable,    // mod_pvewhmcs_vms.vmid
    kLegacyServiceId,  // pvewhmcs before v1.2.9 (no mod_pvewhmcs_vms table): VMID = service id
    kCustomField,      // a product custom field keyed `vmid` (ModulesGarden and others)
};
std::string_view to_string(VmidSource source);

struct VmidFound {
    std::int64_t vmid = 0;
    VmidSource source;
};
struct VmidAbsent {
    std::string detail;  // what was (not) found, e.g. "custom field vmid holds 'abc'"
};
// The VMID WHMCS recorded for `row`, by the rules of SPEC order: mapped table, pvewhmcs, custom field.
std::variant<VmidFound, VmidAbsent> find_vmid(const whmcs::ServiceLinkRow& row, const whmcs::VmidSources& sources);

// How the VM was recognised as the service's beyond its VMID.
enum class Confirmation { kName, kIp, kNone };
std::string_view to_string(Confirmation confirmation);

// The identity check's verdict: the VM is the service's (how it was confirmed), it is another machine, or only
// its config can tell (the VM's ipconfig0 against tblhosting.dedicatedip).
struct IdentityConfirmed {
    Confirmation by;
};
struct IdentityMismatch {
    std::string detail;  // "VM 105 is named vps7-cus2, not vps5-cus1"
};
struct NeedsConfigAddress {};
using Identity = std::variant<IdentityConfirmed, IdentityMismatch, NeedsConfigAddress>;

// By name first (pvewhmcs's vps<service>-cus<client>, then the service's domain), then by address.
Identity check_identity(const whmcs::ServiceLinkRow& row, const provisioning::VmResource& vm);
// The same once the VM's config is known: `ipconfig0` as PVE returns it (absent: the VM has none).
Identity check_identity_with_config(const whmcs::ServiceLinkRow& row, const provisioning::VmResource& vm,
                                    const std::optional<std::string>& ipconfig0);

// The address in an ipconfig0 value ("ip=203.0.113.5/24,gw=…" → "203.0.113.5"); none for dhcp or no ip=.
std::optional<std::string> ipconfig_address(std::string_view ipconfig0);

// The specs the Keel server holds now (NULL: WHMCS could not say).
struct StoredSpecs {
    std::optional<int> cpu_cores, ram_mb, disk_gb;
};

// One column the VM decided: filled (Keel had NULL) or overruled (Keel held another value).
struct SpecNote {
    std::string column;   // cpu_cores | ram_mb | disk_gb
    bool filled = false;  // true: was NULL; false: differed
    std::optional<int> whmcs_value;
    int vm_value = 0;
};

struct ReconciledSpecs {
    std::optional<int> cpu_cores, ram_mb, disk_gb;  // what the server gets (the VM's where it knows)
    std::vector<SpecNote> notes;
};
// The VM wins for the live columns: cores = maxcpu, ram_mb = maxmem / MiB, disk_gb = ceil(maxdisk / GiB).
ReconciledSpecs reconcile_specs(const StoredSpecs& stored, const provisioning::VmResource& vm);

// The power state a VM status means for servers.power_state ("running", "stopped"; none for others).
std::optional<std::string> power_state_of(std::string_view vm_status);

// A remark on a linked service the operator should decide on (the link stands).
enum class LinkObservation {
    kActiveButStopped,     // WHMCS says Active, the VM is stopped
    kSuspendedButRunning,  // WHMCS says Suspended, the VM runs
};
std::string_view to_string(LinkObservation observation);
std::optional<LinkObservation> observe(std::string_view whmcs_status, std::string_view vm_status);

}  // namespace keel::migrate
