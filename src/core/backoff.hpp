#pragma once
// Exponential backoff with full jitter for retrying transient hypervisor and database faults.
#include <chrono>
#include <cstdint>

namespace keel {

struct BackoffPolicy {
    std::chrono::milliseconds base{500};
    std::chrono::milliseconds cap{60000};
    int max_attempts = 5;
};

// Delay before attempt `attempt + 1` (attempt counts from 1). `unit_random` in [0, 1) picks the point within
// the jitter window, so the caller owns the randomness and tests can pin it.
std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int attempt, double unit_random);

// True when another attempt is allowed after `attempt` failed ones.
bool may_retry(const BackoffPolicy& policy, int attempt);

}  // namespace keel
