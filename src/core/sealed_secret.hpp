#pragma once
// A secret as stored: sealed by auth::SecretKeyRing, opaque to everything else. The text is
// `KEYID:BASE64` — KEYID the 8 hex digits naming the master key it was sealed under, BASE64 (standard alphabet,
// padded) of the 24-byte XChaCha20 nonce followed by the ciphertext and its 16-byte tag. Holding one reveals
// nothing; only the key ring opens it.
#include <string>
#include <string_view>

namespace keel {

class SealedSecret {
public:
    SealedSecret() = default;
    explicit SealedSecret(std::string stored_text) : text_(std::move(stored_text)) {}

    // What the database column holds.
    const std::string& stored_text() const { return text_; }
    // The id of the master key that sealed it (empty when the text has no `KEYID:` prefix).
    std::string_view key_id() const {
        const auto colon = text_.find(':');
        return colon == std::string::npos ? std::string_view{} : std::string_view(text_).substr(0, colon);
    }
    bool empty() const { return text_.empty(); }
    friend bool operator==(const SealedSecret&, const SealedSecret&) = default;

private:
    std::string text_;
};

}  // namespace keel
