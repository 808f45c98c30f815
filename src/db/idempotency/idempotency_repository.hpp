#pragma once
// Idempotency-Key: the first request with a key reserves it; a retry with the same key and body gets the stored
// response back; the same key with another body is refused. Keys expire after 24 hours; a user holds a bounded
// number of live keys. Only successful answers are kept: a failed request releases its key.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/task.hpp"

namespace keel::db {

class Pool;

struct StoredResponse {
    int status = 0;
    std::string body;
    std::optional<std::string> location;
};

enum class KeyState {
    kReserved,    // first use: run the request, then complete()
    kReplay,      // answered before: send `stored`
    kMismatch,    // used with a different request
    kInProgress,  // the first request is still being answered
    kOverLimit,   // a new key, but the user holds as many live keys as allowed
};

struct KeyLookup {
    KeyState state;
    StoredResponse stored;
};

class IdempotencyRepository {
public:
    explicit IdempotencyRepository(Pool& pool) : pool_(pool) {}

    Task<Result<KeyLookup>> reserve(UserId user, std::string key, std::string request_hash, std::int64_t max_live_keys);
    Task<Status> complete(UserId user, std::string key, StoredResponse response);
    // The request failed on our side: free the key so a retry runs again.
    Task<Status> release(UserId user, std::string key);
    // Deletes keys older than 24 hours, `batch` rows per statement; returns how many went. Run periodically by
    // `serve`, so keys go even when they never come back (issue #9).
    Task<Result<std::int64_t>> purge_expired(std::int64_t batch = 1000);

private:
    Pool& pool_;
};

}  // namespace keel::db
