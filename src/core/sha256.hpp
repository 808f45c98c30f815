#pragma once
#include <string>
#include <string_view>

namespace keel {

// Lower-case hex SHA-256: migration checksums, import fingerprints, key ids.
std::string sha256_hex(std::string_view text);
// Lower-case hex MD5: only where another system's format demands it (WHMCS's key derivation).
std::string md5_hex(std::string_view text);

}  // namespace keel
