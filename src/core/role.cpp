#include "core/role.hpp"

namespace keel {

std::string_view to_string(Role role) {
    switch (role) {
        case Role::kAdmin: return "admin";
        case Role::kClient: return "client";
    }
    return "client";
}

std::optional<Role> parse_role(std::string_view text) {
    if (text == "admin") {
        return Role::kAdmin;
    }
    if (text == "client") {
        return Role::kClient;
    }
    return std::nullopt;
}

}  // namespace keel
