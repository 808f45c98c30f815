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

// tblservers.id
inline constexpr std::int64_t kPveFra1 = 1, kPveFra2 = 2, kPveAms1 = 3, kDediNyc = 4, kCpanel1 = 5, kPveTyo1 = 6,
                              kPveOld = 7;

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
