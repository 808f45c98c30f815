#include "core/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace keel {

namespace {

std::string hex_digest(std::string_view text, const EVP_MD* algorithm) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &length, algorithm, nullptr) != 1) {
        throw std::runtime_error("OpenSSL's digest failed");  // out of memory or a FIPS-only provider: not input
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0f]);
    }
    return hex;
}

}  // namespace

std::string sha256_hex(std::string_view text) {
    return hex_digest(text, EVP_sha256());
}

std::string md5_hex(std::string_view text) {
    return hex_digest(text, EVP_md5());
}

}  // namespace keel
