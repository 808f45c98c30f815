#include "db/login_throttle/login_throttle_repository.hpp"

#include "db/login_throttle/login_throttle_statements.hpp"
#include "db/pool.hpp"

namespace keel::db {

namespace {

// Forgotten counters are deleted every this many failures seen by one process: the table stays as small as the
// last hour's failures, with no timer of its own.
constexpr std::uint64_t kSweepEvery = 64;

Param seconds_param(std::chrono::seconds seconds) {
    return param(static_cast<std::int64_t>(seconds.count()));
}

}  // namespace

Task<Result<std::int64_t>> LoginThrottleRepository::retry_after(std::string email, std::string address) {
    Params params{param(email), param(address)};
    auto rows = co_await pool_.query(login_throttle_sql::kRetryAfter, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    co_return rows->int64(0, 0);
}

Task<Status> LoginThrottleRepository::record_failure(std::string email, std::string address) {
    const struct {
        const char* scope;
        const std::string& key;
        int free_tries;
    } counters[] = {{"account", email, policy_.account_free_tries}, {"address", address, policy_.address_free_tries}};
    for (const auto& counter : counters) {
        Params params{param(counter.scope),
                      param(counter.key),
                      param(counter.free_tries),
                      seconds_param(policy_.base_delay),
                      seconds_param(policy_.max_delay),
                      seconds_param(policy_.forget_after)};
        auto rows = co_await pool_.query(login_throttle_sql::kRecordFailure, std::move(params));
        if (!rows) {
            co_return std::unexpected(rows.error());
        }
    }
    if (failures_seen_.fetch_add(1, std::memory_order_relaxed) % kSweepEvery == kSweepEvery - 1) {
        co_return co_await sweep();
    }
    co_return Status{};
}

Task<Status> LoginThrottleRepository::reset_account(std::string email) {
    Params params{param(email)};
    auto rows = co_await pool_.query(login_throttle_sql::kResetAccount, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    co_return Status{};
}

Task<Status> LoginThrottleRepository::sweep() {
    Params params{seconds_param(policy_.forget_after)};
    auto rows = co_await pool_.query(login_throttle_sql::kSweep, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    co_return Status{};
}

}  // namespace keel::db
