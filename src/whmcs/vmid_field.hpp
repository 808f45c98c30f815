#pragma once
// The product custom field in which ModulesGarden's Proxmox module and others record a service's VMID (issue #11).
#include <string_view>

namespace keel::whmcs {

// Whether a tblcustomfields.fieldname is that field: its key (HTML-decoded, the text before '|', trimmed,
// case-insensitive) is `vmid`, as in `vmid|VM ID` or `VMID`.
bool is_vmid_field_name(std::string_view field_name);

}  // namespace keel::whmcs
