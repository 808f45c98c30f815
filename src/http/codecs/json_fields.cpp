#include "http/codecs/json_fields.hpp"

#include <algorithm>
#include <limits>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace keel::http {

namespace json = boost::json;

Result<json::object> parse_json_object(std::string_view body) {
    boost::system::error_code ec;
    json::value value = json::parse(body, ec);
    if (ec) {
        return fail(ErrorCode::kInvalidArgument, "the body is not valid JSON: " + ec.message());
    }
    if (!value.is_object()) {
        return fail(ErrorCode::kInvalidArgument, "the body must be a JSON object");
    }
    return std::move(value.as_object());
}

const json::value* FieldReader::find(std::string_view field) {
    const auto* value = object_.if_contains(field);
    if (value == nullptr || value->is_null()) {
        errors_.push_back({std::string(field), "is required"});
        return nullptr;
    }
    return value;
}

std::string FieldReader::required_string(std::string_view field) {
    const auto* value = find(field);
    if (value == nullptr) {
        return {};
    }
    if (!value->is_string()) {
        errors_.push_back({std::string(field), "must be a string"});
        return {};
    }
    const auto& text = value->as_string();
    // libpq takes parameters as C strings: "a@b.c\u0000x" would reach PostgreSQL as "a@b.c". No text field of
    // any request may carry a NUL, so nothing is ever compared or stored cut short.
    if (std::find(text.begin(), text.end(), '\0') != text.end()) {
        errors_.push_back({std::string(field), "must not contain NUL characters"});
        return {};
    }
    return std::string(text);
}

int FieldReader::required_int(std::string_view field) {
    const auto* value = find(field);
    if (value == nullptr) {
        return 0;
    }
    constexpr auto kMax = std::numeric_limits<int>::max();
    constexpr auto kMin = std::numeric_limits<int>::min();
    if (value->is_int64() && value->as_int64() >= kMin && value->as_int64() <= kMax) {
        return static_cast<int>(value->as_int64());
    }
    if (value->is_uint64() && value->as_uint64() <= static_cast<std::uint64_t>(kMax)) {
        return static_cast<int>(value->as_uint64());
    }
    errors_.push_back({std::string(field), value->is_number() ? "is out of range" : "must be an integer"});
    return 0;
}

std::optional<std::string> FieldReader::optional_string(std::string_view field) {
    const auto* value = object_.if_contains(field);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    const auto errors_before = errors_.size();
    auto text = required_string(field);
    if (errors_.size() != errors_before) {
        return std::nullopt;  // already reported: no second complaint about the empty value
    }
    return text;
}

std::optional<bool> FieldReader::optional_bool(std::string_view field) {
    const auto* value = object_.if_contains(field);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!value->is_bool()) {
        errors_.push_back({std::string(field), "must be true or false"});
        return std::nullopt;
    }
    return value->as_bool();
}

std::optional<std::int64_t> FieldReader::optional_int64(std::string_view field) {
    const auto* value = object_.if_contains(field);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (value->is_int64()) {
        return value->as_int64();
    }
    if (value->is_uint64() && value->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<std::int64_t>(value->as_uint64());
    }
    errors_.push_back({std::string(field), value->is_number() ? "is out of range" : "must be an integer"});
    return std::nullopt;
}

void FieldReader::reject_unknown(std::initializer_list<std::string_view> known) {
    for (const auto& member : object_) {
        if (std::find(known.begin(), known.end(), member.key()) == known.end()) {
            errors_.push_back({std::string(member.key()), "is not a known field"});
        }
    }
}

}  // namespace keel::http
