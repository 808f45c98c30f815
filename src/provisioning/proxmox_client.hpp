#pragma once
// The hypervisor as Keel sees it: the Proxmox VE calls a provisioning flow makes, one client per cluster. Long
// operations return a task id (UPID) to poll; a UPID names the node that runs it, and its status is asked there.
// Errors keep Proxmox's own text in `detail`; the code says what the caller may do (proxmox_error.hpp):
//   kRetryable      lock timeouts ("can't lock file … - got timeout"), node unreachable (595/596), VM locked
//   kConflict       "VM N already exists" / "config file already exists": take another VMID
//   kNotFound       the VM does not exist
//   kUpstreamFailed anything else: permanent (400 with its fields, 401/403 naming the cluster, a refused TLS peer)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/task.hpp"

namespace keel::provisioning {

struct VmStatus {
    bool exists = false;
    std::string name;
    std::string status;  // "running" | "stopped" | "paused"
    std::string lock;    // "" or clone, create, migrate, …
    int cores = 0;
    int memory_mb = 0;
    int disk_gb = 0;
    std::optional<std::string> ipconfig0;  // cloud-init's first interface, as the config holds it
};

struct TaskStatus {
    bool running = true;
    std::string exitstatus;  // "OK", "WARNINGS: n" or the error text, once stopped
    bool succeeded() const { return !running && (exitstatus == "OK" || exitstatus.starts_with("WARNINGS")); }
};

// One entry of GET /cluster/resources?type=node.
struct NodeResource {
    std::string node;
    bool online = false;           // status == "online"
    std::int64_t max_memory = 0;   // maxmem, bytes
    std::int64_t used_memory = 0;  // mem, bytes
    int max_cpu = 0;               // maxcpu
    friend bool operator==(const NodeResource&, const NodeResource&) = default;
};

// One entry of GET /cluster/resources?type=vm (qemu guests and templates).
struct VmResource {
    std::int64_t vmid = 0;
    std::string node;
    std::string name;
    std::string status;  // running | stopped | …
    bool is_template = false;
    std::string lock;
    int max_cpu = 0;              // maxcpu
    std::int64_t max_memory = 0;  // maxmem, bytes
    std::int64_t max_disk = 0;    // maxdisk, bytes
    friend bool operator==(const VmResource&, const VmResource&) = default;
};

// POST /nodes/{node}/qemu/{template}/clone — `node` is where the template lives; `target` where the new VM will.
struct CloneRequest {
    std::int64_t newid = 0;
    std::string name;     // the server's hostname; also how a retry recognises its own VM
    bool full = true;     // a full clone: no dependency on the template's disks
    std::string target;   // empty: the template's node
    std::string storage;  // empty: the template's storage
};

// POST /nodes/{node}/qemu/{vmid}/config — what Keel sets after the clone; cloud-init parts only when given.
struct VmConfigUpdate {
    int cores = 0;
    int memory_mb = 0;
    std::optional<std::string> ciuser;
    std::optional<std::string> sshkeys;    // OpenSSH public keys, one a line; the client URL-encodes them as PVE wants
    std::optional<std::string> ipconfig0;  // "ip=CIDR,gw=IPv4" or "ip=dhcp"
};

enum class PowerAction { kStart, kStop, kShutdown, kReboot, kSuspend, kResume };

class ProxmoxClient {
public:
    virtual ~ProxmoxClient() = default;

    // GET /cluster/resources?type=node
    virtual Task<Result<std::vector<NodeResource>>> nodes() = 0;
    // GET /cluster/resources?type=vm
    virtual Task<Result<std::vector<VmResource>>> vms() = 0;
    // POST /nodes/{node}/qemu/{template}/clone {newid, name, full, target?, storage?} → UPID
    virtual Task<Result<std::string>> clone(std::string node, std::int64_t template_vmid, CloneRequest request) = 0;
    // POST /nodes/{node}/qemu/{vmid}/config {cores, memory, ciuser?, sshkeys?, ipconfig0?} → UPID
    virtual Task<Result<std::string>> configure(std::string node, std::int64_t vmid, VmConfigUpdate config) = 0;
    // PUT /nodes/{node}/qemu/{vmid}/resize {disk: scsi0, size: "<n>G"} → UPID; grow only
    virtual Task<Result<std::string>> resize_disk(std::string node, std::int64_t vmid, int size_gb) = 0;
    // POST /nodes/{node}/qemu/{vmid}/status/{start|stop|shutdown|reboot|suspend|resume} → UPID
    virtual Task<Result<std::string>> power(std::string node, std::int64_t vmid, PowerAction action) = 0;
    // DELETE /nodes/{node}/qemu/{vmid}?purge=1&destroy-unreferenced-disks=1 → UPID
    virtual Task<Result<std::string>> destroy(std::string node, std::int64_t vmid) = 0;
    // GET /nodes/{node}/qemu/{vmid}/status/current (+ /config for cores, memory, disk); exists=false when absent
    virtual Task<Result<VmStatus>> vm_status(std::string node, std::int64_t vmid) = 0;
    // GET /nodes/{node}/tasks/{upid}/status, on the node named inside the UPID
    virtual Task<Result<TaskStatus>> task_status(std::string upid) = 0;
};

std::string_view to_string(PowerAction action);  // "start", "stop", … as in the API path

}  // namespace keel::provisioning
