// Issue #10's proof, end to end over HTTPS: keel-api's workers build, operate and destroy VMs on pve-sim through
// the real Proxmox VE client, and meet its failures as a production cluster would show them.
#include <chrono>
#include <thread>

#include "proxmox_fixture.hpp"

namespace keel::testing {
namespace {

constexpr std::int64_t kMiB = 1024 * 1024;
constexpr std::int64_t kGiB = 1024 * kMiB;

using EndToEnd = ProxmoxTest;

TEST_F(EndToEnd, ServerIsBuiltOnTheClusterAndEveryActionReachesItsVm) {
    const auto id = create_server(server_spec("web-e2e.example.com", "fra1", 2, 2048, 20));
    const auto server = wait_for_status(id, "active");
    const auto vm = sim_vm_named(*fra1_, "web-e2e.example.com");
    ASSERT_TRUE(vm) << "no VM named after the server on the simulator";
    EXPECT_EQ(vm->at("vmid").to_number<std::int64_t>(), server.at("vmid").to_number<std::int64_t>());
    EXPECT_EQ(vm->at("node"), server.at("node"));
    EXPECT_EQ(vm->at("maxcpu").to_number<int>(), 2);
    EXPECT_EQ(vm->at("maxmem").to_number<std::int64_t>(), 2048 * kMiB);
    EXPECT_EQ(vm->at("maxdisk").to_number<std::int64_t>(), 20 * kGiB);
    EXPECT_EQ(vm->at("status"), "running");

    const auto alice = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto power = [&] {
        return std::string(sim_vm_named(*fra1_, "web-e2e.example.com")->at("status").as_string());
    };
    EXPECT_EQ(act(id, "stop", alice).at("state"), "succeeded");
    EXPECT_EQ(power(), "stopped");
    EXPECT_EQ(act(id, "start", alice).at("state"), "succeeded");
    EXPECT_EQ(power(), "running");
    EXPECT_EQ(act(id, "reboot", alice).at("state"), "succeeded");
    EXPECT_EQ(power(), "running");
    EXPECT_EQ(act(id, "suspend", admin).at("state"), "succeeded");
    EXPECT_EQ(power(), "stopped");
    EXPECT_EQ(act(id, "unsuspend", admin).at("state"), "succeeded");
    EXPECT_EQ(power(), "running");
    EXPECT_EQ(act(id, "terminate", alice).at("state"), "succeeded");
    wait_for_status(id, "terminated");
    EXPECT_FALSE(sim_vm_named(*fra1_, "web-e2e.example.com")) << "terminate left the VM on the cluster";
}

TEST_F(EndToEnd, PlacementSpreadsServersOverTheNodesWithTheMostFreeMemory) {
    // Every running VM takes its memory from its node: three 8 GiB servers land on three different nodes.
    std::set<std::string> nodes;
    for (int i = 0; i < 3; ++i) {
        const auto id = create_server(server_spec("spread-" + std::to_string(i) + ".example.com", "fra1", 1, 8192, 10));
        nodes.insert(std::string(wait_for_status(id, "active").at("node").as_string()));
    }
    EXPECT_EQ(nodes.size(), 3u);
}

TEST_F(EndToEnd, CloneThatFailsEndsFailedWithTheReasonAndLeavesNoVm) {
    const auto id = create_server(server_spec("mock-fail-clone.example.com", "fra1"));
    const auto server = wait_for_status(id, "failed");
    EXPECT_NE(std::string(server.at("last_error").as_string()).find("clone failed"), std::string::npos)
        << boost::json::serialize(server);
    EXPECT_FALSE(sim_vm_named(*fra1_, "mock-fail-clone.example.com"));
}

TEST_F(EndToEnd, OfflineNodeIsRetriedWithBackoffUntilItIsBack) {
    // The templates live on pve1: with it away every clone answers 595 until it returns.
    sim_call(*fra1_, "POST", "/_sim/nodes/pve1/offline");
    const auto id = create_server(server_spec("offline-node.example.com", "fra1"));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const auto waiting = json(client().get("/servers/" + id, login("admin@example.com"))).as_object();
    EXPECT_EQ(waiting.at("status"), "provisioning") << boost::json::serialize(waiting);
    sim_call(*fra1_, "POST", "/_sim/nodes/pve1/online");
    const auto server = wait_for_status(id, "active", std::chrono::seconds(60));
    EXPECT_NE(server.at("node"), "pve1") << "placement chose a node that was offline";
    EXPECT_TRUE(sim_vm_named(*fra1_, "offline-node.example.com"));
}

TEST_F(EndToEnd, SimulatorRestartedMidCloneEndsWithExactlyOneVm) {
    const auto id = create_server(server_spec("restart-mid-clone.example.com", "ams1"));
    // ams1 runs tasks at PVE's pace (a clone takes seconds): restart it while the clone holds the VM's lock.
    bool cloning = false;
    for (int i = 0; i < 200 && !cloning; ++i) {
        const auto vm = sim_vm_named(*ams1_, "restart-mid-clone.example.com");
        cloning = vm && vm->contains("lock") && vm->at("lock") == "clone";
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ASSERT_TRUE(cloning) << "never saw the clone running";
    ams1_->restart();
    const auto server = wait_for_status(id, "active", std::chrono::seconds(60));
    int named = 0;
    for (const auto& vm : sim_vms(*ams1_)) {
        named += vm.at("name") == "restart-mid-clone.example.com" ? 1 : 0;
    }
    EXPECT_EQ(named, 1);
    EXPECT_EQ(sim_vm_named(*ams1_, "restart-mid-clone.example.com")->at("vmid").to_number<std::int64_t>(),
              server.at("vmid").to_number<std::int64_t>());
    // The job recorded each task before waiting on it; the last one is the start.
    EXPECT_NE(database_->scalar("SELECT task_upid FROM jobs WHERE server_id = '" + id + "' AND kind = 'provision'")
                  .find(":qmstart:"),
              std::string::npos);
}

TEST_F(EndToEnd, WrongCertificateIsRefusedWithAClearErrorAndNoVm) {
    const auto before = sim_vms(*fra1_).size();
    const auto id = create_server(server_spec("wrong-ca.example.com", "badca1"));
    const auto server = wait_for_status(id, "failed");
    const std::string reason(server.at("last_error").as_string());
    EXPECT_NE(reason.find("badca1"), std::string::npos) << reason;
    EXPECT_NE(reason.find("certificate"), std::string::npos) << reason;
    EXPECT_EQ(sim_vms(*fra1_).size(), before);
}

TEST_F(EndToEnd, WrongTokenIsAPermanentErrorNamingTheCluster) {
    const auto id = create_server(server_spec("wrong-token.example.com", "badtoken1"));
    const auto server = wait_for_status(id, "failed");
    const std::string reason(server.at("last_error").as_string());
    EXPECT_NE(reason.find("badtoken1"), std::string::npos) << reason;
    EXPECT_NE(reason.find("401"), std::string::npos) << reason;
    // Permanent: one attempt, not five.
    EXPECT_EQ(database_->scalar("SELECT attempt FROM jobs WHERE server_id = '" + id + "'"), "1");
}

}  // namespace
}  // namespace keel::testing
