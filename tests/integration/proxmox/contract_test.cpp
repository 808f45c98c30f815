// What the client sends, recorded by pve-sim: the method, path and parameters of each call a server's life makes,
// checked against the Proxmox VE API (../shared/reference/proxmox-api-and-whmcs-modules.md §3).
#include <gmock/gmock.h>

#include "proxmox_fixture.hpp"

namespace keel::testing {
namespace {

using Contract = ProxmoxTest;
using ::testing::Contains;

struct Call {
    std::string method;
    std::string path;
    boost::json::object params;
};

std::vector<Call> recorded_calls(const PveSimProcess& sim) {
    std::vector<Call> calls;
    const auto recorded = ProxmoxTest::sim_call(sim, "GET", "/_sim/requests");
    for (const auto& entry : recorded.at("data").as_array()) {
        const auto& request = entry.as_object();
        EXPECT_EQ(request.at("auth_scheme"), "PVEAPIToken") << boost::json::serialize(request);
        calls.push_back(Call{std::string(request.at("method").as_string()), std::string(request.at("path").as_string()),
                             request.at("params").as_object()});
    }
    return calls;
}

const Call* find_call(const std::vector<Call>& calls, const std::string& method, const std::string& path) {
    for (const auto& call : calls) {
        if (call.method == method && call.path == path) {
            return &call;
        }
    }
    return nullptr;
}

std::string param(const Call& call, const char* name) {
    return call.params.contains(name) ? std::string(call.params.at(name).as_string()) : "<absent>";
}

TEST_F(Contract, BuildAndDestroySendExactlyWhatTheProxmoxApiExpects) {
    sim_call(*fra1_, "DELETE", "/_sim/requests");
    const auto id = create_server(server_spec("contract.example.com", "fra1", 3, 3072, 25));
    const auto server = wait_for_status(id, "active");
    const std::string node(server.at("node").as_string());
    const auto vmid = std::to_string(server.at("vmid").to_number<std::int64_t>());
    const auto vm_path = "/nodes/" + node + "/qemu/" + vmid;
    auto calls = recorded_calls(*fra1_);

    const auto* nodes = find_call(calls, "GET", "/cluster/resources");
    ASSERT_NE(nodes, nullptr) << "placement did not read the live node list";
    EXPECT_THAT(calls, Contains(::testing::Truly([](const Call& c) {
                    return c.path == "/cluster/resources" && c.params.contains("type") && c.params.at("type") == "node";
                })));
    // The template (debian-12: 9000) lives on pve1; the clone runs there and targets the chosen node.
    const auto* clone = find_call(calls, "POST", "/nodes/pve1/qemu/9000/clone");
    ASSERT_NE(clone, nullptr);
    EXPECT_EQ(param(*clone, "newid"), vmid);
    EXPECT_EQ(param(*clone, "name"), "contract.example.com");
    EXPECT_EQ(param(*clone, "full"), "1");
    EXPECT_EQ(param(*clone, "target"), node == "pve1" ? "<absent>" : node);
    const auto* config = find_call(calls, "POST", vm_path + "/config");
    ASSERT_NE(config, nullptr);
    EXPECT_EQ(param(*config, "cores"), "3");
    EXPECT_EQ(param(*config, "memory"), "3072");
    const auto* resize = find_call(calls, "PUT", vm_path + "/resize");
    ASSERT_NE(resize, nullptr);
    EXPECT_EQ(param(*resize, "disk"), "scsi0");
    EXPECT_EQ(param(*resize, "size"), "25G");
    EXPECT_NE(find_call(calls, "POST", vm_path + "/status/start"), nullptr);
    // Every task is asked about on the node named inside its UPID.
    int task_polls = 0;
    for (const auto& call : calls) {
        if (call.path.find("/tasks/") == std::string::npos) {
            continue;
        }
        ++task_polls;
        const auto upid = call.path.substr(call.path.find("/tasks/") + 7);
        const auto upid_node = upid.substr(5, upid.find(':', 5) - 5);  // UPID:node:…
        EXPECT_EQ(call.path.rfind("/nodes/" + upid_node + "/tasks/", 0), 0u) << call.path;
        EXPECT_EQ(call.method, "GET");
    }
    EXPECT_GE(task_polls, 4);  // clone, config, resize, start

    sim_call(*fra1_, "DELETE", "/_sim/requests");
    EXPECT_EQ(act(id, "terminate", login("alice@example.com")).at("state"), "succeeded");
    calls = recorded_calls(*fra1_);
    EXPECT_NE(find_call(calls, "POST", vm_path + "/status/stop"), nullptr) << "a running VM cannot be destroyed";
    const auto* destroy = find_call(calls, "DELETE", vm_path);
    ASSERT_NE(destroy, nullptr);
    EXPECT_EQ(param(*destroy, "purge"), "1");
    EXPECT_EQ(param(*destroy, "destroy-unreferenced-disks"), "1");
}

}  // namespace
}  // namespace keel::testing
