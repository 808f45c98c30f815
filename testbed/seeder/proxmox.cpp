#include "testbed/seeder/proxmox.hpp"

#include "testbed/seeder/catalog.hpp"
#include "testbed/seeder/literal_rows.hpp"
#include "testbed/seeder/tables.hpp"
#include "whmcs/whmcs_crypto.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

namespace keel::testbed {
namespace {

// Each secret has its own stream, salted apart from the billing data's Rng(seed).
constexpr std::uint64_t kHashSalt = 0x6363'5f68'6173'6801ULL;   // "cc_hash"
constexpr std::uint64_t kTokenSalt = 0x746f'6b65'6e00'0002ULL;  // "token"
constexpr std::uint64_t kIvSalt = 0x6976'7300'0000'0003ULL;     // "ivs"

constexpr std::string_view kAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kOldPveRootPassword = "old-pve-root-Pw!7";

std::string hex_digits(Rng& rng, std::size_t count) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(kHex[rng.below(16)]);
    }
    return out;
}

// PHP single-quoted string: only \ and ' are special.
std::string php_quoted(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\\' || c == '\'') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    return out + "'";
}

// The certificate the simulators serve names DNS localhost: a loopback endpoint is written as that name, the way
// an admin types a hostname into WHMCS.
std::string hostname_of(const PveEndpoint& endpoint) {
    return endpoint.host == "127.0.0.1" ? "localhost" : endpoint.host;
}

}  // namespace

std::string cc_encryption_hash_for(std::uint64_t seed) {
    Rng rng(seed ^ kHashSalt);
    std::string hash;
    for (int i = 0; i < 64; ++i) {
        hash.push_back(kAlphanumeric[rng.below(kAlphanumeric.size())]);
    }
    return hash;
}

std::string default_token_for(std::uint64_t seed) {
    Rng rng(seed ^ kTokenSalt);
    // One statement per draw: the operands of a `+` chain may be evaluated in any order.
    std::string token = "whmcs@pve!testbed=" + hex_digits(rng, 8);
    token += "-" + hex_digits(rng, 4);
    token += "-4" + hex_digits(rng, 3);
    token += "-8" + hex_digits(rng, 3);
    token += "-" + hex_digits(rng, 12);
    return token;
}

std::string generated_root_password(std::int64_t service_id) {
    return "testbed-root-" + std::to_string(service_id);
}

Secrets::Secrets(std::uint64_t seed, std::string_view token)
    : hash_(cc_encryption_hash_for(seed)), iv_stream_(seed ^ kIvSalt) {
    const std::string chosen = token.empty() ? default_token_for(seed) : std::string(token);
    const auto equals = chosen.find('=');
    token_id_ = chosen.substr(0, equals);
    token_secret_ = equals == std::string::npos ? std::string() : chosen.substr(equals + 1);
}

std::string Secrets::encrypt(std::string_view plaintext) {
    whmcs::CipherIv iv{};
    for (std::size_t i = 0; i < iv.size(); i += 8) {
        std::uint64_t word = iv_stream_.next();
        for (std::size_t j = i; j < std::min(iv.size(), i + 8); ++j, word >>= 8) {
            iv[j] = static_cast<std::uint8_t>(word & 0xff);
        }
    }
    return whmcs::encrypt(plaintext, hash_, iv);
}

Status apply_pve_endpoint(std::string_view flag, ProxmoxSetup& setup) {
    const auto equals = flag.find('=');
    const auto colon = flag.rfind(':');
    const std::string_view name = flag.substr(0, equals);
    PveEndpoint* endpoint = name == "fra1" ? &setup.fra1 : name == "ams1" ? &setup.ams1 : nullptr;
    const auto bad = [&] {
        return fail(ErrorCode::kInvalidArgument,
                    "--pve-endpoint " + std::string(flag) + ": expected fra1=HOST:PORT or ams1=HOST:PORT");
    };
    if (endpoint == nullptr || equals == std::string_view::npos || colon == std::string_view::npos || colon < equals) {
        return bad();
    }
    const std::string_view host = flag.substr(equals + 1, colon - equals - 1);
    const std::string_view port_text = flag.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (host.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
        return bad();
    }
    endpoint->host = std::string(host);
    endpoint->port = static_cast<std::uint16_t>(port);
    return {};
}

Result<std::string> read_token_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) {
        return fail(ErrorCode::kInvalidArgument, "cannot read a token from " + file.string());
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.pop_back();
    }
    return line;
}

Status record_vmid(Tables& tables, std::int64_t service_id, std::int64_t client_id, std::int64_t product_id,
                   std::int64_t vmid, std::string_view created) {
    if (catalog::is_pvewhmcs_product(product_id)) {
        PvewhmcsVmRow row;
        row.id = service_id;
        row.vmid = vmid;
        row.user_id = client_id;
        row.created = std::string(created);
        return tables.add(row);
    }
    if (catalog::is_proxmox_vps_product(product_id)) {
        return tables.add(CustomValueRow{catalog::field_id(product_id, catalog::ProductField::kVmid), service_id,
                                         std::to_string(vmid)});
    }
    return {};
}

Status write_servers(whmcs::MariadbConnection& c, const ProxmoxSetup& setup, Secrets& secrets) {
    namespace cat = catalog;
    const std::string token_password = secrets.encrypt(secrets.token_secret());
    const std::string old_pve_password = secrets.encrypt(kOldPveRootPassword);
    const std::string fra1_hostname = hostname_of(setup.fra1);
    // fra1: pvewhmcs, reached by hostname, no access hash. ams1: ModulesGarden's proxmoxVPS, reached by IP, the
    // access hash its token marker. Rows 2, 4, 5, 6 use modules that are not Proxmox's; 7 is a Proxmox node
    // logged into with root's password (a ticket login Keel cannot use), kept for history, used by no live service.
    return insert_rows(c, "tblservers",
                       {"id", "name", "ipaddress", "assignedips", "hostname", "monthlycost", "maxaccounts", "type",
                        "username", "password", "accesshash", "secure", "port", "active", "disabled"},
                       {{cat::kPveFra1, "fra1", setup.fra1.host, "", fra1_hostname, "180.00", 200, "pvewhmcs",
                         secrets.token_id(), token_password, "", "on", setup.fra1.port, 1, 0},
                        {cat::kSolusFra2, "vz-fra-02", "10.10.0.12", "", "vz-fra-02.example.net", "180.00", 200,
                         "solusvm", "api-fra2", "", "", "on", 5656, 0, 0},
                        {cat::kPveAms1, "ams1", setup.ams1.host, "", "", "150.00", 200, "proxmoxVPS",
                         secrets.token_id(), token_password, "PVEAPIToken", "on", setup.ams1.port, 1, 0},
                        {cat::kDediNyc, "Dedicated pool NYC", "10.30.0.1", "10.30.1.0/24", "", "0.00", 0, "", "", "",
                         "", "", nullptr, 1, 0},
                        {cat::kCpanel1, "cpanel-01", "10.10.5.5", "", "cp1.example.net", "60.00", 500, "cpanel", "root",
                         "", "", "on", 2087, 1, 0},
                        {cat::kVirtualizorTyo1, "virt-tyo-01 東京", "10.40.0.11", "", "virt-tyo-01.example.jp",
                         "210.00", 100, "virtualizor", "root", "", "", "on", 4085, 1, 0},
                        {cat::kOldPve, "old-pve", "10.10.0.2", "", "pve-old-01.example.net", "0.00", 0, "pvewhmcs",
                         "root", old_pve_password, "pam", "", 8006, 0, 1}});
}

std::string configuration_php(const whmcs::MysqlUrl& account, std::string_view cc_encryption_hash) {
    return "<?php\n"
           "$license = 'WHMCS-TESTBED-NOT-A-LICENSE';\n"
           "$db_host = " +
           php_quoted(account.host) + ";\n$db_port = " + php_quoted(std::to_string(account.port)) +
           ";\n$db_username = " + php_quoted(account.user) + ";\n$db_password = " + php_quoted(account.password) +
           ";\n$db_name = " + php_quoted(account.database) +
           ";\n$cc_encryption_hash = " + php_quoted(cc_encryption_hash) +
           ";\n$templates_compiledir = 'templates_c';\n$mysql_charset = 'utf8';\n";
}

Status write_private_file(const std::filesystem::path& file, std::string_view text) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return fail(ErrorCode::kUnavailable, "cannot write " + file.string() + ": " + std::strerror(errno));
    }
    // An existing file keeps its mode through O_TRUNC: make it private either way.
    const bool ok =
        ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        return fail(ErrorCode::kUnavailable, "cannot write " + file.string() + ": " + std::strerror(saved));
    }
    return {};
}

Status write_sim_vm_bodies(const std::filesystem::path& dir, const SimVms& vms) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return fail(ErrorCode::kUnavailable, "cannot create " + dir.string() + ": " + ec.message());
    }
    for (const auto& [cluster, list] : {std::pair{"fra1", &vms.fra1}, std::pair{"ams1", &vms.ams1}}) {
        const auto file = dir / (std::string(cluster) + ".json");
        std::ofstream out(file, std::ios::trunc);
        out << "{\"vms\":[";
        bool first = true;
        for (const SimVm& vm : *list) {
            boost::json::object entry{{"vmid", vm.vmid},
                                      {"node", vm.node},
                                      {"name", vm.name},
                                      {"cores", vm.cores},
                                      {"memory_mib", vm.memory_mib},
                                      {"disk_gb", vm.disk_gb},
                                      {"status", vm.running ? "running" : "stopped"}};
            if (!vm.ipconfig0.empty()) {
                entry["ipconfig0"] = vm.ipconfig0;
            }
            out << (first ? "\n" : ",\n") << boost::json::serialize(entry);
            first = false;
        }
        out << "\n]}\n";
        if (!out.flush()) {
            return fail(ErrorCode::kUnavailable, "cannot write " + file.string());
        }
    }
    return {};
}

}  // namespace keel::testbed
