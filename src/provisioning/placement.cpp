#include "provisioning/placement.hpp"

namespace keel::provisioning {

std::optional<std::string> choose_node(std::span<const NodeResource> nodes, std::int64_t memory_bytes) {
    const NodeResource* best = nullptr;
    std::int64_t best_free = 0;
    for (const auto& node : nodes) {
        const auto free = node.max_memory - node.used_memory;
        if (!node.online || free < memory_bytes) {
            continue;
        }
        if (best == nullptr || free > best_free || (free == best_free && node.node < best->node)) {
            best = &node;
            best_free = free;
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return best->node;
}

}  // namespace keel::provisioning
