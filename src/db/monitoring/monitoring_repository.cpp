#include "db/monitoring/monitoring_repository.hpp"

#include "db/monitoring/monitoring_statements.hpp"
#include "db/pool.hpp"
#include "db/schema_migrations.hpp"

namespace keel::db {

MonitoringRepository::MonitoringRepository(Pool& pool, std::span<const MigrationFile> expected) : pool_(pool) {
    expected_versions_.push_back('{');  // not `= "{"`: g++ 12 warns falsely (-Wrestrict) on that assignment
    for (const auto& file : expected) {
        const auto version = migration_version(file.name);
        if (!version) {
            continue;  // not a numbered file: `keel-api migrate` refuses it, so it is never applied either
        }
        if (expected_count_ > 0) {
            expected_versions_ += ',';
        }
        expected_versions_ += std::to_string(*version);
        ++expected_count_;
    }
    expected_versions_.push_back('}');
}

Task<Result<bool>> MonitoringRepository::schema_current() {
    Params params{param(expected_versions_)};
    auto rows = co_await pool_.query(monitoring_sql::kAppliedMigrations, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    co_return rows->int64(0, 0) == expected_count_;
}

Task<Result<std::vector<LiveJobCount>>> MonitoringRepository::live_job_counts() {
    auto rows = co_await pool_.query(monitoring_sql::kLiveJobCounts, Params{});
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    std::vector<LiveJobCount> counts;
    for (int row = 0; row < rows->rows(); ++row) {
        counts.push_back({rows->string(row, 0), rows->string(row, 1), rows->int64(row, 2)});
    }
    co_return counts;
}

}  // namespace keel::db
