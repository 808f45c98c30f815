#include "db/users/user_repository.hpp"

#include "db/connection.hpp"
#include "db/pool.hpp"
#include "db/users/user_statements.hpp"

namespace keel::db {

User user_from_row(const PgResult& rows, int row) {
    return User{
        .id = UserId{rows.int64(row, 0)},
        .email = rows.string(row, 1),
        .name = rows.string(row, 2),
        .role = parse_role(rows.text(row, 3)).value_or(Role::kClient),
        .password_hash = rows.optional_string(row, 4),
        .must_reset_password = rows.boolean(row, 5),
        .disabled = rows.boolean(row, 6),
        .created_at = rows.string(row, 7),
        .session_version = rows.int64(row, 8),
    };
}

Task<Result<std::optional<User>>> UserRepository::find_by_email(std::string email) {
    Params params{param(email)};
    auto rows = co_await pool_.query(user_sql::kFindByEmail, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return std::optional<User>{};
    }
    co_return user_from_row(*rows, 0);
}

Task<Result<User>> UserRepository::find(UserId id) {
    Params params{param(id.value)};
    auto rows = co_await pool_.query(user_sql::kFindById, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return fail(ErrorCode::kNotFound, "user " + std::to_string(id.value) + " not found");
    }
    co_return user_from_row(*rows, 0);
}

Task<Status> UserRepository::replace_password_hash(UserId id, std::string old_hash, std::string new_hash) {
    Params params{param(id.value), param(old_hash), param(new_hash)};
    auto rows = co_await pool_.query(user_sql::kReplaceHash, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    co_return Status{};
}

Task<Result<std::optional<SessionState>>> UserRepository::session_state(UserId id) {
    Params params{param(id.value)};
    auto rows = co_await pool_.query(user_sql::kSessionState, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        co_return std::optional<SessionState>{};
    }
    co_return SessionState{
        .session_version = rows->int64(0, 0),
        .role = parse_role(rows->text(0, 1)).value_or(Role::kClient),
        .disabled = rows->boolean(0, 2),
    };
}

Task<Result<std::vector<User>>> UserRepository::page(std::int64_t after_id, int limit) {
    Params params{param(after_id), param(static_cast<std::int64_t>(limit))};
    auto rows = co_await pool_.query(user_sql::kPage, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    std::vector<User> users;
    for (int i = 0; i < rows->rows(); ++i) {
        users.push_back(user_from_row(*rows, i));
    }
    co_return users;
}

Result<User> create_user(Connection& connection, const NewUser& user) {
    auto rows = connection.exec(user_sql::kCreate, {param(user.email), param(user.name), param(to_string(user.role)),
                                                    param(user.password_hash)});
    if (!rows) {
        if (rows.error().code == ErrorCode::kConflict) {
            return fail(ErrorCode::kConflict, "a user with email " + user.email + " already exists");
        }
        return std::unexpected(rows.error());
    }
    return user_from_row(*rows, 0);
}

Result<std::vector<User>> list_users(Connection& connection) {
    auto rows = connection.exec(user_sql::kList);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<User> users;
    for (int i = 0; i < rows->rows(); ++i) {
        users.push_back(user_from_row(*rows, i));
    }
    return users;
}

Status disable_user(Connection& connection, const std::string& email) {
    auto rows = connection.exec(user_sql::kDisable, {param(email)});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->affected_rows() == 0) {
        return fail(ErrorCode::kNotFound, "no user with email " + email);
    }
    return {};
}

Status set_user_role(Connection& connection, const std::string& email, Role role) {
    auto rows = connection.exec(user_sql::kSetRole, {param(email), param(to_string(role))});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->affected_rows() == 0) {
        return fail(ErrorCode::kNotFound, "no user with email " + email);
    }
    return {};
}

}  // namespace keel::db
