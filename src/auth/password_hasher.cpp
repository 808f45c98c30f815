#include "auth/password_hasher.hpp"

#include <crypt.h>
#include <sodium.h>

#include <memory>

namespace keel::auth {

namespace {

bool sodium_ready() {
    static const bool ready = sodium_init() >= 0;  // idempotent and thread-safe; done once per process
    return ready;
}

}  // namespace

bool is_bcrypt_hash(std::string_view stored_hash) {
    return stored_hash.size() == 60 &&
           (stored_hash.starts_with("$2y$") || stored_hash.starts_with("$2a$") || stored_hash.starts_with("$2b$"));
}

PasswordHasher::PasswordHasher(Argon2Params params) : params_(params) {}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
    if (!sodium_ready()) {
        return fail(ErrorCode::kInternal, "libsodium failed to initialise");
    }
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.ops_limit, params_.mem_limit_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return fail(ErrorCode::kInternal, "argon2id hashing ran out of memory");
    }
    return std::string(out);
}

VerifyOutcome PasswordHasher::verify(std::string_view password, std::string_view stored_hash) const {
    if (stored_hash.starts_with("$argon2id$")) {
        if (!sodium_ready()) {
            return VerifyOutcome::kMismatch;
        }
        const std::string stored(stored_hash);
        if (crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) != 0) {
            return VerifyOutcome::kMismatch;
        }
        return crypto_pwhash_str_needs_rehash(stored.c_str(), params_.ops_limit, params_.mem_limit_bytes) == 0
                   ? VerifyOutcome::kMatch
                   : VerifyOutcome::kMatchNeedsRehash;
    }
    if (is_bcrypt_hash(stored_hash)) {
        const std::string stored(stored_hash);
        const std::string phrase(password);
        auto data = std::make_unique<crypt_data>();  // ~32 KiB: not on a coroutine's stack
        const char* computed = crypt_rn(phrase.c_str(), stored.c_str(), data.get(), sizeof(crypt_data));
        if (computed == nullptr || std::string_view(computed).size() != stored.size()) {
            return VerifyOutcome::kMismatch;
        }
        return sodium_memcmp(computed, stored.data(), stored.size()) == 0 ? VerifyOutcome::kMatchNeedsRehash
                                                                          : VerifyOutcome::kMismatch;
    }
    return VerifyOutcome::kUnsupportedFormat;
}

void PasswordHasher::dummy_verify(std::string_view password) const {
    std::call_once(dummy_once_, [this] { dummy_hash_ = hash("keel-timing-equaliser").value_or(""); });
    (void)verify(password, dummy_hash_);
}

}  // namespace keel::auth
