#pragma once
// The fixed part of the testbed: currencies, product groups, products, pricing, servers, configurable
// options, custom field definitions, addons and settings. Same rows whatever --seed and --clients say.
#include "core/result.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace keel::whmcs {
class MariadbConnection;
}

namespace keel::testbed::catalog {

// tblproducts.id. 7 was deleted: services and a pricing row still point at it.
inline constexpr std::int64_t kVpsS = 1, kVpsM = 2, kVpsL = 3, kDediE2236 = 4, kDediRyzen = 5, kSharedStarter = 6,
                              kDeletedProduct = 7, kLegacyVps = 8, kTokyoVps = 9, kSslCertificate = 10;
inline constexpr std::array<std::int64_t, 5> kVpsProducts{kVpsS, kVpsM, kVpsL, kLegacyVps, kTokyoVps};
inline constexpr std::array<std::int64_t, 2> kDedicatedProducts{kDediE2236, kDediRyzen};

// tblservers.id (rows written by proxmox.cpp's write_servers). 1 and 3 are the Proxmox clusters fra1 and ams1
// (API tokens), 7 a Proxmox node with a password login; 2, 4, 5, 6 use other modules.
inline constexpr std::int64_t kPveFra1 = 1, kSolusFra2 = 2, kPveAms1 = 3, kDediNyc = 4, kCpanel1 = 5,
                              kVirtualizorTyo1 = 6, kOldPve = 7;
// The server modules of the two VPS product lines (tblproducts.servertype).
inline constexpr std::string_view kPvewhmcs = "pvewhmcs", kProxmoxVps = "proxmoxVPS";
// pvewhmcs sells products 1-3 (VMID in mod_pvewhmcs_vms), ModulesGarden's proxmoxVPS 8 and 9 (VMID in the
// product custom field `vmid|VM ID`).
constexpr bool is_pvewhmcs_product(std::int64_t product_id) {
    return product_id == 1 || product_id == 2 || product_id == 3;
}
constexpr bool is_proxmox_vps_product(std::int64_t product_id) {
    return product_id == 8 || product_id == 9;
}

// tblproductconfigoptions.id: group 1 "VPS Resources", group 2 "Dedicated Hardware".
inline constexpr std::int64_t kVpsRam = 1, kVpsCpu = 2, kVpsDisk = 3, kVpsBackups = 4, kVpsIpv4 = 5;
inline constexpr std::int64_t kDediMemory = 7, kDediCores = 8, kDediStorage = 9, kDediBackups = 10, kDediIpv4 = 11,
                              kDediFlux = 12;
// tblproductconfigoptionssub.id. 6 ("32768|32 GB") was deleted: option rows still point at it.
inline constexpr std::int64_t kRam1G = 1, kRam2G = 2, kRam4G = 3, kRam8G = 4, kRam16G = 5, kDeletedRamSub = 6;
inline constexpr std::int64_t kCpu1 = 7, kCpu2 = 8, kCpu4 = 9, kCpu8 = 10;
inline constexpr std::int64_t kDisk25 = 11, kDisk50 = 12, kDisk100 = 13, kDisk200 = 14;
inline constexpr std::int64_t kVpsBackupsSub = 15, kVpsIpv4Sub = 16;
inline constexpr std::int64_t kMem32 = 17, kMem64 = 18, kMem128 = 19, kCores6 = 20, kCores12 = 21, kCores16 = 22;
inline constexpr std::int64_t kStorage1T = 23, kStorage2T = 24, kDediBackupsSub = 25, kDediIpv4Sub = 26;
inline constexpr std::int64_t kFluxStandard = 27, kFluxUberdrive = 28, kFluxPlaid = 29;

// What the VPS sub-options sell (their keys): the specs a generated VPS's VM has.
constexpr std::int64_t vps_ram_mb(std::int64_t sub) {
    return sub == kRam1G ? 1024 : sub == kRam2G ? 2048 : sub == kRam4G ? 4096 : sub == kRam8G ? 8192 : 16384;
}
constexpr std::int64_t vps_cores(std::int64_t sub) {
    return sub == kCpu1 ? 1 : sub == kCpu2 ? 2 : sub == kCpu4 ? 4 : 8;
}
constexpr std::int64_t vps_disk_gb(std::int64_t sub) {
    return sub == kDisk25 ? 25 : sub == kDisk50 ? 50 : sub == kDisk100 ? 100 : 200;
}

// tblcustomfields.id. Client fields (type 'client', relid 0):
inline constexpr std::int64_t kClientVatNumber = 1, kClientReferral = 2, kClientNewsletter = 3;
// Product fields: every server product p has six, numbered 10*p + kind.
enum class ProductField : std::int64_t {
    kOsImage = 1,
    kLocation = 2,
    kReverseDns = 3,
    kRootPassword = 4,
    kManaged = 5,
    kAbuseNotes = 6,  // adminonly = 'on': staff notes the client area never shows
    kVmid = 7,        // `vmid|VM ID`: proxmoxVPS products (8, 9) only
};
constexpr std::int64_t field_id(std::int64_t product_id, ProductField field) {
    return product_id * 10 + static_cast<std::int64_t>(field);
}

// tbladdons.id
inline constexpr std::int64_t kAddonSnapshots = 1, kAddonCpanelLicense = 2, kAddonWindowsLicense = 3;

// What a generated service of a product family may choose, as stored in WHMCS.
struct Family {
    std::int64_t ram_option, cpu_option, disk_option, backups_option, ipv4_option, extra_option;
    std::span<const std::int64_t> ram_subs, cpu_subs, disk_subs, extra_subs;
    std::int64_t backups_sub, ipv4_sub;
    std::span<const std::string_view> os_values, location_values;
    std::span<const std::int64_t> servers;
};
const Family& vps_family();
const Family& dedicated_family();
const Family& family_of(std::int64_t product_id);  // VPS or dedicated; products without options: VPS

Status write_catalog(whmcs::MariadbConnection& connection);

}  // namespace keel::testbed::catalog
