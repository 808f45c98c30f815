#include "db/array_params.hpp"

#include <string_view>

namespace keel::db {

namespace {

void append_quoted_element(std::string& out, std::string_view value) {
    out.push_back('"');
    for (char c : value) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    out.push_back('"');
}

}  // namespace

std::string id_array(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += (i == 0 ? "" : ",") + (ids[i] == 0 ? std::string("NULL") : std::to_string(ids[i]));
    }
    return out + "}";
}

std::string text_array(const std::vector<std::string>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += i == 0 ? "" : ",";
        append_quoted_element(out, values[i]);
    }
    return out + "}";
}

std::string optional_text_array(const std::vector<std::optional<std::string>>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += i == 0 ? "" : ",";
        if (values[i]) {
            append_quoted_element(out, *values[i]);
        } else {
            out += "NULL";
        }
    }
    return out + "}";
}

std::string optional_number_array(const std::vector<std::optional<std::int64_t>>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += (i == 0 ? "" : ",") + (values[i] ? std::to_string(*values[i]) : std::string("NULL"));
    }
    return out + "}";
}

}  // namespace keel::db
