#include "http/hashing_pool.hpp"

namespace keel::http {

HashingPool::HashingPool(HashingLimits limits) : pool_(limits.threads), capacity_(limits.threads + limits.queue) {}

HashingPool::~HashingPool() {
    pool_.stop();
    pool_.join();
}

std::optional<HashingPool::Admission> HashingPool::try_admit() {
    auto current = admitted_.load(std::memory_order_acquire);
    do {
        if (current >= capacity_) {
            return std::nullopt;
        }
    } while (!admitted_.compare_exchange_weak(current, current + 1, std::memory_order_acq_rel));
    return Admission(admitted_);
}

}  // namespace keel::http
