#pragma once
// What stands between Keel and PostgreSQL (issue #14): it decides which session state Keel may rely on.
#include <optional>
#include <string>
#include <string_view>

namespace keel::db {

enum class PoolerMode {
    // PostgreSQL directly, or a pooler in session mode: one server session per connection for its whole life.
    // Statements are prepared once per connection under their names; statement_timeout is a session setting.
    kSession,
    // A pooler in transaction mode (PgBouncer `pool_mode = transaction`): consecutive transactions of one
    // connection may run on different server sessions. Only unnamed one-shot statements; statement_timeout is
    // set per transaction (set_config(…, true)); no LISTEN, no session advisory lock through it.
    kTransaction,
};

std::string_view to_string(PoolerMode mode);
std::optional<PoolerMode> parse_pooler_mode(std::string_view text);

// Where session state goes (the job wake-up LISTEN, the workers' liveness locks): `listen_database_url` when set
// (KEEL_LISTEN_DATABASE_URL, straight to PostgreSQL); else `database_url` when it reaches a whole session
// (kSession); else nowhere (empty): workers poll for jobs and a dead worker's jobs wait out their lease.
std::optional<std::string> session_database_url(PoolerMode mode, const std::string& database_url,
                                                const std::string& listen_database_url);

}  // namespace keel::db
