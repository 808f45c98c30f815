#include "testbed/seeder/catalog.hpp"

#include "testbed/seeder/literal_rows.hpp"
#include "whmcs/bulk_insert.hpp"

#include <algorithm>
#include <string>

namespace keel::testbed::catalog {
namespace {

using whmcs::MariadbConnection;
constexpr std::string_view kZero = "0000-00-00 00:00:00";

constexpr std::array<std::int64_t, 5> kVpsRamSubs{kRam1G, kRam2G, kRam4G, kRam8G, kRam16G};
constexpr std::array<std::int64_t, 4> kVpsCpuSubs{kCpu1, kCpu2, kCpu4, kCpu8};
constexpr std::array<std::int64_t, 4> kVpsDiskSubs{kDisk25, kDisk50, kDisk100, kDisk200};
constexpr std::array<std::int64_t, 3> kDediMemSubs{kMem32, kMem64, kMem128};
constexpr std::array<std::int64_t, 3> kDediCoreSubs{kCores6, kCores12, kCores16};
constexpr std::array<std::int64_t, 2> kDediStorageSubs{kStorage1T, kStorage2T};
constexpr std::array<std::int64_t, 3> kFluxSubs{kFluxStandard, kFluxUberdrive, kFluxPlaid};
// Dropdown custom field values are stored as the whole option, pipe and all (reference §2.5).
constexpr std::array<std::string_view, 4> kVpsOs{"debian-12|Debian 12", "ubuntu-24.04|Ubuntu 24.04 LTS",
                                                 "almalinux-9|AlmaLinux 9", "windows-2022|Windows Server 2022"};
constexpr std::array<std::string_view, 3> kVpsLocations{"fra1|Frankfurt", "ams1|Amsterdam", "tyo1|東京 Tokyo"};
constexpr std::array<std::string_view, 3> kDediOs{"Debian 12", "Ubuntu 22.04", "Proxmox VE 8"};
constexpr std::array<std::string_view, 2> kDediLocations{"Frankfurt", "New York"};
// A generated VPS is on the cluster of its DataCenter_Location; without one of fra1/ams1, on one drawn from these.
constexpr std::array<std::int64_t, 2> kVpsServers{kPveFra1, kPveAms1};
constexpr std::array<std::int64_t, 1> kDediServers{kDediNyc};

const Family kVps{kVpsRam,     kVpsCpu,       kVpsDisk,     kVpsBackups, kVpsIpv4,       0,
                  kVpsRamSubs, kVpsCpuSubs,   kVpsDiskSubs, {},          kVpsBackupsSub, kVpsIpv4Sub,
                  kVpsOs,      kVpsLocations, kVpsServers};
const Family kDedicated{kDediMemory,     kDediCores,   kDediStorage,  kDediBackups,     kDediIpv4,
                        kDediFlux,       kDediMemSubs, kDediCoreSubs, kDediStorageSubs, kFluxSubs,
                        kDediBackupsSub, kDediIpv4Sub, kDediOs,       kDediLocations,   kDediServers};

Status write_currencies_and_settings(MariadbConnection& c) {
    if (auto s = insert_rows(c, "tblcurrencies", {"id", "code", "prefix", "suffix", "format", "rate", "default"},
                             {{1, "USD", "$", " USD", 1, "1.00000", 1},
                              {2, "EUR", "€", " EUR", 3, "0.92000", 0},
                              {3, "GBP", "£", " GBP", 1, "0.79000", 0}});
        !s) {
        return s;
    }
    // SMTPPassword is WHMCS encrypt('') under an unknown key: a 28-character base64 value (reference §2.6).
    return insert_rows(c, "tblconfiguration", {"setting", "value", "created_at", "updated_at"},
                       {{"Version", "8.4.0-release.1", kZero, "2022-02-19 05:02:26"},
                        {"Language", "English", kZero, kZero},
                        {"CompanyName", "M&uuml;ller &amp; S&ouml;hne Hosting", kZero, "2019-03-02 11:00:00"},
                        {"Email", "billing@example.com", kZero, kZero},
                        {"Domain", "https://www.example.com/", kZero, kZero},
                        {"SystemURL", "https://billing.example.com/", kZero, kZero},
                        {"Charset", "utf-8", kZero, kZero},
                        {"CutUtf8Mb4", "on", kZero, kZero},
                        {"DefaultCountry", "DE", kZero, kZero},
                        {"DateFormat", "DD/MM/YYYY", kZero, kZero},
                        {"AutoSuspension", "on", kZero, kZero},
                        {"AutoSuspensionDays", "5", kZero, kZero},
                        {"AutoTermination", "", kZero, kZero},
                        {"SMTPPassword", "zAUN4WdG8mWRlZCQZwk2Z2ippXU=", kZero, kZero},
                        {"TaxEnabled", "on", kZero, kZero}});
}

Status write_products(MariadbConnection& c) {
    if (auto s =
            insert_rows(c, "tblproductgroups",
                        {"id", "name", "slug", "headline", "tagline", "orderfrmtpl", "disabledgateways", "hidden",
                         "order", "created_at"},
                        {{1, "VPS Cloud", "vps-cloud", "Fast NVMe VPS", nullptr, "", "", 0, 1, kZero},
                         {2, "Dedicated Servers", "dedicated", nullptr, nullptr, "", "", 0, 2, kZero},
                         {3, "Web Hosting", "web-hosting", nullptr, nullptr, "", "", 0, 3, kZero},
                         {4, "Legacy &amp; Retired Plans", "legacy", nullptr, nullptr, "", "", 1, 4, kZero},
                         {5, "日本 東京 Region", "tokyo", "日本のVPS", nullptr, "", "", 0, 5, "2021-04-01 09:00:00"}});
        !s) {
        return s;
    }
    return insert_rows(
        c, "tblproducts",
        {"id", "type", "gid", "name", "slug", "description", "hidden", "paytype", "autosetup", "servertype",
         "configoption1", "configoption2", "retired", "order", "created_at"},
        {{kVpsS, "server", 1, "VPS S", "vps-s", "<p>1 vCPU &amp; NVMe</p>", 0, "recurring", "payment", kPvewhmcs, "kvm",
          "local-lvm", 0, 1, kZero},
         {kVpsM, "server", 1, "VPS M &amp; Backup", "vps-m", "Includes backups", 0, "recurring", "payment", kPvewhmcs,
          "kvm", "local-lvm", 0, 2, kZero},
         {kVpsL, "server", 1, "VPS L", "vps-l", "", 0, "recurring", "payment", kPvewhmcs, "kvm", "ceph", 0, 3, kZero},
         {kDediE2236, "server", 2, "Dedicated E-2236", "dedi-e2236", "Intel Xeon E-2236", 0, "recurring", "", "", "",
          "", 0, 1, kZero},
         {kDediRyzen, "server", 2, "Dedicated Ryzen 9 – Größe XL", "dedi-ryzen", "AMD Ryzen 9 7950X", 0, "recurring",
          "", "", "", "", 0, 2, "2023-01-10 08:00:00"},
         {kSharedStarter, "hostingaccount", 3, "Shared Starter", "shared-starter", "1 site, 10 GB", 0, "recurring",
          "payment", "cpanel", "starter", "", 0, 1, kZero},
         {kLegacyVps, "server", 4, "Legacy VPS &amp;amp; Co", "legacy-vps", "OpenVZ era plan", 1, "recurring", "",
          kProxmoxVps, "kvm", "local", 1, 1, kZero},
         {kTokyoVps, "server", 5, "東京 VPS", "tokyo-vps", "日本リージョン", 0, "recurring", "payment", kProxmoxVps,
          "kvm", "local-lvm", 0, 1, "2021-04-01 09:00:00"},
         {kSslCertificate, "other", 3, "SSL Certificate", "ssl", "", 0, "recurring", "", "", "", "", 0, 2, kZero}});
}

// One row per product and currency; -1.00 marks a billing cycle that is not offered (reference §2.4).
Status write_pricing(MariadbConnection& c) {
    whmcs::BulkInsert b(c, "tblpricing",
                        {"type", "currency", "relid", "msetupfee", "qsetupfee", "ssetupfee", "asetupfee", "bsetupfee",
                         "tsetupfee", "monthly", "quarterly", "semiannually", "annually", "biennially", "triennially"});
    struct Price {
        std::string_view type;
        std::int64_t currency, relid;
        std::string_view setup, m, q, s, a, bi, tri;
    };
    const Price prices[] = {
        {"product", 1, kVpsS, "0.00", "5.00", "14.50", "28.00", "54.00", "-1.00", "-1.00"},
        {"product", 2, kVpsS, "0.00", "4.60", "13.35", "25.75", "49.70", "-1.00", "-1.00"},
        {"product", 1, kVpsM, "0.00", "10.00", "29.00", "56.00", "108.00", "200.00", "-1.00"},
        {"product", 2, kVpsM, "0.00", "9.20", "26.70", "51.50", "99.40", "184.00", "-1.00"},
        {"product", 1, kVpsL, "0.00", "20.00", "58.00", "112.00", "216.00", "400.00", "570.00"},
        {"product", 1, kDediE2236, "99.00", "79.00", "229.00", "450.00", "870.00", "1680.00", "2400.00"},
        {"product", 3, kDediE2236, "79.00", "63.00", "183.00", "360.00", "696.00", "-1.00", "-1.00"},
        {"product", 1, kDediRyzen, "149.00", "129.00", "375.00", "735.00", "1420.00", "2750.00", "3900.00"},
        {"product", 1, kSharedStarter, "0.00", "3.99", "11.50", "22.00", "42.00", "-1.00", "-1.00"},
        {"product", 1, kDeletedProduct, "0.00", "2.00", "-1.00", "-1.00", "-1.00", "-1.00", "-1.00"},
        {"product", 1, kLegacyVps, "0.00", "4.00", "-1.00", "-1.00", "-1.00", "-1.00", "-1.00"},
        {"product", 1, kTokyoVps, "0.00", "7.00", "20.00", "39.00", "75.00", "140.00", "200.00"},
        {"product", 1, kSslCertificate, "0.00", "-1.00", "-1.00", "-1.00", "9.99", "18.00", "-1.00"},
        {"addon", 1, kAddonSnapshots, "0.00", "2.00", "6.00", "12.00", "24.00", "-1.00", "-1.00"},
        {"addon", 1, kAddonCpanelLicense, "0.00", "15.00", "-1.00", "-1.00", "-1.00", "-1.00", "-1.00"},
        {"addon", 1, kAddonWindowsLicense, "0.00", "12.00", "36.00", "72.00", "144.00", "-1.00", "-1.00"},
    };
    for (const Price& p : prices) {
        b.text(p.type).integer(p.currency).integer(p.relid);
        for (int i = 0; i < 6; ++i) {
            b.text(p.setup);
        }
        b.text(p.m).text(p.q).text(p.s).text(p.a).text(p.bi).text(p.tri);
        if (auto s = b.end_row(); !s) {
            return s;
        }
    }
    // Config option prices: relid is the sub-option, one row per currency (reference §2.1).
    for (std::int64_t sub = kRam1G; sub <= kFluxPlaid; ++sub) {
        if (sub == kDeletedRamSub) {
            continue;
        }
        const std::string monthly = std::to_string((sub % 5) * 2) + ".00";
        b.text("configoptions").integer(1).integer(sub);
        for (int i = 0; i < 6; ++i) {
            b.text("0.00");
        }
        for (int i = 0; i < 6; ++i) {
            b.text(monthly);
        }
        if (auto s = b.end_row(); !s) {
            return s;
        }
    }
    return b.flush();
}

Status write_config_options(MariadbConnection& c) {
    if (auto s = insert_rows(c, "tblproductconfiggroups", {"id", "name", "description"},
                             {{1, "VPS Resources", "RAM, CPU, disk &amp; extras"},
                              {2, "Dedicated Hardware", ""},
                              {3, "Unused group", "linked to nothing"}});
        !s) {
        return s;
    }
    // Link 8 points at the deleted product 7.
    if (auto s = insert_rows(c, "tblproductconfiglinks", {"id", "gid", "pid"},
                             {{1, 1, kVpsS},
                              {2, 1, kVpsM},
                              {3, 1, kVpsL},
                              {4, 2, kDediE2236},
                              {5, 2, kDediRyzen},
                              {6, 1, kLegacyVps},
                              {7, 1, kTokyoVps},
                              {8, 1, kDeletedProduct}});
        !s) {
        return s;
    }
    // optiontype is text: 1 dropdown, 2 radio, 3 yes/no, 4 quantity (reference §2.2).
    if (auto s = insert_rows(c, "tblproductconfigoptions",
                             {"id", "gid", "optionname", "optiontype", "qtyminimum", "qtymaximum", "order", "hidden"},
                             {{kVpsRam, 1, "ram|Memory", "1", 0, 0, 1, 0},
                              {kVpsCpu, 1, "CPU Cores", "2", 0, 0, 2, 0},
                              {kVpsDisk, 1, "Disk Space", "1", 0, 0, 3, 0},
                              {kVpsBackups, 1, "Backups", "3", 0, 0, 4, 0},
                              {kVpsIpv4, 1, "Extra IPv4 Addresses", "4", 0, 16, 5, 0},
                              {kDediMemory, 2, "Memory", "1", 0, 0, 1, 0},
                              {kDediCores, 2, "cores|Processor Cores", "2", 0, 0, 2, 0},
                              {kDediStorage, 2, "Storage", "1", 0, 0, 3, 0},
                              {kDediBackups, 2, "Backups", "3", 0, 0, 4, 0},
                              {kDediIpv4, 2, "Extra IPv4 Addresses", "4", 0, 64, 5, 0},
                              {kDediFlux, 2, "Flux Capacitor Tier", "1", 0, 0, 6, 0}});
        !s) {
        return s;
    }
    return insert_rows(c, "tblproductconfigoptionssub", {"id", "configid", "optionname", "sortorder", "hidden"},
                       {{kRam1G, kVpsRam, "1024|1 GB", 1, 0},
                        {kRam2G, kVpsRam, "2048|2 GB", 2, 0},
                        {kRam4G, kVpsRam, "4096|4 GB", 3, 0},
                        {kRam8G, kVpsRam, "8192|8 GB", 4, 0},
                        {kRam16G, kVpsRam, "16384|16 GB", 5, 1},
                        {kCpu1, kVpsCpu, "1 vCPU", 1, 0},
                        {kCpu2, kVpsCpu, "2 vCPUs", 2, 0},
                        {kCpu4, kVpsCpu, "4 vCPUs", 3, 0},
                        {kCpu8, kVpsCpu, "8 vCPUs", 4, 0},
                        {kDisk25, kVpsDisk, "25|25 GB NVMe", 1, 0},
                        {kDisk50, kVpsDisk, "50|50 GB NVMe", 2, 0},
                        {kDisk100, kVpsDisk, "100|100 GB NVMe", 3, 0},
                        {kDisk200, kVpsDisk, "200|200 GB NVMe", 4, 0},
                        {kVpsBackupsSub, kVpsBackups, "Daily backups", 0, 0},
                        {kVpsIpv4Sub, kVpsIpv4, "IPv4 Address", 0, 0},
                        {kMem32, kDediMemory, "32 GB DDR4", 1, 0},
                        {kMem64, kDediMemory, "64 GB DDR4", 2, 0},
                        {kMem128, kDediMemory, "128 GB DDR4 ECC", 3, 0},
                        {kCores6, kDediCores, "6 Cores", 1, 0},
                        {kCores12, kDediCores, "12 Cores", 2, 0},
                        {kCores16, kDediCores, "16 Cores", 3, 0},
                        {kStorage1T, kDediStorage, "1000|2x 1 TB NVMe (RAID 1)", 1, 0},
                        {kStorage2T, kDediStorage, "2000|2x 2 TB NVMe (RAID 1)", 2, 0},
                        {kDediBackupsSub, kDediBackups, "500 GB backup space", 0, 0},
                        {kDediIpv4Sub, kDediIpv4, "Additional IPv4", 0, 0},
                        {kFluxStandard, kDediFlux, "Standard", 1, 0},
                        {kFluxUberdrive, kDediFlux, "&Uuml;berdrive", 2, 0},
                        {kFluxPlaid, kDediFlux, "Plaid", 3, 0}});
}

std::string joined(std::span<const std::string_view> values) {
    std::string out;
    for (const std::string_view value : values) {
        out += out.empty() ? "" : ",";
        out += value;
    }
    return out;
}

Status write_custom_fields(MariadbConnection& c) {
    whmcs::BulkInsert b(c, "tblcustomfields",
                        {"id", "type", "relid", "fieldname", "fieldtype", "description", "fieldoptions", "regexpr",
                         "adminonly", "required", "showorder", "showinvoice", "sortorder"});
    auto field = [&b](std::int64_t id, std::string_view type, std::int64_t relid, std::string_view name,
                      std::string_view fieldtype, std::string_view options, std::string_view required,
                      bool admin_only = false) {
        b.integer(id).text(type).integer(relid).text(name).text(fieldtype).text("").text(options).text("");
        // WHMCS booleans here are 'on' or ''; an admin-only field is not on the order form either.
        b.text(admin_only ? "on" : "").text(required).text(admin_only ? "" : "on").text("").integer(0);
        return b.end_row();
    };
    if (auto s = field(kClientVatNumber, "client", 0, "VAT Number", "text", "", ""); !s) {
        return s;
    }
    if (auto s = field(kClientReferral, "client", 0, "referral|How did you find us?", "dropdown",
                       "Google,Friend,Forum &amp; Blogs", "");
        !s) {
        return s;
    }
    if (auto s = field(kClientNewsletter, "client", 0, "Newsletter", "tickbox", "", ""); !s) {
        return s;
    }
    for (const std::int64_t product : {kVpsS, kVpsM, kVpsL, kDediE2236, kDediRyzen, kLegacyVps, kTokyoVps}) {
        const Family& family = family_of(product);
        // Product 2 names its field the way many installs do: machine key, pipe, label for the client area.
        const std::string_view os_name = product == kVpsM ? "OS_Image|Operating System" : "OS_Image";
        const Status made[] = {
            field(field_id(product, ProductField::kOsImage), "product", product, os_name, "dropdown",
                  joined(family.os_values), "on"),
            field(field_id(product, ProductField::kLocation), "product", product, "DataCenter_Location", "dropdown",
                  joined(family.location_values), "on"),
            field(field_id(product, ProductField::kReverseDns), "product", product, "rdns|Reverse DNS", "text", "", ""),
            field(field_id(product, ProductField::kRootPassword), "product", product, "Root Password", "password", "",
                  ""),
            field(field_id(product, ProductField::kManaged), "product", product, "Managed Support", "tickbox", "", ""),
            field(field_id(product, ProductField::kAbuseNotes), "product", product, "Abuse Notes", "text", "", "",
                  true),
        };
        for (const Status& s : made) {
            if (!s) {
                return s;
            }
        }
        // ModulesGarden's Proxmox VE VPS keeps the VMID in a product custom field named `vmid|…` (reference
        // proxmox-api-and-whmcs-modules.md §1). Not admin-only here, so admin-only values stay those of services 1
        // and 2 (issue #9's tests count them).
        if (is_proxmox_vps_product(product)) {
            if (auto s =
                    field(field_id(product, ProductField::kVmid), "product", product, "vmid|VM ID", "text", "", "");
                !s) {
                return s;
            }
        }
    }
    return b.flush();
}

Status write_addons(MariadbConnection& c) {
    return insert_rows(
        c, "tbladdons",
        {"id", "packages", "name", "description", "billingcycle", "tax", "showorder", "downloads", "autoactivate",
         "suspendproduct", "welcomeemail", "autolinkby"},
        {{kAddonSnapshots, "1,2,3,9", "Daily Snapshots", "", "recurring", 1, 1, "", "payment", 1, 0, ""},
         {kAddonCpanelLicense, "6", "cPanel License", "", "recurring", 1, 1, "", "payment", 1, 0, ""},
         {kAddonWindowsLicense, "1,2,3,4,5", "Windows License &amp; RDP", "", "recurring", 1, 0, "", "", 0, 0, ""}});
}

// UTF-8 bytes in a latin1 table, sent as raw bytes: what a PHP app on a latin1 connection used to store.
Status write_latin1_mail_log(MariadbConnection& c) {
    whmcs::BulkInsert b(c, "tblticketmaillog", {"id", "date", "to", "name", "email", "subject", "message", "status"});
    struct Mail {
        std::int64_t id;
        std::string_view name, subject, message;
    };
    const Mail mails[] = {
        {1, "José Müller", "Grüße aus München", "Straße, Größe, café – 日本"},
        {2, "Plain Ascii", "Server down?", "No accents here."},
    };
    for (const Mail& m : mails) {
        b.integer(m.id).text("2016-05-04 10:00:00").text("support@example.com").bytes(m.name);
        b.text("jose@example.com").bytes(m.subject).bytes(m.message).text("Ticket Opened");
        if (auto s = b.end_row(); !s) {
            return s;
        }
    }
    // A genuine latin1 byte (0xE9, é) for contrast: this row decodes correctly as latin1.
    b.integer(3).text("2012-01-09 08:30:00").text("support@example.com").bytes("Ren\xE9").text("rene@example.com");
    b.bytes("Caf\xE9").bytes("R\xE9sum\xE9").text("Ticket Opened");
    if (auto s = b.end_row(); !s) {
        return s;
    }
    return b.flush();
}

}  // namespace

const Family& vps_family() {
    return kVps;
}
const Family& dedicated_family() {
    return kDedicated;
}

const Family& family_of(std::int64_t product_id) {
    const bool dedicated =
        std::find(kDedicatedProducts.begin(), kDedicatedProducts.end(), product_id) != kDedicatedProducts.end();
    return dedicated ? kDedicated : kVps;
}

Status write_catalog(MariadbConnection& c) {
    for (auto step : {write_currencies_and_settings, write_products, write_pricing, write_config_options,
                      write_custom_fields, write_addons, write_latin1_mail_log}) {
        if (auto s = step(c); !s) {
            return s;
        }
    }
    return {};
}

}  // namespace keel::testbed::catalog
