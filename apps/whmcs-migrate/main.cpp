// whmcs-migrate: moves a live WHMCS install's active customers and their servers into Keel.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "core/build_info.hpp"
#include "migrate/migration_run.hpp"
#include "migrate/trust_options.hpp"
#include "whmcs/whmcs_config.hpp"

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitQuarantined = 3;

int fail_with(const std::string& message, int code) {
    std::fprintf(stderr, "whmcs-migrate: %s\n", message.c_str());
    return code;
}

std::string read_file(const std::string& path) {
    std::ifstream file(path);
    return std::string(std::istreambuf_iterator<char>(file), {});
}

// The report lists customers' emails: owner-only (0600), also when the file already existed with wider modes.
bool write_private_file(const std::string& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return false;
    }
    bool ok = ::fchmod(fd, 0600) == 0;
    for (std::size_t written = 0; ok && written < text.size();) {
        const auto n = ::write(fd, text.data() + written, text.size() - written);
        ok = n > 0;
        written += ok ? static_cast<std::size_t>(n) : 0;
    }
    return ::close(fd) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
    std::string source, target, whmcs_config, mapping_file, report_file, hash_file;
    std::vector<std::string> cluster_cas, cluster_fingerprints;
    keel::auth::SecretKeySettings key_settings;
    bool dry_run = false, link_only = false;
    int batch_size = 2000;
    CLI::App app{
        "Move active WHMCS clients' login users and their server services into Keel's PostgreSQL, WHMCS's Proxmox\n"
        "servers into Keel clusters, and link each migrated server to its Proxmox VM (live, over verified TLS).\n"
        "Reads WHMCS read-only in one consistent snapshot; re-runs update what changed and duplicate nothing.\n"
        "WHMCS's encrypted secrets (server API tokens, service root passwords) are decrypted with the install's\n"
        "cc_encryption_hash and sealed under Keel's key (KEEL_SECRET_KEY); none is ever printed.\n"
        "Exit codes: 0 clean, 1 error (a wrong cc_encryption_hash included), 2 bad usage, 3 finished but some rows\n"
        "were quarantined (see the report)."};
    app.set_version_flag("--version", keel::version_line("whmcs-migrate"));
    app.add_option("--source", source, "WHMCS database: mysql://user:pass@host:port/db")->envname("WHMCS_DATABASE_URL");
    app.add_option("--whmcs-config", whmcs_config, "read the WHMCS database settings from configuration.php");
    app.add_option("--target", target, "Keel database: postgresql://…")->envname("DATABASE_URL");
    app.add_flag("--dry-run", dry_run, "do everything but write; print what would change");
    app.add_option("--mapping", mapping_file, "TOML file mapping option/field names to Keel columns")
        ->check(CLI::ExistingFile);
    app.add_option("--report", report_file, "write the full JSON report here");
    app.add_option("--batch-size", batch_size, "rows per transaction")->check(CLI::Range(1, 50000));
    app.add_option("--cc-encryption-hash-file", hash_file,
                   "file holding the install's cc_encryption_hash (else read from --whmcs-config)")
        ->check(CLI::ExistingFile);
    app.add_option("--cluster-ca", cluster_cas,
                   "NAME=FILE: trust cluster NAME's certificate chain to this CA bundle (repeatable)");
    app.add_option("--cluster-fingerprint", cluster_fingerprints,
                   "NAME=AA:BB:…: trust exactly this SHA-256 certificate of cluster NAME (repeatable); a migrated "
                   "cluster given neither is created disabled");
    app.add_flag("--link-only", link_only, "only (re)link already migrated servers to their VMs");
    app.add_option("--secret-key", key_settings.key, "Keel's master key, 64 hex digits")->envname("KEEL_SECRET_KEY");
    app.add_option("--secret-key-file", key_settings.key_file, "file holding it")->envname("KEEL_SECRET_KEY_FILE");
    app.add_option("--secret-previous-keys", key_settings.previous_keys, "older keys, to open what they sealed")
        ->envname("KEEL_SECRET_PREVIOUS_KEYS");
    app.add_option("--secret-previous-keys-file", key_settings.previous_keys_file, "file holding them")
        ->envname("KEEL_SECRET_PREVIOUS_KEYS_FILE");
    CLI11_PARSE(app, argc, argv);

    keel::migrate::RunOptions options;
    if (!whmcs_config.empty()) {
        auto url = keel::whmcs::read_whmcs_configuration(whmcs_config);
        if (!url) {
            return fail_with(url.error().detail, kExitUsage);
        }
        options.source = *url;
    } else if (!source.empty()) {
        auto url = keel::whmcs::parse_mysql_url(source);
        if (!url) {
            return fail_with(url.error().detail, kExitUsage);
        }
        options.source = *url;
    } else {
        return fail_with("give the WHMCS database with --source, WHMCS_DATABASE_URL or --whmcs-config", kExitUsage);
    }
    if (target.empty()) {
        return fail_with("give Keel's database with --target or DATABASE_URL", kExitUsage);
    }
    options.target_url = target;
    options.dry_run = dry_run;
    options.batch_size = batch_size;
    options.progress_bar = ::isatty(STDERR_FILENO) != 0;
    options.link_only = link_only;
    if (!hash_file.empty()) {
        auto hash = keel::whmcs::read_cc_encryption_hash_file(hash_file);
        if (!hash) {
            return fail_with(hash.error().detail, kExitUsage);
        }
        options.cc_encryption_hash.emplace(std::move(*hash));
    } else if (!whmcs_config.empty()) {
        auto hash = keel::whmcs::read_cc_encryption_hash(whmcs_config);
        if (!hash) {
            return fail_with(hash.error().detail, kExitUsage);
        }
        options.cc_encryption_hash.emplace(std::move(*hash));
    }
    if (!key_settings.key.empty() || !key_settings.key_file.empty()) {
        auto keys = keel::auth::SecretKeyRing::load(key_settings);
        if (!keys) {
            return fail_with(keys.error().detail, kExitUsage);
        }
        options.keys.emplace(std::move(*keys));
    }
    if (options.cc_encryption_hash && !options.keys) {
        return fail_with("KEEL_SECRET_KEY (or --secret-key-file) is needed to seal WHMCS's secrets under Keel's key",
                         kExitUsage);
    }
    auto trust = keel::migrate::cluster_trust_options(cluster_cas, cluster_fingerprints);
    if (!trust) {
        return fail_with(trust.error().detail, kExitUsage);
    }
    options.cluster_trust = std::move(*trust);
    if (!mapping_file.empty()) {
        auto mapping = keel::migrate::Mapping::from_toml(read_file(mapping_file));
        if (!mapping) {
            return fail_with(mapping.error().detail, kExitUsage);
        }
        options.mapping = std::move(*mapping);
    }

    auto report = keel::migrate::run_migration(options);
    if (!report) {
        return fail_with(report.error().detail, kExitError);
    }
    std::fputs(keel::migrate::summary_table(*report).c_str(), stdout);
    if (!report_file.empty() && !write_private_file(report_file, keel::migrate::report_json(*report))) {
        return fail_with("cannot write the report to " + report_file, kExitError);
    }
    const bool quarantined = report->users.quarantined() + report->servers.quarantined() > 0;
    return quarantined ? kExitQuarantined : 0;
}
