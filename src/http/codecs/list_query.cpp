#include "http/codecs/list_query.hpp"

#include <charconv>
#include <chrono>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/server_status.hpp"
#include "core/text.hpp"

namespace keel::http {

namespace {

std::optional<std::string> decode_cursor(std::string_view hex) {
    if (hex.empty() || hex.size() % 2 != 0 || hex.size() > 256) {
        return std::nullopt;
    }
    std::string text;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
        if (ec != std::errc{} || end != hex.data() + i + 2) {
            return std::nullopt;
        }
        text.push_back(static_cast<char>(value));
    }
    return text;
}

bool digits_at(std::string_view text, std::size_t from, std::size_t count, int& value) {
    value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

// Exactly what the list query writes: "YYYY-MM-DDTHH:MM:SS.ffffffZ", a real calendar date. Checked here so a
// forged cursor is a 400 from us, not a cast failure inside PostgreSQL (issue #9).
bool is_cursor_timestamp(std::string_view text) {
    constexpr std::string_view kShape = "0000-00-00T00:00:00.000000Z";
    if (text.size() != kShape.size()) {
        return false;
    }
    for (std::size_t i = 0; i < kShape.size(); ++i) {
        if (kShape[i] != '0' && text[i] != kShape[i]) {
            return false;
        }
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, fraction = 0;
    if (!digits_at(text, 0, 4, year) || !digits_at(text, 5, 2, month) || !digits_at(text, 8, 2, day) ||
        !digits_at(text, 11, 2, hour) || !digits_at(text, 14, 2, minute) || !digits_at(text, 17, 2, second) ||
        !digits_at(text, 20, 6, fraction)) {
        return false;
    }
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    return year >= 1 && date.ok() && hour < 24 && minute < 60 && second < 60;
}

std::string encode_cursor(std::string_view created_at, std::string_view id) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text = std::string(created_at) + "|" + std::string(id);
    std::string hex;
    for (unsigned char c : text) {
        hex.push_back(kHex[c >> 4]);
        hex.push_back(kHex[c & 0x0f]);
    }
    return hex;
}

namespace {

// Reads the query string of `target` into a Query: `read_param(query, key, value)` takes one parameter and returns
// what is wrong with it, if anything. Every parameter is read, so all the errors are told at once.
template <class Query, class ReadParam>
Decoded<Query> decode_query(std::string_view target, ReadParam read_param) {
    auto url = boost::urls::parse_origin_form(target);
    if (!url) {
        return std::unexpected(std::vector<FieldError>{{"query", "is not a valid query string"}});
    }
    Query query;
    std::vector<FieldError> errors;
    for (const auto& param : url->params()) {
        if (auto error = read_param(query, std::string_view(param.key), std::string_view(param.value))) {
            errors.push_back(std::move(*error));
        }
    }
    if (!errors.empty()) {
        return std::unexpected(std::move(errors));
    }
    return query;
}

std::optional<FieldError> read_limit(std::string_view value, int max, int& limit) {
    const auto parsed = parse_whole_number<int>(value);
    if (!parsed || *parsed < 1 || *parsed > max) {
        return FieldError{"limit", "must be a whole number from 1 to " + std::to_string(max)};
    }
    limit = *parsed;
    return std::nullopt;
}

FieldError unknown_parameter(std::string_view key) {
    return {std::string(key), "is not a known query parameter"};
}

}  // namespace

Decoded<ServerListQuery> decode_server_list_query(std::string_view target) {
    return decode_query<ServerListQuery>(
        target, [](ServerListQuery& query, std::string_view key, std::string_view value) -> std::optional<FieldError> {
            if (key == "limit") {
                return read_limit(value, kMaxServerPage, query.limit);
            }
            if (key == "status") {
                if (!parse_server_status(value)) {
                    return FieldError{"status", "is not a server status"};
                }
                query.status = std::string(value);
                return std::nullopt;
            }
            if (key == "owner_id") {
                const auto owner = parse_whole_number<std::int64_t>(value);
                if (!owner || *owner <= 0) {
                    return FieldError{"owner_id", "must be a user id"};
                }
                query.owner_id = UserId{*owner};
                return std::nullopt;
            }
            if (key == "cursor") {
                auto cursor = decode_cursor(value);
                const auto bar = cursor ? cursor->find('|') : std::string::npos;
                if (bar == std::string::npos || !is_cursor_timestamp(std::string_view(*cursor).substr(0, bar)) ||
                    !is_uuid(std::string_view(*cursor).substr(bar + 1))) {
                    return FieldError{"cursor", "is not a cursor this API returned"};
                }
                query.after_created_at = cursor->substr(0, bar);
                query.after_id = cursor->substr(bar + 1);
                return std::nullopt;
            }
            return unknown_parameter(key);
        });
}

Decoded<UserListQuery> decode_user_list_query(std::string_view target) {
    return decode_query<UserListQuery>(
        target, [](UserListQuery& query, std::string_view key, std::string_view value) -> std::optional<FieldError> {
            if (key == "limit") {
                return read_limit(value, kMaxUserPage, query.limit);
            }
            if (key == "cursor") {
                const auto after = parse_whole_number<std::int64_t>(value);
                if (!after || *after < 1) {
                    return FieldError{"cursor", "is not a cursor this API returned"};
                }
                query.after_id = *after;
                return std::nullopt;
            }
            return unknown_parameter(key);
        });
}

}  // namespace keel::http
