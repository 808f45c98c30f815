#include "whmcs/whmcs_crypto.hpp"

#include "core/sha256.hpp"
#include "whmcs/html_entities.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <span>
#include <stdexcept>
#include <utility>

namespace keel::whmcs {

namespace {

using Block = CipherIv;

Block sha1(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second) {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    Block digest{};
    unsigned int length = 0;
    const bool done = context != nullptr && EVP_DigestInit_ex(context, EVP_sha1(), nullptr) == 1 &&
                      EVP_DigestUpdate(context, first.data(), first.size()) == 1 &&
                      EVP_DigestUpdate(context, second.data(), second.size()) == 1 &&
                      EVP_DigestFinal_ex(context, digest.data(), &length) == 1 && length == digest.size();
    EVP_MD_CTX_free(context);
    if (!done) {
        throw std::runtime_error("OpenSSL's SHA-1 failed");  // out of memory or a FIPS-only provider: not input
    }
    return digest;
}

std::span<const std::uint8_t> bytes_of(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// K = SHA1_raw(md5hex(md5hex(h)) . md5hex(h)); it only masks the IV stored in front of the ciphertext.
Block derived_key(std::string_view cc_encryption_hash) {
    const std::string inner = md5_hex(cc_encryption_hash);
    return sha1(bytes_of(md5_hex(inner)), bytes_of(inner));
}

Block xor_blocks(const Block& left, const Block& right) {
    Block out{};
    std::ranges::transform(left, right, out.begin(),
                           [](std::uint8_t a, std::uint8_t b) { return static_cast<std::uint8_t>(a ^ b); });
    return out;
}

// Key 0 is the IV; key n is SHA1(key n-1 . plaintext block n-1). XOR is its own inverse, so one routine serves
// both directions: only where the previous plaintext block is read from differs.
enum class Direction { kEncrypt, kDecrypt };

std::string keystream_xor(const Block& iv, std::string_view input, Direction direction) {
    std::string output(input.size(), '\0');
    Block key = iv;
    for (std::size_t i = 0; i < input.size(); ++i) {
        if (i != 0 && i % kCipherBlockBytes == 0) {
            const std::string_view plaintext = direction == Direction::kEncrypt ? input : std::string_view(output);
            key = sha1(key, bytes_of(plaintext.substr(i - kCipherBlockBytes, kCipherBlockBytes)));
        }
        output[i] = static_cast<char>(key[i % kCipherBlockBytes] ^ static_cast<std::uint8_t>(input[i]));
    }
    return output;
}

bool in_base64_alphabet(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

std::size_t utf8_sequence_length(std::uint8_t lead) {
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        return 2;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        return 4;
    }
    return 0;
}

// The code point of the well-formed sequence at the front of `text`, or nullopt.
std::optional<std::pair<std::uint32_t, std::size_t>> next_code_point(std::string_view text) {
    const auto lead = static_cast<std::uint8_t>(text[0]);
    const std::size_t length = utf8_sequence_length(lead);
    if (length == 0 || length > text.size()) {
        return std::nullopt;
    }
    if (length == 1) {
        return std::pair{std::uint32_t{lead}, std::size_t{1}};
    }
    std::uint32_t code = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto continuation = static_cast<std::uint8_t>(text[k]);
        if ((continuation & 0xC0) != 0x80) {
            return std::nullopt;
        }
        code = (code << 6) | (continuation & 0x3F);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    if (overlong || surrogate || code > 0x10FFFF) {
        return std::nullopt;
    }
    return std::pair{code, length};
}

bool is_control(std::uint32_t code) {
    return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

}  // namespace

std::string php_base64_decode(std::string_view text) {
    std::string alphabet_only;
    alphabet_only.reserve(text.size() + 3);
    std::ranges::copy_if(text, std::back_inserter(alphabet_only), in_base64_alphabet);
    const std::size_t whole_groups = alphabet_only.size() / 4;
    const std::size_t tail = alphabet_only.size() % 4;  // 2 characters carry 1 byte, 3 carry 2, 1 carries none
    const std::size_t decoded_size = whole_groups * 3 + (tail == 0 ? 0 : tail - 1);
    // 'A' (zero bits) completes the last group, so EVP_DecodeBlock never meets '=' and decodes exactly 3 bytes per
    // group; the surplus is cut below.
    alphabet_only.append((4 - tail) % 4, 'A');
    std::string decoded(alphabet_only.size() / 4 * 3, '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                        reinterpret_cast<const unsigned char*>(alphabet_only.data()),
                                        static_cast<int>(alphabet_only.size()));
    if (written < 0 || static_cast<std::size_t>(written) != decoded.size()) {
        throw std::logic_error("EVP_DecodeBlock refused filtered base64");
    }
    decoded.resize(decoded_size);
    return decoded;
}

std::string decrypt(std::string_view ciphertext_base64, std::string_view cc_encryption_hash) {
    const std::string raw = php_base64_decode(ciphertext_base64);
    if (raw.size() <= kCipherBlockBytes) {
        return {};
    }
    Block masked_iv{};
    std::copy_n(raw.begin(), kCipherBlockBytes, masked_iv.begin());
    const Block iv = xor_blocks(masked_iv, derived_key(cc_encryption_hash));
    return keystream_xor(iv, std::string_view(raw).substr(kCipherBlockBytes), Direction::kDecrypt);
}

std::string encrypt(std::string_view plaintext, std::string_view cc_encryption_hash, const CipherIv& iv) {
    const Block masked_iv = xor_blocks(iv, derived_key(cc_encryption_hash));
    std::string raw(masked_iv.begin(), masked_iv.end());
    raw += keystream_xor(iv, plaintext, Direction::kEncrypt);
    std::string encoded((raw.size() + 2) / 3 * 4 + 1, '\0');
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                        reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
    encoded.resize(static_cast<std::size_t>(written));
    return encoded;
}

bool looks_like_secret(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    while (!text.empty()) {
        const auto next = next_code_point(text);
        if (!next || is_control(next->first)) {
            return false;
        }
        text.remove_prefix(next->second);
    }
    return true;
}

Result<auth::Secret> decrypt_secret(std::string_view ciphertext_base64, std::string_view cc_encryption_hash) {
    std::string decrypted = decrypt(ciphertext_base64, cc_encryption_hash);
    if (decrypted.empty()) {
        return fail(ErrorCode::kValidation, "decrypts to nothing: no secret is stored");
    }
    std::string decoded = decode_html_entities(decrypted);
    auth::wipe(decrypted);
    if (!looks_like_secret(decoded)) {
        auth::wipe(decoded);
        return fail(ErrorCode::kValidation, "does not decrypt to printable text: is cc_encryption_hash right?");
    }
    return auth::Secret(std::move(decoded));
}

}  // namespace keel::whmcs
