// A WHMCS secret column as the migration reads it, under any cc_encryption_hash: decrypt never crashes, its
// length follows from the base64 alone, what encrypts decrypts back, and an accepted secret is printable UTF-8.
#include <algorithm>
#include <string>

#include "fuzz_check.hpp"
#include "whmcs/html_entities.hpp"
#include "whmcs/whmcs_crypto.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    namespace whmcs = keel::whmcs;
    const auto input = keel::fuzz::as_text(data, size);
    // First byte: how much of the rest is the hash; the remainder is the stored column.
    const std::size_t hash_length = input.empty() ? 0 : std::min<std::size_t>(data[0], input.size() - 1);
    const auto hash = input.substr(input.empty() ? 0 : 1, hash_length);
    const auto stored = input.substr(std::min(input.size(), 1 + hash_length));

    const auto decoded_size = whmcs::php_base64_decode(stored).size();
    const auto plaintext = whmcs::decrypt(stored, hash);
    require(plaintext.size() == (decoded_size > whmcs::kCipherBlockBytes ? decoded_size - whmcs::kCipherBlockBytes : 0),
            "decrypt returns one byte per ciphertext byte after the IV");

    const auto secret = whmcs::decrypt_secret(stored, hash);
    if (secret) {
        require(whmcs::looks_like_secret(secret->reveal()), "an accepted secret looks like one");
        require(keel::fuzz::strictly_valid_utf8(secret->reveal()), "an accepted secret is valid UTF-8");
    } else {
        // Its words may contain the ciphertext by chance ("ret " is in "secret "): the proof that nothing is
        // quoted is that the detail is one of the fixed texts, the same whatever the input.
        static const std::string nothing_stored = whmcs::decrypt_secret("", "").error().detail;
        static const std::string not_text = [] {
            const auto junk = whmcs::encrypt("\x01", "key", whmcs::CipherIv{});
            return whmcs::decrypt_secret(junk, "key").error().detail;
        }();
        const auto& detail = secret.error().detail;
        require(detail == nothing_stored || detail == not_text, "the error does not quote the ciphertext");
    }

    whmcs::CipherIv iv{};
    std::copy_n(data, std::min(size, iv.size()), iv.begin());
    require(whmcs::decrypt(whmcs::encrypt(stored, hash, iv), hash) == stored, "what encrypts decrypts back");

    if (stored.find('&') == std::string_view::npos) {
        require(whmcs::decode_html_entities(stored) == stored, "text without '&' passes through unchanged");
    }
    return 0;
}
