#include "core/server_spec.hpp"

#include "core/slug.hpp"

#include <cctype>
#include <string>

namespace keel {

namespace {

bool is_label_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
}

void check_range(std::vector<FieldError>& errors, const char* field, int value, int min, int max) {
    if (value < min || value > max) {
        errors.push_back({field, "must be between " + std::to_string(min) + " and " + std::to_string(max)});
    }
}

}  // namespace

bool is_valid_hostname(std::string_view hostname) {
    if (hostname.empty() || hostname.size() > 253) {
        return false;
    }
    std::size_t start = 0;
    while (start <= hostname.size()) {
        const auto dot = hostname.find('.', start);
        const auto end = dot == std::string_view::npos ? hostname.size() : dot;
        const auto label = hostname.substr(start, end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (char c : label) {
            if (!is_label_char(c)) {
                return false;
            }
        }
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return true;
}

std::vector<FieldError> validate_server_spec(const ServerSpec& spec, const SpecLimits& limits) {
    std::vector<FieldError> errors;
    if (!is_valid_hostname(spec.hostname)) {
        errors.push_back({"hostname", "must be an RFC 1123 host name of at most 253 characters"});
    }
    check_range(errors, "cpu_cores", spec.cpu_cores, limits.min_cpu_cores, limits.max_cpu_cores);
    check_range(errors, "ram_mb", spec.ram_mb, limits.min_ram_mb, limits.max_ram_mb);
    check_range(errors, "disk_gb", spec.disk_gb, limits.min_disk_gb, limits.max_disk_gb);
    if (!is_valid_slug(spec.os_image)) {
        errors.push_back({"os_image", "must be an image slug such as debian-12 (a-z, 0-9, '.', '_', '-')"});
    }
    if (!is_valid_slug(spec.datacenter)) {
        errors.push_back({"datacenter", "must be a datacenter slug such as fra1 (a-z, 0-9, '.', '_', '-')"});
    }
    return errors;
}

}  // namespace keel
