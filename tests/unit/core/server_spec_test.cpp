#include "core/server_spec.hpp"

#include <gtest/gtest.h>

namespace keel {
namespace {

ServerSpec valid_spec() {
    return {"web-1.example.com", 2, 2048, 40, "debian-12", "fra1"};
}

struct SpecCase {
    const char* name;
    void (*mutate)(ServerSpec&);
    std::vector<std::string> bad_fields;
};

const SpecCase kSpecCases[] = {
    {"valid", [](ServerSpec&) {}, {}},
    {"empty_hostname", [](ServerSpec& s) { s.hostname = ""; }, {"hostname"}},
    {"hostname_with_space", [](ServerSpec& s) { s.hostname = "web 1"; }, {"hostname"}},
    {"hostname_leading_hyphen", [](ServerSpec& s) { s.hostname = "-web"; }, {"hostname"}},
    {"hostname_empty_label", [](ServerSpec& s) { s.hostname = "web..example"; }, {"hostname"}},
    {"hostname_label_64_chars", [](ServerSpec& s) { s.hostname = std::string(64, 'a'); }, {"hostname"}},
    {"hostname_254_chars", [](ServerSpec& s) { s.hostname = std::string(254, 'a'); }, {"hostname"}},
    {"zero_cpu", [](ServerSpec& s) { s.cpu_cores = 0; }, {"cpu_cores"}},
    {"too_many_cpu", [](ServerSpec& s) { s.cpu_cores = 65; }, {"cpu_cores"}},
    {"ram_below_minimum", [](ServerSpec& s) { s.ram_mb = 256; }, {"ram_mb"}},
    {"negative_disk", [](ServerSpec& s) { s.disk_gb = -1; }, {"disk_gb"}},
    {"os_image_upper_case", [](ServerSpec& s) { s.os_image = "Debian 12"; }, {"os_image"}},
    {"datacenter_empty", [](ServerSpec& s) { s.datacenter = ""; }, {"datacenter"}},
    {"everything_wrong",
     [](ServerSpec& s) { s = ServerSpec{}; },
     {"hostname", "cpu_cores", "ram_mb", "disk_gb", "os_image", "datacenter"}},
};

TEST(ValidateServerSpec, MatchesTable) {
    for (const auto& c : kSpecCases) {
        SCOPED_TRACE(c.name);
        auto spec = valid_spec();
        c.mutate(spec);
        std::vector<std::string> fields;
        for (const auto& error : validate_server_spec(spec)) {
            fields.push_back(error.field);
            EXPECT_FALSE(error.message.empty());
        }
        EXPECT_EQ(fields, c.bad_fields);
    }
}

}  // namespace
}  // namespace keel
