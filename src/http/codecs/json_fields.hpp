#pragma once
// Reads a request's JSON object field by field, collecting one FieldError per bad field, so a client learns
// everything wrong with its request at once.
#include <cstdint>
#include <expected>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "core/server_spec.hpp"

namespace keel::http {

template <class T>
using Decoded = std::expected<T, std::vector<FieldError>>;

// kInvalidArgument when the body is not JSON, or not a JSON object.
Result<boost::json::object> parse_json_object(std::string_view body);

class FieldReader {
public:
    explicit FieldReader(const boost::json::object& object) : object_(object) {}

    // A string without NUL characters.
    std::string required_string(std::string_view field);
    int required_int(std::string_view field);
    // Absent or null: nullopt (PATCH bodies, optional members).
    std::optional<std::string> optional_string(std::string_view field);
    std::optional<bool> optional_bool(std::string_view field);
    // Absent or null: nullopt; otherwise like required_int but 64-bit.
    std::optional<std::int64_t> optional_int64(std::string_view field);
    // Fields the endpoint does not know are refused: a typo ("ram" for "ram_mb") must not pass silently.
    void reject_unknown(std::initializer_list<std::string_view> known);

    bool ok() const { return errors_.empty(); }
    std::vector<FieldError> take_errors() { return std::move(errors_); }

private:
    const boost::json::value* find(std::string_view field);
    const boost::json::object& object_;
    std::vector<FieldError> errors_;
};

}  // namespace keel::http
