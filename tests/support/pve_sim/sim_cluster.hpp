#pragma once
// The simulated Proxmox VE cluster: nodes, templates, VMs with config, power state and lock, and UPID tasks
// that run `running → stopped` and land their effect when they end. Pure: no I/O, time passed in by the
// caller (wall clock, so a task's end survives a restart). Every rule and error text follows PVE 8
// (qemu-server's Qemu.pm, pve-guest-common, pve-manager's Tasks.pm; see tests/support/pve_sim/README.md).
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "sim_reply.hpp"

namespace keel::pve_sim {

using Clock = std::chrono::system_clock;

// What a task does, and so its UPID type.
enum class TaskKind {
    kClone,     // qmclone: the new VM exists at once with lock "clone"; unlocked (or removed, failed) at the end
    kConfig,    // qmconfig: POST /config; the change is already applied
    kResize,    // qmresize: the disk grows at the end
    kStart,     // qmstart → running
    kStop,      // qmstop → stopped
    kShutdown,  // qmshutdown → stopped
    kReboot,    // qmreboot → running
    kSuspend,   // qmsuspend → paused
    kResume,    // qmresume → running
    kDestroy,   // qmdestroy: lock "destroyed" meanwhile, the VM is gone at the end
};
std::string_view task_type(TaskKind kind);
std::optional<TaskKind> parse_task_type(std::string_view type);

// A VM's power as QEMU reports it (qmpstatus). PVE's `status` says "running" for a paused VM too.
enum class Power { kStopped, kRunning, kPaused };

struct TaskSeconds {
    double clone = 3, config = 0.2, resize = 1, start = 2, stop = 1, shutdown = 3, reboot = 2, suspend = 0.5,
           resume = 0.5, destroy = 2;
    double of(TaskKind kind) const;
};

struct ClusterConfig {
    std::string cluster = "fra1";
    std::vector<std::string> nodes{"pve1", "pve2", "pve3"};
    std::int64_t node_memory_gib = 64;
    int node_cpus = 16;
    std::vector<std::pair<std::int64_t, std::string>> templates{{9000, "debian-12"}};  // on the first node
    std::string storage = "local-lvm";                                                 // shared by every node
    TaskSeconds task_seconds;
    double latency_scale = 1.0;  // multiplies every task duration; 0: tasks end at once
    double failure_rate = 0.0;   // chance that a mutating call fails with a lock timeout
    std::uint64_t seed = 1;
};

struct Vm {
    std::int64_t vmid = 0;
    std::string node;
    bool is_template = false;
    Power power = Power::kStopped;
    std::string lock;  // "", clone, destroyed
    std::string name;
    int cores = 1;
    std::int64_t memory_mib = 512;
    std::int64_t disk_bytes = 0;               // scsi0
    std::map<std::string, std::string> extra;  // ciuser, sshkeys (decoded), ipconfig0, description, …
};

struct SimTask {
    std::string upid;
    std::string node;
    TaskKind kind = TaskKind::kConfig;
    std::int64_t vmid = 0;  // the VM it acts on (a clone's new VM)
    std::string id;         // the UPID's id field (a clone's source template)
    std::string user;
    std::uint32_t pid = 0;
    std::uint64_t pstart = 0;
    std::int64_t starttime = 0;  // unix seconds
    Clock::time_point ends_at;
    std::string exitstatus;  // what it ends with: OK or the error text
    bool finished = false;
    std::int64_t resize_to_bytes = 0;
};

class Cluster {
public:
    explicit Cluster(ClusterConfig config);

    // Lands every task whose end has come, in end order. Every call below does this first.
    void advance(Clock::time_point now);

    Reply version() const;
    Reply cluster_resources(const Params& params, Clock::time_point now);
    Reply next_id(const Params& params, Clock::time_point now);
    // GET /nodes: every node with its status and load.
    Reply list_nodes(Clock::time_point now);
    // GET /nodes/{node}/qemu: the VMs (and templates) on that node.
    Reply list_vms(const std::string& node, Clock::time_point now);
    Reply clone(const std::string& node, std::int64_t vmid, const Params& params, const std::string& user,
                Clock::time_point now);
    Reply get_config(const std::string& node, std::int64_t vmid, Clock::time_point now);
    // POST (async: returns a qmconfig UPID) or PUT (sync: data null).
    Reply update_config(const std::string& node, std::int64_t vmid, const Params& params, bool async,
                        const std::string& user, Clock::time_point now);
    Reply resize(const std::string& node, std::int64_t vmid, const Params& params, const std::string& user,
                 Clock::time_point now);
    // `action`: start stop shutdown reboot suspend resume.
    Reply power(const std::string& node, std::int64_t vmid, const std::string& action, const Params& params,
                const std::string& user, Clock::time_point now);
    Reply current_status(const std::string& node, std::int64_t vmid, Clock::time_point now);
    Reply destroy(const std::string& node, std::int64_t vmid, const Params& params, const std::string& user,
                  Clock::time_point now);
    Reply task_status(const std::string& node, const std::string& upid, Clock::time_point now);
    Reply task_log(const std::string& node, const std::string& upid, Clock::time_point now);
    // 596 for an unknown node, 595 for an offline one, nullopt when the node answers.
    std::optional<Reply> route_to_node(const std::string& node) const;

    // POST /_sim/vms: puts VMs in place as a migration finds them on a live cluster (the WHMCS testbed's VMs).
    // `body` is {"vms": [{vmid, node, name, cores, memory_mib, disk_gb, status: running|stopped, ipconfig0?}]};
    // a VM with the same vmid is replaced. All or nothing: the whole list is checked first (400 for a malformed
    // entry or an unknown node, 500 when a VM to replace is locked or is a template). Answers {created, replaced}.
    Reply upsert_vms(const boost::json::value& body, Clock::time_point now);

    bool set_node_online(const std::string& node, bool online);
    void set_faults(double rate, std::uint64_t seed);

    // Persistence: everything that changes, as JSON; restore() keeps the configured nodes and templates.
    boost::json::value to_json() const;
    void restore(const boost::json::value& state);
    // Grows with every change of state: the saver writes when it moved.
    std::uint64_t generation() const { return generation_; }

    const ClusterConfig& config() const { return config_; }
    const Vm* find_vm(std::int64_t vmid) const;
    const SimTask* find_task(const std::string& upid) const;

private:
    struct Node {
        std::string name;
        bool online = true;
    };

    Node* find_node(const std::string& name);
    const Node* find_node(const std::string& name) const;
    // A VM as addressed through /nodes/{node}/qemu/{vmid}: absent or elsewhere → "does not exist".
    std::pair<Vm*, std::optional<Reply>> vm_on(const std::string& node, std::int64_t vmid);
    std::optional<Reply> injected_fault(std::int64_t vmid);
    std::string start_task(const std::string& node, TaskKind kind, std::int64_t vmid, std::string id,
                           const std::string& user, Clock::time_point now, std::string exitstatus,
                           std::int64_t resize_to_bytes = 0);
    void finish(SimTask& task);
    std::int64_t node_memory_used(const std::string& node) const;
    boost::json::object node_json(const Node& node) const;
    boost::json::object vm_json(const Vm& vm) const;
    std::string config_digest(const Vm& vm) const;
    boost::json::object config_json(const Vm& vm) const;
    void changed() { ++generation_; }

    ClusterConfig config_;
    std::vector<Node> nodes_;
    std::map<std::int64_t, Vm> vms_;
    std::unordered_map<std::string, SimTask> tasks_;
    std::multimap<Clock::time_point, std::string> running_;  // end time → upid
    std::deque<std::string> finished_;                       // oldest first; bounded history
    std::uint32_t next_pid_ = 0x1000;
    std::mt19937_64 random_;
    std::uint64_t generation_ = 0;
};

}  // namespace keel::pve_sim
