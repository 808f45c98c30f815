#pragma once
// Failed-login counters per account and per client address, in PostgreSQL so that every API process sees the
// same ones (#9). Blocked logins are answered before any password is hashed.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "core/task.hpp"

namespace keel::db {

class Pool;

struct LoginThrottlePolicy {
    int account_free_tries = 5;               // failures in a row before the account is made to wait
    int address_free_tries = 20;              // one address may be a NAT or an office: it gets more
    std::chrono::seconds base_delay{1};       // first wait; each further failure doubles it
    std::chrono::seconds max_delay{900};      // …up to this
    std::chrono::seconds forget_after{3600};  // a counter quiet this long starts again from zero
};

class LoginThrottleRepository {
public:
    LoginThrottleRepository(Pool& pool, LoginThrottlePolicy policy) : pool_(pool), policy_(policy) {}

    // Seconds to wait before trying again: 0 unless the account or the address is blocked now.
    Task<Result<std::int64_t>> retry_after(std::string email, std::string address);
    Task<Status> record_failure(std::string email, std::string address);
    Task<Status> reset_account(std::string email);

private:
    Task<Status> sweep();

    Pool& pool_;
    LoginThrottlePolicy policy_;
    std::atomic<std::uint64_t> failures_seen_{0};
};

}  // namespace keel::db
