#pragma once
#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/role.hpp"

namespace keel::db {

struct User {
    UserId id;
    std::string email;
    std::string name;
    Role role = Role::kClient;
    std::optional<std::string> password_hash;  // never leaves the process
    bool must_reset_password = false;
    bool disabled = false;
    std::string created_at;  // ISO-8601 UTC
};

}  // namespace keel::db
