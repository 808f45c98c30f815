#include "migrate/migration_run.hpp"

#include <chrono>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "db/connection.hpp"
#include "db/imports/import_writer.hpp"
#include "db/schema_migrations.hpp"
#include "migrate/json_text.hpp"
#include "migrate/progress.hpp"
#include "migrate/service_transform.hpp"
#include "migrate/text.hpp"
#include "migrate/user_transform.hpp"
#include "whmcs/source_reader.hpp"

namespace keel::migrate {

namespace {

using Clock = std::chrono::steady_clock;

// Insert, update or leave alone, by the fingerprint Keel stored last time.
enum class Change { kInsert, kUpdate, kUnchanged };

Change classify(const std::map<std::int64_t, std::string>& stored, std::int64_t id, const std::string& fingerprint) {
    auto found = stored.find(id);
    if (found == stored.end()) {
        return Change::kInsert;
    }
    return found->second == fingerprint ? Change::kUnchanged : Change::kUpdate;
}

void count(EntityCounts& counts, Change change) {
    switch (change) {
        case Change::kInsert: ++counts.inserted; break;
        case Change::kUpdate: ++counts.updated; break;
        case Change::kUnchanged: ++counts.unchanged; break;
    }
}

class Run {
public:
    Run(const RunOptions& options, whmcs::SourceReader& reader, db::ImportWriter& writer)
        : options_(options), reader_(reader), writer_(writer) {}

    Result<RunReport> execute() {
        const auto started = Clock::now();
        report_.dry_run = options_.dry_run;
        auto totals = reader_.totals();
        if (!totals) {
            return std::unexpected(totals.error());
        }
        report_.users.source = totals->users;
        report_.servers.source = totals->services;
        if (auto users = migrate_users(); !users) {
            return std::unexpected(users.error());
        }
        if (auto servers = migrate_servers(); !servers) {
            return std::unexpected(servers.error());
        }
        report_.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return std::move(report_);
    }

private:
    void skip(EntityCounts& counts, std::string entity, std::int64_t id, SkipReason reason, std::string detail) {
        ++counts.skipped[reason];
        if (is_quarantine(reason)) {
            report_.quarantined.push_back({std::move(entity), id, reason, std::move(detail)});
        }
    }

    Status migrate_users() {
        Progress progress("users", report_.users.source, options_.progress_bar);
        std::vector<db::ImportedUser> batch;
        Status failure;
        auto visited = reader_.for_each_client_login([&](const whmcs::ClientLogin& login) {
            // Owner first (the query orders so): the first login of a client holds its account.
            account_holder_.try_emplace(login.client_id, login.user_id);
            if (!seen_users_.insert(login.user_id).second || !failure) {
                return;
            }
            batch.push_back(transform_login(login));
            if (static_cast<int>(batch.size()) >= options_.batch_size) {
                failure = flush_users(batch);
                progress.advance(static_cast<std::int64_t>(batch.size()));
                batch.clear();
            }
        });
        if (!visited) {
            return visited;
        }
        if (!failure) {
            return failure;
        }
        if (auto flushed = flush_users(batch); !flushed) {
            return flushed;
        }
        progress.advance(static_cast<std::int64_t>(batch.size()));
        const auto linked = static_cast<std::int64_t>(seen_users_.size());
        report_.users.skipped[SkipReason::kNotLinkedToActiveClient] += report_.users.source - linked;
        progress.finish();
        return {};
    }

    Status flush_users(const std::vector<db::ImportedUser>& batch) {
        if (batch.empty()) {
            return {};
        }
        std::vector<std::int64_t> ids;
        std::vector<const db::ImportedUser*> candidates;
        for (const auto& user : batch) {
            ids.push_back(user.whmcs_user_id);
            candidates.push_back(&user);
        }
        auto stored = writer_.user_fingerprints(ids);
        if (!stored) {
            return std::unexpected(stored.error());
        }
        auto taken = writer_.emails_taken(candidates);
        if (!taken) {
            return std::unexpected(taken.error());
        }
        std::vector<const db::ImportedUser*> changed;
        for (const auto& user : batch) {
            const auto email = lower_ascii(user.email);
            if (taken->contains(email) || !emails_in_run_.insert(email).second) {
                quarantined_users_.insert(user.whmcs_user_id);
                skip(report_.users, "user", user.whmcs_user_id, SkipReason::kEmailTaken,
                     "another account already uses " + user.email);
                continue;
            }
            const auto change = classify(*stored, user.whmcs_user_id, user.fingerprint);
            count(report_.users, change);
            if (change != Change::kUnchanged) {
                changed.push_back(&user);
            }
        }
        return options_.dry_run ? Status{} : writer_.upsert_users(changed);
    }

    Status migrate_servers() {
        Progress progress("services", report_.servers.source, options_.progress_bar);
        std::int64_t after_id = 0;
        while (true) {
            auto rows = reader_.next_services(after_id, options_.batch_size);
            if (!rows) {
                return std::unexpected(rows.error());
            }
            if (rows->empty()) {
                break;
            }
            after_id = rows->back().id;
            if (auto flushed = migrate_service_batch(*rows); !flushed) {
                return flushed;
            }
            progress.advance(static_cast<std::int64_t>(rows->size()));
        }
        progress.finish();
        return {};
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
            auto holder = account_holder_.find(row.client_id);
            if (holder == account_holder_.end()) {
                skip(report_.servers, "server", row.id, SkipReason::kOwnerMissing,
                     "client " + std::to_string(row.client_id) + " has no login user");
                continue;
            }
            if (quarantined_users_.contains(holder->second)) {
                skip(report_.servers, "server", row.id, SkipReason::kOwnerNotMigrated,
                     "its owner, WHMCS user " + std::to_string(holder->second) + ", was quarantined");
                continue;
            }
            for (const auto& name : transformed.unmapped) {
                ++report_.unmapped[name];
            }
            transformed.server.owner_whmcs_user_id = holder->second;
            transformed.server.fingerprint = fingerprint(transformed.server);
            batch.push_back(std::move(transformed.server));
        }
        std::vector<std::int64_t> ids;
        for (const auto& server : batch) {
            ids.push_back(server.whmcs_service_id);
        }
        auto stored = writer_.server_fingerprints(ids);
        if (!stored) {
            return std::unexpected(stored.error());
        }
        std::vector<const db::ImportedServer*> changed;
        for (const auto& server : batch) {
            const auto change = classify(*stored, server.whmcs_service_id, server.fingerprint);
            count(report_.servers, change);
            if (change != Change::kUnchanged) {
                changed.push_back(&server);
            }
        }
        return options_.dry_run ? Status{} : writer_.upsert_servers(changed);
    }

    const RunOptions& options_;
    whmcs::SourceReader& reader_;
    db::ImportWriter& writer_;
    RunReport report_;
    std::unordered_map<std::int64_t, std::int64_t> account_holder_;  // WHMCS client → its login user
    std::unordered_set<std::int64_t> seen_users_;
    std::unordered_set<std::int64_t> quarantined_users_;
    std::unordered_set<std::string> emails_in_run_;
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

std::int64_t EntityCounts::skipped_total() const {
    std::int64_t total = 0;
    for (const auto& [reason, n] : skipped) {
        total += n;
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

Result<RunReport> run_migration(const RunOptions& options) {
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
