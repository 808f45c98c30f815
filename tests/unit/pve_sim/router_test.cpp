// The simulator's HTTP face without sockets: token check, routes, parameters from query/form/JSON, recording.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>

#include "sim_router.hpp"

namespace keel::pve_sim {
namespace {

namespace json = boost::json;

constexpr const char* kToken = "keel@pve!keel=0b5c-secret";
constexpr const char* kHeader = "PVEAPIToken=keel@pve!keel=0b5c-secret";

class RouterTest : public ::testing::Test {
protected:
    Clock::time_point now = Clock::time_point(std::chrono::seconds(1'800'000'000));
    Cluster cluster{[] {
        ClusterConfig config;
        config.latency_scale = 0;
        return config;
    }()};
    Router router{cluster, kToken, [this] { return now; }};

    Reply send(const std::string& method, const std::string& target, const std::string& body = {},
               const std::string& content_type = "application/x-www-form-urlencoded",
               const std::string& authorization = kHeader) {
        return router.handle(SimRequest{method, target, authorization, content_type, body});
    }
};

TEST_F(RouterTest, WrongOrMissingTokenIsAnAuthenticationFailure) {
    for (const std::string header :
         {"", "PVEAPIToken=keel@pve!keel=wrong", "PVEAPIToken=root@pam!keel=0b5c-secret", "PVEAuthCookie=abc"}) {
        const Reply reply = send("GET", "/api2/json/version", {}, {}, header);
        EXPECT_EQ(reply.status, 401) << header;
        EXPECT_EQ(reply.reason, "authentication failure");
        EXPECT_EQ(reply.to_body(), R"({"data":null})");
    }
    EXPECT_EQ(send("POST", "/_sim/nodes/pve1/offline", {}, {}, "").status, 401);
    EXPECT_EQ(send("GET", "/api2/json/version").status, 200);
}

TEST_F(RouterTest, UnknownPathsAreNotImplementedInPveWords) {
    const Reply reply = send("GET", "/api2/json/foo/bar");
    EXPECT_EQ(reply.status, 501);
    EXPECT_EQ(reply.reason, "Method 'GET /foo/bar' not implemented");
    EXPECT_EQ(send("PATCH", "/api2/json/nodes/pve1/qemu/101/config").status, 501);
    EXPECT_EQ(send("POST", "/api2/json/nodes/pve1/qemu/101/status/reset").status, 501);
}

TEST_F(RouterTest, ErrorsCarryTheTextAsReasonAndMessage) {
    const Reply reply = send("GET", "/api2/json/nodes/pve1/qemu/555/config");
    EXPECT_EQ(reply.status, 500);
    const json::value body = json::parse(reply.to_body());
    EXPECT_TRUE(body.at("data").is_null());
    EXPECT_EQ(body.at("message"), "Configuration file 'nodes/pve1/qemu-server/555.conf' does not exist");
    const Reply bad_vmid = send("GET", "/api2/json/nodes/pve1/qemu/abc/config");
    EXPECT_EQ(bad_vmid.status, 400);
    EXPECT_EQ(json::parse(bad_vmid.to_body()).at("errors").at("vmid"), "type check ('integer') failed - got 'abc'");
}

TEST_F(RouterTest, FormAndJsonBodiesAndQueryParametersAllReachTheCluster) {
    EXPECT_EQ(send("POST", "/api2/json/nodes/pve1/qemu/9000/clone", "newid=101&name=web-1&full=1").status, 200);
    EXPECT_EQ(send("POST", "/api2/json/nodes/pve1/qemu/9000/clone", R"({"newid":102,"name":"web-2","full":true})",
                   "application/json")
                  .status,
              200);
    EXPECT_EQ(send("POST", "/api2/json/nodes/pve1/qemu/9000/clone?newid=103&name=web-3").status, 200);
    EXPECT_EQ(cluster.find_vm(102)->name, "web-2");
    EXPECT_EQ(cluster.find_vm(103)->name, "web-3");
    // Form encoding of an already URL-encoded key: %2520 → %20 → space.
    const Reply put = send("PUT", "/api2/json/nodes/pve1/qemu/101/config", "sshkeys=ssh-ed25519%2520AAAA%2520a%2540b");
    EXPECT_EQ(put.status, 200) << put.reason;
    EXPECT_EQ(cluster.find_vm(101)->extra.at("sshkeys"), "ssh-ed25519 AAAA a@b");
}

TEST_F(RouterTest, UpidsMayArrivePercentEncoded) {
    const Reply clone = send("POST", "/api2/json/nodes/pve1/qemu/9000/clone", "newid=101");
    std::string upid(clone.data.as_string());
    std::string encoded;
    for (char c : upid) {
        encoded += c == ':' ? std::string("%3A") : c == '!' ? std::string("%21") : std::string(1, c);
    }
    EXPECT_EQ(send("GET", "/api2/json/nodes/pve1/tasks/" + encoded + "/status").status, 200);
    EXPECT_EQ(send("GET", "/api2/json/nodes/pve1/tasks/" + upid + "/status").data.at("exitstatus"), "OK");
    EXPECT_EQ(send("GET", "/api2/json/nodes/pve2/tasks/" + upid + "/status").reason, "no such task");
}

TEST_F(RouterTest, RecordsMethodPathParamsAndTheSchemeButNeverTheSecret) {
    send("POST", "/api2/json/nodes/pve1/qemu/9000/clone?full=1", "newid=101&name=web1");
    send("GET", "/api2/json/version", {}, {}, "PVEAPIToken=keel@pve!keel=wrong");
    send("GET", "/_sim/requests");
    ASSERT_EQ(router.recorded().size(), 2u);
    const auto& clone = router.recorded()[0];
    EXPECT_EQ(clone.method, "POST");
    EXPECT_EQ(clone.path, "/nodes/pve1/qemu/9000/clone");
    EXPECT_EQ(clone.params, (Params{{"full", "1"}, {"newid", "101"}, {"name", "web1"}}));
    EXPECT_EQ(clone.auth_scheme, "PVEAPIToken");
    const Reply listed = send("GET", "/_sim/requests");
    const std::string body = listed.to_body();
    EXPECT_EQ(body.find("0b5c-secret"), std::string::npos);
    EXPECT_EQ(body.find("wrong"), std::string::npos);
    EXPECT_EQ(listed.data.as_array().size(), 2u);
    EXPECT_EQ(send("DELETE", "/_sim/requests").status, 200);
    EXPECT_TRUE(router.recorded().empty());
}

TEST_F(RouterTest, StatsCountApiRequestsAndHandshakesBeyondTheRecorder) {
    send("GET", "/api2/json/version");
    send("GET", "/api2/json/version", {}, {}, "PVEAPIToken=keel@pve!keel=wrong");
    send("GET", "/_sim/state");
    router.count_handshake();
    EXPECT_EQ(send("DELETE", "/_sim/requests").status, 200);
    const Reply stats = send("GET", "/_sim/stats");
    ASSERT_EQ(stats.status, 200);
    EXPECT_EQ(stats.data.at("requests"), 2);  // only /api2/json, and forgetting the recorded ones keeps the count
    EXPECT_EQ(stats.data.at("handshakes"), 1);
    EXPECT_EQ(send("DELETE", "/_sim/stats").status, 200);
    EXPECT_EQ(send("GET", "/_sim/stats").data.at("requests"), 0);
    EXPECT_EQ(send("GET", "/_sim/stats", {}, {}, "").status, 401);
}

TEST_F(RouterTest, ControlsTakeNodesOfflineAndSetFaults) {
    EXPECT_EQ(send("POST", "/_sim/nodes/pve2/offline").status, 200);
    const Reply refused = send("GET", "/api2/json/nodes/pve2/qemu/101/status/current");
    EXPECT_EQ(refused.status, 595);
    EXPECT_EQ(send("POST", "/_sim/nodes/pve2/online").status, 200);
    EXPECT_EQ(send("POST", "/_sim/nodes/pve9/offline").status, 404);
    EXPECT_EQ(send("POST", "/_sim/faults", R"({"rate":1,"seed":3})", "application/json").status, 200);
    EXPECT_EQ(send("POST", "/api2/json/nodes/pve1/qemu/9000/clone", "newid=101").reason,
              "can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout");
    EXPECT_EQ(send("POST", "/_sim/faults", "rate=0").status, 200);
    EXPECT_EQ(send("POST", "/api2/json/nodes/pve1/qemu/9000/clone", "newid=101").status, 200);
    EXPECT_EQ(send("POST", "/_sim/faults", "rate=2").status, 400);
}

TEST_F(RouterTest, SimVmsUpsertsVmsAsAMigrationFindsThem) {
    const std::string body =
        R"({"vms":[{"vmid":105,"node":"pve2","name":"vps5-cus1","cores":2,"memory_mib":4096,"disk_gb":40,)"
        R"("status":"running","ipconfig0":"ip=203.0.113.5/24,gw=203.0.113.1"},)"
        R"({"vmid":106,"node":"pve3","name":"vps6-cus1","cores":1,"memory_mib":1024,"disk_gb":25,"status":"stopped"}]})";
    const Reply created = send("POST", "/_sim/vms", body, "application/json");
    ASSERT_EQ(created.status, 200) << created.reason;
    EXPECT_EQ(json::serialize(created.data), R"({"created":2,"replaced":0})");
    const Vm* vm = cluster.find_vm(105);
    ASSERT_NE(vm, nullptr);
    EXPECT_EQ(vm->node, "pve2");
    EXPECT_EQ(vm->power, Power::kRunning);
    EXPECT_EQ(vm->disk_bytes, std::int64_t{40} << 30);
    const Reply config = send("GET", "/api2/json/nodes/pve2/qemu/105/config");
    EXPECT_EQ(config.data.at("ipconfig0"), "ip=203.0.113.5/24,gw=203.0.113.1");
    EXPECT_EQ(config.data.at("memory"), "4096");

    // The same vmid again replaces the VM (renamed, moved, stopped); the state is marked for saving.
    const auto generation = cluster.generation();
    const Reply replaced = send(
        "POST", "/_sim/vms",
        R"({"vms":[{"vmid":105,"node":"pve1","name":"renamed","cores":4,"memory_mib":2048,"disk_gb":50,"status":"stopped"}]})",
        "application/json");
    ASSERT_EQ(replaced.status, 200) << replaced.reason;
    EXPECT_EQ(json::serialize(replaced.data), R"({"created":0,"replaced":1})");
    EXPECT_GT(cluster.generation(), generation);
    EXPECT_EQ(cluster.find_vm(105)->node, "pve1");
    EXPECT_FALSE(cluster.find_vm(105)->extra.contains("ipconfig0"));

    const Reply resources = send("GET", "/api2/json/cluster/resources?type=vm");
    std::vector<std::int64_t> vmids;
    for (const auto& entry : resources.data.as_array()) {
        vmids.push_back(entry.at("vmid").as_int64());
    }
    EXPECT_EQ(vmids, (std::vector<std::int64_t>{105, 106, 9000}));
}

TEST_F(RouterTest, SimVmsIsAllOrNothing) {
    const auto vm = [](int vmid, const char* node) {
        return std::string(R"({"vmid":)") + std::to_string(vmid) + R"(,"node":")" + node +
               R"(","name":"a","cores":1,"memory_mib":512,"disk_gb":10,"status":"running"})";
    };
    const Reply unknown_node =
        send("POST", "/_sim/vms", R"({"vms":[)" + vm(200, "pve1") + "," + vm(201, "pve9") + "]}", "application/json");
    EXPECT_EQ(unknown_node.status, 400);
    EXPECT_EQ(json::parse(unknown_node.to_body()).at("errors").at("vms"),
              "entry 1 (vmid 201): no such cluster node 'pve9'");
    EXPECT_EQ(cluster.find_vm(200), nullptr);
    EXPECT_EQ(send("POST", "/_sim/vms", R"({"vms":[{"vmid":202,"node":"pve1"}]})", "application/json").status, 400);
    EXPECT_EQ(send("POST", "/_sim/vms", R"({"vms":{}})", "application/json").status, 400);
    EXPECT_EQ(send("POST", "/_sim/vms", "not json", "application/json").status, 400);
    EXPECT_EQ(send("POST", "/_sim/vms", R"({"vms":[]})", "application/json", "PVEAPIToken=x").status, 401);

    // A template is never replaced (a locked VM neither: cluster_test).
    ASSERT_EQ(send("POST", "/_sim/vms", R"({"vms":[)" + vm(300, "pve1") + "]}", "application/json").status, 200);
    const Reply template_vm = send("POST", "/_sim/vms", R"({"vms":[)" + vm(9000, "pve1") + "]}", "application/json");
    EXPECT_EQ(template_vm.status, 500);
    EXPECT_TRUE(cluster.find_vm(9000)->is_template);
}

TEST_F(RouterTest, SimVmsTakesTwoHundredThousandVmsAndListsThemAll) {
    std::string body = R"({"vms":[)";
    constexpr int kVms = 200000;
    for (int i = 0; i < kVms; ++i) {
        body += (i == 0 ? "" : ",");
        body += R"({"vmid":)" + std::to_string(100000 + i) + R"(,"node":"pve)" + std::to_string(i % 3 + 1) +
                R"(","name":"vps)" + std::to_string(i) + R"(-cus1","cores":1,"memory_mib":1024,"disk_gb":25,)" +
                R"("status":"running"})";
    }
    body += "]}";
    const auto started = std::chrono::steady_clock::now();
    const Reply created = send("POST", "/_sim/vms", body, "application/json");
    ASSERT_EQ(created.status, 200) << created.reason;
    EXPECT_EQ(created.data.at("created"), kVms);
    const double upserted = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const Reply resources = send("GET", "/api2/json/cluster/resources?type=vm");
    const double built = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(resources.data.as_array().size(), std::size_t{kVms} + 1);
    const std::string listed = resources.to_body();
    std::printf("upsert %.2f s, list %.2f s\n", upserted, built - upserted);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // Generous for sanitizer builds; a release build takes well under a second on the shared machine.
    EXPECT_LT(seconds, 30.0);
    std::printf("200,000 VMs upserted, listed and serialised (%zu bytes) in %.2f s\n", listed.size(), seconds);
}

}  // namespace
}  // namespace keel::pve_sim
