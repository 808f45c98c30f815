#pragma once
// Reads a live WHMCS database for the migration, gently: one consistent read-only snapshot, keyset-paged
// chunks streamed row by row (memory stays flat), no locking reads.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "whmcs/mariadb_connection.hpp"
#include "whmcs/source_rows.hpp"

namespace keel::whmcs {

struct SourceTotals {
    std::int64_t users = 0;                  // tblusers
    std::int64_t clients_without_login = 0;  // Active clients no existing login user belongs to
    std::int64_t services = 0;               // tblhosting
};

class SourceReader {
public:
    static Result<SourceReader> open(const MysqlUrl& url);

    // START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY: every later read sees the same moment.
    Status begin_snapshot();
    Result<SourceTotals> totals();
    // Every login of every Active client, owners first within a client.
    Status for_each_client_login(const std::function<void(const ClientLogin&)>& visit);
    // Every Active client with no login user (none linked, or links to deleted users only), in id order.
    Status for_each_client_without_login(const std::function<void(const ClientWithoutLogin&)>& visit);
    // Up to `limit` services with id > `after_id`, in id order, each with its options and product fields.
    Result<std::vector<ServiceRow>> next_services(std::int64_t after_id, int limit);

    // tblservers rows whose type is one of `server_types` (case-insensitive), in id order.
    Result<std::vector<HypervisorRow>> hypervisors(const std::vector<std::string>& server_types);
    // Whether the source database has a table of that name (information_schema; the name is a plain identifier).
    Result<bool> has_table(std::string_view name);
    // Up to `limit` services with id > `after_id`, in id order, with every VMID source `sources` says exists.
    // `sources.mapped` must name only tables has_table found (a missing one fails the read); a service's mapped
    // VMID is read only for products of that table's server type (case-insensitive).
    Result<std::vector<ServiceLinkRow>> next_service_links(std::int64_t after_id, int limit,
                                                           const VmidSources& sources);

private:
    explicit SourceReader(MariadbConnection connection) : connection_(std::move(connection)) {}
    // The ids of the custom field definitions matching `where`, as a list for IN (…), read once into `cache`.
    Result<std::string> field_ids(std::optional<std::string>& cache, const std::string& where);
    MariadbConnection connection_;
    std::optional<std::string> product_field_ids_;  // every product custom field
    std::optional<std::string> vmid_field_ids_;     // product custom fields that may hold a VMID
};

}  // namespace keel::whmcs
