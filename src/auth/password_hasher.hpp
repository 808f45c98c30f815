#pragma once
// Password storage: argon2id (libsodium) for everything Keel writes; WHMCS's bcrypt ("$2y$") verified through
// libcrypt so migrated customers keep their password, then rehashed to argon2id.
#include <cstddef>
#include <mutex>
#include <optional>
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

// What one login verification computed: every failed login must show the same, whatever the account.
struct VerificationWork {
    int argon2id_runs = 0;
    int bcrypt_runs = 0;
    int bcrypt_cost = 0;  // of the last bcrypt run (the cost sits in the hash: $2y$10$…)
    friend bool operator==(const VerificationWork&, const VerificationWork&) = default;
};

struct LoginVerification {
    VerifyOutcome outcome = VerifyOutcome::kMismatch;
    VerificationWork work;
};

// WHMCS (PHP password_hash) writes bcrypt at cost 10; a failed login always pays one bcrypt at this cost.
inline constexpr int kDummyBcryptCost = 10;
// bcrypt reads only this many bytes of the password.
inline constexpr std::size_t kBcryptMaxPasswordBytes = 72;

struct Argon2Params {
    unsigned long long ops_limit = 2;
    std::size_t mem_limit_bytes = 19u * 1024u * 1024u;  // OWASP's minimum; keeps the API under its RSS budget
};

class PasswordHasher {
public:
    explicit PasswordHasher(Argon2Params params = {});

    Result<std::string> hash(std::string_view password) const;
    VerifyOutcome verify(std::string_view password, std::string_view stored_hash) const;
    // A login's verification with the timing of failures made equal: every failure runs exactly one argon2id
    // (Keel's parameters) and one bcrypt (cost kDummyBcryptCost for the dummy), real or dummy — whether the email
    // is unknown (`stored_hash` empty), the hash argon2id, WHMCS bcrypt or a legacy format. So no failure tells a
    // migrated, never-logged-in account (bcrypt) from a Keel one (argon2id), an unknown email or a reset one.
    LoginVerification verify_login(std::string_view password, const std::optional<std::string>& stored_hash) const;
    // Makes the dummy hashes now, so that the first failed login is not the slow one (an oracle of its own).
    void warm_up() const;

private:
    void ensure_dummy_hashes() const;
    void dummy_argon2id(std::string_view password) const;
    void dummy_bcrypt(std::string_view password) const;

    Argon2Params params_;
    mutable std::once_flag dummy_once_;
    mutable std::string dummy_argon2id_hash_;
    mutable std::string dummy_bcrypt_hash_;
};

// The cost field of a bcrypt hash ($2y$10$… → 10); 0 when it is not one.
int bcrypt_cost(std::string_view stored_hash);

bool is_bcrypt_hash(std::string_view stored_hash);

}  // namespace keel::auth
