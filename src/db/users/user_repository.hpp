#pragma once
// Users for the API's request path (async, on the pool) and for the operator's CLI (blocking).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/task.hpp"
#include "db/users/user.hpp"

namespace keel::db {

class Pool;
class Connection;
class PgResult;

User user_from_row(const PgResult& rows, int row);

class UserRepository {
public:
    explicit UserRepository(Pool& pool) : pool_(pool) {}

    Task<Result<std::optional<User>>> find_by_email(std::string email);
    // kNotFound when absent.
    Task<Result<User>> find(UserId id);
    // Replaces `old_hash` only if it is still the stored one (first login after a WHMCS migration).
    Task<Status> replace_password_hash(UserId id, std::string old_hash, std::string new_hash);
    // Up to `limit` users with ids above `after_id`, by id (GET /admin/users).
    Task<Result<std::vector<User>>> page(std::int64_t after_id, int limit);
    // Empty when the account no longer exists.
    Task<Result<std::optional<SessionState>>> session_state(UserId id);

private:
    Pool& pool_;
};

struct NewUser {
    std::string email;
    std::string name;
    Role role = Role::kClient;
    std::string password_hash;
};

// kConflict when the email (case-insensitively) is taken.
Result<User> create_user(Connection& connection, const NewUser& user);
Result<std::vector<User>> list_users(Connection& connection);
// kNotFound when no such email.
Status disable_user(Connection& connection, const std::string& email);
// kNotFound when no such email. Ends the account's sessions (the database bumps its session_version).
Status set_user_role(Connection& connection, const std::string& email, Role role);

}  // namespace keel::db
