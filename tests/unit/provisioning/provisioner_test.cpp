#include "provisioning/provisioner.hpp"

#include <gtest/gtest.h>

#include "run_task.hpp"

#include "provisioning/mock_proxmox_client.hpp"

namespace keel::provisioning {
namespace {

template <class T>
T run(Task<T> task) {
    return keel::testing::run_task(std::move(task));
}

MockProxmoxClient instant_mock(double failure_rate = 0.0, std::uint64_t seed = 1) {
    return MockProxmoxClient(MockProxmoxConfig{.latency_scale = 0.0, .failure_rate = failure_rate, .seed = seed});
}

VmPlan plan_for(std::string name, std::int64_t vmid = 1000) {
    return VmPlan{"fra1-pve1", vmid, 9000, std::move(name), ServerSpec{"web", 4, 8192, 80, "debian-12", "fra1"}};
}

const ProvisionerOptions kInstant{.time_scale = 0.0};

TEST(Provisioner, BuildsAndStartsTheVm) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    auto built = run(provisioner.provision(plan_for("web-1.example.com")));
    ASSERT_TRUE(built.has_value()) << built.error().detail;
    auto vm = mock.inspect(1000);
    ASSERT_TRUE(vm.has_value());
    EXPECT_EQ(vm->status, "running");
    EXPECT_EQ(vm->cores, 4);
    EXPECT_EQ(vm->memory_mb, 8192);
    EXPECT_EQ(vm->disk_gb, 80);
    EXPECT_EQ(mock.vm_count(), 1u);
}

TEST(Provisioner, RetriesTransientLockTimeoutsThenSucceeds) {
    auto mock = instant_mock();
    mock.fail_next_calls(2);
    Provisioner provisioner(mock, kInstant);
    auto built = run(provisioner.provision(plan_for("web-2.example.com")));
    ASSERT_TRUE(built.has_value()) << built.error().detail;
    EXPECT_EQ(mock.vm_count(), 1u);
}

TEST(Provisioner, PersistentLockTimeoutsAreRetryableForTheJob) {
    auto mock = instant_mock();
    mock.fail_next_calls(100);
    Provisioner provisioner(mock, kInstant);
    auto built = run(provisioner.provision(plan_for("web-3.example.com")));
    ASSERT_FALSE(built.has_value());
    EXPECT_EQ(built.error().code, ErrorCode::kRetryable);
    EXPECT_NE(built.error().detail.find("got timeout"), std::string::npos);
}

TEST(Provisioner, FailedCloneTaskIsPermanentAndLeavesNoVm) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    auto built = run(provisioner.provision(plan_for("mock-fail-clone.example.com")));
    ASSERT_FALSE(built.has_value());
    EXPECT_EQ(built.error().code, ErrorCode::kUpstreamFailed);
    EXPECT_NE(built.error().detail.find("clone failed"), std::string::npos);
    EXPECT_EQ(mock.vm_count(), 0u);
}

TEST(Provisioner, FailedStartDestroysTheHalfBuiltVm) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    auto built = run(provisioner.provision(plan_for("mock-fail-start.example.com")));
    ASSERT_FALSE(built.has_value());
    EXPECT_EQ(built.error().code, ErrorCode::kUpstreamFailed);
    EXPECT_NE(built.error().detail.find("destroyed"), std::string::npos);
    EXPECT_EQ(mock.vm_count(), 0u);
}

TEST(Provisioner, ForeignVmOnTheReservedIdIsAConflict) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    ASSERT_TRUE(run(provisioner.provision(plan_for("someone-else.example.com", 1000))).has_value());
    auto built = run(provisioner.provision(plan_for("web-4.example.com", 1000)));
    ASSERT_FALSE(built.has_value());
    EXPECT_EQ(built.error().code, ErrorCode::kConflict);
    EXPECT_EQ(mock.vm_count(), 1u);
}

TEST(Provisioner, RerunAfterPartialProgressKeepsExactlyOneVm) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    // A first run that cloned and then died: simulate it by cloning directly.
    auto upid = run(mock.clone("fra1-pve1", 9000, 1000, "web-5.example.com"));
    ASSERT_TRUE(upid.has_value());
    auto built = run(provisioner.provision(plan_for("web-5.example.com")));
    ASSERT_TRUE(built.has_value()) << built.error().detail;
    ASSERT_TRUE(run(provisioner.provision(plan_for("web-5.example.com"))).has_value());
    EXPECT_EQ(mock.vm_count(), 1u);
    EXPECT_EQ(mock.inspect(1000)->status, "running");
}

TEST(Provisioner, DeprovisionOfAMissingVmSucceeds) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    EXPECT_TRUE(run(provisioner.deprovision("fra1-pve1", 4242)).has_value());
}

TEST(Provisioner, DeprovisionRemovesTheVm) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    ASSERT_TRUE(run(provisioner.provision(plan_for("web-6.example.com"))).has_value());
    EXPECT_TRUE(run(provisioner.deprovision("fra1-pve1", 1000)).has_value());
    EXPECT_EQ(mock.vm_count(), 0u);
}

}  // namespace
}  // namespace keel::provisioning
