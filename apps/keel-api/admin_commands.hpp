#pragma once
// The operator's command-line work on the database: schema migrations and user accounts.
#include <string>

#include "db/pooler_mode.hpp"
#include "db/users/user.hpp"

namespace keel::app {

int run_migrate(const std::string& database_url, db::PoolerMode pooler, bool status_only);

struct UserCreateOptions {
    std::string email;
    std::string name;
    std::string role = "client";
    bool password_from_stdin = false;
    bool exists_ok = false;
};
int run_user_create(const std::string& database_url, db::PoolerMode pooler, const UserCreateOptions& options);
int run_user_list(const std::string& database_url, db::PoolerMode pooler);
int run_user_disable(const std::string& database_url, db::PoolerMode pooler, const std::string& email);
int run_user_set_role(const std::string& database_url, db::PoolerMode pooler, const std::string& email,
                      const std::string& role);

}  // namespace keel::app
