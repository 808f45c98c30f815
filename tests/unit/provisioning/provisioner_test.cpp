#include "provisioning/provisioner.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stop_token>

#include "run_task.hpp"

#include "provisioning/mock_proxmox_client.hpp"
#include "provisioning/proxmox_error.hpp"

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
    return VmPlan{.node = "fra1-pve1",
                  .vmid = vmid,
                  .template_node = "fra1-pve1",
                  .template_vmid = 9000,
                  .name = std::move(name),
                  .config = VmConfigUpdate{.cores = 4, .memory_mb = 8192},
                  .disk_gb = 80};
}

const ProvisionerOptions kInstant{.time_scale = 0.0};

// The mock, except that its API token is refused (HTTP 401) from the clone on, as when it is revoked mid-build.
class RevokedAfterClone final : public ProxmoxClient {
public:
    explicit RevokedAfterClone(MockProxmoxClient& mock) : mock_(mock) {}

    Task<Result<std::vector<NodeResource>>> nodes() override { return mock_.nodes(); }
    Task<Result<std::vector<VmResource>>> vms() override { return mock_.vms(); }
    Task<Result<std::string>> clone(std::string node, std::int64_t template_vmid, CloneRequest request) override {
        revoked_ = true;
        return mock_.clone(std::move(node), template_vmid, std::move(request));
    }
    Task<Result<std::string>> configure(std::string node, std::int64_t vmid, VmConfigUpdate config) override {
        return mock_.configure(std::move(node), vmid, std::move(config));
    }
    Task<Result<std::string>> resize_disk(std::string node, std::int64_t vmid, int size_gb) override {
        return mock_.resize_disk(std::move(node), vmid, size_gb);
    }
    Task<Result<std::string>> power(std::string node, std::int64_t vmid, PowerAction action) override {
        return mock_.power(std::move(node), vmid, action);
    }
    Task<Result<std::string>> destroy(std::string node, std::int64_t vmid) override {
        return mock_.destroy(std::move(node), vmid);
    }
    Task<Result<VmStatus>> vm_status(std::string node, std::int64_t vmid) override {
        if (revoked_) {
            return refused();
        }
        return mock_.vm_status(std::move(node), vmid);
    }
    Task<Result<TaskStatus>> task_status(std::string upid) override { return mock_.task_status(std::move(upid)); }

private:
    static Task<Result<VmStatus>> refused() { co_return std::unexpected(proxmox_error(401, "authentication failure")); }
    MockProxmoxClient& mock_;
    bool revoked_ = false;
};

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

TEST(Provisioner, PermanentErrorWhileWaitingForTheCloneEndsTheBuildAtOnce) {
    auto mock = instant_mock();
    RevokedAfterClone revoked(mock);
    ProvisionerOptions options = kInstant;
    options.task_timeout = std::chrono::seconds(3);  // before the fix the wait spun until this ran out
    Provisioner provisioner(revoked, options);
    const auto started = std::chrono::steady_clock::now();
    auto built = run(provisioner.provision(plan_for("web-401.example.com")));
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(built.has_value());
    EXPECT_EQ(built.error().code, ErrorCode::kUpstreamFailed);
    EXPECT_NE(built.error().detail.find("401 authentication failure"), std::string::npos) << built.error().detail;
    EXPECT_LT(took, std::chrono::seconds(1));
    EXPECT_EQ(mock.vm_count(), 0u);  // the half-built VM was destroyed all the same
}

TEST(Provisioner, StopRequestedMakesNoHypervisorCall) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    std::stop_source lease_lost;
    lease_lost.request_stop();
    auto built = run(provisioner.provision(plan_for("web-stopped.example.com"), lease_lost.get_token()));
    ASSERT_FALSE(built.has_value());
    EXPECT_EQ(built.error().code, ErrorCode::kRetryable);  // never permanent: the new holder carries on
    EXPECT_EQ(mock.vm_count(), 0u);
    auto powered = run(provisioner.set_power("fra1-pve1", 1000, true, lease_lost.get_token()));
    ASSERT_FALSE(powered.has_value());
    EXPECT_EQ(powered.error().code, ErrorCode::kRetryable);
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
    auto upid = run(mock.clone("fra1-pve1", 9000, CloneRequest{.newid = 1000, .name = "web-5.example.com"}));
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

TEST(Provisioner, RecordsEveryTaskBeforeWaitingOnIt) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    std::vector<std::string> recorded;
    JobTasks tasks;
    tasks.record = [&recorded](std::string upid) -> Task<Status> {
        recorded.push_back(std::move(upid));
        co_return Status{};
    };
    ASSERT_TRUE(run(provisioner.provision(plan_for("web-7.example.com"), tasks)).has_value());
    ASSERT_EQ(recorded.size(), 4u);
    const char* kinds[] = {":qmclone:", ":qmconfig:", ":qmresize:", ":qmstart:"};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_NE(recorded[i].find(kinds[i]), std::string::npos) << recorded[i];
    }
}

TEST(Provisioner, ResumedJobWaitsOnItsInterruptedTaskInsteadOfStartingAnother) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    // The first attempt started the clone, recorded its UPID, and died.
    auto upid = run(mock.clone("fra1-pve1", 9000, CloneRequest{.newid = 1000, .name = "web-8.example.com"}));
    ASSERT_TRUE(upid.has_value());
    std::vector<std::string> recorded;
    JobTasks tasks;
    tasks.interrupted_task = *upid;
    tasks.record = [&recorded](std::string started) -> Task<Status> {
        recorded.push_back(std::move(started));
        co_return Status{};
    };
    ASSERT_TRUE(run(provisioner.provision(plan_for("web-8.example.com"), tasks)).has_value());
    EXPECT_EQ(mock.vm_count(), 1u);
    for (const auto& started : recorded) {
        EXPECT_EQ(started.find(":qmclone:"), std::string::npos) << "a second clone was started";
    }
}

TEST(Provisioner, RebootWhoseTaskAlreadyRanIsNotRepeated) {
    auto mock = instant_mock();
    Provisioner provisioner(mock, kInstant);
    ASSERT_TRUE(run(provisioner.provision(plan_for("web-9.example.com"))).has_value());
    auto rebooted = run(mock.power("fra1-pve1", 1000, PowerAction::kReboot));
    ASSERT_TRUE(rebooted.has_value());
    int reboots = 0;
    JobTasks tasks;
    tasks.interrupted_task = *rebooted;
    tasks.record = [&reboots](std::string started) -> Task<Status> {
        reboots += started.find(":qmreboot:") != std::string::npos ? 1 : 0;
        co_return Status{};
    };
    ASSERT_TRUE(run(provisioner.reboot("fra1-pve1", 1000, tasks)).has_value());
    EXPECT_EQ(reboots, 0);
}

}  // namespace
}  // namespace keel::provisioning
