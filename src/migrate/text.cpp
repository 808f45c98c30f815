#include "migrate/text.hpp"

#include "core/text.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace keel::migrate {

namespace {

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 22> kNamed{{
    {"amp", '&'},     {"quot", '"'},    {"lt", '<'},      {"gt", '>'},       {"apos", '\''},   {"nbsp", 0xA0},
    {"eacute", 0xE9}, {"egrave", 0xE8}, {"agrave", 0xE0}, {"auml", 0xE4},    {"ouml", 0xF6},   {"uuml", 0xFC},
    {"Auml", 0xC4},   {"Ouml", 0xD6},   {"Uuml", 0xDC},   {"szlig", 0xDF},   {"ccedil", 0xE7}, {"ntilde", 0xF1},
    {"euro", 0x20AC}, {"copy", 0xA9},   {"reg", 0xAE},    {"trade", 0x2122},
}};

constexpr std::uint32_t kReplacementCharacter = 0xFFFD;

// Numeric references to what is not a Unicode scalar value (NUL, a UTF-16 surrogate, beyond U+10FFFF) become
// U+FFFD, as browsers render them: encoding a surrogate would write invalid UTF-8, which PostgreSQL rejects
// with the whole COPY batch, every re-run again (#9).
std::optional<std::uint32_t> numeric_entity_code(std::string_view digits, int base) {
    std::uint32_t code = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code, base);
    if (digits.empty() || end != digits.data() + digits.size() ||
        (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
        return std::nullopt;
    }
    const bool scalar = ec == std::errc{} && code != 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
    return scalar ? code : kReplacementCharacter;
}

std::optional<std::uint32_t> entity_code(std::string_view name) {
    if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        return numeric_entity_code(name.substr(hex ? 2 : 1), hex ? 16 : 10);
    }
    for (const auto& [entity, code] : kNamed) {
        if (entity == name) {
            return code;
        }
    }
    return std::nullopt;
}

// An entity name is at most 9 characters ("&#x10FFFF;" is the longest we read), so look no further for ';'.
constexpr std::size_t kLongestEntity = 10;

std::string decode_once(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            const auto semicolon = text.substr(i + 1, kLongestEntity).find(';');
            if (semicolon != std::string_view::npos) {
                if (auto code = entity_code(text.substr(i + 1, semicolon))) {
                    append_utf8(out, *code);
                    i += semicolon + 1;
                    continue;
                }
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

struct Utf8Step {
    std::size_t length;  // bytes of the sequence, or of the ill-formed prefix to replace
    bool valid;
};

// One step through UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF.
// An ill-formed sequence is consumed as its maximal subpart (Unicode 15, 3.9), so it becomes one U+FFFD.
Utf8Step utf8_step(std::string_view text) {
    const auto lead = static_cast<unsigned char>(text[0]);
    if (lead < 0x80) {
        return {1, true};
    }
    std::size_t length = 0;
    unsigned char second_low = 0x80;
    unsigned char second_high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        second_low = lead == 0xE0 ? 0xA0 : 0x80;   // below: overlong
        second_high = lead == 0xED ? 0x9F : 0xBF;  // above: a surrogate
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        second_low = lead == 0xF0 ? 0x90 : 0x80;   // below: overlong
        second_high = lead == 0xF4 ? 0x8F : 0xBF;  // above: beyond U+10FFFF
    } else {
        return {1, false};
    }
    for (std::size_t k = 1; k < length; ++k) {
        if (k >= text.size()) {
            return {k, false};
        }
        const auto c = static_cast<unsigned char>(text[k]);
        if (c < (k == 1 ? second_low : 0x80) || c > (k == 1 ? second_high : 0xBF)) {
            return {k, false};
        }
    }
    return {length, true};
}

}  // namespace

std::string decode_html(std::string_view text) {
    std::string current = to_valid_utf8(text);
    for (int round = 0; round < 3; ++round) {
        auto next = decode_once(current);
        if (next == current) {
            break;
        }
        current = std::move(next);
    }
    return current;
}

std::string to_valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto step = utf8_step(text.substr(i));
        if (step.valid && text[i] != '\0') {
            out.append(text.substr(i, step.length));
        } else {
            append_utf8(out, kReplacementCharacter);
        }
        i += step.length;
    }
    return out;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

PipeValue split_pipe(std::string_view text) {
    const auto pipe = text.find('|');
    if (pipe == std::string_view::npos) {
        auto whole = trim(text);
        return {whole, whole};
    }
    return {trim(text.substr(0, pipe)), trim(text.substr(pipe + 1))};
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto step = utf8_step(text.substr(i));
        if (!step.valid) {
            return false;
        }
        i += step.length;
    }
    return true;
}

std::optional<std::string> repair_mojibake(std::string_view text) {
    if (!is_valid_utf8(text)) {
        return std::nullopt;
    }
    // Every code point must fit one latin1 byte; the bytes must then form multi-byte UTF-8.
    std::string bytes;
    bool any_high = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            bytes.push_back(static_cast<char>(c));
            ++i;
        } else if (c == 0xC2 || c == 0xC3) {  // U+0080..U+00FF: one latin1 byte; anything above is not mojibake
            const auto code =
                static_cast<std::uint32_t>(((c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F));
            bytes.push_back(static_cast<char>(code));
            any_high = true;
            i += 2;
        } else {
            return std::nullopt;
        }
    }
    if (!any_high || !is_valid_utf8(bytes) || bytes == text) {
        return std::nullopt;
    }
    return bytes;
}

}  // namespace keel::migrate
