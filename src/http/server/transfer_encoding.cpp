#include "http/server/transfer_encoding.hpp"

#include "core/text.hpp"

namespace keel::http {

namespace {

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
    if (text.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = (text[i] >= 'A' && text[i] <= 'Z') ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
        if (c != lower[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

bool is_supported_transfer_encoding(std::span<const std::string_view> values) {
    if (values.empty()) {
        return true;
    }
    return values.size() == 1 && equals_ignoring_case(trim_blanks(values.front()), "chunked");
}

}  // namespace keel::http
