#pragma once
// Writes one service's configurable option rows and custom field values the way WHMCS stores them.
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace keel::testbed {

class Tables;

// Choices for one service; std::nullopt leaves that option's row out (an option added after the order).
struct OptionChoice {
    std::optional<std::int64_t> ram_sub, cpu_sub, disk_sub;
    std::optional<bool> backups;
    std::optional<std::int64_t> extra_ipv4;
    std::optional<std::int64_t> extra_sub;  // dedicated: "Flux Capacitor Tier"
};

struct FieldValues {
    std::optional<std::string_view> os_image, location, reverse_dns, root_password;
    bool managed = false;                         // tickbox: 'on' when ticked, no row when not
    std::optional<std::string_view> abuse_notes;  // admin-only text field
};

Status add_service_options(Tables& tables, std::int64_t service_id, std::int64_t product_id,
                           const OptionChoice& choice);
Status add_service_fields(Tables& tables, std::int64_t service_id, std::int64_t product_id, const FieldValues& values);

}  // namespace keel::testbed
