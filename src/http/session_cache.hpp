#pragma once
// Per-process memory of each account's session state (version, role, disabled), so that checking a bearer
// token against the account costs one map look-up, and PostgreSQL is asked at most once per account per `ttl`.
// A disabled account or a changed role is therefore refused within `ttl` (#9).
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/task.hpp"
#include "db/users/user.hpp"

namespace keel::db {
class UserRepository;
}

namespace keel::http {

class SessionCache {
public:
    SessionCache(db::UserRepository& users, std::chrono::milliseconds ttl) : users_(users), ttl_(ttl) {}

    // The account's state, no older than `ttl`; empty when the account no longer exists.
    Task<Result<std::optional<db::SessionState>>> lookup(UserId user, std::chrono::steady_clock::time_point now);

private:
    struct Entry {
        std::optional<db::SessionState> state;
        std::chrono::steady_clock::time_point fetched_at;
    };
    std::optional<Entry> cached(UserId user, std::chrono::steady_clock::time_point now);
    void remember(UserId user, Entry entry);

    db::UserRepository& users_;
    const std::chrono::milliseconds ttl_;
    std::mutex mutex_;  // the I/O threads share the cache
    std::unordered_map<std::int64_t, Entry> entries_;
};

}  // namespace keel::http
