#pragma once
// Writes whmcs-migrate's rows: one transaction per batch, COPY into a temporary staging table, then one
// upsert on the WHMCS-id key. Reads back fingerprints so unchanged rows are never rewritten.
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
    // WHMCS id → stored fingerprint, for the ids given that already exist.
    Result<std::map<std::int64_t, std::string>> user_fingerprints(const std::vector<std::int64_t>& whmcs_ids);
    Result<std::map<std::int64_t, std::string>> server_fingerprints(const std::vector<std::int64_t>& whmcs_ids);
    // Lower-cased emails among `emails` held by Keel accounts that are not the given WHMCS users.
    Result<std::set<std::string>> emails_taken(const std::vector<const ImportedUser*>& users);

    Status upsert_users(const std::vector<const ImportedUser*>& users);
    // Owners are resolved through users.whmcs_user_id: write the users first.
    Status upsert_servers(const std::vector<const ImportedServer*>& servers);

private:
    Connection& connection_;
};

}  // namespace keel::db
