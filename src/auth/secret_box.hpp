#pragma once
// Seals secrets at rest (issue #10): XChaCha20-Poly1305 (libsodium crypto_aead_xchacha20poly1305_ietf) under a
// 32-byte master key, a fresh random 24-byte nonce per seal, the key id bound as associated data (a sealed text
// relabelled with another key id does not open). Sealed form: see core/sealed_secret.hpp.
//
// The key id is the first 8 hex digits of SHA-256 of the key, so it needs no setting of its own and a wrong key
// shows up as "sealed under key id X, which this ring does not hold". Rotation: start Keel with the new key as
// current and the old one as previous, run `keel-api secrets rotate`, then drop the previous key.
#include <string>
#include <string_view>
#include <vector>

#include "auth/secret.hpp"
#include "core/result.hpp"
#include "core/sealed_secret.hpp"

namespace keel::auth {

// Where the master keys come from: KEEL_SECRET_KEY / KEEL_SECRET_KEY_FILE (exactly one) and, only to open
// what older keys sealed, KEEL_SECRET_PREVIOUS_KEYS (comma-separated) / KEEL_SECRET_PREVIOUS_KEYS_FILE (one per
// line or comma-separated). Every key is 64 hex digits (32 bytes), e.g. from `openssl rand -hex 32`.
struct SecretKeySettings {
    std::string key;
    std::string key_file;
    std::string previous_keys;
    std::string previous_keys_file;
};

class SecretKeyRing {
public:
    // kInvalidArgument with a one-line reason (never the key itself) for a missing or malformed key.
    static Result<SecretKeyRing> load(const SecretKeySettings& settings);
    // From key texts directly (64 hex digits each, surrounding blanks ignored).
    static Result<SecretKeyRing> from_hex(std::string_view current, const std::vector<std::string>& previous = {});

    const std::string& current_key_id() const { return keys_.front().id; }

    // Seals under the current key.
    SealedSecret seal(std::string_view plaintext) const;
    // kInternal naming the key id when the ring lacks that key, or when the text was altered (or sealed by a
    // different key that happens to share the id).
    Result<Secret> open(const SealedSecret& sealed) const;
    // Opens with whichever key sealed it and seals again under the current key.
    Result<SealedSecret> reseal(const SealedSecret& sealed) const;

private:
    struct Key {
        std::string id;
        Secret bytes;  // 32 raw bytes
    };
    explicit SecretKeyRing(std::vector<Key> keys) : keys_(std::move(keys)) {}
    const Key* find(std::string_view key_id) const;

    std::vector<Key> keys_;  // front: the current key
};

}  // namespace keel::auth
