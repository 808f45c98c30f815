#pragma once
#include <cstdint>
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
    std::string created_at;            // ISO-8601 UTC
    std::int64_t session_version = 1;  // bumped by the database when the role or the disabled state changes
};

// What a bearer token's claims are checked against on every request (through a short cache).
struct SessionState {
    std::int64_t session_version = 0;
    Role role = Role::kClient;
    bool disabled = false;
};

}  // namespace keel::db
