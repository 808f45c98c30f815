#pragma once
// Password hashes in the formats a WHMCS database accumulates (reference §2.6).
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace keel::testbed {

class Rng;

// PHP password_hash() format: "$2y$10$" + 22 salt chars + 31 hash chars. The salt comes from `rng`, so the
// hash is reproducible under --seed. About 50 ms per call at cost 10: use for a handful of users only.
Result<std::string> bcrypt_hash(std::string_view plaintext, Rng& rng, unsigned cost = 10);

// WHMCS 4.2.1 - 6.2.x client passwords: md5(salt . password) . ":" . salt, with a 5-character salt.
std::string legacy_salted_md5(std::string_view plaintext, Rng& rng);

// 32 lower-case hex digits; pre-4.2.1 era and imported rows.
std::string md5_hex(std::string_view text);

}  // namespace keel::testbed
