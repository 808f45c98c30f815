// What linking must conclude (manifest `linking` and each named service's `link`) must follow from the seeded
// rows and the VMs the seeder hands the simulators: the clusters' tblservers rows, where each module recorded the
// VMID, and the VM behind it.
#include "testbed/seeder/catalog.hpp"
#include "tests/integration/testbed/migration_scope_sql.hpp"
#include "tests/integration/testbed/testbed_environment.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace keel::testbed::test {
namespace {

namespace json = boost::json;

using TestbedLinking = SeededTestbed;

const std::vector<SimVm>& vms_of(const TestbedDb& db, std::string_view cluster) {
    return cluster == "fra1" ? db.sim_vms.fra1 : db.sim_vms.ams1;
}

const SimVm* find_vm(const std::vector<SimVm>& vms, std::int64_t vmid) {
    for (const SimVm& vm : vms) {
        if (vm.vmid == vmid) {
            return &vm;
        }
    }
    return nullptr;
}

std::string text(const json::value& value) {
    return value.is_string() ? std::string(value.get_string()) : json::serialize(value);
}

// The VMID the service's module recorded, or nullopt.
std::optional<std::int64_t> recorded_vmid(whmcs::MariadbConnection& connection, std::int64_t service_id) {
    const std::string id = std::to_string(service_id);
    auto value = connection.query_value(
        "SELECT vmid FROM mod_pvewhmcs_vms WHERE id = " + id +
        " UNION ALL SELECT v.value FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid WHERE "
        "f.fieldname = 'vmid|VM ID' AND v.relid = " +
        id);
    if (!value || !*value) {
        return std::nullopt;
    }
    return std::stoll(**value);
}

TEST_F(TestbedLinking, ClustersAreTokenRowsNamedLikeTheSimulators) {
    auto rows = connection().stream(
        "SELECT id, name, type, username, accesshash, port FROM tblservers WHERE type IN ('pvewhmcs', 'proxmoxVPS') "
        "ORDER BY id");
    ASSERT_TRUE(rows) << rows.error().detail;
    std::vector<std::string> seen;
    while (*rows->next()) {
        std::string line;
        for (int column = 0; column < 6; ++column) {
            line += std::string(rows->value(column).value_or("NULL")) + (column < 5 ? " " : "");
        }
        seen.push_back(line);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"1 fra1 pvewhmcs whmcs@pve!testbed  58006",
                                              "3 ams1 proxmoxVPS whmcs@pve!testbed PVEAPIToken 58007",
                                              "7 old-pve pvewhmcs root pam 8006"}));
    const auto& clusters = db().manifest.at("linking_fixture").at("clusters").as_object();
    EXPECT_EQ(clusters.at("fra1").as_int64(), catalog::kPveFra1);
    EXPECT_EQ(clusters.at("ams1").as_int64(), catalog::kPveAms1);
    auto old_pve_users = query_int(connection(),
                                   "SELECT COUNT(*) FROM tblhosting WHERE server = 7 AND domainstatus "
                                   "IN ('Active', 'Suspended')");
    ASSERT_TRUE(old_pve_users) << old_pve_users.error().detail;
    EXPECT_EQ(*old_pve_users, 0) << "the password-login server must be used by no in-scope service";
}

TEST_F(TestbedLinking, TotalsFollowFromTheRows) {
    auto rows = connection().stream(link_source_counts_sql());
    ASSERT_TRUE(rows) << rows.error().detail;
    std::map<std::string, std::int64_t> sources;
    while (*rows->next()) {
        sources[std::string(*rows->value(0))] = std::stoll(std::string(*rows->value(1)));
    }
    const auto& totals = db().manifest.at("linking").as_object();
    const auto total = [&](const char* status) {
        const auto* value = totals.if_contains(status);
        return value == nullptr ? 0 : value->as_int64();
    };
    EXPECT_EQ(sources["no_cluster"], total("no_cluster"));
    EXPECT_EQ(sources["no_vmid"], total("no_vmid"));
    EXPECT_EQ(sources["has_vmid"], total("linked") + total("vm_missing") + total("identity_mismatch"));
    std::int64_t all = 0;
    for (const auto& [status, count] : totals) {
        all += count.as_int64();
    }
    EXPECT_EQ(all, db().manifest.at("migration").at("migrate").as_int64()) << "every migrated service has a status";
}

TEST_F(TestbedLinking, NamedLinksFollowFromTheRowsAndTheVms) {
    for (const auto& entry : db().manifest.at("named_services").as_array()) {
        const auto& service = entry.as_object();
        SCOPED_TRACE(text(service.at("name")));
        const auto& link = service.at("link").as_object();
        const std::string status(link.at("status").as_string());
        const std::int64_t id = service.at("whmcs_service_id").as_int64();
        const auto vmid = recorded_vmid(connection(), id);
        if (status == "no_cluster") {
            EXPECT_NE(service.at("whmcs_server_id").as_int64(), catalog::kPveFra1);
            EXPECT_NE(service.at("whmcs_server_id").as_int64(), catalog::kPveAms1);
            continue;
        }
        const std::string cluster(link.at("cluster").as_string());
        const auto& clusters = db().manifest.at("linking_fixture").at("clusters").as_object();
        EXPECT_EQ(service.at("whmcs_server_id").as_int64(), clusters.at(cluster).as_int64());
        if (status == "no_vmid") {
            EXPECT_FALSE(vmid.has_value());
            continue;
        }
        ASSERT_TRUE(vmid.has_value());
        const SimVm* vm = find_vm(vms_of(db(), cluster), *vmid);
        const std::string pvewhmcs_name =
            "vps" + std::to_string(id) + "-cus" + std::to_string(service.at("whmcs_client_id").as_int64());
        if (status == "vm_missing") {
            EXPECT_EQ(vm, nullptr);
            continue;
        }
        ASSERT_NE(vm, nullptr);
        if (status == "identity_mismatch") {
            EXPECT_TRUE(vm->name.starts_with("vps"));
            EXPECT_NE(vm->name, pvewhmcs_name);
            continue;
        }
        ASSERT_EQ(status, "linked");
        EXPECT_EQ(link.at("vmid").as_int64(), *vmid);
        EXPECT_EQ(text(link.at("node")), vm->node);
        EXPECT_EQ(text(link.at("power_state")), vm->running ? "running" : "stopped");
        const std::string confirmed(link.at("confirmed_by").as_string());
        if (confirmed == "name") {
            EXPECT_EQ(vm->name, pvewhmcs_name);
        } else {
            ASSERT_EQ(confirmed, "ip");
            auto ip = connection().query_value("SELECT dedicatedip FROM tblhosting WHERE id = " + std::to_string(id));
            ASSERT_TRUE(ip && *ip);
            EXPECT_TRUE(vm->ipconfig0.starts_with("ip=" + std::string(**ip) + "/")) << vm->ipconfig0;
        }
    }
}

TEST_F(TestbedLinking, SimulatorVmsAreDistinctAndClearOfTemplatesAndKeelsVmids) {
    std::set<std::int64_t> vmids;
    for (const auto* list : {&db().sim_vms.fra1, &db().sim_vms.ams1}) {
        for (const SimVm& vm : *list) {
            EXPECT_TRUE(vmids.insert(vm.vmid).second) << vm.vmid;
            // Hand-written: below Keel's vmid_seq start (1000); generated: 100000 + service id.
            EXPECT_TRUE(vm.vmid < 1000 || vm.vmid >= 100000) << vm.vmid;
            if (vm.vmid >= 100000) {
                EXPECT_TRUE(vm.name.starts_with("vps" + std::to_string(vm.vmid - 100000) + "-cus")) << vm.name;
            }
            const int nodes = list == &db().sim_vms.fra1 ? 3 : 2;
            EXPECT_TRUE(vm.node >= "pve1" && vm.node <= "pve" + std::to_string(nodes)) << vm.node;
        }
    }
    EXPECT_GT(vmids.size(), 40U);
}

}  // namespace
}  // namespace keel::testbed::test
