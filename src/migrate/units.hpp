#pragma once
// Sizes as WHMCS option values spell them ("4 GB", "4096", "2 vCPU", "2x 2 TB NVMe") → integers.
#include <optional>
#include <string_view>

namespace keel::migrate {

// A bare number is MB when >= 128 ("4096"), GB below ("4").
std::optional<int> parse_ram_mb(std::string_view text);
std::optional<int> parse_cpu_cores(std::string_view text);
// A bare number is GB; "2x 2 TB" counts 2 × 2 TB.
std::optional<int> parse_disk_gb(std::string_view text);
// "2", "2 IPs", "2 x IPv4".
std::optional<int> parse_count(std::string_view text);

}  // namespace keel::migrate
