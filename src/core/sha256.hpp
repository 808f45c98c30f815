#pragma once
#include <string>
#include <string_view>

namespace keel {

// Lower-case hex SHA-256: migration checksums, import fingerprints.
std::string sha256_hex(std::string_view text);

}  // namespace keel
