#pragma once
// What customers may order (datacenters and their os images), held per process so POST /servers checks a
// spec with no query of its own (#10, hot path for #12). Read from PostgreSQL at most once per `ttl`; an admin
// change made through this process's API applies at once (invalidate), one made elsewhere (the CLI, another
// process) within `ttl` (KEEL_CATALOG_CACHE_MS). While one request refreshes, others keep the previous copy.
#include <chrono>
#include <memory>
#include <mutex>

#include "core/catalog.hpp"
#include "core/result.hpp"
#include "core/task.hpp"

namespace keel::db {
class ClusterRepository;
}

namespace keel::http {

class CatalogCache {
public:
    CatalogCache(db::ClusterRepository& clusters, std::chrono::milliseconds ttl) : clusters_(clusters), ttl_(ttl) {}

    Task<Result<std::shared_ptr<const Catalog>>> current(std::chrono::steady_clock::time_point now);
    // The next current() reads the database.
    void invalidate();

private:
    db::ClusterRepository& clusters_;
    const std::chrono::milliseconds ttl_;
    std::mutex mutex_;  // the I/O threads share the cache
    std::shared_ptr<const Catalog> catalog_;
    std::chrono::steady_clock::time_point fetched_at_;
    bool refreshing_ = false;
    std::uint64_t generation_ = 0;  // bumped by invalidate(): a refresh begun before it is not kept as fresh
};

}  // namespace keel::http
