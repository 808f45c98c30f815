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

int bcrypt_cost(std::string_view stored_hash) {
    if (!is_bcrypt_hash(stored_hash) || stored_hash[6] != '$') {
        return 0;
    }
    const int tens = stored_hash[4] - '0';
    const int ones = stored_hash[5] - '0';
    if (tens < 0 || tens > 9 || ones < 0 || ones > 9) {
        return 0;
    }
    return tens * 10 + ones;
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
        if (sodium_memcmp(computed, stored.data(), stored.size()) != 0) {
            return VerifyOutcome::kMismatch;
        }
        // bcrypt ignored everything past 72 bytes: rehashing what was typed now would replace the password with
        // a longer one the user may never have typed. Keep the bcrypt hash for such a password.
        return password.size() > kBcryptMaxPasswordBytes ? VerifyOutcome::kMatch : VerifyOutcome::kMatchNeedsRehash;
    }
    return VerifyOutcome::kUnsupportedFormat;
}

void PasswordHasher::ensure_dummy_hashes() const {
    std::call_once(dummy_once_, [this] {
        dummy_argon2id_hash_ = hash("keel-timing-equaliser").value_or("");
        auto data = std::make_unique<crypt_data>();
        char salt[CRYPT_GENSALT_OUTPUT_SIZE];
        if (crypt_gensalt_rn("$2y$", kDummyBcryptCost, nullptr, 0, salt, sizeof salt) != nullptr) {
            const char* computed = crypt_rn("keel-timing-equaliser", salt, data.get(), sizeof(crypt_data));
            dummy_bcrypt_hash_ = computed != nullptr ? computed : "";
        }
    });
}

void PasswordHasher::warm_up() const {
    ensure_dummy_hashes();
}

void PasswordHasher::dummy_argon2id(std::string_view password) const {
    ensure_dummy_hashes();
    (void)verify(password, dummy_argon2id_hash_);
}

void PasswordHasher::dummy_bcrypt(std::string_view password) const {
    ensure_dummy_hashes();
    (void)verify(password, dummy_bcrypt_hash_);
}

LoginVerification PasswordHasher::verify_login(std::string_view password,
                                               const std::optional<std::string>& stored_hash) const {
    LoginVerification result;
    const std::string_view stored = stored_hash ? std::string_view(*stored_hash) : std::string_view();
    const bool argon2id = stored.starts_with("$argon2id$");
    const bool bcrypt = is_bcrypt_hash(stored);
    if (argon2id || bcrypt) {
        result.outcome = verify(password, stored);
    }
    if (argon2id) {
        ++result.work.argon2id_runs;
    }
    if (bcrypt) {
        ++result.work.bcrypt_runs;
        result.work.bcrypt_cost = bcrypt_cost(stored);
    }
    const bool matched = result.outcome == VerifyOutcome::kMatch || result.outcome == VerifyOutcome::kMatchNeedsRehash;
    if (matched) {
        return result;
    }
    if (!argon2id && !bcrypt && stored_hash) {
        result.outcome = VerifyOutcome::kUnsupportedFormat;
    }
    if (result.work.argon2id_runs == 0) {
        dummy_argon2id(password);
        ++result.work.argon2id_runs;
    }
    if (result.work.bcrypt_runs == 0) {
        dummy_bcrypt(password);
        ++result.work.bcrypt_runs;
        result.work.bcrypt_cost = kDummyBcryptCost;
    }
    return result;
}

}  // namespace keel::auth
