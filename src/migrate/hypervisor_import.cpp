#include "migrate/hypervisor_import.hpp"

#include <set>
#include <variant>

#include "core/cluster_fields.hpp"
#include "migrate/hypervisor_transform.hpp"
#include "provisioning/pve/pve_client.hpp"
#include "whmcs/whmcs_crypto.hpp"

namespace keel::migrate {

namespace {

using provisioning::CaBundlePem;
using provisioning::PinnedFingerprint;
using provisioning::TlsTrust;

std::string whmcs_server(const whmcs::HypervisorRow& row) {
    return "WHMCS server " + std::to_string(row.id) + " (" + row.name + ")";
}

std::optional<TlsTrust> stored_trust(const db::ImportedClusterRow& row) {
    if (row.tls_ca_pem) {
        return TlsTrust(CaBundlePem{*row.tls_ca_pem});
    }
    if (row.tls_fingerprint_sha256) {
        return TlsTrust(PinnedFingerprint{*row.tls_fingerprint_sha256});
    }
    return std::nullopt;
}

std::string trust_kind(const std::optional<TlsTrust>& trust) {
    if (!trust) {
        return "none";
    }
    return std::holds_alternative<CaBundlePem>(*trust) ? "ca" : "fingerprint";
}

// The HTTPS client of a cluster, or why there is none.
Result<std::shared_ptr<provisioning::PveClient>> client_for(BlockingLoop& loop, const std::string& name,
                                                            const std::string& url, const std::string& token_id,
                                                            std::string_view secret, const TlsTrust& trust,
                                                            const provisioning::PveClientOptions& options) {
    auto client = provisioning::PveClient::create(
        loop.executor(),
        provisioning::PveClusterSettings{name, url, token_id, provisioning::ApiTokenSecret(std::string(secret)), trust},
        options);
    if (!client) {
        return std::unexpected(client.error());
    }
    return std::shared_ptr<provisioning::PveClient>(std::move(*client));
}

class Importer {
public:
    Importer(whmcs::SourceReader& reader, db::ImportWriter& writer, const Mapping& mapping,
             const HypervisorImportOptions& options, BlockingLoop& loop)
        : reader_(reader), writer_(writer), mapping_(mapping), options_(options), loop_(loop) {}

    Result<HypervisorImport> run() {
        if (options_.cc_encryption_hash != nullptr) {
            auto rows = reader_.hypervisors(mapping_.server_types());
            if (!rows) {
                return std::unexpected(rows.error());
            }
            for (const auto& row : *rows) {
                if (auto imported = import_row(row); !imported) {
                    return std::unexpected(imported.error());
                }
            }
        }
        // Clusters earlier runs made, for servers this run did not read (no hash given, or the row is gone).
        auto stored = writer_.imported_clusters();
        if (!stored) {
            return std::unexpected(stored.error());
        }
        for (const auto& cluster : *stored) {
            if (cluster.whmcs_server_id && !seen_.contains(*cluster.whmcs_server_id)) {
                result_.link_clusters.push_back(link_cluster(cluster));
            }
        }
        return std::move(result_);
    }

private:
    Status import_row(const whmcs::HypervisorRow& row) {
        seen_.insert(row.id);
        ClusterReport report{.whmcs_server_id = row.id, .whmcs_name = row.name};
        auto planned = plan_cluster(row, mapping_.cluster_names());
        if (const auto* refused = std::get_if<HypervisorRefused>(&planned)) {
            report.detail = std::string(to_string(refused->reason)) + ": " + refused->detail;
            result_.clusters.push_back(std::move(report));
            return {};
        }
        const auto& plan = std::get<ClusterPlan>(planned);
        report.cluster = plan.name;
        auto secret = whmcs::decrypt_secret(row.encrypted_password, options_.cc_encryption_hash->reveal());
        if (!secret) {
            return fail(ErrorCode::kValidation, whmcs_server(row) +
                                                    ": its password does not decrypt to text with the given "
                                                    "cc_encryption_hash; is it this install's (configuration.php)?");
        }
        if (auto usable = check_token_secret(secret->reveal()); !usable) {
            return fail(ErrorCode::kValidation, whmcs_server(row) + ": its password decrypts to no API token secret (" +
                                                    usable.error() + "); is the cc_encryption_hash this install's?");
        }
        auto existing = writer_.cluster_for_import(row.id, plan.name);
        if (!existing) {
            return std::unexpected(existing.error());
        }
        std::optional<TlsTrust> given;
        if (options_.trust != nullptr) {
            if (auto found = options_.trust->find(plan.name); found != options_.trust->end()) {
                given = found->second;
            }
        }
        const auto held = *existing ? stored_trust(**existing) : std::nullopt;
        if (given && held && *given == *held) {
            given.reset();  // the trust it already has: nothing to change
        }
        const auto trust = given ? given : held;
        report.trust = trust_kind(trust);
        LinkCluster link{row.id, plan.name, false, nullptr,
                         "no TLS trust given (--cluster-ca or --cluster-fingerprint)"};
        report.check = "not_checked";
        if (trust) {
            auto client =
                client_for(loop_, plan.name, plan.api_url, plan.token_id, secret->reveal(), *trust, options_.pve);
            if (!client) {
                report.detail = client.error().detail;
                result_.clusters.push_back(std::move(report));
                return {};
            }
            auto version = loop_.run((*client)->version());
            if (!version && (version.error().code == ErrorCode::kUnauthenticated ||
                             version.error().code == ErrorCode::kForbidden)) {
                return fail(ErrorCode::kValidation,
                            whmcs_server(row) + ": " + version.error().detail +
                                "; the cc_encryption_hash may not be this install's, or the token was revoked");
            }
            report.check = version ? "ok" : "unreachable";
            if (!version) {
                report.detail = version.error().detail;
            }
            link = {row.id, plan.name, true, std::move(*client), ""};
        }
        db::ClusterImport import{.whmcs_server_id = row.id,
                                 .name = plan.name,
                                 .api_url = plan.api_url,
                                 .token_id = plan.token_id,
                                 .whmcs_fingerprint = plan.fingerprint,
                                 .token_secret = options_.keys->seal(secret->reveal()),
                                 .trust_changed = given.has_value() || !*existing,
                                 .enabled = trust.has_value()};
        if (given) {
            if (const auto* ca = std::get_if<CaBundlePem>(&*given)) {
                import.tls_ca_pem = ca->pem;
            } else {
                import.tls_fingerprint_sha256 = std::get<PinnedFingerprint>(*given).sha256;
            }
        }
        if (*existing && !import.trust_changed) {
            link.enabled = (*existing)->enabled;  // the operator's choice stands when no new trust is given
            if (!link.enabled) {
                link.client.reset();
                link.unusable = "disabled in Keel";
            }
        }
        report.enabled = link.enabled;
        Status written;
        if (!*existing) {
            report.outcome = ClusterOutcome::kCreated;
            written = options_.dry_run ? Status{} : writer_.insert_cluster(import);
            if (!written && written.error().code == ErrorCode::kConflict) {
                report.outcome = ClusterOutcome::kRefused;
                report.detail = "another Keel cluster is named " + plan.name +
                                " (name it otherwise in the mapping's [clusters] table)";
                result_.clusters.push_back(std::move(report));
                return {};
            }
        } else if ((*existing)->whmcs_fingerprint == plan.fingerprint && (*existing)->name == plan.name && !given) {
            report.outcome = ClusterOutcome::kUnchanged;
        } else {
            report.outcome = ClusterOutcome::kUpdated;
            written = options_.dry_run ? Status{} : writer_.update_cluster((*existing)->id, import);
        }
        if (!written) {
            return written;
        }
        result_.clusters.push_back(std::move(report));
        result_.link_clusters.push_back(std::move(link));
        return {};
    }

    LinkCluster link_cluster(const db::ImportedClusterRow& row) {
        LinkCluster link{*row.whmcs_server_id, row.name, row.enabled, nullptr, ""};
        const auto trust = stored_trust(row);
        if (!row.enabled || !trust) {
            link.unusable = row.enabled ? "no TLS trust" : "disabled in Keel";
            return link;
        }
        if (options_.keys == nullptr) {
            link.unusable = "no KEEL_SECRET_KEY to open its token with";
            return link;
        }
        auto secret = options_.keys->open(row.token_secret);
        if (!secret) {
            link.unusable = secret.error().detail;
            return link;
        }
        auto client = client_for(loop_, row.name, row.api_url, row.token_id, secret->reveal(), *trust, options_.pve);
        if (!client) {
            link.unusable = client.error().detail;
            return link;
        }
        link.client = std::move(*client);
        return link;
    }

    whmcs::SourceReader& reader_;
    db::ImportWriter& writer_;
    const Mapping& mapping_;
    const HypervisorImportOptions& options_;
    BlockingLoop& loop_;
    HypervisorImport result_;
    std::set<std::int64_t> seen_;
};

}  // namespace

std::string_view to_string(ClusterOutcome outcome) {
    switch (outcome) {
        case ClusterOutcome::kCreated: return "created";
        case ClusterOutcome::kUpdated: return "updated";
        case ClusterOutcome::kUnchanged: return "unchanged";
        case ClusterOutcome::kRefused: return "refused";
    }
    return "refused";
}

Result<HypervisorImport> import_hypervisors(whmcs::SourceReader& reader, db::ImportWriter& writer,
                                            const Mapping& mapping, const HypervisorImportOptions& options,
                                            BlockingLoop& loop) {
    return Importer(reader, writer, mapping, options, loop).run();
}

}  // namespace keel::migrate
