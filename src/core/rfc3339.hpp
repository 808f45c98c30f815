#pragma once
// RFC 3339 timestamps in settings ("2026-12-31T23:59:59Z", "2026-12-31T23:59:59+01:00").
#include <chrono>
#include <optional>
#include <string_view>

namespace keel {

// Empty unless `text` is a full RFC 3339 date-time (seconds required, fraction ignored, "Z" or ±hh:mm).
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace keel
