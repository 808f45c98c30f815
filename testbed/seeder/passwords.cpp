#include "testbed/seeder/passwords.hpp"

#include "testbed/seeder/rng.hpp"

#include <crypt.h>
#include <openssl/evp.h>

#include <array>

namespace keel::testbed {

Result<std::string> bcrypt_hash(std::string_view plaintext, Rng& rng, unsigned cost) {
    std::array<char, 16> random_bytes{};
    for (char& byte : random_bytes) {
        byte = static_cast<char>(rng.below(256));
    }
    std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> salt{};
    if (crypt_gensalt_rn("$2y$", cost, random_bytes.data(), static_cast<int>(random_bytes.size()), salt.data(),
                         static_cast<int>(salt.size())) == nullptr) {
        return fail(ErrorCode::kInternal, "bcrypt: crypt_gensalt_rn refused $2y$");
    }
    crypt_data scratch{};
    const std::string key(plaintext);
    const char* hashed = crypt_r(key.c_str(), salt.data(), &scratch);
    if (hashed == nullptr || hashed[0] == '*') {
        return fail(ErrorCode::kInternal, "bcrypt: crypt_r failed");
    }
    return std::string(hashed);
}

std::string md5_hex(std::string_view text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_md5(), nullptr);
    constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0F];
    }
    return out;
}

std::string legacy_salted_md5(std::string_view plaintext, Rng& rng) {
    // WHMCS drew the salt from printable ASCII; keep to characters that need no escaping anywhere.
    constexpr std::string_view kSaltChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#%^*";
    std::string salt;
    for (int i = 0; i < 5; ++i) {
        salt += kSaltChars[rng.below(kSaltChars.size())];
    }
    return md5_hex(salt + std::string(plaintext)) + ":" + salt;
}

}  // namespace keel::testbed
