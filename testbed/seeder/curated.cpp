#include "testbed/seeder/curated.hpp"

#include "testbed/seeder/catalog.hpp"
#include "testbed/seeder/passwords.hpp"
#include "testbed/seeder/proxmox.hpp"
#include "testbed/seeder/rng.hpp"
#include "testbed/seeder/service_parts.hpp"
#include "testbed/seeder/tables.hpp"

#include <string>

namespace keel::testbed {
namespace {

namespace cat = catalog;
constexpr std::int64_t kDeletedClient = 13;  // services and a user link still point at it
constexpr std::int64_t kMissingUser = 99;    // a tblusers_clients row points at it
constexpr std::string_view kPermissions = "profile,contacts,products,manageproducts,domains,invoices,tickets,orders";

struct CuratedClient {
    std::int64_t id;
    std::string_view firstname, lastname, companyname, email, country, status, datecreated;
    std::int64_t currency;
};

// Client 4 and 5 share an email that differs only by case; 12 has zero dates throughout; 14 has no login user at
// all (no tblusers_clients row) yet an Active server.
constexpr CuratedClient kClients[] = {
    {1, "Alice", "Anderson", "", "alice@example.com", "US", "Active", "2016-03-14", 1},
    {2, "Bob", "Brown", "Brown &amp; Sons Ltd", "bob@example.com", "GB", "Active", "2015-07-01", 3},
    {3, "Bob", "Brown", "O&#039;Reilly Hosting", "bob+oreilly@example.com", "IE", "Active", "2019-11-20", 1},
    {4, "José", "Müller", "", "JOSE.MULLER@example.com", "DE", "Active", "2014-02-02", 2},
    {5, "Josè", "Müller", "", "jose.muller@example.com", "DE", "Inactive", "2018-08-08", 2},
    {6, "Carl", "Closed", "", "carl@example.com", "US", "Closed", "2013-01-15", 1},
    {7, "Nora", "Noowner", "", "nora@example.com", "NL", "Active", "2020-05-05", 2},
    {8, "太郎", "田中", "株式会社テスト", "tanaka@example.jp", "JP", "Active", "2021-04-02", 1},
    {9, "Günther", "Weiß", "Weiß &amp;amp; Groß GmbH", "guenther@example.de", "AT", "Active", "2017-09-09", 2},
    {10, "Quincy", "Quirk", "&lt;b&gt;Quirk&lt;/b&gt; &amp; Co", "quirk@example.com", "US", "Active", "2012-12-12", 1},
    {11, "Fred", "Free", "", "fred@example.com", "US", "Active", "2022-01-01", 1},
    {12, "Zed", "Zero", "", "zero@example.com", "US", "Active", "0000-00-00", 1},
    {14, "Olga", "Nologin", "", "olga.nologin@example.com", "SE", "Active", "2023-03-03", 1},
};

Status write_clients(Tables& tables, Rng& rng) {
    for (const CuratedClient& c : kClients) {
        ClientRow row;
        row.id = c.id;
        row.uuid =
            "00000000-0000-4000-8000-" + std::string(12 - std::to_string(c.id).size(), '0') + std::to_string(c.id);
        row.firstname = c.firstname;
        row.lastname = c.lastname;
        row.companyname = c.companyname;
        row.email = c.email;
        row.address1 = c.id == 9 ? "Hauptstraße 1" : "1 Example Street";
        row.city = c.id == 8 ? "東京" : "Springfield";
        row.postcode = "12345";
        row.country = c.country;
        row.phonenumber = "+1.5550100" + std::to_string(c.id);
        row.currency = c.currency;
        row.datecreated = c.datecreated;
        row.status = c.status;
        row.language = c.id == 9 ? "german" : "";
        if (c.id != 12) {
            row.created_at = std::string(c.datecreated) + " 10:00:00";
            row.updated_at = "2024-01-01 00:00:00";
            row.lastlogin = "2024-06-01 12:00:00";
        }
        if (c.id == 4) {  // pre-8.0 login hash left on the client row
            row.password = legacy_salted_md5("jose-legacy-4", rng);
        }
        if (c.id == 10) {
            row.notes = "Line one &amp; two\nLine 3: customer said &quot;don&#039;t reboot&quot;\n";
            row.credit = "-12.50";
        }
        if (auto added = tables.add(row); !added) {
            return std::unexpected(added.error());
        }
    }
    return {};
}

struct CuratedUser {
    std::int64_t id;
    std::string_view first_name, last_name, email;
    enum class Hash { kBcrypt, kSaltedMd5, kBareMd5 } hash;
    std::string_view plaintext;
};

// Plaintexts are documented in testbed/README.md.
constexpr CuratedUser kUsers[] = {
    {1, "Alice", "Anderson", "alice@example.com", CuratedUser::Hash::kBcrypt, "alice-testbed-1"},
    {2, "Bob", "Brown", "bob@example.com", CuratedUser::Hash::kBcrypt, "bob-testbed-2"},
    {3, "Carol", "Invited", "carol@example.com", CuratedUser::Hash::kBcrypt, "carol-testbed-3"},
    {4, "José", "Müller", "jose.muller@example.com", CuratedUser::Hash::kSaltedMd5, "jose-legacy-4"},
    {5, "Josè", "Müller", "jmuller@example.net", CuratedUser::Hash::kBareMd5, "bare-md5-5"},
    {6, "Carl", "Closed", "carl@example.com", CuratedUser::Hash::kBcrypt, "carl-testbed-6"},
    {7, "Nick", "Invitee", "nick.invitee@example.com", CuratedUser::Hash::kBcrypt, "nick-testbed-7"},
    {8, "太郎", "田中", "tanaka@example.jp", CuratedUser::Hash::kBcrypt, "tanaka-testbed-8"},
    {9, "Günther", "Weiß", "guenther@example.de", CuratedUser::Hash::kSaltedMd5, "guenther-legacy-9"},
    {10, "Quincy", "Quirk", "q.quirk@example.org", CuratedUser::Hash::kBcrypt, "quirk-testbed-10"},
    {11, "Fred", "Free", "fred@example.com", CuratedUser::Hash::kBcrypt, "fred-testbed-11"},
    {12, "Zed", "Zero", "zero@example.com", CuratedUser::Hash::kBcrypt, "zero-testbed-12"},
};

struct Link {
    std::int64_t user, client;
    bool owner;
};

// Bob (2) owns two accounts; Carol (3) is invited to Bob's and to the deleted client; client 7 has only an
// invited user and no owner; client 12 also links a user that does not exist.
constexpr Link kLinks[] = {
    {1, 1, true}, {2, 2, true},   {2, 3, true},   {3, 2, false},  {3, kDeletedClient, false},
    {4, 4, true}, {5, 5, true},   {6, 6, true},   {7, 7, false},  {8, 8, true},
    {9, 9, true}, {10, 10, true}, {11, 11, true}, {12, 12, true}, {kMissingUser, 12, false},
};

Status write_users(Tables& tables, Rng& rng) {
    for (const CuratedUser& u : kUsers) {
        UserRow row;
        row.id = u.id;
        row.first_name = u.first_name;
        row.last_name = u.last_name;
        row.email = u.email;
        switch (u.hash) {
            case CuratedUser::Hash::kBcrypt: {
                auto hashed = bcrypt_hash(u.plaintext, rng);
                if (!hashed) {
                    return std::unexpected(hashed.error());
                }
                row.password = *hashed;
                break;
            }
            case CuratedUser::Hash::kSaltedMd5: row.password = legacy_salted_md5(u.plaintext, rng); break;
            case CuratedUser::Hash::kBareMd5: row.password = md5_hex(u.plaintext); break;
        }
        if (u.id != 12) {
            row.created_at = "2020-11-10 09:00:00";
            row.updated_at = "2024-02-02 10:00:00";
            row.email_verified_at = u.id % 2 == 0 ? OptionalText("2021-01-01 00:00:00") : std::nullopt;
        }
        if (auto added = tables.add(row); !added) {
            return std::unexpected(added.error());
        }
    }
    for (const Link& link : kLinks) {
        UserClientRow row{link.user, link.client, 0, link.owner, std::nullopt, "2020-11-10 09:00:00"};
        if (!link.owner) {
            row.permissions = std::string(kPermissions);
            row.invite_id = link.user;
        }
        if (auto s = tables.add(row); !s) {
            return s;
        }
    }
    return {};
}

Status write_contacts_and_client_fields(Tables& tables, Rng& rng) {
    const ContactRow contacts[] = {
        {2, "Dave", "Sub", "dave.sub@example.com", true, legacy_salted_md5("dave-subaccount", rng), "profile,products"},
        {9, "Hans", "Groß", "hans@example.de", false, "", ""},
        {kDeletedClient, "Orphan", "Contact", "orphan.contact@example.com", false, "", ""},
    };
    for (const ContactRow& row : contacts) {
        if (auto s = tables.add(row); !s) {
            return s;
        }
    }
    const CustomValueRow values[] = {
        {cat::kClientVatNumber, 1, "DE123456789"}, {cat::kClientReferral, 1, "Google"},
        {cat::kClientNewsletter, 1, "on"},         {cat::kClientReferral, 2, "Forum &amp; Blogs"},
        {cat::kClientVatNumber, 9, "ATU12345678"}, {cat::kClientVatNumber, 9, "ATU12345678"},
        {cat::kClientNewsletter, 8, ""},           {cat::kClientReferral, kDeletedClient, "Friend"},
    };
    for (const CustomValueRow& row : values) {
        if (auto s = tables.add(row); !s) {
            return s;
        }
    }
    return {};
}

struct CuratedService {
    std::int64_t id, client, product, server;
    std::string_view status, cycle, domain, amount;
    std::int64_t order;  // 0: no order row (imported by hand)
};

constexpr CuratedService kServices[] = {
    {1, 1, cat::kVpsS, cat::kPveFra1, "Active", "Monthly", "manifest-vps-1.example.com", "5.00", 1},
    {2, 1, cat::kVpsM, cat::kPveAms1, "Suspended", "Quarterly", "manifest-vps-2.example.com", "29.00", 2},
    {3, 2, cat::kDediE2236, cat::kDediNyc, "Active", "Annually", "manifest-dedi-1.example.com", "870.00", 3},
    {4, 3, cat::kDediRyzen, cat::kDediNyc, "Active", "Biennially", "manifest-ryzen-1.example.com", "2750.00", 4},
    {5, 8, cat::kTokyoVps, cat::kVirtualizorTyo1, "Active", "Triennially", "manifest-tokyo-1.example.jp", "200.00", 5},
    {6, 9, cat::kVpsL, cat::kPveFra1, "Active", "Semi-Annually", "manifest-dup-1.example.com", "112.00", 6},
    {7, 7, cat::kVpsS, cat::kPveFra1, "Active", "Monthly", "manifest-noowner-1.example.com", "5.00", 7},
    {8, 4, cat::kLegacyVps, cat::kPveAms1, "Active", "One Time", "manifest-legacy-1.example.com", "4.00", 8},
    {9, 11, cat::kVpsS, cat::kPveFra1, "Active", "Free Account", "manifest-free-1.example.com", "-5.00", 9},
    {10, 10, cat::kVpsM, cat::kPveFra1, "Active", "Monthly", "manifest-dangling-1.example.com", "10.00", 10},
    {11, 10, 0, 0, "Active", "Monthly", "orphan-product-0.example.com", "1.00", 0},
    {12, 10, cat::kDeletedProduct, cat::kPveFra1, "Active", "Monthly", "orphan-deleted-product.example.com", "2.00",
     12},
    {13, kDeletedClient, cat::kVpsS, cat::kPveFra1, "Active", "Monthly", "orphan-deleted-client.example.com", "5.00",
     0},
    {14, 10, cat::kSharedStarter, cat::kCpanel1, "Active", "Monthly", "shared-1.example.com", "3.99", 14},
    {15, 10, cat::kSslCertificate, 0, "Active", "Annually", "ssl-1.example.com", "9.99", 15},
    {16, 5, cat::kVpsS, cat::kPveFra1, "Active", "Monthly", "inactive-client-vps.example.com", "5.00", 16},
    {17, 6, cat::kVpsS, cat::kSolusFra2, "Suspended", "Monthly", "closed-client-vps.example.com", "5.00", 17},
    {18, 2, cat::kVpsS, 0, "Pending", "Monthly", "pending-1.example.com", "5.00", 18},
    {19, 2, cat::kVpsL, cat::kSolusFra2, "Terminated", "Annually", "terminated-1.example.com", "216.00", 19},
    {20, 2, cat::kVpsS, cat::kPveFra1, "Cancelled", "Monthly", "cancelled-1.example.com", "5.00", 20},
    {21, 12, cat::kVpsS, cat::kPveFra1, "Fraud", "Monthly", "fraud-1.example.com", "5.00", 21},
    {22, 2, cat::kVpsM, cat::kPveAms1, "Completed", "One Time", "completed-1.example.com", "10.00", 22},
    {23, 12, cat::kVpsS, cat::kPveFra1, "Active", "Monthly", "manifest-zerodate-1.example.com", "5.00", 23},
    {24, 6, cat::kVpsS, cat::kPveFra1, "Cancelled", "Monthly", "closed-client-old.example.com", "5.00", 24},
    {25, 1, cat::kVpsS, 0, "Pending", "", "odd-cycle-1.example.com", "0.00", 25},
    {26, 14, cat::kVpsS, cat::kPveFra1, "Active", "Monthly", "manifest-nologin-1.example.com", "5.00", 26},
};

ServiceRow service_row(const CuratedService& s) {
    ServiceRow row;
    row.id = s.id;
    row.userid = s.client;
    row.orderid = s.order;
    row.packageid = s.product;
    row.server = s.server;
    row.regdate = "2021-06-" + std::string(s.id < 10 ? "0" : "") + std::to_string(s.id % 28 + 1);
    row.domain = s.domain;
    row.paymentmethod = s.id % 3 == 0 ? "paypal" : "stripe";
    row.firstpaymentamount = s.amount;
    row.amount = s.amount;
    row.billingcycle = s.cycle;
    row.nextduedate = "2025-07-01";
    row.nextinvoicedate = "2025-06-17";
    row.domainstatus = s.status;
    row.username = "svc" + std::to_string(s.id);
    row.created_at = row.regdate + " 12:00:00";
    row.updated_at = "2024-05-05 05:05:05";
    return row;
}

// Per-service details that do not fit the table above.
void adjust(ServiceRow& row) {
    switch (row.id) {
        case 2: row.suspendreason = "Overdue on Payment"; break;
        case 3:
            row.dedicatedip = "10.30.1.10";
            row.assignedips = "10.30.1.11\n10.30.1.12";
            break;
        case 8:
            row.dedicatedip = "203.0.113.8";  // the VM's ipconfig0 confirms the link (its name says nothing)
            row.nextduedate = "0000-00-00";
            row.nextinvoicedate = "0000-00-00";
            break;
        case 22:
            row.nextduedate = "0000-00-00";
            row.nextinvoicedate = "0000-00-00";
            break;
        case 9: row.firstpaymentamount = "0.00"; break;
        case 10: row.notes = "RAM option points at a sub-option deleted in 2019"; break;
        case 17: row.suspendreason = "Abuse &amp; spam complaints"; break;
        case 19: row.termination_date = "2023-05-01"; break;
        case 23:
            row.regdate = "0000-00-00";
            row.nextduedate = std::nullopt;
            row.nextinvoicedate = "0000-00-00";
            row.created_at = "0000-00-00 00:00:00";
            row.updated_at = "0000-00-00 00:00:00";
            break;
        default: break;
    }
}

// tblhosting.password's plaintext (the manifest lists the named services'): what the module set as root's
// password. Service 8's is stored HTML-encoded, as WHMCS stores what came through its sanitised input.
std::string root_password(std::int64_t service_id) {
    return service_id == 8 ? "Legacy&amp;Root-8" : "svc" + std::to_string(service_id) + "-Root!pw";
}

// The VMs of the named link cases (testbed/manifest.json `link` of each named service). `recorded`: the module
// recorded the VMID; `exists`: the simulator runs it.
struct CuratedVm {
    std::int64_t service, client, product, vmid;
    bool on_fra1;
    std::string_view node, name;
    std::int64_t cores, memory_mib, disk_gb;
    bool running, exists;
    std::string_view ipconfig0;
};

constexpr CuratedVm kCuratedVms[] = {
    // Linked, confirmed by the pvewhmcs name vps<service>-cus<client>; billing and VM agree.
    {1, 1, cat::kVpsS, 101, true, "pve1", "vps1-cus1", 2, 4096, 50, true, true, {}},
    // Suspended in WHMCS, yet the VM runs.
    {2, 1, cat::kVpsM, 102, false, "pve2", "vps2-cus1", 4, 8192, 100, true, true, {}},
    // proxmoxVPS: VMID in the custom field, but the service's server is not a Proxmox cluster.
    {5, 8, cat::kTokyoVps, 105, false, "pve1", "tokyo-1", 1, 2048, 25, true, false, {}},
    // The VM has more cores and RAM than billed: the VM wins.
    {6, 9, cat::kVpsL, 106, true, "pve3", "vps6-cus9", 4, 8192, 100, true, true, {}},
    // Recorded, but the VM is gone.
    {7, 7, cat::kVpsS, 107, true, "pve1", "vps7-cus7", 1, 1024, 25, true, false, {}},
    // proxmoxVPS, a hostname-style VM name: confirmed by tblhosting.dedicatedip against ipconfig0.
    {8, 4, cat::kLegacyVps, 108, false, "pve1", "legacy-win-01", 2, 2048, 50, true, true,
     "ip=203.0.113.8/24,gw=203.0.113.1"},
    // Renamed: VMID 109 now carries another service's pvewhmcs name.
    {9, 11, cat::kVpsS, 109, true, "pve2", "vps90-cus11", 1, 1024, 25, true, true, {}},
    // WHMCS's RAM option points at a deleted sub-option: ram_mb comes from the VM.
    {10, 10, cat::kVpsM, 110, true, "pve2", "vps10-cus10", 2, 4096, 50, true, true, {}},
    // Active in WHMCS, the VM is stopped.
    {26, 14, cat::kVpsS, 126, true, "pve1", "vps26-cus14", 1, 2048, 25, false, true, {}},
};

Status write_curated_vms(Tables& tables, SimVms& vms) {
    for (const CuratedVm& vm : kCuratedVms) {
        if (auto s = record_vmid(tables, vm.service, vm.client, vm.product, vm.vmid, "2021-06-01 12:30:00"); !s) {
            return s;
        }
        if (vm.exists) {
            (vm.on_fra1 ? vms.fra1 : vms.ams1)
                .push_back(SimVm{vm.vmid, std::string(vm.node), std::string(vm.name), vm.cores, vm.memory_mib,
                                 vm.disk_gb, vm.running, std::string(vm.ipconfig0)});
        }
    }
    return {};
}

using cat::ProductField;

Status write_service_parts(Tables& tables, Secrets& secrets) {
    struct Parts {
        std::int64_t service, product;
        OptionChoice options;
        FieldValues fields;
    };
    const Parts parts[] = {
        {1,
         cat::kVpsS,
         {cat::kRam4G, cat::kCpu2, cat::kDisk50, true, 2, {}},
         {"debian-12|Debian 12", "fra1|Frankfurt", "manifest-vps-1.example.com", "S3cret!pass", true,
          "Chargeback 2024-03 &amp; warned; see ticket #4411"}},
        {2,
         cat::kVpsM,
         {cat::kRam8G, cat::kCpu4, cat::kDisk100, false, 0, {}},
         {"ubuntu-24.04|Ubuntu 24.04 LTS",
          "ams1|Amsterdam",
          {},
          {},
          false,
          "Do not unsuspend before invoice 1042 is paid"}},
        {3,
         cat::kDediE2236,
         {cat::kMem64, cat::kCores12, cat::kStorage2T, true, 5, cat::kFluxPlaid},
         {"Debian 12", "New York", "manifest-dedi-1.example.com", "hunter2", true}},
        {4,
         cat::kDediRyzen,
         {cat::kMem128, cat::kCores16, cat::kStorage1T, false, 0, cat::kFluxUberdrive},
         {{}, "Frankfurt", {}, {}, false}},
        {5,
         cat::kTokyoVps,
         {cat::kRam2G, cat::kCpu1, cat::kDisk25, {}, 1, {}},
         {"almalinux-9|AlmaLinux 9", "tyo1|東京 Tokyo", "ホスト.example.jp", {}, false}},
        {6,
         cat::kVpsL,
         {cat::kRam2G, cat::kCpu2, cat::kDisk100, false, 0, {}},
         {"debian-12|Debian 12", "fra1|Frankfurt", {}, {}, false}},
        {7,
         cat::kVpsS,
         {cat::kRam1G, cat::kCpu1, cat::kDisk25, false, 0, {}},
         {"debian-12|Debian 12", "fra1|Frankfurt", {}, {}, false}},
        {8,
         cat::kLegacyVps,
         {cat::kRam2G, cat::kCpu2, cat::kDisk50, false, 0, {}},
         {"windows-2022|Windows Server 2022", "ams1|Amsterdam", {}, "P@ss&amp;word", false}},
        {9,
         cat::kVpsS,
         {cat::kRam1G, cat::kCpu1, cat::kDisk25, false, 0, {}},
         {"debian-12|Debian 12", "fra1|Frankfurt", {}, {}, false}},
        {10,
         cat::kVpsM,
         {cat::kDeletedRamSub, cat::kCpu2, cat::kDisk50, true, 0, {}},
         {"ubuntu-24.04|Ubuntu 24.04 LTS", "fra1|Frankfurt", {}, {}, false}},
        {12, cat::kDeletedProduct, {cat::kRam1G, cat::kCpu1, cat::kDisk25, false, 0, {}}, {}},
        {13,
         cat::kVpsS,
         {cat::kRam2G, cat::kCpu1, cat::kDisk25, false, 0, {}},
         {"debian-12|Debian 12", "fra1|Frankfurt", {}, {}, false}},
        {16,
         cat::kVpsS,
         {cat::kRam1G, cat::kCpu1, cat::kDisk25, false, 0, {}},
         {"debian-12|Debian 12", {}, {}, {}, false}},
        {17,
         cat::kVpsS,
         {cat::kRam1G, cat::kCpu1, cat::kDisk25, false, 0, {}},
         {"debian-12|Debian 12", {}, {}, {}, false}},
        {23,
         cat::kVpsS,
         {cat::kRam2G, cat::kCpu1, cat::kDisk25, false, 0, {}},
         {"debian-12|Debian 12", "", {}, {}, false}},
        {26,
         cat::kVpsS,
         {cat::kRam2G, cat::kCpu1, cat::kDisk25, false, 0, {}},
         {"debian-12|Debian 12", "fra1|Frankfurt", {}, {}, false}},
    };
    for (const Parts& p : parts) {
        if (auto s = add_service_options(tables, p.service, p.product, p.options); !s) {
            return s;
        }
        // WHMCS 8 stores password-type field values encrypted (reference whmcs-encryption.md §2).
        FieldValues fields = p.fields;
        std::string sealed;
        if (fields.root_password) {
            sealed = secrets.encrypt(*fields.root_password);
            fields.root_password = sealed;
        }
        if (auto s = add_service_fields(tables, p.service, p.product, fields); !s) {
            return s;
        }
    }
    // Duplicates on service 6, written after the originals: the later row (higher id) is the current one.
    const ServiceOptionRow duplicate_ram{6, cat::kVpsRam, cat::kRam4G, 0};
    if (auto s = tables.add(duplicate_ram); !s) {
        return s;
    }
    const CustomValueRow duplicates[] = {
        {cat::field_id(cat::kVpsL, ProductField::kOsImage), 6, "ubuntu-24.04|Ubuntu 24.04 LTS"},
        {cat::field_id(cat::kVpsL, ProductField::kLocation), 6, "fra1|Frankfurt"},
    };
    for (const CustomValueRow& row : duplicates) {
        if (auto s = tables.add(row); !s) {
            return s;
        }
    }
    return {};
}

std::string_view order_status(std::string_view service_status) {
    if (service_status == "Pending" || service_status == "Cancelled" || service_status == "Fraud") {
        return service_status;
    }
    return "Active";
}

Status write_services(Tables& tables, ProxmoxWorld& world) {
    for (const CuratedService& s : kServices) {
        ServiceRow row = service_row(s);
        adjust(row);
        row.password = world.secrets.encrypt(root_password(s.id));
        if (s.order != 0) {
            const OrderRow order{s.order,
                                 1000000000 + s.order,
                                 s.client,
                                 row.regdate + " 12:00:00",
                                 std::string(s.amount),
                                 row.paymentmethod,
                                 std::string(order_status(s.status)),
                                 "198.51.100." + std::to_string(s.id)};
            if (auto added = tables.add(order); !added) {
                return std::unexpected(added.error());
            }
        }
        if (auto added = tables.add(row); !added) {
            return std::unexpected(added.error());
        }
    }
    const ServiceAddonRow addons[] = {
        {1, 1, cat::kAddonSnapshots, 1, "", "0.00", "2.00", "Monthly", "Active", "2021-06-02", "2025-07-01", "stripe"},
        {3, 3, cat::kAddonWindowsLicense, 2, "", "0.00", "144.00", "Annually", "Active", "2021-06-04", "2025-07-01",
         "paypal"},
        {0, 13, cat::kAddonSnapshots, kDeletedClient, "Snapshots (legacy)", "0.00", "2.00", "Monthly", "Active",
         "0000-00-00", std::nullopt, "stripe"},
    };
    for (const ServiceAddonRow& row : addons) {
        if (auto s = tables.add(row); !s) {
            return s;
        }
    }
    if (auto s = write_curated_vms(tables, world.vms); !s) {
        return s;
    }
    return write_service_parts(tables, world.secrets);
}

}  // namespace

Status write_curated(Tables& tables, Rng& rng, ProxmoxWorld& world) {
    if (auto s = write_clients(tables, rng); !s) {
        return s;
    }
    if (auto s = write_users(tables, rng); !s) {
        return s;
    }
    if (auto s = write_contacts_and_client_fields(tables, rng); !s) {
        return s;
    }
    return write_services(tables, world);
}

}  // namespace keel::testbed
