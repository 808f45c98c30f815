#include "migrate/units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "migrate/text.hpp"

namespace keel::migrate {

namespace {

struct Quantity {
    double multiplier = 1;  // "2x 2 TB" → 2
    double number = 0;
    std::string unit;  // lower-case letters right after the number: "gb", "tb", "g", "vcpu"
    bool found = false;
};

struct Number {
    double value = 0;
    std::size_t end = 0;  // offset just past the number
};

std::optional<Number> first_number(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
        ++i;
    }
    if (i == text.size()) {
        return std::nullopt;
    }
    Number number;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), number.value);
    if (ec != std::errc{}) {
        return std::nullopt;
    }
    number.end = static_cast<std::size_t>(end - text.data());
    return number;
}

// "2x 2 TB": multipliers, then the real quantity. A loop, not recursion: "2x2x2x…" must not grow the stack.
Quantity scan(std::string_view text) {
    Quantity quantity;
    const std::string lowered = lower_ascii(text);
    std::string_view rest = lowered;
    auto number = first_number(rest);
    if (!number) {
        return quantity;
    }
    for (;;) {
        const std::size_t j = number->end;
        const bool times =
            j < rest.size() && rest[j] == 'x' &&
            (j + 1 == rest.size() || rest[j + 1] == ' ' || std::isdigit(static_cast<unsigned char>(rest[j + 1])) != 0);
        auto next = times ? first_number(rest.substr(j + 1)) : std::nullopt;
        if (!next) {
            break;
        }
        quantity.multiplier *= number->value;
        rest = rest.substr(j + 1);
        number = next;
    }
    std::size_t j = number->end;
    while (j < rest.size() && rest[j] == ' ') {
        ++j;
    }
    while (j < rest.size() && std::isalpha(static_cast<unsigned char>(rest[j])) != 0) {
        quantity.unit.push_back(rest[j++]);
    }
    quantity.number = number->value;
    quantity.found = true;
    return quantity;
}

// A size that rounds to 0 ("100 MB" of disk is 0 GB) is no size: Keel's columns hold positive integers.
std::optional<int> to_int(double value) {
    if (!(value > 0) || value > 1e9) {
        return std::nullopt;
    }
    const auto rounded = std::lround(value);
    return rounded >= 1 ? std::optional<int>(static_cast<int>(rounded)) : std::nullopt;
}

}  // namespace

std::optional<int> parse_ram_mb(std::string_view text) {
    const auto q = scan(text);
    if (!q.found) {
        return std::nullopt;
    }
    const double n = q.number * q.multiplier;
    if (q.unit.starts_with("t")) {
        return to_int(n * 1024 * 1024);
    }
    if (q.unit.starts_with("g")) {
        return to_int(n * 1024);
    }
    if (q.unit.starts_with("m")) {
        return to_int(n);
    }
    if (!q.unit.empty()) {
        return std::nullopt;
    }
    return to_int(n >= 128 ? n : n * 1024);
}

std::optional<int> parse_cpu_cores(std::string_view text) {
    const auto q = scan(text);
    if (!q.found || q.number != std::floor(q.number)) {
        return std::nullopt;
    }
    const bool known_unit = q.unit.empty() || q.unit.starts_with("core") || q.unit.starts_with("vcore") ||
                            q.unit.starts_with("vcpu") || q.unit.starts_with("cpu") || q.unit.starts_with("thread");
    return known_unit ? to_int(q.number * q.multiplier) : std::nullopt;
}

std::optional<int> parse_disk_gb(std::string_view text) {
    const auto q = scan(text);
    if (!q.found) {
        return std::nullopt;
    }
    const double n = q.number * q.multiplier;
    if (q.unit.starts_with("t")) {
        return to_int(n * 1000);
    }
    if (q.unit.starts_with("m")) {
        return to_int(n / 1000);
    }
    return to_int(n);
}

std::optional<int> parse_count(std::string_view text) {
    const auto trimmed = trim(text);
    int value = 0;
    const auto [end, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
    if (ec != std::errc{} || value < 0) {
        return std::nullopt;
    }
    (void)end;
    return value;
}

}  // namespace keel::migrate
