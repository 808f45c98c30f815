#include "core/rfc3339.hpp"

#include <charconv>

namespace keel {

namespace {

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    const auto* first = text.data() + at;
    const auto [end, ec] = std::from_chars(first, first + count, value);
    if (ec != std::errc{} || end != first + count || *first == '-' || *first == '+') {
        return std::nullopt;
    }
    return value;
}

bool separator_at(std::string_view text, std::size_t at, std::string_view allowed) {
    return at < text.size() && allowed.find(text[at]) != std::string_view::npos;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text) {
    const auto year = digits(text, 0, 4);
    const auto month = digits(text, 5, 2);
    const auto day = digits(text, 8, 2);
    const auto hour = digits(text, 11, 2);
    const auto minute = digits(text, 14, 2);
    const auto second = digits(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second || !separator_at(text, 4, "-") ||
        !separator_at(text, 7, "-") || !separator_at(text, 10, "Tt ") || !separator_at(text, 13, ":") ||
        !separator_at(text, 16, ":") || *hour > 23 || *minute > 59 || *second > 60) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) {
        return std::nullopt;
    }
    std::size_t at = 19;
    if (separator_at(text, at, ".")) {
        ++at;
        const auto fraction_start = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            ++at;
        }
        if (at == fraction_start) {
            return std::nullopt;
        }
    }
    std::chrono::minutes offset{0};
    if (separator_at(text, at, "Zz") && at + 1 == text.size()) {
        offset = std::chrono::minutes(0);
    } else if (separator_at(text, at, "+-") && at + 6 == text.size() && separator_at(text, at + 3, ":")) {
        const auto offset_hours = digits(text, at + 1, 2);
        const auto offset_minutes = digits(text, at + 4, 2);
        if (!offset_hours || !offset_minutes || *offset_hours > 23 || *offset_minutes > 59) {
            return std::nullopt;
        }
        offset = std::chrono::hours(*offset_hours) + std::chrono::minutes(*offset_minutes);
        if (text[at] == '-') {
            offset = -offset;
        }
    } else {
        return std::nullopt;
    }
    const auto local = std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
                       std::chrono::seconds(*second);
    return std::chrono::system_clock::time_point(local - offset);
}

}  // namespace keel
