#pragma once
// WHMCS rows as whmcs-migrate reads them: raw text exactly as stored (HTML entities, zero dates and all);
// the migrate component decides what they mean.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keel::whmcs {

// One tblusers_clients link of an Active client, with its login user (tblusers).
struct ClientLogin {
    std::int64_t client_id = 0;
    std::int64_t user_id = 0;
    bool owner = false;
    std::string email, first_name, last_name;
    std::string password_hash;
};

// An Active client (tblclients) that no existing login user can sign in to.
struct ClientWithoutLogin {
    std::int64_t client_id = 0;
    std::string email, first_name, last_name;
};

// A tblhostingconfigoptions row with its option definition and chosen sub-option, when they still exist.
struct ChosenOption {
    std::int64_t row_id = 0;
    std::int64_t config_id = 0;
    std::optional<std::string> option_name;  // none: the option was deleted
    int option_type = 0;                     // 1 dropdown, 2 radio, 3 yes/no, 4 quantity
    std::int64_t sub_option_id = 0;
    std::optional<std::string> sub_option_name;  // none: the sub-option was deleted
    std::int64_t quantity = 0;
};

// A product custom field value (tblcustomfieldsvalues + tblcustomfields).
struct FieldValue {
    std::int64_t row_id = 0;
    std::int64_t field_id = 0;
    std::string field_name;
    std::string field_type;  // text, link, password, dropdown, tickbox, textarea
    std::string value;
    bool admin_only = false;  // tblcustomfields.adminonly = 'on': staff notes the client area never shows
};

// A tblhosting row with what its client and product rows say (absent when they were deleted).
struct ServiceRow {
    std::int64_t id = 0;
    std::int64_t client_id = 0;
    std::int64_t product_id = 0;
    std::int64_t server_id = 0;
    std::string domain;
    std::string status;  // domainstatus
    std::string billing_cycle;
    std::string registered_on, next_due_on;  // may be 0000-00-00 or empty
    std::string amount;
    std::string dedicated_ip;
    std::string encrypted_password;  // tblhosting.password as WHMCS stores it (legacy encrypt()); "" when none
    std::string server_type;         // tblproducts.servertype, the module that runs it ("" when the product is gone)
    std::optional<std::string> client_status;
    std::optional<std::string> product_type, product_name;
    std::vector<ChosenOption> options;  // in row id order
    std::vector<FieldValue> fields;     // in row id order
};

// A tblservers row of a Proxmox server module; its password still encrypted as WHMCS stores it.
struct HypervisorRow {
    std::int64_t id = 0;
    std::string name;
    std::string type;  // the module: pvewhmcs, proxmoxVPS, …
    std::string hostname, ip_address;
    int port = 0;  // 0: the module's default
    std::string username;
    std::string encrypted_password;
    std::string access_hash;  // plaintext in WHMCS: a realm (pam, pve) or ModulesGarden's token marker PVEAPIToken
    bool disabled = false;
};

// A VMID kept by a module in a table of its own, named in the mapping TOML.
struct MappedVmidTable {
    std::string server_type;  // tblproducts.servertype it applies to
    std::string table, service_column, vmid_column;
};

// Which VMID sources exist in this install (a module's table is absent when the module never ran).
struct VmidSources {
    bool pvewhmcs_table = false;  // mod_pvewhmcs_vms
    std::vector<MappedVmidTable> mapped;
};

// What linking needs to know of a tblhosting row: where the VMID may be recorded and the keys that confirm it.
struct ServiceLinkRow {
    std::int64_t service_id = 0;
    std::int64_t client_id = 0;
    std::int64_t server_id = 0;  // tblhosting.server
    std::string server_type;     // tblproducts.servertype
    std::string status;          // domainstatus
    std::string domain, dedicated_ip;
    std::optional<std::string> pvewhmcs_vmid;  // mod_pvewhmcs_vms.vmid for this service (no row or no table: none)
    std::optional<std::string> field_vmid;     // the product custom field keyed `vmid` (highest value row id)
    std::optional<std::string> mapped_vmid;    // from the mapped table of this service's server type
};

}  // namespace keel::whmcs
