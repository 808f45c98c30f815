#pragma once
// One struct per WHMCS table the seeder fills in bulk, holding the columns it sets. Columns left out get what
// WHMCS itself leaves there: '' / 0 / zero dates (the load runs in non-strict sql_mode).
#include <cstdint>
#include <optional>
#include <string>

namespace keel::testbed {

using OptionalText = std::optional<std::string>;  // std::nullopt is SQL NULL

struct ClientRow {
    std::int64_t id = 0;
    std::string uuid;
    std::string firstname, lastname, companyname, email;
    std::string address1, city, state, postcode, country, phonenumber;
    std::string password;  // 8.x moved logins to tblusers; legacy rows still hold md5:salt here
    std::int64_t currency = 1;
    std::string credit = "0.00";
    std::string datecreated;  // 'YYYY-MM-DD' or '0000-00-00'
    std::string status = "Active";
    std::string notes;
    std::string language;
    OptionalText lastlogin;
    std::string created_at = "0000-00-00 00:00:00";
    std::string updated_at = "0000-00-00 00:00:00";
};

struct UserRow {
    std::int64_t id = 0;
    std::string first_name, last_name, email, password;
    std::string language;
    OptionalText last_login, email_verified_at, created_at, updated_at;
};

struct UserClientRow {
    std::int64_t auth_user_id = 0;
    std::int64_t client_id = 0;
    std::int64_t invite_id = 0;
    bool owner = false;
    OptionalText permissions;
    OptionalText created_at;
};

struct ContactRow {
    std::int64_t userid = 0;
    std::string firstname, lastname, email;
    bool subaccount = false;
    std::string password;
    std::string permissions;
};

struct OrderRow {
    std::int64_t id = 0;
    std::int64_t ordernum = 0;
    std::int64_t userid = 0;
    std::string date;
    std::string amount = "0.00";
    std::string paymentmethod;
    std::string status;
    std::string ipaddress;
};

struct ServiceRow {
    std::int64_t id = 0;
    std::int64_t userid = 0;
    std::int64_t orderid = 0;
    std::int64_t packageid = 0;
    std::int64_t server = 0;
    std::string regdate;
    std::string domain;
    std::string paymentmethod;
    std::string firstpaymentamount = "0.00";
    std::string amount = "0.00";
    std::string billingcycle;
    OptionalText nextduedate;
    std::string nextinvoicedate;
    std::string termination_date = "0000-00-00";
    std::string domainstatus;
    std::string username;
    std::string password;
    std::string notes;
    std::string suspendreason;
    std::string dedicatedip;
    std::string assignedips;
    std::string created_at = "0000-00-00 00:00:00";
    std::string updated_at = "0000-00-00 00:00:00";
};

// tblhostingconfigoptions: types 1/2 carry the chosen sub-option in optionid (qty 0); type 3 (yes/no)
// carries the option's only sub-option and qty 0/1; type 4 (quantity) the only sub-option and qty = count.
struct ServiceOptionRow {
    std::int64_t relid = 0;
    std::int64_t configid = 0;
    std::int64_t optionid = 0;
    std::int64_t qty = 0;
};

struct CustomValueRow {
    std::int64_t fieldid = 0;
    std::int64_t relid = 0;
    std::string value;
};

struct ServiceAddonRow {
    std::int64_t orderid = 0;
    std::int64_t hostingid = 0;
    std::int64_t addonid = 0;
    std::int64_t userid = 0;
    std::string name;
    std::string setupfee = "0.00";
    std::string recurring = "0.00";
    std::string billingcycle;
    std::string status;
    std::string regdate;
    OptionalText nextduedate;
    std::string paymentmethod;
};

// mod_pvewhmcs_vms: pvewhmcs's record of a service's VM (id = tblhosting.id); node_id and v6prefix stay NULL.
struct PvewhmcsVmRow {
    std::int64_t id = 0;
    std::int64_t vmid = 0;
    std::int64_t user_id = 0;
    std::string ipaddress, subnetmask, gateway;
    std::string created = "0000-00-00 00:00:00";
};

}  // namespace keel::testbed
