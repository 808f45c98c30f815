// The simulated cluster's rules, without sockets: clone, locks, tasks, destroy, offline nodes, faults, state.
#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "sim_cluster.hpp"

namespace keel::pve_sim {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kUser = "keel@pve!keel";

ClusterConfig test_config() {
    ClusterConfig config;
    config.nodes = {"pve1", "pve2", "pve3"};
    config.templates = {{9000, "debian-12"}, {9001, "ubuntu-24.04"}};
    config.task_seconds.clone = 3;
    config.task_seconds.start = 2;
    config.task_seconds.destroy = 2;
    return config;
}

class ClusterTest : public ::testing::Test {
protected:
    Clock::time_point now = Clock::time_point(seconds(1'800'000'000));
    Cluster cluster{test_config()};

    std::string upid_of(const Reply& reply) {
        EXPECT_EQ(reply.status, 200) << reply.reason;
        return reply.data.is_string() ? std::string(reply.data.get_string()) : std::string();
    }
    std::string clone(std::int64_t newid, const std::string& name = "web1", const std::string& node = "pve1") {
        return upid_of(
            cluster.clone(node, 9000, {{"newid", std::to_string(newid)}, {"name", name}, {"full", "1"}}, kUser, now));
    }
    json::object task(const std::string& upid, const std::string& node = "pve1") {
        const Reply reply = cluster.task_status(node, upid, now);
        EXPECT_EQ(reply.status, 200) << reply.reason;
        return reply.data.is_object() ? reply.data.get_object() : json::object();
    }
    // A clone that has finished, then started: a running VM 101.
    void running_vm(std::int64_t vmid = 101) {
        clone(vmid);
        now += seconds(3);
        upid_of(cluster.power("pve1", vmid, "start", {}, kUser, now));
        now += seconds(2);
        cluster.advance(now);
    }
};

TEST_F(ClusterTest, CloneLocksTheNewVmAtOnceAndUnlocksWhenItsTaskEnds) {
    const std::string upid = clone(101);
    EXPECT_TRUE(upid.starts_with("UPID:pve1:")) << upid;
    EXPECT_TRUE(upid.ends_with(":qmclone:9000:keel@pve!keel:")) << upid;
    ASSERT_NE(cluster.find_vm(101), nullptr);
    EXPECT_EQ(cluster.find_vm(101)->lock, "clone");
    EXPECT_EQ(task(upid)["status"], "running");
    EXPECT_FALSE(task(upid).contains("exitstatus"));

    now += milliseconds(2999);
    EXPECT_EQ(task(upid)["status"], "running");
    now += milliseconds(1);
    const auto done = task(upid);
    EXPECT_EQ(done.at("status"), "stopped");
    EXPECT_EQ(done.at("exitstatus"), "OK");
    EXPECT_EQ(done.at("type"), "qmclone");
    EXPECT_EQ(done.at("id"), "9000");
    EXPECT_EQ(cluster.find_vm(101)->lock, "");
    const Reply config = cluster.get_config("pve1", 101, now);
    EXPECT_EQ(config.data.at("name"), "web1");
    EXPECT_FALSE(config.data.as_object().contains("lock"));
}

TEST_F(ClusterTest, UpidHasPveCommonsFormat) {
    const std::string upid = clone(101);
    // UPID:node:PID(8 hex):PSTART(8 hex):STARTTIME(8 hex):type:id:user:
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (start < upid.size()) {
        const auto colon = upid.find(':', start);
        fields.push_back(upid.substr(start, colon - start));
        start = colon + 1;
    }
    ASSERT_EQ(fields.size(), 8u) << upid;
    for (int i : {2, 3, 4}) {
        EXPECT_EQ(fields[i].size(), 8u) << fields[i];
        EXPECT_EQ(fields[i].find_first_not_of("0123456789ABCDEF"), std::string::npos) << fields[i];
    }
    EXPECT_EQ(std::stoll(fields[4], nullptr, 16), 1'800'000'000);
}

TEST_F(ClusterTest, CloneToATakenIdSaysTheConfigFileExists) {
    clone(101);
    const Reply again = cluster.clone("pve1", 9000, {{"newid", "101"}}, kUser, now);
    EXPECT_EQ(again.status, 500);
    EXPECT_EQ(again.reason, "unable to create VM 101: config file already exists");
    EXPECT_TRUE(again.data.is_null());
}

TEST_F(ClusterTest, CloneMustBeAskedOnTheTemplatesNode) {
    const Reply reply = cluster.clone("pve2", 9000, {{"newid", "101"}}, kUser, now);
    EXPECT_EQ(reply.status, 500);
    EXPECT_EQ(reply.reason, "Configuration file 'nodes/pve2/qemu-server/9000.conf' does not exist");
}

TEST_F(ClusterTest, CloneToAnotherNodePutsTheVmThereAndTheTaskStaysOnTheSourceNode) {
    const std::string upid =
        upid_of(cluster.clone("pve1", 9000, {{"newid", "150"}, {"target", "pve3"}, {"full", "1"}}, kUser, now));
    EXPECT_TRUE(upid.starts_with("UPID:pve1:"));
    EXPECT_EQ(cluster.find_vm(150)->node, "pve3");
    EXPECT_EQ(cluster.get_config("pve3", 150, now).status, 200);
    EXPECT_EQ(cluster.get_config("pve1", 150, now).status, 500);
}

TEST_F(ClusterTest, CloneParameterErrorsNameTheParameter) {
    struct Case {
        Params params;
        std::string param;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{}, "newid", "property is missing and it is not optional"},
        {{{"newid", "abc"}}, "newid", "type check ('integer') failed - got 'abc'"},
        {{{"newid", "42"}}, "newid", "invalid format - value does not look like a valid VM ID"},
        {{{"newid", "101"}, {"name", "bad name"}},
         "name",
         "invalid format - value does not look like a valid DNS name"},
        {{{"newid", "101"}, {"target", "pve9"}}, "target", "no such cluster node 'pve9'"},
        {{{"newid", "101"}, {"cores", "2"}},
         "cores",
         "property is not defined in schema and the schema does not allow additional properties"},
    };
    for (const auto& c : cases) {
        const Reply reply = cluster.clone("pve1", 9000, c.params, kUser, now);
        EXPECT_EQ(reply.status, 400) << c.param;
        EXPECT_EQ(reply.reason, "Parameter verification failed.");
        ASSERT_TRUE(reply.errors.contains(c.param)) << c.param;
        EXPECT_EQ(reply.errors.at(c.param), c.message);
    }
    EXPECT_EQ(cluster.find_vm(101), nullptr);
}

TEST_F(ClusterTest, StorageIsRefusedForALinkedClone) {
    const Reply reply = cluster.clone("pve1", 9000, {{"newid", "101"}, {"storage", "local-lvm"}}, kUser, now);
    EXPECT_EQ(reply.status, 500);
    EXPECT_EQ(reply.reason, "parameter 'storage' not allowed for linked clones");
}

TEST_F(ClusterTest, EveryMutatingCallOnALockedVmSaysItIsLocked) {
    clone(101);
    const std::vector<std::pair<std::string, std::function<Reply()>>> calls = {
        {"POST config",
         [&] {
             return cluster.update_config("pve1", 101, {{"cores", "2"}}, true, kUser, now);
         }},
        {"PUT config",
         [&] {
             return cluster.update_config("pve1", 101, {{"cores", "2"}}, false, kUser, now);
         }},
        {"resize",
         [&] {
             return cluster.resize("pve1", 101, {{"disk", "scsi0"}, {"size", "+1G"}}, kUser, now);
         }},
        {"start", [&] { return cluster.power("pve1", 101, "start", {}, kUser, now); }},
        {"stop", [&] { return cluster.power("pve1", 101, "stop", {}, kUser, now); }},
        {"delete",
         [&] {
             return cluster.destroy("pve1", 101, {{"purge", "1"}}, kUser, now);
         }},
    };
    for (const auto& [name, call] : calls) {
        const Reply reply = call();
        EXPECT_EQ(reply.status, 500) << name;
        EXPECT_EQ(reply.reason, "VM 101 is locked (clone)") << name;
    }
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("lock"), "clone");
}

TEST_F(ClusterTest, PowerStateChangesWhenTheTaskEnds) {
    clone(101);
    now += seconds(3);
    const std::string start = upid_of(cluster.power("pve1", 101, "start", {}, kUser, now));
    EXPECT_TRUE(start.find(":qmstart:101:") != std::string::npos);
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("status"), "stopped");
    now += seconds(2);
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("status"), "running");
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("qmpstatus"), "running");

    upid_of(cluster.power("pve1", 101, "suspend", {}, kUser, now));
    now += seconds(1);
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("status"), "running");  // PVE's view of paused
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("qmpstatus"), "paused");

    upid_of(cluster.power("pve1", 101, "stop", {}, kUser, now));
    now += seconds(1);
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("status"), "stopped");
}

TEST_F(ClusterTest, RebootSuspendResumeOfAStoppedVmSayNotRunning) {
    clone(101);
    now += seconds(3);
    for (const std::string action : {"reboot", "suspend", "resume"}) {
        const Reply reply = cluster.power("pve1", 101, action, {}, kUser, now);
        EXPECT_EQ(reply.status, 500) << action;
        EXPECT_EQ(reply.reason, "VM 101 not running") << action;
    }
}

TEST_F(ClusterTest, StartOfARunningVmEndsOk) {
    running_vm();
    const std::string upid = upid_of(cluster.power("pve1", 101, "start", {}, kUser, now));
    now += seconds(2);
    EXPECT_EQ(task(upid).at("exitstatus"), "OK");
}

TEST_F(ClusterTest, NodeMemoryIsTheSumOfItsRunningVms) {
    running_vm(101);
    clone(102, "idle");  // stopped: not counted
    now += seconds(3);
    const Reply nodes = cluster.cluster_resources({{"type", "node"}}, now);
    ASSERT_EQ(nodes.data.as_array().size(), 3u);
    const auto& pve1 = nodes.data.as_array()[0].as_object();
    EXPECT_EQ(pve1.at("node"), "pve1");
    EXPECT_EQ(pve1.at("mem").as_int64(), 2048LL * 1024 * 1024);
    EXPECT_EQ(pve1.at("maxmem").as_int64(), 64LL * 1024 * 1024 * 1024);
    EXPECT_EQ(nodes.data.as_array()[1].at("mem").as_int64(), 0);
}

TEST_F(ClusterTest, ResourcesListTemplatesAndVmsWithTheirLock) {
    clone(101);
    const Reply vms = cluster.cluster_resources({{"type", "vm"}}, now);
    ASSERT_EQ(vms.data.as_array().size(), 3u);
    const auto& vm = vms.data.as_array()[0].as_object();
    EXPECT_EQ(vm.at("id"), "qemu/101");
    EXPECT_EQ(vm.at("type"), "qemu");
    EXPECT_EQ(vm.at("lock"), "clone");
    EXPECT_EQ(vm.at("template"), 0);
    EXPECT_EQ(vms.data.as_array()[1].at("template"), 1);
    EXPECT_EQ(cluster.cluster_resources({{"type", "bogus"}}, now).status, 400);
}

TEST_F(ClusterTest, NodesAndTheVmsOfANodeAreListed) {
    clone(101, "web1", "pve1");
    const Reply nodes = cluster.list_nodes(now);
    ASSERT_EQ(nodes.data.as_array().size(), 3u);
    EXPECT_EQ(nodes.data.as_array()[2].at("node"), "pve3");
    const Reply on_pve1 = cluster.list_vms("pve1", now);
    ASSERT_EQ(on_pve1.data.as_array().size(), 3u);  // two templates and the clone
    EXPECT_EQ(on_pve1.data.as_array()[0].at("vmid"), 101);
    EXPECT_EQ(on_pve1.data.as_array()[0].at("lock"), "clone");
    EXPECT_TRUE(cluster.list_vms("pve2", now).data.as_array().empty());
    EXPECT_EQ(cluster.list_vms("pve9", now).status, 596);
}

TEST_F(ClusterTest, DestroyOfARunningVmFailsAndOfAStoppedOneRemovesItWhenTheTaskEnds) {
    running_vm();
    const Reply running = cluster.destroy("pve1", 101, {{"purge", "1"}}, kUser, now);
    EXPECT_EQ(running.status, 500);
    EXPECT_EQ(running.reason, "VM 101 is running - destroy failed");

    upid_of(cluster.power("pve1", 101, "stop", {}, kUser, now));
    now += seconds(1);
    const std::string upid =
        upid_of(cluster.destroy("pve1", 101, {{"purge", "1"}, {"destroy-unreferenced-disks", "1"}}, kUser, now));
    EXPECT_EQ(cluster.find_vm(101)->lock, "destroyed");
    now += seconds(2);
    EXPECT_EQ(task(upid).at("exitstatus"), "OK");
    EXPECT_EQ(cluster.find_vm(101), nullptr);
    const Reply gone = cluster.destroy("pve1", 101, {}, kUser, now);
    EXPECT_EQ(gone.reason, "Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist");
}

TEST_F(ClusterTest, TaskStatusOnlyOnTheNodeInTheUpid) {
    const std::string upid = clone(101);
    EXPECT_EQ(cluster.task_status("pve2", upid, now).reason, "no such task");
    EXPECT_EQ(cluster.task_status("pve2", upid, now).status, 500);
    EXPECT_EQ(cluster.task_status("pve1", "UPID:pve1:0000AAAA:0000AAAA:0000AAAA:qmclone:1:x@pve:", now).reason,
              "no such task");
    EXPECT_EQ(cluster.task_status("pve1", "not-a-upid", now).status, 400);
}

TEST_F(ClusterTest, TaskLogEndsWithTheTaskResult) {
    const std::string upid = clone(101);
    now += seconds(3);
    const Reply log = cluster.task_log("pve1", upid, now);
    ASSERT_EQ(log.status, 200);
    const auto& lines = log.data.as_array();
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back().at("t"), "TASK OK");
    EXPECT_EQ(lines.back().at("n").to_number<std::size_t>(), lines.size());
}

TEST_F(ClusterTest, OfflineNodeRefusesAndUnknownNodeTimesOut) {
    clone(101);
    ASSERT_TRUE(cluster.set_node_online("pve1", false));
    for (const Reply& reply : {cluster.get_config("pve1", 101, now), cluster.current_status("pve1", 101, now),
                               cluster.power("pve1", 101, "start", {}, kUser, now)}) {
        EXPECT_EQ(reply.status, 595);
        EXPECT_EQ(reply.reason, "Connection refused");
    }
    const Reply nodes = cluster.cluster_resources({{"type", "node"}}, now);
    EXPECT_EQ(nodes.data.as_array()[0].at("status"), "offline");
    EXPECT_EQ(cluster.get_config("pve7", 101, now).status, 596);
    ASSERT_TRUE(cluster.set_node_online("pve1", true));
    EXPECT_EQ(cluster.get_config("pve1", 101, now).status, 200);
}

TEST_F(ClusterTest, HostnamesAskForPermanentFailures) {
    const std::string failing_clone = clone(101, "mock-fail-clone-1");
    now += seconds(3);
    EXPECT_TRUE(std::string(task(failing_clone).at("exitstatus").as_string()).starts_with("clone failed: "));
    EXPECT_EQ(cluster.find_vm(101), nullptr);  // a failed clone leaves no VM

    clone(102, "mock-fail-start-1");
    now += seconds(3);
    const std::string start = upid_of(cluster.power("pve1", 102, "start", {}, kUser, now));
    now += seconds(2);
    EXPECT_EQ(task(start).at("exitstatus"), "start failed: QEMU exited with code 1");
    EXPECT_EQ(cluster.current_status("pve1", 102, now).data.at("status"), "stopped");
}

TEST_F(ClusterTest, ResizeGrowsOnlyAndLandsWhenTheTaskEnds) {
    clone(101);
    now += seconds(3);
    const Reply shrink = cluster.resize("pve1", 101, {{"disk", "scsi0"}, {"size", "5G"}}, kUser, now);
    EXPECT_EQ(shrink.reason, "shrinking disks is not supported");
    EXPECT_EQ(cluster.resize("pve1", 101, {{"disk", "scsi1"}, {"size", "+1G"}}, kUser, now).reason,
              "disk 'scsi1' does not exist");
    EXPECT_EQ(cluster.resize("pve1", 101, {{"disk", "scsi0"}, {"size", "big"}}, kUser, now).status, 400);
    const std::string upid = upid_of(cluster.resize("pve1", 101, {{"disk", "scsi0"}, {"size", "+10G"}}, kUser, now));
    EXPECT_NE(upid.find(":qmresize:101:"), std::string::npos);
    now += seconds(1);
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("maxdisk").as_int64(), 20LL << 30);
    upid_of(cluster.resize("pve1", 101, {{"disk", "scsi0"}, {"size", "25G"}}, kUser, now));
    now += seconds(1);
    EXPECT_EQ(cluster.current_status("pve1", 101, now).data.at("maxdisk").as_int64(), 25LL << 30);
}

TEST_F(ClusterTest, ConfigStoresDecodedSshKeysAndChecksTheirEncoding) {
    clone(101);
    now += seconds(3);
    const Reply bad = cluster.update_config("pve1", 101, {{"sshkeys", "ssh-ed25519 AAAA me"}}, false, kUser, now);
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.errors.contains("sshkeys"));
    const Reply put = cluster.update_config("pve1", 101,
                                            {{"sshkeys", "ssh-ed25519%20AAAA%20me%40host"},
                                             {"cores", "4"},
                                             {"memory", "4096"},
                                             {"ciuser", "keel"},
                                             {"ipconfig0", "ip=10.0.0.5/24,gw=10.0.0.1"}},
                                            false, kUser, now);
    EXPECT_EQ(put.status, 200) << put.reason;
    EXPECT_TRUE(put.data.is_null());
    EXPECT_EQ(cluster.find_vm(101)->extra.at("sshkeys"), "ssh-ed25519 AAAA me@host");
    EXPECT_EQ(cluster.find_vm(101)->cores, 4);
    const Reply config = cluster.get_config("pve1", 101, now);
    EXPECT_EQ(config.data.at("memory"), "4096");
    EXPECT_EQ(config.data.at("ciuser"), "keel");
    EXPECT_EQ(config.data.at("sshkeys"), "ssh-ed25519%20AAAA%20me%40host");
    EXPECT_EQ(cluster.update_config("pve1", 101, {{"ipconfig0", "10.0.0.5"}}, false, kUser, now).status, 400);
    EXPECT_EQ(cluster.update_config("pve1", 101, {}, false, kUser, now).reason, "no options specified");
}

TEST_F(ClusterTest, AsyncConfigReturnsATaskAndAStaleDigestIsRefused) {
    clone(101);
    now += seconds(3);
    const std::string digest(cluster.get_config("pve1", 101, now).data.at("digest").as_string());
    const std::string upid =
        upid_of(cluster.update_config("pve1", 101, {{"cores", "4"}, {"digest", digest}}, true, kUser, now));
    EXPECT_NE(upid.find(":qmconfig:101:"), std::string::npos);
    const Reply stale = cluster.update_config("pve1", 101, {{"cores", "3"}, {"digest", digest}}, true, kUser, now);
    EXPECT_EQ(stale.status, 500);
    EXPECT_EQ(stale.reason, "detected modified configuration - file changed by other user? Try again.");
}

TEST_F(ClusterTest, NextIdIsTheLowestFreeIdFrom100) {
    EXPECT_EQ(cluster.next_id({}, now).data, "100");
    clone(100);
    clone(101);
    clone(103);
    EXPECT_EQ(cluster.next_id({}, now).data, "102");
    const Reply taken = cluster.next_id({{"vmid", "101"}}, now);
    EXPECT_EQ(taken.status, 400);
    EXPECT_EQ(taken.errors.at("vmid"), "VM 101 already exists");
}

TEST_F(ClusterTest, InjectedFaultsAreLockTimeoutsAndRepeatUnderTheSameSeed) {
    cluster.set_faults(1.0, 7);
    const Reply reply = cluster.clone("pve1", 9000, {{"newid", "101"}}, kUser, now);
    EXPECT_EQ(reply.status, 500);
    EXPECT_EQ(reply.reason, "can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout");
    EXPECT_EQ(cluster.find_vm(101), nullptr);

    const auto outcomes = [&](std::uint64_t seed) {
        Cluster fresh(test_config());
        fresh.set_faults(0.5, seed);
        std::string pattern;
        for (int i = 0; i < 40; ++i) {
            pattern += fresh.clone("pve1", 9000, {{"newid", std::to_string(200 + i)}}, kUser, now).failed() ? 'F' : '.';
        }
        return pattern;
    };
    EXPECT_EQ(outcomes(7), outcomes(7));
    EXPECT_NE(outcomes(7), outcomes(8));
    EXPECT_NE(outcomes(7).find('F'), std::string::npos);
    EXPECT_NE(outcomes(7).find('.'), std::string::npos);
}

TEST_F(ClusterTest, AtLatencyScaleZeroTasksHaveEndedWhenTheirUpidIsReturned) {
    ClusterConfig config = test_config();
    config.latency_scale = 0;
    Cluster instant(config);
    const Reply reply = instant.clone("pve1", 9000, {{"newid", "101"}}, kUser, now);
    const std::string upid(reply.data.as_string());
    EXPECT_EQ(instant.task_status("pve1", upid, now).data.at("status"), "stopped");
    EXPECT_EQ(instant.find_vm(101)->lock, "");
}

TEST_F(ClusterTest, StateRoundTripKeepsVmsTasksAndOfflineNodes) {
    running_vm(101);
    const std::string clone_upid = clone(102, "mid-clone");
    cluster.set_node_online("pve3", false);
    const json::value saved = json::parse(json::serialize(cluster.to_json()));

    Cluster restored(test_config());
    restored.restore(saved);
    EXPECT_EQ(json::serialize(restored.to_json()), json::serialize(cluster.to_json()));
    EXPECT_EQ(restored.find_vm(101)->power, Power::kRunning);
    EXPECT_EQ(restored.find_vm(102)->lock, "clone");
    EXPECT_EQ(restored.get_config("pve3", 1, now).status, 595);
    EXPECT_EQ(restored.task_status("pve1", clone_upid, now).data.at("status"), "running");
    now += seconds(3);  // the clone ends by its wall-clock end time, restart or not
    EXPECT_EQ(restored.task_status("pve1", clone_upid, now).data.at("exitstatus"), "OK");
    EXPECT_EQ(restored.find_vm(102)->lock, "");
    // New tasks do not reuse a UPID of the restored history.
    const std::string next = upid_of(restored.power("pve1", 102, "start", {}, kUser, now));
    EXPECT_EQ(restored.find_task(next)->kind, TaskKind::kStart);
    EXPECT_NE(next.substr(0, 20), clone_upid.substr(0, 20));
}

TEST_F(ClusterTest, UpsertVmsNeverReplacesALockedVm) {
    clone(101);  // locked (clone) for 3 s
    const json::value body = json::parse(
        R"({"vms":[{"vmid":102,"node":"pve1","name":"a","cores":1,"memory_mib":512,"disk_gb":10,"status":"running"},)"
        R"({"vmid":101,"node":"pve1","name":"b","cores":1,"memory_mib":512,"disk_gb":10,"status":"running"}]})");
    const Reply refused = cluster.upsert_vms(body, now);
    EXPECT_EQ(refused.status, 500);
    EXPECT_EQ(refused.reason, "VM 101 is locked (clone)");
    EXPECT_EQ(cluster.find_vm(102), nullptr);  // nothing of the list was applied
    now += seconds(3);
    const Reply done = cluster.upsert_vms(body, now);
    EXPECT_EQ(done.status, 200) << done.reason;
    EXPECT_EQ(cluster.find_vm(101)->name, "b");
    EXPECT_EQ(cluster.find_vm(101)->power, Power::kRunning);
}

}  // namespace
}  // namespace keel::pve_sim
