#pragma once
// What a WHMCS install with Proxmox modules holds beyond billing data (issue #11): the clusters' tblservers rows
// with API token secrets under the install's cc_encryption_hash, encrypted service passwords, and — for the
// simulator — the VMs those services run. Deterministic per seed: the hash, the default token and every IV come
// from streams derived from the seed, apart from the one the billing data is drawn from (adding a secret never
// shifts the generated clients).
#include "core/result.hpp"
#include "testbed/seeder/rng.hpp"
#include "whmcs/mysql_url.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keel::whmcs {
class MariadbConnection;
}

namespace keel::testbed {

class Tables;

// Where a cluster's API answers; the simulators' certificate is valid for IP 127.0.0.1 and DNS localhost.
struct PveEndpoint {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8006;
};

struct ProxmoxSetup {
    PveEndpoint fra1{"127.0.0.1", 58006};
    PveEndpoint ams1{"127.0.0.1", 58007};
    // USER@REALM!TOKENID=SECRET, as the simulators accept it; empty: a fixed testbed token derived from the seed.
    std::string token;
};

// One VM of a simulated cluster, as POST /_sim/vms takes it (tests/support/pve_sim/README.md).
struct SimVm {
    std::int64_t vmid = 0;
    std::string node;
    std::string name;
    std::int64_t cores = 1;
    std::int64_t memory_mib = 1024;
    std::int64_t disk_gb = 25;
    bool running = true;
    std::string ipconfig0;  // empty: none
};

struct SimVms {
    std::vector<SimVm> fra1, ams1;
};

// The install's secrets: its cc_encryption_hash, the API token its cluster rows hold, and encrypt() with IVs from
// a seed-derived stream.
class Secrets {
public:
    Secrets(std::uint64_t seed, std::string_view token);

    const std::string& cc_encryption_hash() const { return hash_; }
    const std::string& token_id() const { return token_id_; }
    const std::string& token_secret() const { return token_secret_; }
    // WHMCS encrypt(): base64 of (IV xor key) and the keystream-XORed text.
    std::string encrypt(std::string_view plaintext);

private:
    std::string hash_;
    std::string token_id_;
    std::string token_secret_;
    Rng iv_stream_;
};

// What the curated and generated writers add to: the secrets to encrypt with, the VMs each simulator must run.
struct ProxmoxWorld {
    Secrets& secrets;
    SimVms& vms;
};

// Records a service's VMID where its product's module keeps it: a mod_pvewhmcs_vms row (pvewhmcs products) or
// the `vmid|VM ID` custom field value (proxmoxVPS products); nothing for other products.
Status record_vmid(Tables& tables, std::int64_t service_id, std::int64_t client_id, std::int64_t product_id,
                   std::int64_t vmid, std::string_view created);

// `NAME=HOST:PORT` (--pve-endpoint) into `setup`; NAME is fra1 or ams1. kInvalidArgument otherwise.
Status apply_pve_endpoint(std::string_view flag, ProxmoxSetup& setup);
// The first line of a token file (`USER@REALM!TOKENID=SECRET`, as .local/pve-sim/token holds it).
Result<std::string> read_token_file(const std::filesystem::path& file);

// A 64-character alphanumeric cc_encryption_hash, as WHMCS's installer makes one; a function of the seed.
std::string cc_encryption_hash_for(std::uint64_t seed);
// The token when none is given: `whmcs@pve!testbed=<uuid>`, the uuid a function of the seed.
std::string default_token_for(std::uint64_t seed);
// The root password of a generated service (tblhosting.password decrypts to it): a function of its id.
std::string generated_root_password(std::int64_t service_id);

// tblservers: the two clusters (1 fra1 pvewhmcs, 3 ams1 proxmoxVPS, token logins), 7 old-pve (a password login no
// in-scope service uses) and the non-Proxmox rows 2, 4, 5, 6.
Status write_servers(whmcs::MariadbConnection& connection, const ProxmoxSetup& setup, Secrets& secrets);

// configuration.php as WHMCS writes it: the database account (the read-only one when given) and the hash.
std::string configuration_php(const whmcs::MysqlUrl& database_account, std::string_view cc_encryption_hash);
// Writes `file` with mode 0600 (it holds a password and the key to every stored secret).
Status write_private_file(const std::filesystem::path& file, std::string_view text);
// DIR/fra1.json and DIR/ams1.json: each simulator's POST /_sim/vms body.
Status write_sim_vm_bodies(const std::filesystem::path& dir, const SimVms& vms);

}  // namespace keel::testbed
