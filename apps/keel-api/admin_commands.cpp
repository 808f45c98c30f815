#include "admin_commands.hpp"

#include <cstdio>
#include <iostream>
#include <string>

#include "auth/password_hasher.hpp"
#include "db/connection.hpp"
#include "db/schema_migrations.hpp"
#include "db/users/user_repository.hpp"

namespace keel::app {

namespace {

constexpr int kExitError = 1;
constexpr int kExitConflict = 3;

int report(const Error& error) {
    std::fprintf(stderr, "keel-api: %s\n", error.detail.c_str());
    return error.code == ErrorCode::kConflict ? kExitConflict : kExitError;
}

std::string read_password_line() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    return password;
}

}  // namespace

int run_migrate(const std::string& database_url, db::PoolerMode pooler, bool status_only) {
    auto connection = db::Connection::open(database_url, pooler);
    if (!connection) {
        return report(connection.error());
    }
    if (status_only) {
        auto states = db::migration_status(*connection, db::embedded_migrations());
        if (!states) {
            return report(states.error());
        }
        for (const auto& state : *states) {
            std::printf("%04d  %-40s  %s\n", state.version, state.name.c_str(),
                        state.applied ? ("applied " + state.applied_at).c_str() : "pending");
        }
        return 0;
    }
    auto applied = db::apply_migrations(*connection, db::embedded_migrations());
    if (!applied) {
        return report(applied.error());
    }
    for (const auto& name : *applied) {
        std::fprintf(stderr, "applied %s\n", name.c_str());
    }
    std::fprintf(stderr, "schema is up to date (%zu applied now)\n", applied->size());
    return 0;
}

int run_user_create(const std::string& database_url, db::PoolerMode pooler, const UserCreateOptions& options) {
    auto role = parse_role(options.role);
    if (!role) {
        return report({ErrorCode::kInvalidArgument, "--role must be admin or client"});
    }
    if (!options.password_from_stdin) {
        return report({ErrorCode::kInvalidArgument, "pass the password on standard input with --password-stdin"});
    }
    const auto password = read_password_line();
    if (password.size() < 8) {
        return report({ErrorCode::kInvalidArgument, "the password must be at least 8 characters"});
    }
    if (password.size() > 1024) {  // POST /login refuses longer ones
        return report({ErrorCode::kInvalidArgument, "the password must be at most 1024 bytes"});
    }
    auto connection = db::Connection::open(database_url, pooler);
    if (!connection) {
        return report(connection.error());
    }
    auto hash = auth::PasswordHasher{}.hash(password);
    if (!hash) {
        return report(hash.error());
    }
    auto user = db::create_user(*connection, {options.email, options.name, *role, *hash});
    if (!user) {
        if (user.error().code == ErrorCode::kConflict && options.exists_ok) {
            std::fprintf(stderr, "user %s already exists\n", options.email.c_str());
            return 0;
        }
        return report(user.error());
    }
    std::fprintf(stderr, "created %s user %s (id %lld)\n", options.role.c_str(), user->email.c_str(),
                 static_cast<long long>(user->id.value));
    return 0;
}

int run_user_list(const std::string& database_url, db::PoolerMode pooler) {
    auto connection = db::Connection::open(database_url, pooler);
    if (!connection) {
        return report(connection.error());
    }
    auto users = db::list_users(*connection);
    if (!users) {
        return report(users.error());
    }
    std::printf("%-6s %-36s %-7s %-9s %s\n", "ID", "EMAIL", "ROLE", "STATE", "CREATED");
    for (const auto& user : *users) {
        const char* state = user.disabled ? "disabled" : (user.must_reset_password ? "reset" : "active");
        std::printf("%-6lld %-36s %-7s %-9s %s\n", static_cast<long long>(user.id.value), user.email.c_str(),
                    std::string(to_string(user.role)).c_str(), state, user.created_at.c_str());
    }
    return 0;
}

int run_user_disable(const std::string& database_url, db::PoolerMode pooler, const std::string& email) {
    auto connection = db::Connection::open(database_url, pooler);
    if (!connection) {
        return report(connection.error());
    }
    auto disabled = db::disable_user(*connection, email);
    if (!disabled) {
        return report(disabled.error());
    }
    std::fprintf(stderr, "disabled %s\n", email.c_str());
    return 0;
}

int run_user_set_role(const std::string& database_url, db::PoolerMode pooler, const std::string& email,
                      const std::string& role_name) {
    const auto role = parse_role(role_name);
    if (!role) {
        return report({ErrorCode::kInvalidArgument, "--role must be admin or client"});
    }
    auto connection = db::Connection::open(database_url, pooler);
    if (!connection) {
        return report(connection.error());
    }
    auto changed = db::set_user_role(*connection, email, *role);
    if (!changed) {
        return report(changed.error());
    }
    std::fprintf(stderr, "%s is now %s\n", email.c_str(), role_name.c_str());
    return 0;
}

}  // namespace keel::app
