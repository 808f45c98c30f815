// keel-testbed: (re)builds the WHMCS testbed database. See testbed/README.md.
#include "testbed/seeder/seed.hpp"
#include "whmcs/mysql_url.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

int failed(const keel::Error& error) {
    std::fprintf(stderr, "keel-testbed: %s\n", error.detail.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Drop, recreate and seed a WHMCS 8.4 testbed database"};
    // ./dev passes its defaults first and the caller's arguments after: the last one wins.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    std::string url_text;
    keel::testbed::SeedOptions options;
    keel::testbed::ReadOnlyAccount read_only;
    std::vector<std::string> endpoints;
    std::string token_file;
    std::string config_file;
    std::string sim_vms_dir;
    app.add_option("--url", url_text,
                   "mysql://admin:password@host:port[/database] of an account that may create "
                   "databases and users")
        ->required();
    app.add_option("--database", options.database, "database to (re)create; default: the URL's, else whmcs");
    app.add_option("--seed", options.seed, "random seed; the manifest describes seed 1")->capture_default_str();
    app.add_option("--clients", options.generated_clients,
                   "generated clients on top of the 12 hand-written ones (default: the small fixture)")
        ->capture_default_str();
    app.add_option("--ro-user", read_only.user, "read-only account to create")->capture_default_str();
    app.add_option("--ro-password", read_only.password, "its password; without it no account is created");
    app.add_option("--ro-host", read_only.host, "its host part")->capture_default_str();
    app.add_option("--pve-endpoint", endpoints,
                   "NAME=HOST:PORT of a Proxmox cluster the tblservers rows point at (repeatable; defaults "
                   "fra1=127.0.0.1:58006, ams1=127.0.0.1:58007)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--pve-token-file", token_file,
                   "file whose first line is the clusters' API token USER@REALM!TOKENID=SECRET (e.g. "
                   ".local/pve-sim/token); default: a fixed testbed token derived from the seed");
    app.add_option("--write-config", config_file,
                   "write a WHMCS configuration.php (the database account, the read-only one when given, and "
                   "$cc_encryption_hash) to this file, mode 0600");
    app.add_option("--sim-vms-dir", sim_vms_dir,
                   "write DIR/fra1.json and DIR/ams1.json: each simulator's POST /_sim/vms body, the VMs the "
                   "testbed's services run");
    CLI11_PARSE(app, argc, argv);

    auto url = keel::whmcs::parse_mysql_url(url_text);
    if (!url) {
        std::fprintf(stderr, "keel-testbed: %s\n", url.error().detail.c_str());
        return 2;
    }
    options.admin_url = *url;
    if (app.count("--database") == 0 && !url->database.empty()) {
        options.database = url->database;
    }
    if (!read_only.password.empty()) {
        options.read_only = read_only;
    }
    for (const std::string& endpoint : endpoints) {
        if (auto applied = keel::testbed::apply_pve_endpoint(endpoint, options.proxmox); !applied) {
            std::fprintf(stderr, "keel-testbed: %s\n", applied.error().detail.c_str());
            return 2;
        }
    }
    if (!token_file.empty()) {
        auto token = keel::testbed::read_token_file(token_file);
        if (!token) {
            return failed(token.error());
        }
        options.proxmox.token = *token;
    }
    auto report = keel::testbed::seed_testbed(options, [](std::string_view line) {
        std::fprintf(stderr, "keel-testbed: %.*s\n", static_cast<int>(line.size()), line.data());
    });
    if (!report) {
        return failed(report.error());
    }
    if (!config_file.empty()) {
        keel::whmcs::MysqlUrl account = options.admin_url;
        account.database = options.database;
        if (options.read_only) {
            account.user = options.read_only->user;
            account.password = options.read_only->password;
        }
        const std::string php = keel::testbed::configuration_php(account, report->cc_encryption_hash);
        if (auto written = keel::testbed::write_private_file(config_file, php); !written) {
            return failed(written.error());
        }
    }
    if (!sim_vms_dir.empty()) {
        if (auto written = keel::testbed::write_sim_vm_bodies(sim_vms_dir, report->sim_vms); !written) {
            return failed(written.error());
        }
    }
    std::fprintf(stderr, "keel-testbed: %s seeded (seed %llu): %llu rows in %.2f s; %zu + %zu simulator VMs\n",
                 options.database.c_str(), static_cast<unsigned long long>(options.seed),
                 static_cast<unsigned long long>(report->rows), report->seconds, report->sim_vms.fra1.size(),
                 report->sim_vms.ams1.size());
    return 0;
}
