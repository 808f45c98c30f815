// WHMCS's Proxmox tblservers rows → the Keel clusters they become, or why not (issue #11).
#include "migrate/hypervisor_transform.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>

#include "core/sha256.hpp"

namespace keel::migrate {
namespace {

whmcs::HypervisorRow server() {
    whmcs::HypervisorRow row;
    row.id = 8;
    row.name = "FRA1";
    row.type = "pvewhmcs";
    row.hostname = "pve.fra1.example.net";
    row.ip_address = "203.0.113.10";
    row.username = "whmcs@pve!keel";
    row.encrypted_password = "c2VjcmV0LWNpcGhlcnRleHQ=";
    row.access_hash = "";
    return row;
}

template <class Change>
whmcs::HypervisorRow changed(Change change) {
    auto row = server();
    change(row);
    return row;
}

struct PlanCase {
    std::string_view name;
    whmcs::HypervisorRow row;
    std::string_view cluster, url, token_id;  // when planned
    std::optional<HypervisorRefusal> refusal;
};

const PlanCase kPlanCases[] = {
    {"token_user", server(), "fra1", "https://pve.fra1.example.net:8006", "whmcs@pve!keel", std::nullopt},
    {"port_given", changed([](auto& r) { r.port = 443; }), "fra1", "https://pve.fra1.example.net:443", "whmcs@pve!keel",
     std::nullopt},
    {"ip_when_no_hostname", changed([](auto& r) { r.hostname = " "; }), "fra1", "https://203.0.113.10:8006",
     "whmcs@pve!keel", std::nullopt},
    {"ipv6_in_brackets", changed([](auto& r) {
         r.hostname = "";
         r.ip_address = "2001:db8::10";
     }),
     "fra1", "https://[2001:db8::10]:8006", "whmcs@pve!keel", std::nullopt},
    {"realm_from_accesshash", changed([](auto& r) {
         r.username = "root!whmcs";
         r.access_hash = "pam";
     }),
     "fra1", "https://pve.fra1.example.net:8006", "root@pam!whmcs", std::nullopt},
    {"token_marker_is_no_realm", changed([](auto& r) {
         r.username = "root@pam!whmcs";
         r.access_hash = "PVEAPIToken";
     }),
     "fra1", "https://pve.fra1.example.net:8006", "root@pam!whmcs", std::nullopt},
    {"username_realm_wins_over_accesshash", changed([](auto& r) { r.access_hash = "pam"; }), "fra1",
     "https://pve.fra1.example.net:8006", "whmcs@pve!keel", std::nullopt},
    {"name_is_slugged", changed([](auto& r) { r.name = " Proxmox &amp; FRA-1 (Main) "; }), "proxmox-fra-1-main",
     "https://pve.fra1.example.net:8006", "whmcs@pve!keel", std::nullopt},
    {"password_login", changed([](auto& r) { r.username = "root"; }), "", "", "", HypervisorRefusal::kPasswordLogin},
    {"password_login_with_realm", changed([](auto& r) {
         r.username = "root";
         r.access_hash = "pam";
     }),
     "", "", "", HypervisorRefusal::kPasswordLogin},
    {"token_marker_without_realm", changed([](auto& r) {
         r.username = "root!whmcs";
         r.access_hash = "PVEAPIToken";
     }),
     "", "", "", HypervisorRefusal::kBadTokenId},
    {"bad_token_id", changed([](auto& r) { r.username = "who@!"; }), "", "", "", HypervisorRefusal::kBadTokenId},
    {"no_host", changed([](auto& r) {
         r.hostname = "";
         r.ip_address = "";
     }),
     "", "", "", HypervisorRefusal::kBadAddress},
    {"host_with_path", changed([](auto& r) { r.hostname = "pve.example.net/api"; }), "", "", "",
     HypervisorRefusal::kBadAddress},
    {"port_out_of_range", changed([](auto& r) { r.port = 70000; }), "", "", "", HypervisorRefusal::kBadAddress},
    {"name_without_slug_characters", changed([](auto& r) { r.name = "Ω – €"; }), "", "", "",
     HypervisorRefusal::kBadName},
    {"name_too_long", changed([](auto& r) { r.name = std::string(65, 'a'); }), "", "", "", HypervisorRefusal::kBadName},
};

TEST(PlanCluster, FollowsTheSpec) {
    const std::map<std::int64_t, std::string> no_names;
    for (const auto& c : kPlanCases) {
        SCOPED_TRACE(c.name);
        const auto planned = plan_cluster(c.row, no_names);
        if (c.refusal) {
            ASSERT_TRUE(std::holds_alternative<HypervisorRefused>(planned));
            EXPECT_EQ(std::get<HypervisorRefused>(planned).reason, *c.refusal)
                << std::get<HypervisorRefused>(planned).detail;
            EXPECT_EQ(std::get<HypervisorRefused>(planned).detail.find(c.row.encrypted_password), std::string::npos);
            continue;
        }
        ASSERT_TRUE(std::holds_alternative<ClusterPlan>(planned)) << std::get<HypervisorRefused>(planned).detail;
        const auto& plan = std::get<ClusterPlan>(planned);
        EXPECT_EQ(plan.whmcs_server_id, 8);
        EXPECT_EQ(plan.name, c.cluster);
        EXPECT_EQ(plan.api_url, c.url);
        EXPECT_EQ(plan.token_id, c.token_id);
    }
}

TEST(PlanCluster, MappingNamesTheCluster) {
    const std::map<std::int64_t, std::string> names{{8, "frankfurt1"}};
    const auto planned = plan_cluster(changed([](auto& r) { r.name = "Ünïcödé"; }), names);
    ASSERT_TRUE(std::holds_alternative<ClusterPlan>(planned));
    EXPECT_EQ(std::get<ClusterPlan>(planned).name, "frankfurt1");
}

TEST(PlanCluster, FingerprintFollowsUrlTokenAndEncryptedPassword) {
    const std::map<std::int64_t, std::string> no_names;
    const auto fingerprint = [&](const whmcs::HypervisorRow& row) {
        return std::get<ClusterPlan>(plan_cluster(row, no_names)).fingerprint;
    };
    const auto base = fingerprint(server());
    EXPECT_EQ(base, sha256_hex("https://pve.fra1.example.net:8006\nwhmcs@pve!keel\nc2VjcmV0LWNpcGhlcnRleHQ="));
    EXPECT_EQ(fingerprint(changed([](auto& r) { r.name = "Other name"; })), base);
    EXPECT_NE(fingerprint(changed([](auto& r) { r.port = 8007; })), base);
    EXPECT_NE(fingerprint(changed([](auto& r) { r.username = "whmcs@pve!other"; })), base);
    EXPECT_NE(fingerprint(changed([](auto& r) { r.encrypted_password = "b3RoZXI="; })), base);
}

TEST(SlugOf, MakesClusterNames) {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"fra1", "fra1"},
        {"FRA 1", "fra-1"},
        {"--Proxmox--AMS--", "proxmox-ams"},
        {"pve.example.com", "pve.example.com"},
        {"node_1", "node_1"},
        {"Paris &eacute;t&eacute;", "paris-t"},
        {"&amp;&amp;", ""},
        {"", ""},
    };
    for (const auto& [name, want] : cases) {
        SCOPED_TRACE(name);
        EXPECT_EQ(slug_of(name), want);
    }
}

TEST(HypervisorRefusalNames, AreStable) {
    EXPECT_EQ(to_string(HypervisorRefusal::kPasswordLogin), "password_login");
    EXPECT_EQ(to_string(HypervisorRefusal::kBadName), "bad_name");
    EXPECT_EQ(to_string(HypervisorRefusal::kBadAddress), "bad_address");
    EXPECT_EQ(to_string(HypervisorRefusal::kBadTokenId), "bad_token_id");
}

}  // namespace
}  // namespace keel::migrate
