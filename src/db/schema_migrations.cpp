#include "db/schema_migrations.hpp"

#include "core/sha256.hpp"

#include <charconv>
#include <map>

namespace keel::db {

namespace {

constexpr Statement kCreateTable{"schema_migrations.create",
                                 "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
                                 " applied_at timestamptz NOT NULL DEFAULT now())"};
// One fixed key for every Keel process: two `migrate` runs never interleave. Transaction-scoped (issue #14): it
// is taken in each migration's own transaction and ends with it, so it works through a transaction-mode pooler,
// where a session lock would stay behind on whichever server session ran it.
constexpr Statement kLock{"schema_migrations.lock", "SELECT pg_advisory_xact_lock(7365001)"};
constexpr Statement kIsApplied{"schema_migrations.is_applied",
                               "SELECT count(*) FROM schema_migrations WHERE version = $1"};
constexpr Statement kApplied{"schema_migrations.applied",
                             "SELECT version, name, checksum, applied_at::text FROM schema_migrations"};
constexpr Statement kRecord{"schema_migrations.record",
                            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)"};

struct AppliedRow {
    std::string name, checksum, applied_at;
};

Status create_table(Connection& connection) {
    return connection.transaction([&]() -> Status {
        if (auto locked = connection.exec(kLock); !locked) {
            return std::unexpected(locked.error());
        }
        if (auto created = connection.exec(kCreateTable); !created) {
            return std::unexpected(created.error());
        }
        return {};
    });
}

Result<std::map<int, AppliedRow>> read_applied(Connection& connection) {
    if (auto created = create_table(connection); !created) {
        return std::unexpected(created.error());
    }
    auto rows = connection.exec(kApplied);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::map<int, AppliedRow> applied;
    for (int i = 0; i < rows->rows(); ++i) {
        applied[static_cast<int>(rows->int64(i, 0))] = {rows->string(i, 1), rows->string(i, 2), rows->string(i, 3)};
    }
    return applied;
}

// Under the lock, re-checked: another process may have applied it meanwhile (then nothing is done).
Status run_in_transaction(Connection& connection, std::string_view sql, const MigrationState& state, bool& applied) {
    applied = false;
    return connection.transaction([&]() -> Status {
        if (auto locked = connection.exec(kLock); !locked) {
            return std::unexpected(locked.error());
        }
        auto present = connection.exec(kIsApplied, {param(state.version)});
        if (!present) {
            return std::unexpected(present.error());
        }
        if (present->int64(0, 0) > 0) {
            return {};
        }
        applied = true;
        if (auto ran = connection.exec_script(sql); !ran) {
            return std::unexpected(ran.error());
        }
        if (auto recorded = connection.exec(kRecord, {param(state.version), param(state.name), param(state.checksum)});
            !recorded) {
            return std::unexpected(recorded.error());
        }
        return {};
    });
}

}  // namespace

Result<int> migration_version(std::string_view file_name) {
    int version = 0;
    const auto [end, ec] = std::from_chars(file_name.data(), file_name.data() + file_name.size(), version);
    if (ec != std::errc{} || end == file_name.data() || version <= 0 || *end != '_') {
        return fail(ErrorCode::kInvalidArgument,
                    "migration file '" + std::string(file_name) + "' must be named NNNN_description.sql");
    }
    return version;
}

Result<std::vector<MigrationState>> migration_status(Connection& connection, std::span<const MigrationFile> files) {
    auto applied = read_applied(connection);
    if (!applied) {
        return std::unexpected(applied.error());
    }
    std::vector<MigrationState> states;
    for (const auto& file : files) {
        auto version = migration_version(file.name);
        if (!version) {
            return std::unexpected(version.error());
        }
        MigrationState state{*version, std::string(file.name), sha256_hex(file.sql), false, ""};
        if (auto found = applied->find(*version); found != applied->end()) {
            if (found->second.checksum != state.checksum) {
                return fail(ErrorCode::kConflict, "migration " + state.name +
                                                      " was changed after it was applied (checksum " +
                                                      found->second.checksum.substr(0, 12) + " in the database, " +
                                                      state.checksum.substr(0, 12) + " on disk)");
            }
            state.applied = true;
            state.applied_at = found->second.applied_at;
        }
        states.push_back(std::move(state));
    }
    return states;
}

Result<std::vector<std::string>> apply_migrations(Connection& connection, std::span<const MigrationFile> files) {
    auto states = migration_status(connection, files);
    if (!states) {
        return std::unexpected(states.error());
    }
    std::vector<std::string> applied_now;
    for (std::size_t i = 0; i < states->size(); ++i) {
        const auto& state = (*states)[i];
        if (state.applied) {
            continue;
        }
        bool applied = false;
        auto ran = run_in_transaction(connection, files[i].sql, state, applied);
        if (!ran) {
            return fail(ran.error().code, state.name + ": " + ran.error().detail);
        }
        if (applied) {
            applied_now.push_back(state.name);
        }
    }
    return applied_now;
}

}  // namespace keel::db
