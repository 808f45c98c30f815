#pragma once
// Small text helpers shared by the parsers of outside input (HTTP headers, WHMCS text, configuration.php).
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keel {

// Appends the UTF-8 encoding of `code`. The caller has checked it is a Unicode scalar value (no surrogate,
// at most U+10FFFF): this writes, it does not judge.
void append_utf8(std::string& out, std::uint32_t code);

// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace, RFC 9110 §5.6.3).
std::string_view trim_blanks(std::string_view text);

// `text` as a number of type T when it is one and nothing else (no sign where T has none, no blanks, no rest).
template <class T>
std::optional<T> parse_whole_number(std::string_view text) {
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace keel
