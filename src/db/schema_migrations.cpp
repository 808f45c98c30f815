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
// One fixed key for every Keel process: two `migrate` runs never interleave.
constexpr Statement kLock{"schema_migrations.lock", "SELECT pg_advisory_lock(7365001)"};
constexpr Statement kUnlock{"schema_migrations.unlock", "SELECT pg_advisory_unlock(7365001)"};
constexpr Statement kApplied{"schema_migrations.applied",
                             "SELECT version, name, checksum, applied_at::text FROM schema_migrations"};
constexpr Statement kRecord{"schema_migrations.record",
                            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)"};

struct AppliedRow {
    std::string name, checksum, applied_at;
};

Result<std::map<int, AppliedRow>> read_applied(Connection& connection) {
    auto created = connection.exec(kCreateTable);
    if (!created) {
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

Status run_in_transaction(Connection& connection, std::string_view sql, const MigrationState& state) {
    return connection.transaction([&]() -> Status {
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
    auto locked = connection.exec(kLock);
    if (!locked) {
        return std::unexpected(locked.error());
    }
    // Re-read under the lock: another process may have applied some meanwhile.
    auto states = migration_status(connection, files);
    std::vector<std::string> applied_now;
    Result<std::vector<std::string>> outcome = applied_now;
    if (!states) {
        outcome = std::unexpected(states.error());
    } else {
        for (std::size_t i = 0; i < states->size(); ++i) {
            const auto& state = (*states)[i];
            if (state.applied) {
                continue;
            }
            auto ran = run_in_transaction(connection, files[i].sql, state);
            if (!ran) {
                outcome = fail(ran.error().code, state.name + ": " + ran.error().detail);
                break;
            }
            applied_now.push_back(state.name);
            outcome = applied_now;
        }
    }
    (void)connection.exec(kUnlock);
    return outcome;
}

}  // namespace keel::db
