#pragma once
// Where a new VM goes: decided per request from the cluster's live node list (GET /cluster/resources?type=node),
// never from a fixed table.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "provisioning/proxmox_client.hpp"

namespace keel::provisioning {

// The online node with the most free memory that still fits `memory_bytes`; ties go to the lowest node name,
// so the same cluster state always gives the same answer. None when no online node has room.
std::optional<std::string> choose_node(std::span<const NodeResource> nodes, std::int64_t memory_bytes);

}  // namespace keel::provisioning
