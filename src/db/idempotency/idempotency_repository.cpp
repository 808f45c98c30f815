#include "db/idempotency/idempotency_repository.hpp"

#include "db/pool.hpp"

namespace keel::db {

namespace {

constexpr Statement kExpire{
    "idempotency.expire",
    "DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < now() - interval '24 hours'"};
// $4: live keys a user may hold; at the cap nothing is inserted (a known key still replays).
constexpr Statement kReserve{
    "idempotency.reserve",
    "INSERT INTO idempotency_keys (user_id, key, request_hash) SELECT $1, $2, $3 WHERE (SELECT count(*) FROM "
    "idempotency_keys WHERE user_id = $1 AND created_at >= now() - interval '24 hours') < $4 ON CONFLICT DO NOTHING"};
constexpr Statement kCountLive{
    "idempotency.count_live",
    "SELECT count(*) FROM idempotency_keys WHERE user_id = $1 AND created_at >= now() - interval '24 hours'"};
// Bounded, so one purge never holds locks on a day's worth of keys.
constexpr Statement kPurge{"idempotency.purge",
                           "DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys "
                           "WHERE created_at < now() - interval '24 hours' LIMIT $1)"};
constexpr Statement kRead{
    "idempotency.read",
    "SELECT request_hash, status, response_body, location FROM idempotency_keys WHERE user_id = $1 AND key = $2"};
constexpr Statement kComplete{
    "idempotency.complete",
    "UPDATE idempotency_keys SET status = $3, response_body = $4, location = $5 WHERE user_id = $1 AND key = $2"};
constexpr Statement kRelease{"idempotency.release",
                             "DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status IS NULL"};

}  // namespace

Task<Result<KeyLookup>> IdempotencyRepository::reserve(UserId user, std::string key, std::string request_hash,
                                                       std::int64_t max_live_keys) {
    Params expire_params{param(user.value), param(key)};
    if (auto expired = co_await pool_.query(kExpire, std::move(expire_params)); !expired) {
        co_return std::unexpected(expired.error());
    }
    Params reserve_params{param(user.value), param(key), param(request_hash), param(max_live_keys)};
    auto reserved = co_await pool_.query(kReserve, std::move(reserve_params));
    if (!reserved) {
        co_return std::unexpected(reserved.error());
    }
    if (reserved->affected_rows() == 1) {
        co_return KeyLookup{KeyState::kReserved, {}};
    }
    Params read_params{param(user.value), param(key)};
    auto rows = co_await pool_.query(kRead, std::move(read_params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        Params count_params{param(user.value)};
        auto live = co_await pool_.query(kCountLive, std::move(count_params));
        if (!live) {
            co_return std::unexpected(live.error());
        }
        if (live->int64(0, 0) >= max_live_keys) {
            co_return KeyLookup{KeyState::kOverLimit, {}};
        }
        co_return fail(ErrorCode::kRetryable, "idempotency key released meanwhile; retry");
    }
    if (rows->text(0, 0) != request_hash) {
        co_return KeyLookup{KeyState::kMismatch, {}};
    }
    if (rows->is_null(0, 1)) {
        co_return KeyLookup{KeyState::kInProgress, {}};
    }
    co_return KeyLookup{KeyState::kReplay,
                        {static_cast<int>(rows->int64(0, 1)), rows->string(0, 2), rows->optional_string(0, 3)}};
}

Task<Status> IdempotencyRepository::complete(UserId user, std::string key, StoredResponse response) {
    Params params{param(user.value), param(key), param(response.status), param(response.body),
                  param(response.location)};
    auto done = co_await pool_.query(kComplete, std::move(params));
    if (!done) {
        co_return std::unexpected(done.error());
    }
    co_return Status{};
}

Task<Status> IdempotencyRepository::release(UserId user, std::string key) {
    Params params{param(user.value), param(key)};
    auto done = co_await pool_.query(kRelease, std::move(params));
    if (!done) {
        co_return std::unexpected(done.error());
    }
    co_return Status{};
}

}  // namespace keel::db

namespace keel::db {

Task<Result<std::int64_t>> IdempotencyRepository::purge_expired(std::int64_t batch) {
    std::int64_t purged = 0;
    while (true) {
        Params params{param(batch)};
        auto done = co_await pool_.query(kPurge, std::move(params));
        if (!done) {
            co_return std::unexpected(done.error());
        }
        purged += done->affected_rows();
        if (done->affected_rows() < batch) {
            co_return purged;
        }
    }
}

}  // namespace keel::db
