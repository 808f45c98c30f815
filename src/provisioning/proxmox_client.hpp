#pragma once
// The hypervisor as Keel sees it: the Proxmox VE calls a provisioning flow makes. Long operations return a
// task id (UPID) to poll. Errors keep Proxmox's own text in `detail`; the code says what the caller may do:
//   kRetryable      lock timeouts ("can't lock file … - got timeout"), node unreachable (595), VM locked
//   kConflict       "VM N already exists": take another VMID
//   kNotFound       the VM does not exist
//   kUpstreamFailed anything else: permanent
#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "core/task.hpp"

namespace keel::provisioning {

struct VmStatus {
    bool exists = false;
    std::string name;
    std::string status;  // "running" | "stopped"
    std::string lock;    // "" or clone, create, migrate, …
    int cores = 0;
    int memory_mb = 0;
    int disk_gb = 0;
};

struct TaskStatus {
    bool running = true;
    std::string exitstatus;  // "OK", "WARNINGS: n" or the error text, once stopped
    bool succeeded() const { return !running && (exitstatus == "OK" || exitstatus.starts_with("WARNINGS")); }
};

class ProxmoxClient {
public:
    virtual ~ProxmoxClient() = default;

    // GET /cluster/nextid — a free id, NOT reserved.
    virtual Task<Result<std::int64_t>> next_id() = 0;
    // POST /nodes/{node}/qemu/{template}/clone {newid, name, full} → UPID
    virtual Task<Result<std::string>> clone(std::string node, std::int64_t template_vmid, std::int64_t vmid,
                                            std::string name) = 0;
    // POST /nodes/{node}/qemu/{vmid}/config {cores, memory} → UPID
    virtual Task<Result<std::string>> configure(std::string node, std::int64_t vmid, int cores, int memory_mb) = 0;
    // PUT /nodes/{node}/qemu/{vmid}/resize {disk: scsi0, size: "<n>G"} → UPID; grow only
    virtual Task<Result<std::string>> resize_disk(std::string node, std::int64_t vmid, int size_gb) = 0;
    // POST /nodes/{node}/qemu/{vmid}/status/start → UPID
    virtual Task<Result<std::string>> start(std::string node, std::int64_t vmid) = 0;
    // POST /nodes/{node}/qemu/{vmid}/status/stop → UPID (hard stop, as WHMCS's suspend does)
    virtual Task<Result<std::string>> stop(std::string node, std::int64_t vmid) = 0;
    // POST /nodes/{node}/qemu/{vmid}/status/reboot → UPID
    virtual Task<Result<std::string>> reboot(std::string node, std::int64_t vmid) = 0;
    // DELETE /nodes/{node}/qemu/{vmid}?purge=1&destroy-unreferenced-disks=1 → UPID
    virtual Task<Result<std::string>> destroy(std::string node, std::int64_t vmid) = 0;
    // GET /nodes/{node}/qemu/{vmid}/status/current (+ config); exists=false when the VM is absent
    virtual Task<Result<VmStatus>> vm_status(std::string node, std::int64_t vmid) = 0;
    // GET /nodes/{node}/tasks/{upid}/status
    virtual Task<Result<TaskStatus>> task_status(std::string node, std::string upid) = 0;
};

}  // namespace keel::provisioning
