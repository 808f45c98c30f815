#include "migrate/json_text.hpp"

#include "core/log.hpp"

namespace keel::migrate {

std::string json_string(std::string_view text) {
    std::string out = "\"";
    log::append_json_escaped(out, text);
    out.push_back('"');
    return out;
}

void JsonObject::key(std::string_view name) {
    if (!body_.empty()) {
        body_.push_back(',');
    }
    body_ += json_string(name);
    body_.push_back(':');
}

JsonObject& JsonObject::add(std::string_view name, std::string_view value) {
    key(name);
    body_ += json_string(value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::int64_t value) {
    key(name);
    body_ += std::to_string(value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, bool value) {
    key(name);
    body_ += value ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::add_null(std::string_view name) {
    key(name);
    body_ += "null";
    return *this;
}

JsonObject& JsonObject::add_raw(std::string_view name, std::string_view json) {
    key(name);
    body_ += json;
    return *this;
}

}  // namespace keel::migrate
