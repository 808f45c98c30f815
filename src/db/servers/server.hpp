#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/link_status.hpp"
#include "core/server_status.hpp"

namespace keel::db {

struct Server {
    ServerId id;
    UserId owner_id;
    std::string hostname;
    ServerStatus status = ServerStatus::kPending;
    std::optional<std::string> power_state;  // "running" | "stopped", once known
    std::optional<std::int64_t> cpu_cores, ram_mb, disk_gb;
    std::optional<std::string> os_image, datacenter;
    std::optional<std::string> node;
    std::optional<std::int64_t> vmid;
    std::optional<std::string> last_error;
    std::string attributes_json = "{}";        // what has no column yet, named
    std::string admin_attributes_json = "{}";  // operator-only (WHMCS admin-only fields); never shown to clients
    // Migrated from WHMCS: where it stands with its VM (issue #11), and why when not linked. Operator-only.
    std::optional<LinkStatus> link_status;
    std::optional<std::string> link_detail;
    std::string created_at, updated_at;  // ISO-8601 UTC
};

}  // namespace keel::db
