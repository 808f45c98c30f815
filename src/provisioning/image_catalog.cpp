#include "provisioning/image_catalog.hpp"

#include <array>
#include <utility>

namespace keel::provisioning {

namespace {
// Mirrors the templates every node carries (the mock creates the same ones).
constexpr std::array<std::pair<std::string_view, std::int64_t>, 7> kTemplates{{
    {"debian-12", 9000},
    {"debian-11", 9001},
    {"ubuntu-24.04", 9002},
    {"ubuntu-22.04", 9003},
    {"rocky-9", 9004},
    {"almalinux-9", 9005},
    {"windows-2022", 9006},
}};
}  // namespace

std::optional<std::int64_t> template_for_image(std::string_view os_image) {
    for (const auto& [image, vmid] : kTemplates) {
        if (image == os_image) {
            return vmid;
        }
    }
    return std::nullopt;
}

std::string node_for_datacenter(std::string_view datacenter) {
    return std::string(datacenter) + "-pve1";
}

}  // namespace keel::provisioning
