#pragma once
#include <optional>
#include <string_view>

namespace keel {

enum class Role {
    kAdmin,   // operator staff: sees and acts on every server
    kClient,  // a customer: sees only the servers it owns
};

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

}  // namespace keel
