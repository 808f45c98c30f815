#pragma once
// Password storage: argon2id (libsodium) for everything Keel writes; WHMCS's bcrypt ("$2y$") verified through
// libcrypt so migrated customers keep their password, then rehashed to argon2id.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace keel::auth {

enum class VerifyOutcome {
    kMatch,
    kMatchNeedsRehash,  // right password, stored in a format or strength Keel replaces
    kMismatch,
    kUnsupportedFormat,  // a legacy hash Keel cannot check (WHMCS md5): the user must reset
};

struct Argon2Params {
    unsigned long long ops_limit = 2;
    std::size_t mem_limit_bytes = 19u * 1024u * 1024u;  // OWASP's minimum; keeps the API under its RSS budget
};

class PasswordHasher {
public:
    explicit PasswordHasher(Argon2Params params = {});

    Result<std::string> hash(std::string_view password) const;
    VerifyOutcome verify(std::string_view password, std::string_view stored_hash) const;
    // Spends the time of a real verification, so an unknown email cannot be told from a wrong password.
    void dummy_verify(std::string_view password) const;

private:
    Argon2Params params_;
    mutable std::once_flag dummy_once_;
    mutable std::string dummy_hash_;
};

bool is_bcrypt_hash(std::string_view stored_hash);

}  // namespace keel::auth
