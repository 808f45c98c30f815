#include "migrate/units.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
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

Quantity scan(std::string_view text) {
    Quantity quantity;
    const std::string lowered = lower_ascii(text);
    std::size_t i = 0;
    while (i < lowered.size() && std::isdigit(static_cast<unsigned char>(lowered[i])) == 0) {
        ++i;
    }
    if (i == lowered.size()) {
        return quantity;
    }
    double value = 0;
    auto [end, ec] = std::from_chars(lowered.data() + i, lowered.data() + lowered.size(), value);
    if (ec != std::errc{}) {
        return quantity;
    }
    std::size_t j = static_cast<std::size_t>(end - lowered.data());
    // "2x 2 TB": a multiplier, then the real quantity.
    if (j < lowered.size() && lowered[j] == 'x' &&
        (j + 1 == lowered.size() || lowered[j + 1] == ' ' ||
         std::isdigit(static_cast<unsigned char>(lowered[j + 1])) != 0)) {
        auto rest = scan(std::string_view(lowered).substr(j + 1));
        if (rest.found) {
            rest.multiplier *= value;
            return rest;
        }
    }
    while (j < lowered.size() && lowered[j] == ' ') {
        ++j;
    }
    while (j < lowered.size() && std::isalpha(static_cast<unsigned char>(lowered[j])) != 0) {
        quantity.unit.push_back(lowered[j++]);
    }
    quantity.number = value;
    quantity.found = true;
    return quantity;
}

std::optional<int> to_int(double value) {
    if (value <= 0 || value > 1e9 || std::isnan(value)) {
        return std::nullopt;
    }
    return static_cast<int>(std::lround(value));
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
