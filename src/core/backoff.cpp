#include "core/backoff.hpp"

#include <algorithm>

namespace keel {

std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int attempt, double unit_random) {
    const int exponent = std::clamp(attempt - 1, 0, 30);
    const auto base_ms = static_cast<double>(policy.base.count());
    const double ceiling =
        std::min(base_ms * static_cast<double>(std::int64_t{1} << exponent), static_cast<double>(policy.cap.count()));
    // Half fixed, half jittered: never zero (no hot retry loop), never in lock-step across workers.
    const double jitter = std::clamp(unit_random, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(ceiling / 2.0 + ceiling / 2.0 * jitter));
}

bool may_retry(const BackoffPolicy& policy, int attempt) {
    return attempt < policy.max_attempts;
}

}  // namespace keel
