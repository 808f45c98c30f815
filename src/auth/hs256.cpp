#include "auth/hs256.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace keel::auth {

std::string hs256_signature(std::string_view signing_input, std::string_view secret) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
             &mac_size) == nullptr) {
        return {};
    }
    unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    const int length = EVP_EncodeBlock(encoded, mac, static_cast<int>(mac_size));
    std::string text(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
    while (!text.empty() && text.back() == '=') {
        text.pop_back();
    }
    for (char& c : text) {
        if (c == '+') {
            c = '-';
        } else if (c == '/') {
            c = '_';
        }
    }
    return text;
}

bool hs256_signature_matches(std::string_view token, std::string_view secret) {
    const auto dot = token.rfind('.');
    if (dot == std::string_view::npos) {
        return false;
    }
    const auto expected = hs256_signature(token.substr(0, dot), secret);
    const auto presented = token.substr(dot + 1);
    // The length of an HS256 signature is public (43 characters); only the content must not leak.
    if (expected.empty() || presented.size() != expected.size()) {
        return false;
    }
    return CRYPTO_memcmp(expected.data(), presented.data(), expected.size()) == 0;
}

}  // namespace keel::auth
