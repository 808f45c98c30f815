#pragma once
// Which WHMCS configurable option or custom field fills which Keel column. Names match case-insensitively on
// their key (the part before '|'); a TOML file extends or overrides the defaults (docs/mapping.md).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "whmcs/source_rows.hpp"

namespace keel::migrate {

enum class Column {
    kRamMb,
    kCpuCores,
    kDiskGb,
    kOsImage,
    kDatacenter,
    kBackups,
    kExtraIpv4,
    kAttribute,  // kept, named, in the server's attributes: mapped on purpose to no column
};

std::string_view to_string(Column column);
std::optional<Column> parse_column(std::string_view text);

class Mapping {
public:
    static Mapping defaults();
    // [options] and [fields] tables of "WHMCS name" = "column"; kInvalidArgument names the bad line.
    static Result<Mapping> from_toml(std::string_view toml_text);

    // `name` is the raw option or field name ("ram|Memory", "OS_Image|Operating System").
    std::optional<Column> option_column(std::string_view name) const;
    std::optional<Column> field_column(std::string_view name) const;

    // Linking (issue #11). [clusters] "<tblservers id>" = "name": the Keel cluster a WHMCS server becomes.
    const std::map<std::int64_t, std::string>& cluster_names() const { return cluster_names_; }
    // [link] server_types = [...]: the tblservers.type values of Proxmox modules (pvewhmcs, proxmoxVPS, proxmox,
    // proxmox_custom unless replaced).
    const std::vector<std::string>& server_types() const { return server_types_; }
    // [[link.source]] server_type, table, service_column, vmid_column: a module's own table holding the VMID.
    const std::vector<whmcs::MappedVmidTable>& vmid_tables() const { return vmid_tables_; }

private:
    std::map<std::string, Column> options_;  // normalised key → column
    std::map<std::string, Column> fields_;
    std::map<std::int64_t, std::string> cluster_names_;
    std::vector<std::string> server_types_;
    std::vector<whmcs::MappedVmidTable> vmid_tables_;
};

// The lookup key of a WHMCS name: HTML-decoded, text before '|', trimmed, lower-case.
std::string mapping_key(std::string_view name);

}  // namespace keel::migrate
