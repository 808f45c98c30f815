#include "auth/secret.hpp"

#include <sodium.h>

namespace keel::auth {

void wipe(std::string& text) {
    sodium_memzero(text.data(), text.capacity());
    text.clear();
}

Secret::Secret(std::string&& source) {
    value_.reserve(source.size());
    value_.assign(source);
    wipe(source);
}

Secret::~Secret() {
    wipe(value_);
}

Secret::Secret(Secret&& other) noexcept {
    value_.reserve(other.value_.size());
    value_.assign(other.value_);
    wipe(other.value_);
}

Secret& Secret::operator=(Secret&& other) noexcept {
    if (this != &other) {
        wipe(value_);
        value_.reserve(other.value_.size());
        value_.assign(other.value_);
        wipe(other.value_);
    }
    return *this;
}

}  // namespace keel::auth
