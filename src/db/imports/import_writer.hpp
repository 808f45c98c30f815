#pragma once
// Writes whmcs-migrate's rows: one transaction per batch, COPY into a temporary staging table, then one
// upsert on the WHMCS-id key. Reads back fingerprints so unchanged rows are never rewritten, and never overwrites
// a row Keel changed after the import wrote it (migration 0010).
#include <cstdint>
#include <map>
#include <set>
#include <string>
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

private:
    Connection& connection_;
};

}  // namespace keel::db
