#include "cluster_cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "admin/cluster_commands.hpp"

namespace keel::app {

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitConflict = 3;

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

int report(const Error& error) {
    std::fprintf(stderr, "keel-api: %s\n", error.detail.c_str());
    switch (error.code) {
        case ErrorCode::kInvalidArgument:
        case ErrorCode::kValidation: return kExitUsage;
        case ErrorCode::kConflict: return kExitConflict;
        case ErrorCode::kUnauthenticated:
        case ErrorCode::kForbidden:
        case ErrorCode::kNotFound:
        case ErrorCode::kUpstreamFailed:
        case ErrorCode::kRetryable:
        case ErrorCode::kUnavailable:
        case ErrorCode::kLimitExceeded:
        case ErrorCode::kInternal: return kExitError;
    }
    return kExitError;
}

// The optional flags land in std::optional members only when given.
void optional_option(CLI::App* command, const std::string& flag, std::optional<std::string>& target,
                     const std::string& help) {
    command->add_option_function<std::string>(
        flag, [&target](const std::string& value) { target = value; }, help);
}

void trust_and_secret_options(CLI::App* command, admin::ClusterOptions& options) {
    optional_option(command, "--url", options.url, "the PVE API, https://host[:port] (no path)");
    optional_option(command, "--token-id", options.token_id, "API token id, USER@REALM!TOKENID (keel@pve!keel)");
    optional_option(command, "--ca-file", options.ca_file, "PEM CA bundle the cluster's certificate must chain to");
    optional_option(command, "--fingerprint", options.fingerprint,
                    "pinned SHA-256 certificate fingerprint as PVE shows it (AA:BB:…)");
    command->add_flag("--secret-stdin", options.secret_stdin, "read the token secret from the first line of stdin");
    optional_option(command, "--secret-file", options.secret_file, "read the token secret from this file's first line");
}

}  // namespace

auth::SecretKeySettings secret_key_settings_from_environment() {
    return auth::SecretKeySettings{environment("KEEL_SECRET_KEY"), environment("KEEL_SECRET_KEY_FILE"),
                                   environment("KEEL_SECRET_PREVIOUS_KEYS"),
                                   environment("KEEL_SECRET_PREVIOUS_KEYS_FILE")};
}

struct ClusterCli::State {
    admin::ClusterOptions add;
    admin::ClusterOptions update;
    std::string disable_name;
    admin::ImageOptions image;
    std::string images_cluster;
    CLI::App* clusters_add = nullptr;
    CLI::App* clusters_list = nullptr;
    CLI::App* clusters_update = nullptr;
    CLI::App* clusters_disable = nullptr;
    CLI::App* images_set = nullptr;
    CLI::App* images_list = nullptr;
    CLI::App* secrets_rotate = nullptr;
};

ClusterCli::ClusterCli(CLI::App& app) : state_(std::make_unique<State>()) {
    auto& s = *state_;
    auto* clusters = app.add_subcommand(
        "clusters", "manage the Proxmox VE clusters (datacenters) Keel provisions on; needs KEEL_SECRET_KEY");
    clusters->require_subcommand(1);
    s.clusters_add = clusters->add_subcommand(
        "add",
        "register a cluster: NAME is the datacenter slug customers order; the token secret comes from "
        "--secret-stdin or --secret-file, never a flag; exactly one of --ca-file / --fingerprint");
    s.clusters_add->add_option("NAME", s.add.name, "datacenter slug (fra1)")->required();
    trust_and_secret_options(s.clusters_add, s.add);
    s.clusters_add->add_flag("--disabled", s.add.disabled, "register it without offering it yet");
    s.clusters_list = clusters->add_subcommand("list", "list clusters (never their secrets)");
    s.clusters_update = clusters->add_subcommand(
        "update",
        "change a cluster's URL, token, secret or trust (a new --ca-file/--fingerprint replaces the old "
        "one); --enable offers it again");
    s.clusters_update->add_option("NAME", s.update.name, "datacenter slug")->required();
    trust_and_secret_options(s.clusters_update, s.update);
    s.clusters_update->add_flag(
        "--enable", s.update.enable,
        "offer the cluster to customers (again); one with no TLS trust needs --ca-file or --fingerprint too");
    s.clusters_disable =
        clusters->add_subcommand("disable", "stop offering a cluster (existing servers stay where they are)");
    s.clusters_disable->add_option("NAME", s.disable_name, "datacenter slug")->required();

    auto* images = app.add_subcommand("images", "manage which os images each cluster offers; needs KEEL_SECRET_KEY");
    images->require_subcommand(1);
    s.images_set = images->add_subcommand("set", "offer OS_IMAGE on CLUSTER, cloned from template VM N");
    s.images_set->add_option("CLUSTER", s.image.cluster, "datacenter slug")->required();
    s.images_set->add_option("OS_IMAGE", s.image.os_image, "image slug customers order (debian-12)")->required();
    s.images_set->add_option("--template-vmid", s.image.template_vmid, "VMID of the template to clone")->required();
    optional_option(s.images_set, "--storage", s.image.storage, "target storage of the clones (local-lvm)");
    s.images_list = images->add_subcommand("list", "list images, of one cluster or all");
    s.images_list->add_option("CLUSTER", s.images_cluster, "datacenter slug");

    auto* secrets = app.add_subcommand("secrets", "sealed secrets at rest");
    secrets->require_subcommand(1);
    s.secrets_rotate =
        secrets->add_subcommand("rotate",
                                "re-seal every cluster secret and server credential under KEEL_SECRET_KEY; older keys "
                                "must be in "
                                "KEEL_SECRET_PREVIOUS_KEYS to open what they sealed");
}

ClusterCli::~ClusterCli() = default;

std::optional<int> ClusterCli::run(const std::string& database_url, db::PoolerMode pooler) {
    auto& s = *state_;
    const CLI::App* commands[] = {s.clusters_add, s.clusters_list, s.clusters_update, s.clusters_disable,
                                  s.images_set,   s.images_list,   s.secrets_rotate};
    bool chosen = false;
    for (const auto* command : commands) {
        chosen = chosen || command->parsed();
    }
    if (!chosen) {
        return std::nullopt;
    }
    auto commands_on_db = admin::ClusterCommands::open(database_url, secret_key_settings_from_environment(), pooler);
    if (!commands_on_db) {
        return report(commands_on_db.error());
    }
    auto& run = *commands_on_db;
    Result<std::string> done = fail(ErrorCode::kInternal, "no command");
    if (s.clusters_add->parsed()) {
        done = run.add(s.add, std::cin);
    } else if (s.clusters_list->parsed()) {
        done = run.list();
    } else if (s.clusters_update->parsed()) {
        done = run.update(s.update, std::cin);
    } else if (s.clusters_disable->parsed()) {
        done = run.disable(s.disable_name);
    } else if (s.images_set->parsed()) {
        done = run.set_image(s.image);
    } else if (s.images_list->parsed()) {
        done = run.list_images(s.images_cluster.empty() ? std::nullopt : std::optional(s.images_cluster));
    } else if (s.secrets_rotate->parsed()) {
        done = run.rotate_secrets();
    }
    if (!done) {
        return report(done.error());
    }
    // Tables go to stdout; confirmations to stderr, as the users commands do.
    const bool table = s.clusters_list->parsed() || s.images_list->parsed();
    std::fputs(done->c_str(), table ? stdout : stderr);
    return 0;
}

}  // namespace keel::app
