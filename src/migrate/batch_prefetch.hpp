#pragma once
// Walks a WHMCS table in id-ordered batches with the read of batch N+1 running on a thread of its own while the
// caller writes batch N: reading WHMCS and writing Keel overlap instead of taking turns (issue #12). At most two
// batches are held at once. `read(after_id)` runs only on that thread, one call at a time, so whatever it reads
// through (one MariaDB connection in its snapshot) is never used by two threads together — the caller must not
// use it meanwhile either.
#include <cstdint>
#include <future>
#include <vector>

#include "core/result.hpp"

namespace keel::migrate {

// read: std::int64_t after_id → Result<std::vector<Row>> (empty: done); key_of: const Row& → that row's id;
// handle: const std::vector<Row>& → Status. Stops at the first error of either.
template <class Read, class KeyOf, class Handle>
Status for_each_batch(Read read, KeyOf key_of, Handle handle) {
    auto pending = std::async(std::launch::async, read, std::int64_t{0});
    while (true) {
        auto rows = pending.get();
        if (!rows) {
            return std::unexpected(rows.error());
        }
        if (rows->empty()) {
            return {};
        }
        pending = std::async(std::launch::async, read, key_of(rows->back()));
        if (auto handled = handle(*rows); !handled) {
            return handled;  // `pending` waits for its read to end before it goes
        }
    }
}

}  // namespace keel::migrate
