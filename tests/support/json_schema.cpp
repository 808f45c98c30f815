#include "json_schema.hpp"

#include <set>
#include <string_view>

#include <boost/json/serialize.hpp>

namespace keel::testing {

namespace json = boost::json;

namespace {

const std::set<std::string_view> kAnnotations{"description", "writeOnly", "readOnly", "title", "format", "examples"};
const std::set<std::string_view> kChecked{
    "$ref", "type", "enum", "properties", "required", "additionalProperties", "items", "minimum", "maximum"};

bool has_type(const json::value& instance, std::string_view type) {
    if (type == "object") {
        return instance.is_object();
    }
    if (type == "array") {
        return instance.is_array();
    }
    if (type == "string") {
        return instance.is_string();
    }
    if (type == "integer") {
        return instance.is_int64() || instance.is_uint64() ||
               (instance.is_double() &&
                instance.as_double() == static_cast<double>(static_cast<long long>(instance.as_double())));
    }
    if (type == "number") {
        return instance.is_number();
    }
    if (type == "boolean") {
        return instance.is_bool();
    }
    if (type == "null") {
        return instance.is_null();
    }
    return false;
}

double number_of(const json::value& value) {
    return value.is_int64()    ? static_cast<double>(value.as_int64())
           : value.is_uint64() ? static_cast<double>(value.as_uint64())
                               : value.as_double();
}

void check(const json::value& root, const json::value& schema, const json::value& instance, const std::string& where,
           std::vector<std::string>& errors, int depth) {
    if (depth > 64) {
        errors.push_back(where + ": $ref nesting too deep");
        return;
    }
    if (!schema.is_object()) {
        errors.push_back(where + ": schema is not an object");
        return;
    }
    const auto& rules = schema.as_object();
    for (const auto& [keyword, value] : rules) {
        if (!kChecked.contains(keyword) && !kAnnotations.contains(keyword)) {
            errors.push_back(where + ": schema keyword '" + std::string(keyword) +
                             "' is not checked by this validator");
        }
    }
    if (const auto* ref = rules.if_contains("$ref")) {
        const auto* target = json_pointer(root, std::string(ref->as_string()));
        if (target == nullptr) {
            errors.push_back(where + ": unresolved $ref " + std::string(ref->as_string()));
            return;
        }
        check(root, *target, instance, where, errors, depth + 1);
    }
    if (const auto* type = rules.if_contains("type")) {
        bool matched = false;
        if (type->is_string()) {
            matched = has_type(instance, type->as_string());
        } else {
            for (const auto& one : type->as_array()) {
                matched = matched || has_type(instance, one.as_string());
            }
        }
        if (!matched) {
            errors.push_back(where + ": " + json::serialize(instance) + " is not of type " + json::serialize(*type));
            return;
        }
    }
    if (const auto* allowed = rules.if_contains("enum")) {
        bool found = false;
        for (const auto& one : allowed->as_array()) {
            found = found || one == instance;
        }
        if (!found) {
            errors.push_back(where + ": " + json::serialize(instance) + " is not one of " + json::serialize(*allowed));
        }
    }
    if (instance.is_number()) {
        if (const auto* minimum = rules.if_contains("minimum"); minimum && number_of(instance) < number_of(*minimum)) {
            errors.push_back(where + ": below the minimum");
        }
        if (const auto* maximum = rules.if_contains("maximum"); maximum && number_of(instance) > number_of(*maximum)) {
            errors.push_back(where + ": above the maximum");
        }
    }
    if (instance.is_array()) {
        if (const auto* items = rules.if_contains("items")) {
            for (std::size_t i = 0; i < instance.as_array().size(); ++i) {
                check(root, *items, instance.as_array()[i], where + "/" + std::to_string(i), errors, depth);
            }
        }
    }
    if (!instance.is_object()) {
        return;
    }
    const auto& object = instance.as_object();
    if (const auto* required = rules.if_contains("required")) {
        for (const auto& name : required->as_array()) {
            if (!object.contains(name.as_string())) {
                errors.push_back(where + ": missing required property '" + std::string(name.as_string()) + "'");
            }
        }
    }
    const auto* properties = rules.if_contains("properties");
    const auto* additional = rules.if_contains("additionalProperties");
    for (const auto& [name, value] : object) {
        const std::string at = where + "/" + std::string(name);
        if (properties != nullptr && properties->as_object().contains(name)) {
            check(root, properties->as_object().at(name), value, at, errors, depth);
        } else if (additional != nullptr && additional->is_bool() && !additional->as_bool()) {
            errors.push_back(at + ": property not in the schema (additionalProperties: false)");
        } else if (additional != nullptr && additional->is_object()) {
            check(root, *additional, value, at, errors, depth);
        }
    }
}

}  // namespace

const json::value* json_pointer(const json::value& root, std::string pointer) {
    if (pointer.starts_with("#")) {
        pointer.erase(0, 1);
    }
    const json::value* current = &root;
    std::size_t start = 0;
    while (start < pointer.size()) {
        if (pointer[start] != '/') {
            return nullptr;
        }
        const auto end = pointer.find('/', start + 1);
        std::string token = pointer.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
        for (std::size_t at = 0; (at = token.find('~', at)) != std::string::npos; ++at) {
            token.replace(at, 2, token.compare(at, 2, "~1") == 0 ? "/" : "~");
        }
        if (!current->is_object() || !current->as_object().contains(token)) {
            return nullptr;
        }
        current = &current->as_object().at(token);
        start = end == std::string::npos ? pointer.size() : end;
    }
    return current;
}

std::vector<std::string> schema_errors(const json::value& root, const json::value& schema,
                                       const json::value& instance) {
    std::vector<std::string> errors;
    check(root, schema, instance, "", errors, 0);
    return errors;
}

}  // namespace keel::testing
