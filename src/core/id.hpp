#pragma once
// Strong ids: passing a job id where a user id belongs is a compile error.
#include <compare>
#include <cstdint>
#include <string>

namespace keel {

template <class Tag>
struct Id {
    std::int64_t value = 0;
    friend auto operator<=>(const Id&, const Id&) = default;
};

template <class Tag>
struct UuidId {
    std::string value;  // canonical lower-case 8-4-4-4-12 text, as PostgreSQL prints it
    friend auto operator<=>(const UuidId&, const UuidId&) = default;
};

using UserId = Id<struct UserTag>;
using JobId = Id<struct JobTag>;
using ClusterId = Id<struct ClusterTag>;
using ServerId = UuidId<struct ServerTag>;

// True for canonical or upper-case 8-4-4-4-12 hexadecimal text.
bool is_uuid(std::string_view text);

}  // namespace keel
