#pragma once
// A plaintext secret in memory (a cluster's API token secret, a master key): wiped with sodium_memzero when it
// goes, never copied by accident, never printed — there is no operator<< and no implicit conversion; `reveal()`
// marks each place the plaintext is used.
#include <cstddef>
#include <string>
#include <string_view>

namespace keel::auth {

class Secret {
public:
    Secret() = default;
    // Takes the text and wipes `source`: a short std::string keeps its characters inside the object, so a plain
    // move would leave a copy behind.
    explicit Secret(std::string&& source);
    ~Secret();
    Secret(Secret&& other) noexcept;
    Secret& operator=(Secret&& other) noexcept;
    Secret(const Secret&) = delete;
    Secret& operator=(const Secret&) = delete;

    std::string_view reveal() const { return value_; }
    std::size_t size() const { return value_.size(); }
    bool empty() const { return value_.empty(); }

private:
    std::string value_;
};

// Overwrites every byte the string's buffer holds, then empties it.
void wipe(std::string& text);

}  // namespace keel::auth
