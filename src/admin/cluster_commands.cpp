#include "admin/cluster_commands.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdio>
#include <fstream>
#include <istream>
#include <sstream>

#include "core/cluster_fields.hpp"
#include "core/slug.hpp"
#include "db/clusters/cluster_repository.hpp"
#include "db/pool.hpp"
#include "db/secrets/secret_rotation.hpp"

namespace keel::admin {

namespace asio = boost::asio;

namespace {

// The CLI's names for the API's fields, so a message points at the flag the operator typed.
std::string flag_for(std::string_view field) {
    if (field == "name") {
        return "NAME";
    }
    if (field == "api_url") {
        return "--url";
    }
    if (field == "token_id") {
        return "--token-id";
    }
    if (field == "tls_ca_pem") {
        return "--ca-file";
    }
    if (field == "tls_fingerprint_sha256") {
        return "--fingerprint";
    }
    if (field == "template_vmid") {
        return "--template-vmid";
    }
    if (field == "storage") {
        return "--storage";
    }
    if (field == "os_image") {
        return "OS_IMAGE";
    }
    return std::string(field);
}

Error usage(const std::vector<FieldError>& errors) {
    std::string message;
    for (const auto& error : errors) {
        message += (message.empty() ? "" : "; ") + flag_for(error.field) + ": " + error.message;
    }
    return Error{ErrorCode::kInvalidArgument, message};
}

Result<std::string> read_text_file(const std::string& path, std::string_view flag) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return fail(ErrorCode::kInvalidArgument, std::string(flag) + ": cannot read " + path);
    }
    std::ostringstream contents;
    contents << file.rdbuf();
    return contents.str();
}

// The first line of `input`, without its line ending, straight into a wiping Secret.
auth::Secret first_line(std::istream& input) {
    std::string line;
    std::getline(input, line);
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return auth::Secret(std::move(line));
}

// The token secret from stdin or a file; nullopt when neither was asked for.
Result<std::optional<auth::Secret>> read_secret(const ClusterOptions& options, std::istream& standard_input) {
    if (options.secret_stdin && options.secret_file) {
        return fail(ErrorCode::kInvalidArgument, "give --secret-stdin or --secret-file, not both");
    }
    std::optional<auth::Secret> secret;
    if (options.secret_stdin) {
        secret = first_line(standard_input);
    } else if (options.secret_file) {
        std::ifstream file(*options.secret_file, std::ios::binary);
        if (!file) {
            return fail(ErrorCode::kInvalidArgument, "--secret-file: cannot read " + *options.secret_file);
        }
        secret = first_line(file);
    } else {
        return secret;
    }
    if (auto checked = check_token_secret(secret->reveal()); !checked) {
        return fail(ErrorCode::kInvalidArgument,
                    std::string(options.secret_stdin ? "--secret-stdin" : "--secret-file") + ": the token secret " +
                        checked.error());
    }
    return secret;
}

// Flags → the API's field set, the CA file read in.
Result<ClusterFields> fields_from(const ClusterOptions& options, bool creating) {
    if (options.ca_file && options.fingerprint) {
        return fail(ErrorCode::kInvalidArgument, "give --ca-file or --fingerprint, not both");
    }
    ClusterFields fields;
    if (creating) {
        fields.name = options.name;
    }
    fields.api_url = options.url;
    fields.token_id = options.token_id;
    fields.tls_fingerprint_sha256 = options.fingerprint;
    if (options.ca_file) {
        auto pem = read_text_file(*options.ca_file, "--ca-file");
        if (!pem) {
            return std::unexpected(pem.error());
        }
        fields.tls_ca_pem = std::move(*pem);
    }
    if (auto errors = normalise_cluster_fields(fields, creating); !errors.empty()) {
        return std::unexpected(usage(errors));
    }
    return fields;
}

std::string trust_summary(const std::optional<db::ClusterTrust>& trust) {
    if (!trust) {
        return "none";  // migrated from WHMCS without one: disabled until given one
    }
    switch (trust->kind) {
        case db::ClusterTrust::Kind::kCaBundle: return "ca-bundle";
        case db::ClusterTrust::Kind::kFingerprint: return "sha256 " + trust->value.substr(0, 11) + "...";
    }
    return {};
}

std::string line(const char* format, auto... values) {
    char text[1024];
    std::snprintf(text, sizeof text, format, values...);
    return text;
}

}  // namespace

struct ClusterCommands::Impl {
    asio::io_context io;
    std::unique_ptr<db::Pool> pool;
    std::optional<db::ClusterRepository> clusters;
    std::optional<auth::SecretKeyRing> keys;

    template <class T>
    T run(Task<T> task) {
        auto future = asio::co_spawn(io, std::move(task), asio::use_future);
        io.restart();
        io.run();
        return future.get();
    }
};

ClusterCommands::ClusterCommands(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ClusterCommands::ClusterCommands(ClusterCommands&&) noexcept = default;
ClusterCommands::~ClusterCommands() = default;

Result<ClusterCommands> ClusterCommands::open(const std::string& database_url, const auth::SecretKeySettings& keys,
                                              db::PoolerMode pooler) {
    auto ring = auth::SecretKeyRing::load(keys);
    if (!ring) {
        return std::unexpected(ring.error());
    }
    auto impl = std::make_unique<Impl>();
    db::ConnectionOptions options{database_url};
    options.pooler = pooler;
    auto pool = db::Pool::create(impl->io.get_executor(), options, 1);
    if (!pool) {
        return std::unexpected(pool.error());
    }
    impl->pool = std::move(*pool);
    impl->clusters.emplace(*impl->pool);
    impl->keys.emplace(std::move(*ring));
    return ClusterCommands(std::move(impl));
}

Result<std::string> ClusterCommands::add(const ClusterOptions& options, std::istream& standard_input) {
    auto fields = fields_from(options, true);
    if (!fields) {
        return std::unexpected(fields.error());
    }
    auto secret = read_secret(options, standard_input);
    if (!secret) {
        return std::unexpected(secret.error());
    }
    if (!*secret) {
        return fail(ErrorCode::kInvalidArgument,
                    "the token secret is required: --secret-stdin or --secret-file FILE (never a flag)");
    }
    db::NewCluster cluster{*fields->name,
                           *fields->api_url,
                           *fields->token_id,
                           impl_->keys->seal((*secret)->reveal()),
                           *db::trust_from(*fields),
                           !options.disabled};
    auto added = impl_->run(impl_->clusters->add(std::move(cluster)));
    if (!added) {
        return std::unexpected(added.error());
    }
    return line("added cluster %s (%s, secret sealed under key %s)\n", added->name.c_str(),
                added->enabled ? "enabled" : "disabled", std::string(added->token_secret.key_id()).c_str());
}

Result<std::string> ClusterCommands::update(const ClusterOptions& options, std::istream& standard_input) {
    if (!is_valid_slug(options.name)) {
        return fail(ErrorCode::kInvalidArgument, "NAME: must be a datacenter slug such as fra1");
    }
    auto fields = fields_from(options, false);
    if (!fields) {
        return std::unexpected(fields.error());
    }
    auto secret = read_secret(options, standard_input);
    if (!secret) {
        return std::unexpected(secret.error());
    }
    if (options.enable) {
        fields->enabled = true;
        auto stored = impl_->run(impl_->clusters->find_by_name(options.name));
        if (!stored) {
            return std::unexpected(stored.error());
        }
        if (enables_without_trust(*fields, stored->trust.has_value())) {
            return fail(ErrorCode::kInvalidArgument, "--enable: cluster " + options.name +
                                                         " has no TLS trust yet; give --ca-file FILE or "
                                                         "--fingerprint AA:BB:... with --enable");
        }
    }
    db::ClusterChange change{fields->api_url, fields->token_id, std::nullopt, db::trust_from(*fields), fields->enabled};
    if (*secret) {
        change.token_secret = impl_->keys->seal((*secret)->reveal());
    }
    auto updated = impl_->run(impl_->clusters->update(options.name, std::move(change)));
    if (!updated) {
        return std::unexpected(updated.error());
    }
    return line("updated cluster %s (%s)\n", updated->name.c_str(), updated->enabled ? "enabled" : "disabled");
}

Result<std::string> ClusterCommands::disable(const std::string& name) {
    auto disabled = impl_->run(impl_->clusters->disable(name));
    if (!disabled) {
        return std::unexpected(disabled.error());
    }
    return line("disabled cluster %s: no new servers are placed there\n", name.c_str());
}

Result<std::string> ClusterCommands::list() {
    auto clusters = impl_->run(impl_->clusters->list());
    if (!clusters) {
        return std::unexpected(clusters.error());
    }
    std::string table =
        line("%-12s %-8s %-36s %-24s %-20s %-8s %s\n", "NAME", "STATE", "URL", "TOKEN ID", "TRUST", "KEY ID", "IMAGES");
    for (const auto& cluster : *clusters) {
        table += line("%-12s %-8s %-36s %-24s %-20s %-8s %zu\n", cluster.name.c_str(),
                      cluster.enabled ? "enabled" : "disabled", cluster.api_url.c_str(), cluster.token_id.c_str(),
                      trust_summary(cluster.trust).c_str(), std::string(cluster.token_secret.key_id()).c_str(),
                      cluster.images.size());
    }
    return table;
}

Result<std::string> ClusterCommands::set_image(const ImageOptions& options) {
    std::vector<FieldError> errors;
    if (!is_valid_slug(options.os_image)) {
        errors.push_back({"os_image", "must be an image slug such as debian-12"});
    }
    if (auto vmid = check_template_vmid(options.template_vmid); !vmid) {
        errors.push_back({"template_vmid", vmid.error()});
    }
    if (options.storage) {
        if (auto storage = check_storage_id(*options.storage); !storage) {
            errors.push_back({"storage", storage.error()});
        }
    }
    if (!errors.empty()) {
        return std::unexpected(usage(errors));
    }
    auto image = impl_->run(impl_->clusters->set_image(
        options.cluster, db::ClusterImage{options.os_image, options.template_vmid, options.storage}));
    if (!image) {
        return std::unexpected(image.error());
    }
    return line("%s on %s: template %lld%s%s\n", image->os_image.c_str(), options.cluster.c_str(),
                static_cast<long long>(image->template_vmid), image->storage ? ", storage " : "",
                image->storage.value_or("").c_str());
}

Result<std::string> ClusterCommands::list_images(const std::optional<std::string>& cluster) {
    std::vector<db::Cluster> clusters;
    if (cluster) {
        auto found = impl_->run(impl_->clusters->find_by_name(*cluster));
        if (!found) {
            return std::unexpected(found.error());
        }
        clusters.push_back(std::move(*found));
    } else {
        auto all = impl_->run(impl_->clusters->list());
        if (!all) {
            return std::unexpected(all.error());
        }
        clusters = std::move(*all);
    }
    std::string table = line("%-12s %-20s %-10s %s\n", "CLUSTER", "OS_IMAGE", "TEMPLATE", "STORAGE");
    for (const auto& each : clusters) {
        for (const auto& image : each.images) {
            table += line("%-12s %-20s %-10lld %s\n", each.name.c_str(), image.os_image.c_str(),
                          static_cast<long long>(image.template_vmid), image.storage.value_or("-").c_str());
        }
    }
    return table;
}

Result<std::string> ClusterCommands::rotate_secrets() {
    const auto& keys = *impl_->keys;
    auto resealed = impl_->run(db::reseal_all_secrets(
        *impl_->pool, keys.current_key_id(), [&keys](const SealedSecret& sealed) { return keys.reseal(sealed); }));
    if (!resealed) {
        return std::unexpected(resealed.error());
    }
    return line("re-sealed %d cluster secret(s) and %d server credential(s) under key %s\n", resealed->cluster_secrets,
                resealed->server_credentials, keys.current_key_id().c_str());
}

}  // namespace keel::admin
