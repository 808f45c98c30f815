#pragma once
// WHMCS's legacy encrypt()/decrypt(): the SHA-1 XOR keystream keyed by the install's `cc_encryption_hash` that
// guards tblservers.password, tblhosting.password, tblregistrars values, password custom fields and mail passwords
// (../shared/reference/whmcs-encryption.md §1-2). Keel decrypts them once, during migration, and re-seals them
// under its own key (#11). The AES-stored columns (gateways, pay methods) are not this cipher.
#include "auth/secret.hpp"
#include "core/result.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace keel::whmcs {

// The cipher's block: SHA-1's output size, the IV's, the key's and each keystream block's.
inline constexpr std::size_t kCipherBlockBytes = 20;
using CipherIv = std::array<std::uint8_t, kCipherBlockBytes>;

// What decrypt() returns, byte for byte as WHMCS's does: never an error, since the cipher has no integrity
// check — a wrong hash yields garbage of the right length. Base64 is read as PHP's non-strict base64_decode
// reads it (characters outside the alphabet, '=' included, are skipped; a final lone character is dropped), and a
// value of at most 20 decoded bytes (the IV alone, or less) is "". HTML entities are left as stored.
std::string decrypt(std::string_view ciphertext_base64, std::string_view cc_encryption_hash);

// WHMCS's encrypt() with the IV given instead of drawn (WHMCS derives it from rand(), which does not matter for
// decryption): deterministic, for tests and the testbed's fixtures.
std::string encrypt(std::string_view plaintext, std::string_view cc_encryption_hash, const CipherIv& iv);

// Whether decrypted text can be a secret someone typed: non-empty, valid UTF-8 (RFC 3629: no overlong forms,
// surrogates or code points above U+10FFFF) and printable (no C0 control, DEL or C1 control). Garbage from a wrong
// hash fails this for all but the shortest values — a 1-3 byte secret can pass by chance, so a caller that can
// try the secret (a cluster's GET /version) still does.
bool looks_like_secret(std::string_view text);

// The secret as a WHMCS module receives it: decrypt(), then Sanitize::decode (html_entities.hpp), then
// looks_like_secret. kValidation when the value decrypts to nothing ("no secret stored") or to something that is
// not printable text (most likely the wrong cc_encryption_hash). The error never contains the ciphertext, the hash
// or any decrypted byte.
Result<auth::Secret> decrypt_secret(std::string_view ciphertext_base64, std::string_view cc_encryption_hash);

// PHP's non-strict base64_decode: bytes outside A-Z a-z 0-9 + / are skipped, the rest decoded as if unpadded.
std::string php_base64_decode(std::string_view text);

}  // namespace keel::whmcs
