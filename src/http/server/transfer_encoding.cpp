#include "http/server/transfer_encoding.hpp"

namespace keel::http {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

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
    return values.size() == 1 && equals_ignoring_case(trim(values.front()), "chunked");
}

}  // namespace keel::http
