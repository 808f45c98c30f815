#include "http/session_cache.hpp"

#include "db/users/user_repository.hpp"

namespace keel::http {

namespace {

// Past this many accounts the map starts over: the cache stays small whatever the token traffic.
constexpr std::size_t kMaxEntries = 100'000;

}  // namespace

std::optional<SessionCache::Entry> SessionCache::cached(UserId user, std::chrono::steady_clock::time_point now) {
    const std::lock_guard lock(mutex_);
    const auto found = entries_.find(user.value);
    if (found == entries_.end() || now - found->second.fetched_at >= ttl_) {
        return std::nullopt;
    }
    return found->second;
}

void SessionCache::remember(UserId user, Entry entry) {
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) {
        entries_.clear();
    }
    entries_.insert_or_assign(user.value, std::move(entry));
}

Task<Result<std::optional<db::SessionState>>> SessionCache::lookup(UserId user,
                                                                   std::chrono::steady_clock::time_point now) {
    if (auto hit = cached(user, now)) {
        co_return hit->state;
    }
    auto fresh = co_await users_.session_state(user);
    if (!fresh) {
        co_return std::unexpected(fresh.error());
    }
    remember(user, Entry{*fresh, now});
    co_return *fresh;
}

}  // namespace keel::http
