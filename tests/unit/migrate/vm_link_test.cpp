// Which VMID WHMCS recorded for a service, and whether the VM with that VMID is the service's (issue #11).
#include "migrate/vm_link.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace keel::migrate {
namespace {

whmcs::ServiceLinkRow service(std::string server_type) {
    whmcs::ServiceLinkRow row;
    row.service_id = 5;
    row.client_id = 1;
    row.server_id = 8;
    row.server_type = std::move(server_type);
    row.status = "Active";
    return row;
}

const whmcs::MappedVmidTable kMapped{"mymodule", "mod_mymodule_vms", "service_id", "vmid"};

struct VmidCase {
    std::string_view name;
    whmcs::ServiceLinkRow row;
    whmcs::VmidSources sources;
    std::optional<std::int64_t> vmid;  // none: no VMID
    VmidSource source = VmidSource::kCustomField;
    std::string_view detail_has;  // for no VMID: part of the detail
};

whmcs::ServiceLinkRow with(whmcs::ServiceLinkRow row, std::optional<std::string> pvewhmcs,
                           std::optional<std::string> field, std::optional<std::string> mapped) {
    row.pvewhmcs_vmid = std::move(pvewhmcs);
    row.field_vmid = std::move(field);
    row.mapped_vmid = std::move(mapped);
    return row;
}

whmcs::ServiceLinkRow numbered(whmcs::ServiceLinkRow row, std::int64_t service_id) {
    row.service_id = service_id;
    return row;
}

const whmcs::VmidSources kNoTables{};
const whmcs::VmidSources kPvewhmcsTable{true, {}};
const whmcs::VmidSources kMappedTable{true, {kMapped}};

const VmidCase kVmidCases[] = {
    {"pvewhmcs_table_row", with(service("pvewhmcs"), "105", std::nullopt, std::nullopt), kPvewhmcsTable, 105,
     VmidSource::kPvewhmcsTable, ""},
    {"pvewhmcs_type_is_case_insensitive", with(service("PVEWHMCS"), "105", std::nullopt, std::nullopt), kPvewhmcsTable,
     105, VmidSource::kPvewhmcsTable, ""},
    {"pvewhmcs_table_present_but_no_row", with(service("pvewhmcs"), std::nullopt, "777", std::nullopt), kPvewhmcsTable,
     std::nullopt, VmidSource::kPvewhmcsTable, "mod_pvewhmcs_vms has no row"},
    {"pvewhmcs_row_not_a_vmid", with(service("pvewhmcs"), "abc", std::nullopt, std::nullopt), kPvewhmcsTable,
     std::nullopt, VmidSource::kPvewhmcsTable, "holds 'abc'"},
    {"legacy_pvewhmcs_without_table_uses_service_id",
     with(numbered(service("pvewhmcs"), 4711), std::nullopt, std::nullopt, std::nullopt), kNoTables, 4711,
     VmidSource::kLegacyServiceId, ""},
    {"legacy_service_id_below_100_is_no_vmid", with(service("pvewhmcs"), std::nullopt, std::nullopt, std::nullopt),
     kNoTables, std::nullopt, VmidSource::kLegacyServiceId, "5 is not a VMID"},
    {"custom_field", with(service("proxmoxVPS"), std::nullopt, "4242", std::nullopt), kPvewhmcsTable, 4242,
     VmidSource::kCustomField, ""},
    {"custom_field_trimmed", with(service("proxmox_custom"), std::nullopt, " 300 ", std::nullopt), kNoTables, 300,
     VmidSource::kCustomField, ""},
    {"custom_field_empty", with(service("proxmoxVPS"), std::nullopt, "", std::nullopt), kNoTables, std::nullopt,
     VmidSource::kCustomField, "custom field vmid is empty"},
    {"custom_field_letters", with(service("proxmoxVPS"), std::nullopt, "abc", std::nullopt), kNoTables, std::nullopt,
     VmidSource::kCustomField, "custom field vmid holds 'abc'"},
    {"custom_field_below_100", with(service("proxmoxVPS"), std::nullopt, "99", std::nullopt), kNoTables, std::nullopt,
     VmidSource::kCustomField, "holds '99'"},
    {"custom_field_above_pve_range", with(service("proxmoxVPS"), std::nullopt, "1000000000", std::nullopt), kNoTables,
     std::nullopt, VmidSource::kCustomField, "holds '1000000000'"},
    {"custom_field_lowest_and_highest", with(service("proxmoxVPS"), std::nullopt, "100", std::nullopt), kNoTables, 100,
     VmidSource::kCustomField, ""},
    {"custom_field_highest", with(service("proxmoxVPS"), std::nullopt, "999999999", std::nullopt), kNoTables, 999999999,
     VmidSource::kCustomField, ""},
    {"custom_field_negative", with(service("proxmoxVPS"), std::nullopt, "-105", std::nullopt), kNoTables, std::nullopt,
     VmidSource::kCustomField, "holds '-105'"},
    {"custom_field_with_unit", with(service("proxmoxVPS"), std::nullopt, "105 (fra1)", std::nullopt), kNoTables,
     std::nullopt, VmidSource::kCustomField, "holds '105 (fra1)'"},
    {"mapped_table_wins", with(service("mymodule"), std::nullopt, "4242", "321"), kMappedTable, 321,
     VmidSource::kMappedTable, ""},
    {"mapped_type_case_insensitive", with(service("MyModule"), std::nullopt, std::nullopt, "321"), kMappedTable, 321,
     VmidSource::kMappedTable, ""},
    {"mapped_table_bad_value", with(service("mymodule"), std::nullopt, "4242", "x1"), kMappedTable, std::nullopt,
     VmidSource::kMappedTable, "mod_mymodule_vms.vmid holds 'x1'"},
    {"mapped_table_without_row_falls_to_custom_field", with(service("mymodule"), std::nullopt, "4242", std::nullopt),
     kMappedTable, 4242, VmidSource::kCustomField, ""},
    {"mapped_table_overrides_pvewhmcs", with(service("pvewhmcs"), "105", std::nullopt, "321"),
     whmcs::VmidSources{true, {{"pvewhmcs", "my_vms", "sid", "vmid"}}}, 321, VmidSource::kMappedTable, ""},
    {"mapped_value_of_another_type_is_ignored", with(service("proxmoxVPS"), std::nullopt, std::nullopt, "321"),
     kMappedTable, std::nullopt, VmidSource::kMappedTable, "no VMID recorded"},
    {"nothing_recorded", with(service("proxmoxVPS"), std::nullopt, std::nullopt, std::nullopt), kPvewhmcsTable,
     std::nullopt, VmidSource::kCustomField, "no VMID recorded"},
    {"not_a_proxmox_product", with(service("cpanel"), std::nullopt, std::nullopt, std::nullopt), kNoTables,
     std::nullopt, VmidSource::kCustomField, "server type 'cpanel'"},
};

TEST(FindVmid, FollowsTheSourcesInOrder) {
    for (const auto& c : kVmidCases) {
        SCOPED_TRACE(c.name);
        const auto found = find_vmid(c.row, c.sources);
        if (c.vmid) {
            ASSERT_TRUE(std::holds_alternative<VmidFound>(found)) << std::get<VmidAbsent>(found).detail;
            EXPECT_EQ(std::get<VmidFound>(found).vmid, *c.vmid);
            EXPECT_EQ(std::get<VmidFound>(found).source, c.source);
        } else {
            ASSERT_TRUE(std::holds_alternative<VmidAbsent>(found));
            EXPECT_NE(std::get<VmidAbsent>(found).detail.find(c.detail_has), std::string::npos)
                << std::get<VmidAbsent>(found).detail;
        }
    }
}

TEST(FindVmid, DetailQuotesALongValueOnlyInPart) {
    const auto found =
        find_vmid(with(service("proxmoxVPS"), std::nullopt, std::string(500, 'x'), std::nullopt), kNoTables);
    ASSERT_TRUE(std::holds_alternative<VmidAbsent>(found));
    EXPECT_LT(std::get<VmidAbsent>(found).detail.size(), 120U);
}

TEST(VmidSourceNames, AreStable) {
    EXPECT_EQ(to_string(VmidSource::kMappedTable), "mapped_table");
    EXPECT_EQ(to_string(VmidSource::kPvewhmcsTable), "pvewhmcs_table");
    EXPECT_EQ(to_string(VmidSource::kLegacyServiceId), "legacy_service_id");
    EXPECT_EQ(to_string(VmidSource::kCustomField), "custom_field");
    EXPECT_EQ(to_string(Confirmation::kName), "name");
    EXPECT_EQ(to_string(Confirmation::kIp), "ip");
    EXPECT_EQ(to_string(Confirmation::kNone), "none");
}

provisioning::VmResource vm(std::string name, bool is_template = false) {
    provisioning::VmResource resource;
    resource.vmid = 105;
    resource.node = "pve2";
    resource.name = std::move(name);
    resource.status = "running";
    resource.is_template = is_template;
    return resource;
}

whmcs::ServiceLinkRow keyed(std::string domain, std::string dedicated_ip) {
    auto row = service("pvewhmcs");
    row.domain = std::move(domain);
    row.dedicated_ip = std::move(dedicated_ip);
    return row;
}

// Expected verdict: a confirmation, a mismatch (with part of its detail), or "read the config".
struct IdentityCase {
    std::string_view name;
    whmcs::ServiceLinkRow row;
    provisioning::VmResource vm;
    std::optional<std::string> ipconfig0;  // what the VM's config holds, for check_identity_with_config
    std::optional<Confirmation> confirmed;
    std::string_view mismatch_has;  // non-empty: a mismatch whose detail has this
    bool needs_config = false;      // check_identity alone cannot tell
};

const IdentityCase kIdentityCases[] = {
    {"pvewhmcs_name_matches", keyed("", "203.0.113.5"), vm("vps5-cus1"), std::nullopt, Confirmation::kName, "", false},
    {"pvewhmcs_name_upper_case", keyed("", ""), vm("VPS5-CUS1"), std::nullopt, Confirmation::kName, "", false},
    {"pvewhmcs_name_of_another_service", keyed("", ""), vm("vps7-cus2"), std::nullopt, std::nullopt,
     "VM 105 is named vps7-cus2, not vps5-cus1", false},
    {"pvewhmcs_name_of_another_client", keyed("", ""), vm("vps5-cus9"), std::nullopt, std::nullopt, "not vps5-cus1",
     false},
    {"pvewhmcs_name_beats_domain", keyed("vps7-cus2", ""), vm("vps7-cus2"), std::nullopt, std::nullopt,
     "named vps7-cus2", false},
    {"almost_pvewhmcs_name_is_just_a_name", keyed("", ""), vm("vps5-cus1-old"), std::nullopt, Confirmation::kNone, "",
     false},
    {"domain_matches_ignoring_case", keyed("Web-1.Example.com", "203.0.113.5"), vm("web-1.example.com"), std::nullopt,
     Confirmation::kName, "", false},
    {"empty_domain_never_matches", keyed("", ""), vm(""), std::nullopt, Confirmation::kNone, "", false},
    {"template_is_never_the_service", keyed("", ""), vm("vps5-cus1", true), std::nullopt, std::nullopt, "is a template",
     false},
    {"ip_matches", keyed("other.example", "203.0.113.5"), vm("renamed"), "ip=203.0.113.5/24,gw=203.0.113.1",
     Confirmation::kIp, "", true},
    {"ip_differs", keyed("other.example", "203.0.113.5"), vm("renamed"), "gw=203.0.113.1,ip=203.0.113.9/24",
     std::nullopt, "has address 203.0.113.9, not 203.0.113.5", true},
    {"ip_dhcp_is_no_address", keyed("", "203.0.113.5"), vm("renamed"), "ip=dhcp", Confirmation::kNone, "", true},
    {"no_ipconfig0", keyed("", "203.0.113.5"), vm("renamed"), std::nullopt, Confirmation::kNone, "", true},
    {"no_second_key", keyed("", " "), vm("renamed"), std::nullopt, Confirmation::kNone, "", false},
};

void expect_verdict(const Identity& got, const IdentityCase& c) {
    if (c.confirmed) {
        ASSERT_TRUE(std::holds_alternative<IdentityConfirmed>(got));
        EXPECT_EQ(std::get<IdentityConfirmed>(got).by, *c.confirmed);
    } else {
        ASSERT_TRUE(std::holds_alternative<IdentityMismatch>(got));
        EXPECT_NE(std::get<IdentityMismatch>(got).detail.find(c.mismatch_has), std::string::npos)
            << std::get<IdentityMismatch>(got).detail;
    }
}

TEST(CheckIdentity, ByNameThenAddress) {
    for (const auto& c : kIdentityCases) {
        SCOPED_TRACE(c.name);
        const auto by_name = check_identity(c.row, c.vm);
        if (c.needs_config) {
            EXPECT_TRUE(std::holds_alternative<NeedsConfigAddress>(by_name));
        } else {
            expect_verdict(by_name, c);
        }
        expect_verdict(check_identity_with_config(c.row, c.vm, c.ipconfig0), c);
    }
}

TEST(IpconfigAddress, ReadsTheIpItem) {
    const std::pair<std::string_view, std::optional<std::string>> cases[] = {
        {"ip=203.0.113.5/24,gw=203.0.113.1", "203.0.113.5"},
        {"gw=203.0.113.1, ip=203.0.113.5/24", "203.0.113.5"},
        {"ip=203.0.113.5", "203.0.113.5"},
        {"ip6=2001:db8::5/64,ip=198.51.100.7/32", "198.51.100.7"},
        {"ip6=2001:db8::5/64", std::nullopt},
        {"ip=dhcp", std::nullopt},
        {"ip=", std::nullopt},
        {"", std::nullopt},
    };
    for (const auto& [ipconfig0, want] : cases) {
        SCOPED_TRACE(ipconfig0);
        EXPECT_EQ(ipconfig_address(ipconfig0), want);
    }
}

}  // namespace
}  // namespace keel::migrate
