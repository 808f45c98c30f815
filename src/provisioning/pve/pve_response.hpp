#pragma once
// PVE's answers read without I/O: the {"data": …} envelope, the typed results of each call, and the error an
// answer other than 2xx becomes (proxmox_error decides the kind; this adds the 400 fields and the cluster).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "provisioning/proxmox_client.hpp"

namespace keel::provisioning {

struct PveAnswer {
    int status = 0;
    std::string reason;  // PVE puts its error text in the reason phrase
    std::string body;
};

// A non-2xx answer: "<status> <text>", the text being the body's `message` or else the reason phrase, followed by
// a 400's `errors` field by field ("400 Parameter verification failed: ipconfig0: invalid format"). 401 and 403
// name the cluster: "cluster fra1 refused the API token (401 authentication failure)".
Error pve_answer_error(std::string_view cluster, const PveAnswer& answer);

Result<std::string> parse_version(std::string_view cluster, const PveAnswer& answer);
// Lists skip the entries of other types (lxc, storage, sdn …) and entries without their key fields.
Result<std::vector<NodeResource>> parse_node_resources(std::string_view cluster, const PveAnswer& answer);
Result<std::vector<VmResource>> parse_vm_resources(std::string_view cluster, const PveAnswer& answer);
// A task-starting call: data is the UPID.
Result<std::string> parse_upid(std::string_view cluster, const PveAnswer& answer);
// status/current then config: exists=false only when PVE said the VM's config does not exist.
Result<VmStatus> parse_vm_status(std::string_view cluster, const PveAnswer& current, const PveAnswer& config);
Result<TaskStatus> parse_task_status(std::string_view cluster, const PveAnswer& answer);

// "local-lvm:vm-101-disk-0,size=32G" → 32; K/M/G/T units or bytes; whole GiB, rounded down.
std::optional<int> drive_size_gb(std::string_view drive);

}  // namespace keel::provisioning
