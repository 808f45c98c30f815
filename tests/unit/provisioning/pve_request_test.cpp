#include "provisioning/pve/pve_request.hpp"

#include <gtest/gtest.h>

namespace keel::provisioning {
namespace {

const PveRequests kRequests{""};

struct RequestCase {
    std::string_view name;
    PveRequest got;
    PveRequest want;
};

TEST(PveRequests, BuildEachCall) {
    const RequestCase cases[] = {
        {"version", kRequests.version(), {PveMethod::kGet, "/api2/json/version", ""}},
        {"nodes", kRequests.cluster_resources("node"), {PveMethod::kGet, "/api2/json/cluster/resources?type=node", ""}},
        {"vms", kRequests.cluster_resources("vm"), {PveMethod::kGet, "/api2/json/cluster/resources?type=vm", ""}},
        {"full_clone_to_another_node",
         kRequests.clone("pve1", 9000, CloneRequest{101, "web-1.example.com", true, "pve2", "local-lvm"}),
         {PveMethod::kPost, "/api2/json/nodes/pve1/qemu/9000/clone",
          "newid=101&name=web-1.example.com&full=1&target=pve2&storage=local-lvm"}},
        {"clone_on_the_template_node",
         kRequests.clone("pve1", 9000, CloneRequest{101, "a", true, "", ""}),
         {PveMethod::kPost, "/api2/json/nodes/pve1/qemu/9000/clone", "newid=101&name=a&full=1"}},
        {"configure_without_cloud_init",
         kRequests.configure("pve1", 101, VmConfigUpdate{2, 4096, {}, {}, {}}),
         {PveMethod::kPost, "/api2/json/nodes/pve1/qemu/101/config", "cores=2&memory=4096"}},
        {"configure_with_cloud_init",
         kRequests.configure("pve1", 101,
                             VmConfigUpdate{1, 2048, "ops", "ssh-ed25519 AAAA+b/c= me@host\nssh-rsa BBB x",
                                            "ip=203.0.113.5/24,gw=203.0.113.1"}),
         {PveMethod::kPost, "/api2/json/nodes/pve1/qemu/101/config",
          // The keys percent-encoded once for PVE's 'urlencoded' format, then once more as a form value.
          "cores=1&memory=2048&ciuser=ops&sshkeys=ssh-ed25519%2520AAAA%252Bb%252Fc%253D%2520me%2540host%250Assh-rsa"
          "%2520BBB%2520x&ipconfig0=ip%3D203.0.113.5%2F24%2Cgw%3D203.0.113.1"}},
        {"resize",
         kRequests.resize_disk("pve1", 101, 40),
         {PveMethod::kPut, "/api2/json/nodes/pve1/qemu/101/resize", "disk=scsi0&size=40G"}},
        {"start",
         kRequests.power("pve1", 101, PowerAction::kStart),
         {PveMethod::kPost, "/api2/json/nodes/pve1/qemu/101/status/start", ""}},
        {"shutdown",
         kRequests.power("pve1", 101, PowerAction::kShutdown),
         {PveMethod::kPost, "/api2/json/nodes/pve1/qemu/101/status/shutdown", ""}},
        {"resume",
         kRequests.power("pve1", 101, PowerAction::kResume),
         {PveMethod::kPost, "/api2/json/nodes/pve1/qemu/101/status/resume", ""}},
        {"destroy",
         kRequests.destroy("pve1", 101),
         {PveMethod::kDelete, "/api2/json/nodes/pve1/qemu/101?purge=1&destroy-unreferenced-disks=1", ""}},
        {"status",
         kRequests.vm_current("pve1", 101),
         {PveMethod::kGet, "/api2/json/nodes/pve1/qemu/101/status/current", ""}},
        {"config", kRequests.vm_config("pve1", 101), {PveMethod::kGet, "/api2/json/nodes/pve1/qemu/101/config", ""}},
        {"path_prefix_and_odd_node",
         PveRequests("/proxy").power("node one/x", 7, PowerAction::kStop),
         {PveMethod::kPost, "/proxy/api2/json/nodes/node%20one%2Fx/qemu/7/status/stop", ""}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(to_string(c.got.method), to_string(c.want.method));
        EXPECT_EQ(c.got.target, c.want.target);
        EXPECT_EQ(c.got.form_body, c.want.form_body);
    }
}

TEST(PveRequests, AskTaskStatusOnTheNodeInsideTheUpid) {
    const auto request = kRequests.task_status("UPID:pve-mp:00000ACD:00006AE8:679A423B:qmclone:112:capmox@pve!capi:");
    ASSERT_TRUE(request.has_value());
    EXPECT_EQ(request->method, PveMethod::kGet);
    EXPECT_EQ(request->target,
              "/api2/json/nodes/pve-mp/tasks/"
              "UPID%3Apve-mp%3A00000ACD%3A00006AE8%3A679A423B%3Aqmclone%3A112%3Acapmox%40pve%21capi%3A/status");
}

TEST(PveRequests, RefuseAMalformedUpidWithoutARequest) {
    const auto request = kRequests.task_status("UPID:pve1:../../etc");
    ASSERT_FALSE(request.has_value());
    EXPECT_EQ(request.error().code, ErrorCode::kUpstreamFailed);
}

TEST(PveRequests, TokenHeaderNamesTokenAndSecret) {
    EXPECT_EQ(pve_token_authorization("keel@pve!prov", "0c3e-11"), "PVEAPIToken=keel@pve!prov=0c3e-11");
}

}  // namespace
}  // namespace keel::provisioning
