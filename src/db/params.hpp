#pragma once
// Statement parameters in libpq's text format; std::nullopt is SQL NULL.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keel::db {

using Param = std::optional<std::string>;
using Params = std::vector<Param>;

inline Param param(std::string_view text) {
    return std::string(text);
}
inline Param param(const char* text) {
    return std::string(text);
}
inline Param param(std::int64_t value) {
    return std::to_string(value);
}
inline Param param(int value) {
    return std::to_string(value);
}
inline Param param(bool value) {
    return std::string(value ? "t" : "f");
}
template <class T>
Param param(const std::optional<T>& value) {
    return value ? param(*value) : std::nullopt;
}

}  // namespace keel::db
