#include "core/link_status.hpp"

namespace keel {

std::string_view to_string(LinkStatus status) {
    switch (status) {
        case LinkStatus::kLinked: return "linked";
        case LinkStatus::kVmMissing: return "vm_missing";
        case LinkStatus::kNoVmid: return "no_vmid";
        case LinkStatus::kNoCluster: return "no_cluster";
        case LinkStatus::kClusterDisabled: return "cluster_disabled";
        case LinkStatus::kClusterUnreachable: return "cluster_unreachable";
        case LinkStatus::kIdentityMismatch: return "identity_mismatch";
    }
    return "linked";
}

std::optional<LinkStatus> parse_link_status(std::string_view text) {
    for (const auto status :
         {LinkStatus::kLinked, LinkStatus::kVmMissing, LinkStatus::kNoVmid, LinkStatus::kNoCluster,
          LinkStatus::kClusterDisabled, LinkStatus::kClusterUnreachable, LinkStatus::kIdentityMismatch}) {
        if (to_string(status) == text) {
            return status;
        }
    }
    return std::nullopt;
}

}  // namespace keel
