#pragma once
// HS256 signatures checked in constant time. Debian 12's libjwt 1.10 compares signatures with strcmp, which
// leaks how many leading characters of a forged signature are right; Keel checks the HMAC itself first
// (OpenSSL HMAC + CRYPTO_memcmp) and hands libjwt only tokens whose signature is already known to be good.
#include <string>
#include <string_view>

namespace keel::auth {

// base64url (no padding) of HMAC-SHA256(secret, signing_input).
std::string hs256_signature(std::string_view signing_input, std::string_view secret);

// `token` is header.payload.signature; true when the signature is HS256 of header.payload under `secret`.
// The comparison takes the same time wherever the signature differs.
bool hs256_signature_matches(std::string_view token, std::string_view secret);

}  // namespace keel::auth
