#pragma once
// Versioned SQL files from migrations/, compiled into the binary, applied in order: each in its own
// transaction, recorded with a SHA-256 checksum, serialized across processes by an advisory lock, and
// refused if an applied file has since changed.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/connection.hpp"

namespace keel::db {

struct MigrationFile {
    std::string_view name;  // "0001_core.sql": the number is the version
    std::string_view sql;
};

// The migrations/ folder as it was at build time.
std::span<const MigrationFile> embedded_migrations();

struct MigrationState {
    int version = 0;
    std::string name;
    std::string checksum;
    bool applied = false;
    std::string applied_at;  // empty when pending
};

Result<int> migration_version(std::string_view file_name);

Result<std::vector<MigrationState>> migration_status(Connection& connection, std::span<const MigrationFile> files);
// Applies what is pending; returns the names applied now.
Result<std::vector<std::string>> apply_migrations(Connection& connection, std::span<const MigrationFile> files);

}  // namespace keel::db
