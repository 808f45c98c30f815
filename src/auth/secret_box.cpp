#include "auth/secret_box.hpp"

#include <sodium.h>

#include <fstream>
#include <sstream>

#include "core/sha256.hpp"

namespace keel::auth {

namespace {

constexpr std::size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kKeyBytes == 32);

std::string_view trimmed(std::string_view text) {
    while (!text.empty() &&
           (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' || text.front() == '\r')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

// `what` names the setting in the error; the key text itself is never quoted.
Result<Secret> decode_key(std::string_view hex, std::string_view what) {
    hex = trimmed(hex);
    std::string bytes(kKeyBytes, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    const bool decoded = hex.size() == 2 * kKeyBytes &&
                         sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), hex.data(),
                                        hex.size(), nullptr, &length, &end) == 0 &&
                         length == kKeyBytes && end == hex.data() + hex.size();
    if (!decoded) {
        wipe(bytes);
        return fail(ErrorCode::kInvalidArgument,
                    std::string(what) + " must be 64 hex digits (32 bytes), e.g. from `openssl rand -hex 32`");
    }
    return Secret(std::move(bytes));
}

Result<Secret> read_file(const std::string& path, std::string_view what) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(ErrorCode::kInvalidArgument, std::string(what) + ": cannot read " + path);
    }
    std::ostringstream contents;
    contents << file.rdbuf();
    std::string text = contents.str();
    return Secret(std::move(text));
}

std::vector<std::string_view> split_keys(std::string_view text) {
    std::vector<std::string_view> keys;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find_first_of(",\n", start);
        const auto piece = trimmed(text.substr(start, end == std::string_view::npos ? text.npos : end - start));
        if (!piece.empty()) {
            keys.push_back(piece);
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return keys;
}

std::string key_id_of(const Secret& key) {
    return sha256_hex(key.reveal()).substr(0, 8);
}

const unsigned char* bytes_of(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

Result<SecretKeyRing> SecretKeyRing::load(const SecretKeySettings& settings) {
    if (!settings.key.empty() && !settings.key_file.empty()) {
        return fail(ErrorCode::kInvalidArgument, "set KEEL_SECRET_KEY or KEEL_SECRET_KEY_FILE, not both");
    }
    if (settings.key.empty() && settings.key_file.empty()) {
        return fail(
            ErrorCode::kInvalidArgument,
            "KEEL_SECRET_KEY (or KEEL_SECRET_KEY_FILE) is required: 64 hex digits, e.g. `openssl rand -hex 32`");
    }
    const char* key_name = settings.key.empty() ? "KEEL_SECRET_KEY_FILE" : "KEEL_SECRET_KEY";
    Secret key_text;
    if (settings.key.empty()) {
        auto read = read_file(settings.key_file, key_name);
        if (!read) {
            return std::unexpected(read.error());
        }
        key_text = std::move(*read);
    }
    std::vector<Key> keys;
    auto current = decode_key(settings.key.empty() ? key_text.reveal() : settings.key, key_name);
    if (!current) {
        return std::unexpected(current.error());
    }
    keys.push_back({key_id_of(*current), std::move(*current)});

    const char* previous_name =
        settings.previous_keys_file.empty() ? "KEEL_SECRET_PREVIOUS_KEYS" : "KEEL_SECRET_PREVIOUS_KEYS_FILE";
    Secret previous_text;
    if (!settings.previous_keys_file.empty()) {
        auto read = read_file(settings.previous_keys_file, previous_name);
        if (!read) {
            return std::unexpected(read.error());
        }
        previous_text = std::move(*read);
    }
    const auto previous_source =
        settings.previous_keys_file.empty() ? std::string_view(settings.previous_keys) : previous_text.reveal();
    for (const auto piece : split_keys(previous_source)) {
        auto previous = decode_key(piece, std::string("each of ") + previous_name);
        if (!previous) {
            return std::unexpected(previous.error());
        }
        keys.push_back({key_id_of(*previous), std::move(*previous)});
    }
    if (!settings.previous_keys.empty() && !settings.previous_keys_file.empty()) {
        return fail(ErrorCode::kInvalidArgument,
                    "set KEEL_SECRET_PREVIOUS_KEYS or KEEL_SECRET_PREVIOUS_KEYS_FILE, not both");
    }
    if (sodium_init() < 0) {
        return fail(ErrorCode::kInternal, "libsodium failed to initialise");
    }
    return SecretKeyRing(std::move(keys));
}

Result<SecretKeyRing> SecretKeyRing::from_hex(std::string_view current, const std::vector<std::string>& previous) {
    std::string joined;
    for (const auto& key : previous) {
        joined += key + ",";
    }
    SecretKeySettings settings{std::string(current), {}, joined, {}};
    auto ring = load(settings);
    wipe(settings.key);
    wipe(settings.previous_keys);
    wipe(joined);
    return ring;
}

const SecretKeyRing::Key* SecretKeyRing::find(std::string_view key_id) const {
    for (const auto& key : keys_) {
        if (key.id == key_id) {
            return &key;
        }
    }
    return nullptr;
}

SealedSecret SecretKeyRing::seal(std::string_view plaintext) const {
    const auto& key = keys_.front();
    std::string box(kNonceBytes + plaintext.size() + kTagBytes, '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(nonce, kNonceBytes);
    unsigned long long sealed_length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, &sealed_length, bytes_of(plaintext),
                                               plaintext.size(), bytes_of(key.id), key.id.size(), nullptr, nonce,
                                               bytes_of(key.bytes.reveal()));
    std::string encoded(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), bytes_of(box), box.size(), sodium_base64_VARIANT_ORIGINAL);
    encoded.resize(encoded.find('\0'));
    return SealedSecret(key.id + ":" + encoded);
}

Result<Secret> SecretKeyRing::open(const SealedSecret& sealed) const {
    const auto key_id = sealed.key_id();
    const auto* key = find(key_id);
    if (key == nullptr) {
        return fail(ErrorCode::kInternal, "the secret was sealed under key id " + std::string(key_id) +
                                              ", which is neither KEEL_SECRET_KEY (" + current_key_id() +
                                              ") nor one of KEEL_SECRET_PREVIOUS_KEYS");
    }
    const auto encoded = std::string_view(sealed.stored_text()).substr(key_id.size() + 1);
    std::string box(encoded.size(), '\0');
    std::size_t box_length = 0;
    const char* end = nullptr;
    const bool decoded =
        sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), encoded.data(), encoded.size(),
                          nullptr, &box_length, &end, sodium_base64_VARIANT_ORIGINAL) == 0 &&
        end == encoded.data() + encoded.size() && box_length >= kNonceBytes + kTagBytes;
    const auto tampered = [&] {
        return fail(ErrorCode::kInternal, "the secret sealed under key id " + std::string(key_id) +
                                              " does not open: altered, or sealed by another key with that id");
    };
    if (!decoded) {
        return tampered();
    }
    const auto* nonce = bytes_of(box);
    std::string plaintext(box_length - kNonceBytes - kTagBytes, '\0');
    unsigned long long plaintext_length = 0;
    const int opened = crypto_aead_xchacha20poly1305_ietf_decrypt(
        reinterpret_cast<unsigned char*>(plaintext.data()), &plaintext_length, nullptr, nonce + kNonceBytes,
        box_length - kNonceBytes, bytes_of(key->id), key->id.size(), nonce, bytes_of(key->bytes.reveal()));
    if (opened != 0) {
        wipe(plaintext);
        return tampered();
    }
    return Secret(std::move(plaintext));
}

Result<SealedSecret> SecretKeyRing::reseal(const SealedSecret& sealed) const {
    auto opened = open(sealed);
    if (!opened) {
        return std::unexpected(opened.error());
    }
    return seal(opened->reveal());
}

}  // namespace keel::auth
