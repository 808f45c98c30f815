#pragma once
// An in-memory Proxmox VE for development and tests: real latencies (scaled), tasks that run for a while,
// config locks, Proxmox's error texts, deterministic under a seed. It records every VM, so tests can check
// that exactly one exists per server.
//
// Give several processes the same `state_file` and they share one hypervisor (fault tests kill workers).
//
// Injected faults: each mutating call fails with `failure_rate` probability, retryably (lock timeout or node
// offline). Hostnames ask for permanent faults, like a payment provider's test cards:
//   mock-fail-clone.*   the clone task ends with "clone failed: …"
//   mock-fail-start.*   the start task ends with "start failed: …"
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "provisioning/proxmox_client.hpp"

namespace keel::provisioning {

struct LatencyRange {
    std::chrono::milliseconds min, max;
};

struct MockProxmoxConfig {
    double latency_scale = 1.0;  // 0: no waiting at all
    double failure_rate = 0.0;
    std::uint64_t seed = 1;
    std::vector<std::string> nodes{"pve1"};            // every node online, 16 cores; templates live on the first
    std::int64_t node_memory = std::int64_t{1} << 50;  // bytes a node has: the mock runs out only when told
    std::string state_file;  // non-empty: share the hypervisor's state with other processes through this file
    LatencyRange api_call{std::chrono::milliseconds(10), std::chrono::milliseconds(50)};
    LatencyRange clone_task{std::chrono::milliseconds(1000), std::chrono::milliseconds(5000)};
    LatencyRange config_task{std::chrono::milliseconds(50), std::chrono::milliseconds(300)};
    LatencyRange resize_task{std::chrono::milliseconds(500), std::chrono::milliseconds(2000)};
    LatencyRange start_task{std::chrono::milliseconds(1000), std::chrono::milliseconds(3000)};
    LatencyRange stop_task{std::chrono::milliseconds(500), std::chrono::milliseconds(2000)};
    LatencyRange destroy_task{std::chrono::milliseconds(500), std::chrono::milliseconds(2000)};
};

class MockProxmoxClient final : public ProxmoxClient {
public:
    explicit MockProxmoxClient(MockProxmoxConfig config);
    ~MockProxmoxClient() override;

    // A template VM to clone from (9000 debian-12 … are there from the start).
    void add_template(std::int64_t vmid, std::string name);
    // The next `count` mutating calls fail with the lock-timeout error.
    void fail_next_calls(int count);

    std::size_t vm_count() const;                                         // templates excluded
    std::vector<std::pair<std::int64_t, std::string>> templates() const;  // VMID and name
    bool exists(std::int64_t vmid) const;
    std::optional<VmStatus> inspect(std::int64_t vmid) const;

    Task<Result<std::vector<NodeResource>>> nodes() override;
    Task<Result<std::vector<VmResource>>> vms() override;
    Task<Result<std::string>> clone(std::string node, std::int64_t template_vmid, CloneRequest request) override;
    Task<Result<std::string>> configure(std::string node, std::int64_t vmid, VmConfigUpdate config) override;
    Task<Result<std::string>> resize_disk(std::string node, std::int64_t vmid, int size_gb) override;
    Task<Result<std::string>> power(std::string node, std::int64_t vmid, PowerAction action) override;
    Task<Result<std::string>> destroy(std::string node, std::int64_t vmid) override;
    Task<Result<VmStatus>> vm_status(std::string node, std::int64_t vmid) override;
    Task<Result<TaskStatus>> task_status(std::string upid) override;

    struct State;  // also used by the call helpers in the .cpp

private:
    Task<void> pause(LatencyRange range);
    std::unique_ptr<State> state_;
};

}  // namespace keel::provisioning
