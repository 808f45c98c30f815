#include "provisioning/mock_proxmox_client.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "run_task.hpp"

namespace keel::provisioning {
namespace {

template <class T>
T run(Task<T> task) {
    return keel::testing::run_task(std::move(task));
}

// Which calls of a fixed sequence fail, for a given seed and failure rate.
std::vector<bool> failure_pattern(std::uint64_t seed) {
    MockProxmoxClient mock(MockProxmoxConfig{.latency_scale = 0.0, .failure_rate = 0.3, .seed = seed});
    std::vector<bool> failed;
    for (int i = 0; i < 40; ++i) {
        failed.push_back(!run(mock.clone("n1", 9000, CloneRequest{.newid = 1000 + i, .name = "vm" + std::to_string(i)}))
                              .has_value());
    }
    return failed;
}

TEST(MockProxmoxClient, IsDeterministicUnderASeed) {
    EXPECT_EQ(failure_pattern(7), failure_pattern(7));
    EXPECT_NE(failure_pattern(7), failure_pattern(8));
}

TEST(MockProxmoxClient, InjectedFaultsUseProxmoxTexts) {
    MockProxmoxClient mock(MockProxmoxConfig{.latency_scale = 0.0, .failure_rate = 1.0, .seed = 3});
    for (int i = 0; i < 20; ++i) {
        auto result = run(mock.clone("n1", 9000, CloneRequest{.newid = 2000 + i, .name = "x"}));
        ASSERT_FALSE(result.has_value());
        EXPECT_EQ(result.error().code, ErrorCode::kRetryable);
        const auto& text = result.error().detail;
        EXPECT_TRUE(text.find("can't lock file '/var/lock/qemu-server/lock-") != std::string::npos ||
                    text.find("No route to host") != std::string::npos)
            << text;
    }
}

TEST(MockProxmoxClient, ExistingVmidIsRefusedLikeProxmox) {
    MockProxmoxClient mock(MockProxmoxConfig{.latency_scale = 0.0});
    ASSERT_TRUE(run(mock.clone("n1", 9000, CloneRequest{.newid = 300, .name = "a"})).has_value());
    auto again = run(mock.clone("n1", 9000, CloneRequest{.newid = 300, .name = "b"}));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_NE(again.error().detail.find("VM 300 already exists"), std::string::npos);
}

TEST(MockProxmoxClient, ConfigureDuringCloneSeesTheLock) {
    // Real latency (scaled down) so the clone task is still running when configure arrives.
    MockProxmoxClient mock(MockProxmoxConfig{.latency_scale = 0.01});
    ASSERT_TRUE(run(mock.clone("n1", 9000, CloneRequest{.newid = 301, .name = "a"})).has_value());
    auto configured = run(mock.configure("n1", 301, VmConfigUpdate{.cores = 2, .memory_mb = 2048}));
    ASSERT_FALSE(configured.has_value());
    EXPECT_EQ(configured.error().code, ErrorCode::kRetryable);
    EXPECT_NE(configured.error().detail.find("VM is locked (clone)"), std::string::npos);
}

TEST(MockProxmoxClient, UnknownTemplateIsPermanent) {
    MockProxmoxClient mock(MockProxmoxConfig{.latency_scale = 0.0});
    auto cloned = run(mock.clone("n1", 4444, CloneRequest{.newid = 302, .name = "a"}));
    ASSERT_FALSE(cloned.has_value());
    EXPECT_EQ(cloned.error().code, ErrorCode::kUpstreamFailed);
}

TEST(MockProxmoxClient, ClusterResourcesListNodesAndGuests) {
    MockProxmoxClient mock(MockProxmoxConfig{.latency_scale = 0.0, .nodes = {"n1", "n2"}});
    ASSERT_TRUE(run(mock.clone("n1", 9000, CloneRequest{.newid = 100, .name = "a", .target = "n2"})).has_value());
    const auto nodes = run(mock.nodes()).value();
    ASSERT_EQ(nodes.size(), 2u);
    EXPECT_TRUE(nodes[1].online);
    const auto vms = run(mock.vms()).value();
    const auto clone = std::ranges::find(vms, 100, &VmResource::vmid);
    ASSERT_NE(clone, vms.end());
    EXPECT_EQ(clone->node, "n2");
    EXPECT_FALSE(clone->is_template);
}

TEST(MockProxmoxClient, InstancesSharingAStateFileSeeOneHypervisor) {
    const std::string file = "/tmp/keel-mock-unit-" + std::to_string(::getpid());
    std::remove(file.c_str());
    MockProxmoxConfig config{.latency_scale = 0.0, .state_file = file};
    MockProxmoxClient first(config);
    MockProxmoxClient second(config);
    ASSERT_TRUE(run(first.clone("n1", 9000, CloneRequest{.newid = 500, .name = "shared.example.com"})).has_value());
    EXPECT_TRUE(second.exists(500));
    auto again = run(second.clone("n1", 9000, CloneRequest{.newid = 500, .name = "other.example.com"}));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_EQ(second.vm_count(), 1u);
    std::remove(file.c_str());
}

}  // namespace
}  // namespace keel::provisioning
