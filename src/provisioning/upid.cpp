#include "provisioning/upid.hpp"

#include <charconv>
#include <cstdio>
#include <vector>

namespace keel::provisioning {

namespace {

std::optional<std::uint64_t> parse_hex(std::string_view text, std::size_t min_digits, std::size_t max_digits) {
    if (text.size() < min_digits || text.size() > max_digits) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

bool plain_field(std::string_view text, bool may_be_empty) {
    if (text.empty()) {
        return may_be_empty;
    }
    for (char c : text) {
        if (c == ':' || c == '/' || c == ' ' || c == '\t' || c == '\n') {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string Upid::to_string() const {
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, "%08X:%08llX:%08X", pid, static_cast<unsigned long long>(pstart), starttime);
    return "UPID:" + node + ":" + numbers + ":" + type + ":" + id + ":" + user + ":";
}

std::optional<Upid> Upid::parse(std::string_view text) {
    if (!text.starts_with("UPID:") || !text.ends_with(":")) {
        return std::nullopt;
    }
    std::vector<std::string_view> fields;
    std::size_t start = 5;
    while (start < text.size()) {
        const auto colon = text.find(':', start);
        fields.push_back(text.substr(start, colon - start));
        start = colon + 1;
    }
    if (fields.size() != 7) {
        return std::nullopt;
    }
    const auto pid = parse_hex(fields[1], 8, 8);
    const auto pstart = parse_hex(fields[2], 8, 9);
    const auto starttime = parse_hex(fields[3], 8, 8);
    if (!pid || !pstart || !starttime || !plain_field(fields[0], false) || !plain_field(fields[4], false) ||
        !plain_field(fields[5], true) || !plain_field(fields[6], false)) {
        return std::nullopt;
    }
    return Upid{std::string(fields[0]),
                static_cast<std::uint32_t>(*pid),
                *pstart,
                static_cast<std::uint32_t>(*starttime),
                std::string(fields[4]),
                std::string(fields[5]),
                std::string(fields[6])};
}

}  // namespace keel::provisioning
