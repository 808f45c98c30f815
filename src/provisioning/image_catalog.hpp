#pragma once
// Which template VM each os_image is cloned from, and on which node a datacenter builds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keel::provisioning {

std::optional<std::int64_t> template_for_image(std::string_view os_image);
std::string node_for_datacenter(std::string_view datacenter);

}  // namespace keel::provisioning
