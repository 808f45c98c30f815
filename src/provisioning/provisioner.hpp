#pragma once
// Builds one VM on a Proxmox node, every step checked before it acts, so running it again after a crash
// (or a lost lease) finishes the same VM instead of making a second:
//   exists with our name? → else clone template → wait → configure cores/memory → wait → grow disk → wait
//   → start unless running → wait.
// Transient faults are retried per step with backoff; a permanent one ends the build at once (no step waits
// out its timeout on an error that will not change) and, after the clone, destroys the half-built VM, so
// nothing is left behind unaccounted.
//
// Every call takes a stop token: once stop is requested (the worker lost the job's lease, and another worker
// carries on with the same VM) no further hypervisor call is made and the call answers kRetryable, leaving the
// VM as it is for its new owner.
#include <chrono>
#include <cstdint>
#include <stop_token>
#include <string>

#include "core/backoff.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "provisioning/job_tasks.hpp"
#include "provisioning/proxmox_client.hpp"

namespace keel::provisioning {

struct VmPlan {
    std::string node;                // where the VM lives (placement chose it)
    std::int64_t vmid = 0;           // reserved by Keel before the call
    std::string template_node;       // where the os image's template lives (its clone runs there)
    std::int64_t template_vmid = 0;  // the os image's template
    std::string storage;             // the image's target storage; empty: the template's
    std::string name;                // the hostname; also how a retry recognises its own VM
    VmConfigUpdate config;           // cores, memory, cloud-init
    int disk_gb = 0;
};

struct ProvisionerOptions {
    BackoffPolicy step_retry{std::chrono::milliseconds(200), std::chrono::milliseconds(5000), 4};
    std::chrono::milliseconds task_poll{500};
    std::chrono::seconds task_timeout{600};
    double time_scale = 1.0;  // scales the waits above (0 in tests)
};

class Provisioner {
public:
    Provisioner(ProxmoxClient& proxmox, ProvisionerOptions options) : proxmox_(proxmox), options_(options) {}

    // kConflict: the VMID is taken by a VM that is not ours (reserve another). kRetryable: try again later.
    // Anything else: permanent.
    Task<Status> provision(VmPlan plan, JobTasks tasks = {});
    // Destroys the VM with its disks, stopping it (hard) first when Proxmox refuses because it runs; a VM that does
    // not exist counts as destroyed.
    Task<Status> deprovision(std::string node, std::int64_t vmid, JobTasks tasks = {});
    // Brings the VM to running or stopped; already there is done (so a re-run after a crash is harmless).
    Task<Status> set_power(std::string node, std::int64_t vmid, bool running, JobTasks tasks = {});
    // A reboot whose task an earlier attempt saw start and finish is not repeated.
    Task<Status> reboot(std::string node, std::int64_t vmid, JobTasks tasks = {});

private:
    Task<Status> build(const VmPlan& plan, const JobTasks& tasks);
    // Persists the task (tasks.record), then polls it until it stops.
    Task<Status> wait_task(Result<std::string> upid, const JobTasks& tasks);
    Task<Status> poll_task(const std::string& upid, const std::stop_token& stop);
    // Waits out the task an interrupted attempt left running; true when it stopped and succeeded.
    Task<Result<bool>> finish_interrupted(const JobTasks& tasks);
    Task<Status> wait_unlocked(const std::string& node, std::int64_t vmid, const std::stop_token& stop);

    ProxmoxClient& proxmox_;
    ProvisionerOptions options_;
};

}  // namespace keel::provisioning
