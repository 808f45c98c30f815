#pragma once
#include "db/statement.hpp"

namespace keel::db::login_throttle_sql {

// Seconds until neither the account ($1, an email) nor the address ($2) is blocked; 0 when neither is.
inline constexpr Statement kRetryAfter{
    "login_throttle.retry_after",
    "SELECT coalesce(ceil(extract(epoch FROM max(blocked_until) - now())), 0)::bigint FROM login_throttle "
    "WHERE ((scope = 'account' AND key = lower($1)) OR (scope = 'address' AND key = lower($2))) "
    "AND blocked_until > now()"};

// One more failure for ($1 scope, $2 key): free tries $3, back-off base $4 and cap $5 seconds; a row quiet for
// $6 seconds counts from zero again. One statement, so API processes racing on the same key never lose a count.
inline constexpr Statement kRecordFailure{
    "login_throttle.record_failure",
    "INSERT INTO login_throttle AS t (scope, key, failures, blocked_until, updated_at) "
    "VALUES ($1, lower($2), 1, login_blocked_until(1, $3, $4, $5), now()) "
    "ON CONFLICT (scope, key) DO UPDATE SET "
    "failures = CASE WHEN t.updated_at < now() - make_interval(secs => $6) THEN 1 ELSE t.failures + 1 END, "
    "blocked_until = login_blocked_until("
    "CASE WHEN t.updated_at < now() - make_interval(secs => $6) THEN 1 ELSE t.failures + 1 END, $3, $4, $5), "
    "updated_at = now()"};

// A successful login forgets the account's failures (never the address's: one valid account must not buy an
// address fresh tries against others).
inline constexpr Statement kResetAccount{"login_throttle.reset_account",
                                         "DELETE FROM login_throttle WHERE scope = 'account' AND key = lower($1)"};

inline constexpr Statement kSweep{"login_throttle.sweep",
                                  "DELETE FROM login_throttle WHERE updated_at < now() - make_interval(secs => $1) "
                                  "AND (blocked_until IS NULL OR blocked_until < now())"};

}  // namespace keel::db::login_throttle_sql
