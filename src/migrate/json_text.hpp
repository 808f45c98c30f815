#pragma once
// Writes small JSON objects (server attributes, the run report) without a JSON library: Boost.JSON stays in
// src/http. Keys keep insertion order.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keel::migrate {

class JsonObject {
public:
    JsonObject& add(std::string_view key, std::string_view value);
    JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
    JsonObject& add(std::string_view key, std::int64_t value);
    JsonObject& add(std::string_view key, int value) { return add(key, static_cast<std::int64_t>(value)); }
    JsonObject& add(std::string_view key, bool value);
    JsonObject& add_null(std::string_view key);
    // `json` must already be valid JSON (a nested object or array).
    JsonObject& add_raw(std::string_view key, std::string_view json);
    template <class T>
    JsonObject& add(std::string_view key, const std::optional<T>& value) {
        return value ? add(key, *value) : add_null(key);
    }

    bool empty() const { return body_.empty(); }
    std::string str() const { return "{" + body_ + "}"; }

private:
    void key(std::string_view name);
    std::string body_;
};

std::string json_string(std::string_view text);

}  // namespace keel::migrate
