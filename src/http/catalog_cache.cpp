#include "http/catalog_cache.hpp"

#include "db/clusters/cluster_repository.hpp"

namespace keel::http {

Task<Result<std::shared_ptr<const Catalog>>> CatalogCache::current(std::chrono::steady_clock::time_point now) {
    std::uint64_t generation = 0;
    {
        const std::lock_guard lock(mutex_);
        const bool fresh = catalog_ && now - fetched_at_ < ttl_;
        if (fresh || (catalog_ && refreshing_)) {
            co_return catalog_;
        }
        refreshing_ = true;
        generation = generation_;
    }
    auto loaded = co_await clusters_.catalog();
    const std::lock_guard lock(mutex_);
    refreshing_ = false;
    if (!loaded) {
        co_return std::unexpected(loaded.error());
    }
    auto catalog = std::make_shared<const Catalog>(std::move(*loaded));
    if (generation == generation_) {
        catalog_ = catalog;
        fetched_at_ = now;
    }
    co_return catalog;
}

void CatalogCache::invalidate() {
    const std::lock_guard lock(mutex_);
    catalog_.reset();
    ++generation_;
}

}  // namespace keel::http
