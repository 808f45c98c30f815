#include "migrate/migration_run.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "db/connection.hpp"
#include "db/imports/import_writer.hpp"
#include "db/schema_migrations.hpp"
#include "migrate/batch_prefetch.hpp"
#include "migrate/json_text.hpp"
#include "migrate/progress.hpp"
#include "migrate/service_transform.hpp"
#include "migrate/text.hpp"
#include "migrate/user_transform.hpp"
#include "whmcs/source_reader.hpp"
#include "whmcs/whmcs_crypto.hpp"

namespace keel::migrate {

namespace {

using Clock = std::chrono::steady_clock;

// Insert, update, leave alone, or keep Keel's values: by what Keel stored for the row last time.
enum class Change { kInsert, kUpdate, kUnchanged, kKeptKeelChange };

Change classify(const std::map<std::int64_t, db::StoredImport>& stored, std::int64_t id,
                const std::string& fingerprint) {
    auto found = stored.find(id);
    if (found == stored.end()) {
        return Change::kInsert;
    }
    if (found->second.fingerprint == fingerprint) {
        return Change::kUnchanged;
    }
    return found->second.changed_in_keel ? Change::kKeptKeelChange : Change::kUpdate;
}

void count(EntityCounts& counts, Change change) {
    switch (change) {
        case Change::kInsert: ++counts.inserted; break;
        case Change::kUpdate: ++counts.updated; break;
        case Change::kUnchanged: ++counts.unchanged; break;
        case Change::kKeptKeelChange: ++counts.kept_keel_change; break;
    }
}

// The Keel account that owns a client's servers: its first login user's, or else the client's own.
struct Holder {
    std::int64_t whmcs_user_id = 0;
    std::int64_t whmcs_client_id = 0;
};

// An account's key and its entity name in the report.
std::int64_t account_key(const db::ImportedUser& user) {
    return user.whmcs_client_id != 0 ? user.whmcs_client_id : user.whmcs_user_id;
}

const char* account_entity(const db::ImportedUser& user) {
    return user.whmcs_client_id != 0 ? "client" : "user";
}

class Run {
public:
    Run(const RunOptions& options, whmcs::SourceReader& reader, db::ImportWriter& writer)
        : options_(options), reader_(reader), writer_(writer) {}

    Result<RunReport> execute() {
        const auto started = Clock::now();
        report_.dry_run = options_.dry_run;
        report_.link_only = options_.link_only;
        auto totals = reader_.totals();
        if (!totals) {
            return std::unexpected(totals.error());
        }
        // Clusters first: a wrong cc_encryption_hash stops the run before anything is written.
        auto hypervisors = import_hypervisors(reader_, writer_, options_.mapping,
                                              HypervisorImportOptions{.cc_encryption_hash = hash(),
                                                                      .keys = keys(),
                                                                      .trust = &options_.cluster_trust,
                                                                      .pve = options_.pve,
                                                                      .dry_run = options_.dry_run},
                                              loop_);
        if (!hypervisors) {
            return std::unexpected(hypervisors.error());
        }
        report_.clusters = std::move(hypervisors->clusters);
        if (hash() == nullptr) {
            report_.clusters_skipped = report_.credentials_skipped =
                "no cc_encryption_hash given (--whmcs-config or --cc-encryption-hash-file)";
        }
        if (!options_.link_only) {
            report_.users.source = totals->users + totals->clients_without_login;
            report_.servers.source = totals->services;
            if (auto users = migrate_users(*totals); !users) {
                return std::unexpected(users.error());
            }
            if (auto servers = migrate_servers(); !servers) {
                return std::unexpected(servers.error());
            }
        }
        if (keys() == nullptr) {
            report_.links_skipped = "no KEEL_SECRET_KEY: cluster tokens cannot be opened";
        } else {
            auto links = link_servers(reader_, writer_, hypervisors->link_clusters, options_.mapping,
                                      LinkOptions{.batch_size = options_.batch_size,
                                                  .dry_run = options_.dry_run,
                                                  .progress_bar = options_.progress_bar,
                                                  .total_services = totals->services},
                                      loop_);
            if (!links) {
                return std::unexpected(links.error());
            }
            report_.links = std::move(*links);
        }
        report_.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return std::move(report_);
    }

private:
    const auth::Secret* hash() const { return options_.cc_encryption_hash ? &*options_.cc_encryption_hash : nullptr; }
    const auth::SecretKeyRing* keys() const { return options_.keys ? &*options_.keys : nullptr; }

    void skip(EntityCounts& counts, std::string entity, std::int64_t id, SkipReason reason, std::string detail) {
        ++counts.skipped[reason];
        if (is_quarantine(reason)) {
            report_.quarantined.push_back({std::move(entity), id, reason, std::move(detail)});
        }
    }

    // Adds `user` to `batch`, writing the batch when it is full.
    Status add_account(std::vector<db::ImportedUser>& batch, db::ImportedUser user, Progress& progress) {
        batch.push_back(std::move(user));
        if (static_cast<int>(batch.size()) < options_.batch_size) {
            return {};
        }
        auto flushed = flush_users(batch);
        progress.advance(static_cast<std::int64_t>(batch.size()));
        batch.clear();
        return flushed;
    }

    Status migrate_users(const whmcs::SourceTotals& totals) {
        Progress progress("users", report_.users.source, options_.progress_bar);
        std::vector<db::ImportedUser> batch;
        Status failure;
        auto visited = reader_.for_each_client_login([&](const whmcs::ClientLogin& login) {
            // Owner first (the query orders so): the first login of a client holds its account.
            account_holder_.try_emplace(login.client_id, Holder{login.user_id, 0});
            if (!seen_users_.insert(login.user_id).second || !failure) {
                return;
            }
            failure = add_account(batch, transform_login(login), progress);
        });
        if (!visited) {
            return visited;
        }
        if (auto flushed = failure ? flush_users(batch) : failure; !flushed) {
            return flushed;
        }
        progress.advance(static_cast<std::int64_t>(batch.size()));
        batch.clear();
        report_.users.skipped[SkipReason::kNotLinkedToActiveClient] +=
            totals.users - static_cast<std::int64_t>(seen_users_.size());
        // Logins go first: a client's own account never takes an email from one of them within a run.
        visited = reader_.for_each_client_without_login([&](const whmcs::ClientWithoutLogin& client) {
            account_holder_.try_emplace(client.client_id, Holder{0, client.client_id});
            if (failure) {
                failure = add_account(batch, transform_client_account(client), progress);
            }
        });
        if (!visited) {
            return visited;
        }
        if (auto flushed = failure ? flush_users(batch) : failure; !flushed) {
            return flushed;
        }
        progress.advance(static_cast<std::int64_t>(batch.size()));
        progress.finish();
        return {};
    }

    // One batch holds accounts of one kind: login users, or clients with no login user.
    Status flush_users(const std::vector<db::ImportedUser>& batch) {
        if (batch.empty()) {
            return {};
        }
        const bool client_accounts = batch.front().whmcs_client_id != 0;
        std::vector<std::int64_t> ids;
        std::vector<const db::ImportedUser*> candidates;
        for (const auto& user : batch) {
            ids.push_back(account_key(user));
            candidates.push_back(&user);
        }
        auto stored = client_accounts ? writer_.client_account_imports(ids) : writer_.user_imports(ids);
        if (!stored) {
            return std::unexpected(stored.error());
        }
        auto taken = writer_.emails_taken(candidates);
        if (!taken) {
            return std::unexpected(taken.error());
        }
        std::vector<const db::ImportedUser*> changed;
        for (const auto& user : batch) {
            if (auto refused = refuse_email(user, *taken)) {
                (client_accounts ? quarantined_clients_ : quarantined_users_).insert(account_key(user));
                skip(report_.users, account_entity(user), account_key(user), refused->reason,
                     std::move(refused->detail));
                continue;
            }
            const auto change = classify(*stored, account_key(user), user.fingerprint);
            count(report_.users, change);
            if (change == Change::kKeptKeelChange) {
                report_.kept.push_back({account_entity(user), account_key(user)});
            }
            if (change == Change::kInsert || change == Change::kUpdate) {
                changed.push_back(&user);
            }
        }
        return options_.dry_run ? Status{} : writer_.upsert_users(changed);
    }

    // Why `user` cannot have its email in Keel, if it cannot.
    std::optional<Skip> refuse_email(const db::ImportedUser& user, const std::set<std::string>& taken) {
        const auto email = lower_ascii(user.email);
        if (email.empty()) {
            return Skip{SkipReason::kEmailMissing, "no email to make an account from"};
        }
        if (taken.contains(email) || !emails_in_run_.insert(email).second) {
            return Skip{SkipReason::kEmailTaken, "another account already uses " + user.email};
        }
        return std::nullopt;
    }

    Status migrate_servers() {
        Progress progress("services", report_.servers.source, options_.progress_bar);
        auto migrated = for_each_batch(
            [this](std::int64_t after_id) { return reader_.next_services(after_id, options_.batch_size); },
            [](const whmcs::ServiceRow& row) { return row.id; },
            [this, &progress](const std::vector<whmcs::ServiceRow>& rows) -> Status {
                if (auto flushed = migrate_service_batch(rows); !flushed) {
                    return flushed;
                }
                progress.advance(static_cast<std::int64_t>(rows.size()));
                return {};
            });
        if (!migrated) {
            return migrated;
        }
        progress.finish();
        return {};
    }

    // Gives `server` its owner, or says why it has none.
    std::optional<Skip> assign_owner(db::ImportedServer& server, std::int64_t client_id) {
        auto holder = account_holder_.find(client_id);
        if (holder == account_holder_.end()) {
            return Skip{SkipReason::kOwnerMissing, "client " + std::to_string(client_id) + " has no Keel account"};
        }
        const auto [user_id, own_client_id] = holder->second;
        if (quarantined_users_.contains(user_id)) {
            return Skip{SkipReason::kOwnerNotMigrated,
                        "its owner, WHMCS user " + std::to_string(user_id) + ", was quarantined"};
        }
        if (quarantined_clients_.contains(own_client_id)) {
            return Skip{SkipReason::kOwnerNotMigrated,
                        "its owner, the account of client " + std::to_string(own_client_id) + ", was quarantined"};
        }
        server.owner_whmcs_user_id = user_id;
        server.owner_whmcs_client_id = own_client_id;
        return std::nullopt;
    }

    Status migrate_service_batch(const std::vector<whmcs::ServiceRow>& rows) {
        std::vector<db::ImportedServer> batch;
        for (const auto& row : rows) {
            auto outcome = transform_service(row, options_.mapping);
            if (auto* skipped = std::get_if<Skip>(&outcome)) {
                skip(report_.servers, "server", row.id, skipped->reason, skipped->detail);
                continue;
            }
            auto& transformed = std::get<TransformedServer>(outcome);
            if (auto no_owner = assign_owner(transformed.server, row.client_id)) {
                skip(report_.servers, "server", row.id, no_owner->reason, std::move(no_owner->detail));
                continue;
            }
            for (const auto& name : transformed.unmapped) {
                ++report_.unmapped[name];
            }
            for (auto& warning : transformed.warnings) {
                report_.warnings.push_back({"server", row.id, warning.kind, std::move(warning.detail)});
            }
            transformed.server.fingerprint = fingerprint(transformed.server);
            batch.push_back(std::move(transformed.server));
        }
        std::vector<std::int64_t> ids;
        for (const auto& server : batch) {
            ids.push_back(server.whmcs_service_id);
        }
        if (auto written = write_servers(batch, ids); !written) {
            return written;
        }
        return migrate_credentials(rows, ids);
    }

    Status write_servers(const std::vector<db::ImportedServer>& batch, const std::vector<std::int64_t>& ids) {
        auto stored = writer_.server_imports(ids);
        if (!stored) {
            return std::unexpected(stored.error());
        }
        std::vector<const db::ImportedServer*> changed;
        for (const auto& server : batch) {
            const auto change = classify(*stored, server.whmcs_service_id, server.fingerprint);
            count(report_.servers, change);
            if (change == Change::kKeptKeelChange) {
                report_.kept.push_back({"server", server.whmcs_service_id});
            }
            if (change == Change::kInsert || change == Change::kUpdate) {
                changed.push_back(&server);
            }
        }
        return options_.dry_run ? Status{} : writer_.upsert_servers(changed);
    }

    // A service secret to re-seal: its name in Keel and WHMCS's encrypted text.
    struct EncryptedCredential {
        std::int64_t whmcs_service_id;
        std::string name;
        const std::string* encrypted;
    };

    // The root password and password fields of the migrated services among `rows`, decrypted with the install's
    // hash and sealed under Keel's key; only new and changed values are written.
    Status migrate_credentials(const std::vector<whmcs::ServiceRow>& rows, const std::vector<std::int64_t>& migrated) {
        if (hash() == nullptr || migrated.empty()) {
            return {};
        }
        const std::unordered_set<std::int64_t> wanted(migrated.begin(), migrated.end());
        std::vector<EncryptedCredential> encrypted;
        for (const auto& row : rows) {
            if (!wanted.contains(row.id)) {
                continue;
            }
            if (!row.encrypted_password.empty()) {
                encrypted.push_back({row.id, "root_password", &row.encrypted_password});
            }
            for (const auto& field : row.fields) {
                if (field.field_type == "password" && !field.value.empty()) {
                    encrypted.push_back({row.id, mapping_key(field.field_name), &field.value});
                }
            }
        }
        auto stored = writer_.stored_credentials(migrated);
        if (!stored) {
            return std::unexpected(stored.error());
        }
        std::map<std::pair<std::int64_t, std::string>, const SealedSecret*> held;
        for (const auto& credential : *stored) {
            held[{credential.whmcs_service_id, credential.name}] = &credential.sealed;
        }
        std::vector<db::ImportedCredential> changed;
        for (const auto& credential : encrypted) {
            auto secret = whmcs::decrypt_secret(*credential.encrypted, hash()->reveal());
            if (!secret) {
                if (whmcs::decrypt(*credential.encrypted, hash()->reveal()).empty()) {
                    continue;  // WHMCS's encrypt("") — no password stored
                }
                ++report_.credentials.source;
                ++report_.credentials.unreadable;
                report_.warnings.push_back({"server", credential.whmcs_service_id, WarningKind::kCredentialUnreadable,
                                            credential.name + " does not decrypt to text; not migrated"});
                continue;
            }
            ++report_.credentials.source;
            auto found = held.find({credential.whmcs_service_id, credential.name});
            if (found != held.end()) {
                auto opened = keys()->open(*found->second);
                if (opened && opened->reveal() == secret->reveal()) {
                    ++report_.credentials.unchanged;
                    continue;
                }
                ++report_.credentials.updated;
            } else {
                ++report_.credentials.inserted;
            }
            changed.push_back({credential.whmcs_service_id, credential.name, keys()->seal(secret->reveal())});
        }
        return options_.dry_run ? Status{} : writer_.upsert_credentials(changed);
    }

    const RunOptions& options_;
    whmcs::SourceReader& reader_;
    db::ImportWriter& writer_;
    RunReport report_;
    std::unordered_map<std::int64_t, Holder> account_holder_;  // WHMCS client → the account owning its servers
    std::unordered_set<std::int64_t> seen_users_;
    std::unordered_set<std::int64_t> quarantined_users_;    // WHMCS user ids
    std::unordered_set<std::int64_t> quarantined_clients_;  // WHMCS client ids whose own account was quarantined
    std::unordered_set<std::string> emails_in_run_;
    BlockingLoop loop_;  // the clusters' HTTPS clients run on it
};

Status require_current_schema(db::Connection& connection) {
    auto states = db::migration_status(connection, db::embedded_migrations());
    if (!states) {
        return std::unexpected(states.error());
    }
    for (const auto& state : *states) {
        if (!state.applied) {
            return fail(ErrorCode::kInvalidArgument,
                        "Keel's schema is not up to date (" + state.name + " pending): run `keel-api migrate` first");
        }
    }
    return {};
}

}  // namespace

std::int64_t EntityCounts::out_of_scope() const {
    std::int64_t total = 0;
    for (const auto& [reason, n] : skipped) {
        total += is_quarantine(reason) ? 0 : n;
    }
    return total;
}

std::int64_t EntityCounts::quarantined() const {
    std::int64_t total = 0;
    for (const auto& [reason, n] : skipped) {
        total += is_quarantine(reason) ? n : 0;
    }
    return total;
}

bool EntityCounts::reconciled() const {
    return source == inserted + updated + unchanged + kept_keel_change + out_of_scope() + quarantined();
}

Result<RunReport> run_migration(const RunOptions& options) {
    if (options.cc_encryption_hash && !options.keys) {
        return fail(ErrorCode::kInvalidArgument,
                    "KEEL_SECRET_KEY (or KEEL_SECRET_KEY_FILE) is needed to seal WHMCS's secrets under Keel's key");
    }
    auto reader = whmcs::SourceReader::open(options.source);
    if (!reader) {
        return std::unexpected(reader.error());
    }
    if (auto snapshot = reader->begin_snapshot(); !snapshot) {
        return std::unexpected(snapshot.error());
    }
    auto target = db::Connection::open(options.target_url);
    if (!target) {
        return std::unexpected(target.error());
    }
    if (auto schema = require_current_schema(*target); !schema) {
        return std::unexpected(schema.error());
    }
    db::ImportWriter writer(*target);
    if (auto prepared = writer.prepare(); !prepared) {
        return std::unexpected(prepared.error());
    }
    Run run(options, *reader, writer);
    return run.execute();
}

}  // namespace keel::migrate
