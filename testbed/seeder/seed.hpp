#pragma once
// Builds a WHMCS testbed database from nothing: drop, create, load the DDL, fill, grant a read-only account.
#include "core/result.hpp"
#include "testbed/seeder/proxmox.hpp"
#include "whmcs/mysql_url.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace keel::testbed {

// The manifest (testbed/manifest.json) describes --seed 1 with this many generated clients.
inline constexpr std::int64_t kDefaultGeneratedClients = 40;

struct ReadOnlyAccount {
    std::string user = "whmcs_ro";
    std::string password;
    std::string host = "127.0.0.1";  // matches the TCP URLs ./dev prints
};

struct SeedOptions {
    whmcs::MysqlUrl admin_url;  // an account that may drop and create databases and users
    std::string database = "whmcs";
    std::uint64_t seed = 1;
    std::int64_t generated_clients = kDefaultGeneratedClients;  // on top of the 12 hand-written ones
    std::optional<ReadOnlyAccount> read_only;
    ProxmoxSetup proxmox;  // the clusters' endpoints and token the tblservers rows hold
};

struct SeedReport {
    std::uint64_t rows = 0;
    double seconds = 0;
    std::string cc_encryption_hash;  // the install's key: every encrypted value was sealed under it
    SimVms sim_vms;                  // what each simulator must run for the services to link
};

using ProgressLine = std::function<void(std::string_view line)>;

// Destroys `database` if it exists. kInvalidArgument for names that are not plain identifiers and for a token that
// is not USER@REALM!TOKENID=SECRET.
Result<SeedReport> seed_testbed(const SeedOptions& options, const ProgressLine& progress);

}  // namespace keel::testbed
