#include "migrate/vm_link.hpp"

#include <charconv>
#include <limits>

#include "migrate/text.hpp"

namespace keel::migrate {

namespace {

// PVE's VMID range (qm: 100 to 999999999); anything else in a WHMCS column is not a VMID.
constexpr std::int64_t kMinVmid = 100;
constexpr std::int64_t kMaxVmid = 999'999'999;
constexpr std::int64_t kMiB = 1024LL * 1024;
constexpr std::int64_t kGiB = 1024LL * kMiB;
// A stored value is quoted in a detail only this far: the report stays readable whatever a column holds.
constexpr std::size_t kQuotedValueMax = 40;

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return lower_ascii(a) == lower_ascii(b);
}

std::string quoted_value(std::string_view value) {
    const bool cut = value.size() > kQuotedValueMax;
    return "'" + to_valid_utf8(value.substr(0, kQuotedValueMax)) + (cut ? "…'" : "'");
}

std::optional<std::int64_t> parse_vmid(std::string_view text) {
    const auto trimmed = trim(text);
    std::int64_t vmid = 0;
    const auto* end = trimmed.data() + trimmed.size();
    const auto [stop, ec] = std::from_chars(trimmed.data(), end, vmid);
    if (trimmed.empty() || ec != std::errc{} || stop != end || vmid < kMinVmid || vmid > kMaxVmid) {
        return std::nullopt;
    }
    return vmid;
}

// A recorded value: a VMID, or why it is not one (`where` names the column in the detail).
std::variant<VmidFound, VmidAbsent> recorded(const std::string& value, VmidSource source, std::string_view where) {
    if (auto vmid = parse_vmid(value)) {
        return VmidFound{*vmid, source};
    }
    if (trim(value).empty()) {
        return VmidAbsent{std::string(where) + " is empty"};
    }
    return VmidAbsent{std::string(where) + " holds " + quoted_value(value) + ", not a VMID (100 to 999999999)"};
}

const whmcs::MappedVmidTable* mapped_table_for(std::string_view server_type, const whmcs::VmidSources& sources) {
    for (const auto& table : sources.mapped) {
        if (equals_ignoring_case(table.server_type, server_type)) {
            return &table;
        }
    }
    return nullptr;
}

struct VmName {
    std::int64_t service_id = 0, client_id = 0;
};

// pvewhmcs names its clones vps<service id>-cus<client id>.
std::optional<VmName> pvewhmcs_name(std::string_view name) {
    const auto lower = lower_ascii(name);
    std::string_view rest(lower);
    const auto number = [&rest](std::string_view prefix) -> std::optional<std::int64_t> {
        if (!rest.starts_with(prefix)) {
            return std::nullopt;
        }
        rest.remove_prefix(prefix.size());
        if (rest.empty() || rest.front() < '0' || rest.front() > '9') {
            return std::nullopt;  // from_chars would take a sign
        }
        std::int64_t value = 0;
        const auto [stop, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
        if (ec != std::errc{} || stop == rest.data()) {
            return std::nullopt;
        }
        rest.remove_prefix(static_cast<std::size_t>(stop - rest.data()));
        return value;
    };
    const auto service_id = number("vps");
    const auto client_id = service_id ? number("-cus") : std::nullopt;
    if (!client_id || !rest.empty()) {
        return std::nullopt;
    }
    return VmName{*service_id, *client_id};
}

int clamp_to_int(std::int64_t value) {
    return value > std::numeric_limits<int>::max() ? std::numeric_limits<int>::max() : static_cast<int>(value);
}

void reconcile(std::string_view column, std::optional<int> stored, int vm_value, std::optional<int>& into,
               std::vector<SpecNote>& notes) {
    into = stored;
    if (vm_value <= 0) {
        return;  // the VM does not say (PVE reports 0 for what it does not know)
    }
    into = vm_value;
    if (!stored) {
        notes.push_back(SpecNote{std::string(column), true, std::nullopt, vm_value});
    } else if (*stored != vm_value) {
        notes.push_back(SpecNote{std::string(column), false, stored, vm_value});
    }
}

}  // namespace

std::string_view to_string(VmidSource source) {
    switch (source) {
        case VmidSource::kMappedTable: return "mapped_table";
        case VmidSource::kPvewhmcsTable: return "pvewhmcs_table";
        case VmidSource::kLegacyServiceId: return "legacy_service_id";
        case VmidSource::kCustomField: return "custom_field";
    }
    return "custom_field";
}

std::string_view to_string(Confirmation confirmation) {
    switch (confirmation) {
        case Confirmation::kName: return "name";
        case Confirmation::kIp: return "ip";
        case Confirmation::kNone: return "none";
    }
    return "none";
}

std::string_view to_string(LinkObservation observation) {
    switch (observation) {
        case LinkObservation::kActiveButStopped: return "active_but_stopped";
        case LinkObservation::kSuspendedButRunning: return "suspended_but_running";
    }
    return "active_but_stopped";
}

std::variant<VmidFound, VmidAbsent> find_vmid(const whmcs::ServiceLinkRow& row, const whmcs::VmidSources& sources) {
    // A mapped table wins for its server type when it holds a row for the service; without one the install may
    // still have recorded the VMID in a custom field.
    if (const auto* table = mapped_table_for(row.server_type, sources); table != nullptr && row.mapped_vmid) {
        return recorded(*row.mapped_vmid, VmidSource::kMappedTable, table->table + "." + table->vmid_column);
    }
    if (equals_ignoring_case(row.server_type, "pvewhmcs")) {
        if (!sources.pvewhmcs_table) {
            // pvewhmcs before v1.2.9 had no table: the VMID was the service id.
            if (row.service_id < kMinVmid || row.service_id > kMaxVmid) {
                return VmidAbsent{"pvewhmcs without mod_pvewhmcs_vms uses the service id as VMID, and " +
                                  std::to_string(row.service_id) + " is not a VMID (100 to 999999999)"};
            }
            return VmidFound{row.service_id, VmidSource::kLegacyServiceId};
        }
        if (!row.pvewhmcs_vmid) {
            // The module writes the row only once the clone succeeded.
            return VmidAbsent{"mod_pvewhmcs_vms has no row for this service (its VM was never created)"};
        }
        return recorded(*row.pvewhmcs_vmid, VmidSource::kPvewhmcsTable, "mod_pvewhmcs_vms.vmid");
    }
    if (row.field_vmid) {
        return recorded(*row.field_vmid, VmidSource::kCustomField, "custom field vmid");
    }
    return VmidAbsent{"no VMID recorded (server type '" + to_valid_utf8(row.server_type) +
                      "' has no VMID table and the product no vmid custom field)"};
}

Identity check_identity(const whmcs::ServiceLinkRow& row, const provisioning::VmResource& vm) {
    const auto vmid = std::to_string(vm.vmid);
    if (vm.is_template) {
        return IdentityMismatch{"VM " + vmid + " is a template"};
    }
    if (const auto named = pvewhmcs_name(vm.name)) {
        if (named->service_id == row.service_id && named->client_id == row.client_id) {
            return IdentityConfirmed{Confirmation::kName};
        }
        return IdentityMismatch{"VM " + vmid + " is named " + to_valid_utf8(vm.name) + ", not vps" +
                                std::to_string(row.service_id) + "-cus" + std::to_string(row.client_id)};
    }
    const auto domain = trim(row.domain);
    if (!domain.empty() && equals_ignoring_case(domain, trim(vm.name))) {
        return IdentityConfirmed{Confirmation::kName};
    }
    if (!trim(row.dedicated_ip).empty()) {
        return NeedsConfigAddress{};
    }
    return IdentityConfirmed{Confirmation::kNone};
}

Identity check_identity_with_config(const whmcs::ServiceLinkRow& row, const provisioning::VmResource& vm,
                                    const std::optional<std::string>& ipconfig0) {
    auto by_name = check_identity(row, vm);
    if (!std::holds_alternative<NeedsConfigAddress>(by_name)) {
        return by_name;
    }
    const auto address = ipconfig0 ? ipconfig_address(*ipconfig0) : std::nullopt;
    if (!address) {
        return IdentityConfirmed{Confirmation::kNone};
    }
    const auto dedicated_ip = trim(row.dedicated_ip);
    if (equals_ignoring_case(*address, dedicated_ip)) {
        return IdentityConfirmed{Confirmation::kIp};
    }
    return IdentityMismatch{"VM " + std::to_string(vm.vmid) + " has address " + to_valid_utf8(*address) + ", not " +
                            to_valid_utf8(dedicated_ip)};
}

std::optional<std::string> ipconfig_address(std::string_view ipconfig0) {
    std::size_t start = 0;
    while (start <= ipconfig0.size()) {
        auto end = ipconfig0.find(',', start);
        if (end == std::string_view::npos) {
            end = ipconfig0.size();
        }
        const auto item = trim(ipconfig0.substr(start, end - start));
        if (item.starts_with("ip=")) {
            const std::string_view value(item.data() + 3, item.size() - 3);
            const auto address = trim(value.substr(0, value.find('/')));
            if (address.empty() || address == "dhcp") {
                return std::nullopt;
            }
            return address;
        }
        start = end + 1;
    }
    return std::nullopt;
}

ReconciledSpecs reconcile_specs(const StoredSpecs& stored, const provisioning::VmResource& vm) {
    ReconciledSpecs out;
    reconcile("cpu_cores", stored.cpu_cores, vm.max_cpu, out.cpu_cores, out.notes);
    reconcile("ram_mb", stored.ram_mb, clamp_to_int(vm.max_memory / kMiB), out.ram_mb, out.notes);
    const auto disk_gb = vm.max_disk <= 0 ? 0 : (vm.max_disk + kGiB - 1) / kGiB;
    reconcile("disk_gb", stored.disk_gb, clamp_to_int(disk_gb), out.disk_gb, out.notes);
    return out;
}

std::optional<std::string> power_state_of(std::string_view vm_status) {
    if (vm_status == "running" || vm_status == "stopped") {
        return std::string(vm_status);
    }
    return std::nullopt;
}

std::optional<LinkObservation> observe(std::string_view whmcs_status, std::string_view vm_status) {
    if (equals_ignoring_case(whmcs_status, "Active") && vm_status == "stopped") {
        return LinkObservation::kActiveButStopped;
    }
    if (equals_ignoring_case(whmcs_status, "Suspended") && vm_status == "running") {
        return LinkObservation::kSuspendedButRunning;
    }
    return std::nullopt;
}

}  // namespace keel::migrate
