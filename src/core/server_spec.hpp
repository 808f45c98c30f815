#pragma once
// What a customer asks for when ordering a server, and the rules a request must meet.
#include <string>
#include <vector>

namespace keel {

struct ServerSpec {
    std::string hostname;
    int cpu_cores = 0;
    int ram_mb = 0;
    int disk_gb = 0;
    std::string os_image;
    std::string datacenter;
};

struct FieldError {
    std::string field;
    std::string message;
    friend bool operator==(const FieldError&, const FieldError&) = default;
};

struct SpecLimits {
    int min_cpu_cores = 1, max_cpu_cores = 64;
    int min_ram_mb = 512, max_ram_mb = 524288;
    int min_disk_gb = 5, max_disk_gb = 16384;
};

// Empty when the spec is acceptable; otherwise one entry per offending field.
std::vector<FieldError> validate_server_spec(const ServerSpec& spec, const SpecLimits& limits = {});

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, at most 253 characters.
bool is_valid_hostname(std::string_view hostname);

}  // namespace keel
