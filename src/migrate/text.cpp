#include "migrate/text.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace keel::migrate {

namespace {

void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 22> kNamed{{
    {"amp", '&'},     {"quot", '"'},    {"lt", '<'},      {"gt", '>'},       {"apos", '\''},   {"nbsp", 0xA0},
    {"eacute", 0xE9}, {"egrave", 0xE8}, {"agrave", 0xE0}, {"auml", 0xE4},    {"ouml", 0xF6},   {"uuml", 0xFC},
    {"Auml", 0xC4},   {"Ouml", 0xD6},   {"Uuml", 0xDC},   {"szlig", 0xDF},   {"ccedil", 0xE7}, {"ntilde", 0xF1},
    {"euro", 0x20AC}, {"copy", 0xA9},   {"reg", 0xAE},    {"trade", 0x2122},
}};

std::optional<std::uint32_t> entity_code(std::string_view name) {
    if (name.size() > 1 && name[0] == '#') {
        std::uint32_t code = 0;
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const auto digits = name.substr(hex ? 2 : 1);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
        if (ec != std::errc{} || end != digits.data() + digits.size() || code == 0 || code > 0x10FFFF) {
            return std::nullopt;
        }
        return code;
    }
    for (const auto& [entity, code] : kNamed) {
        if (entity == name) {
            return code;
        }
    }
    return std::nullopt;
}

std::string decode_once(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            const auto semicolon = text.find(';', i + 1);
            if (semicolon != std::string_view::npos && semicolon - i <= 10) {
                if (auto code = entity_code(text.substr(i + 1, semicolon - i - 1))) {
                    append_utf8(out, *code);
                    i = semicolon;
                    continue;
                }
            }
        }
        out.push_back(text[i]);
    }
    return out;
}

}  // namespace

std::string decode_html(std::string_view text) {
    std::string current(text);
    for (int round = 0; round < 3; ++round) {
        auto next = decode_once(current);
        if (next == current) {
            break;
        }
        current = std::move(next);
    }
    return current;
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
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        if (c < 0x80) {
            extra = 0;
        } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
            extra = 1;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
        } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
            extra = 3;
        } else {
            return false;
        }
        if (i + extra >= text.size() && extra > 0) {
            return false;
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += extra + 1;
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
        } else if ((c & 0xE0) == 0xC0) {
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
