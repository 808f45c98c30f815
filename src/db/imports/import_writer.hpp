#pragma once
// Writes whmcs-migrate's rows: one transaction per batch, COPY into a temporary staging table, then one
// upsert on the WHMCS-id key. Reads back fingerprints so unchanged rows are never rewritten, and never overwrites
// a row Keel changed after the import wrote it (migration 0010).
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "db/connection.hpp"
#include "db/imports/imported_rows.hpp"

namespace keel::db {

class ImportWriter {
public:
    explicit ImportWriter(Connection& connection) : connection_(connection) {}

    // Creates the session's staging tables.
    Status prepare();
    // WHMCS id → what Keel holds for it, for the ids given that already exist.
    Result<std::map<std::int64_t, StoredImport>> user_imports(const std::vector<std::int64_t>& whmcs_user_ids);
    Result<std::map<std::int64_t, StoredImport>> client_account_imports(
        const std::vector<std::int64_t>& whmcs_client_ids);
    Result<std::map<std::int64_t, StoredImport>> server_imports(const std::vector<std::int64_t>& whmcs_service_ids);
    // Lower-cased emails among `users` held by Keel accounts that are not those same WHMCS users or clients.
    Result<std::set<std::string>> emails_taken(const std::vector<const ImportedUser*>& users);

    // Rows Keel changed since the import wrote them are left as they are.
    Status upsert_users(const std::vector<const ImportedUser*>& users);
    // Owners are resolved through users.whmcs_user_id / whmcs_client_id: write the users first.
    Status upsert_servers(const std::vector<const ImportedServer*>& servers);

    // ---- issue #11
    // The cluster made from WHMCS server `whmcs_server_id` before, else an unimported cluster named `name`.
    Result<std::optional<ImportedClusterRow>> cluster_for_import(std::int64_t whmcs_server_id, const std::string& name);
    // Every cluster made from a WHMCS server.
    Result<std::vector<ImportedClusterRow>> imported_clusters();
    // kConflict when another cluster has the name.
    Status insert_cluster(const ClusterImport& cluster);
    Status update_cluster(std::int64_t cluster_id, const ClusterImport& cluster);

    Result<std::vector<ImportedCredential>> stored_credentials(const std::vector<std::int64_t>& whmcs_service_ids);
    // Credentials of services Keel has no server for are left out.
    Status upsert_credentials(const std::vector<ImportedCredential>& credentials);

    // WHMCS service id → the migrated server's link columns, for the ids that exist.
    Result<std::map<std::int64_t, LinkTarget>> link_targets(const std::vector<std::int64_t>& whmcs_service_ids);
    struct VmidHolder {
        std::string datacenter;
        std::int64_t vmid = 0;
        std::int64_t whmcs_service_id = 0;  // 0: a server Keel built
        std::string server_id;
    };
    // The servers already holding any of these (datacenter, vmid) pairs.
    Result<std::vector<VmidHolder>> vmid_holders(const std::vector<std::pair<std::string, std::int64_t>>& pairs);
    // One statement for the batch; terminated servers are skipped.
    Status apply_links(const std::vector<LinkTarget>& links);
    // Moves vmid_seq past the highest VMID any server holds.
    Status advance_vmid_sequence();

private:
    Connection& connection_;
};

}  // namespace keel::db
