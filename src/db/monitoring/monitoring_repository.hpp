#pragma once
// What the operator endpoints read from PostgreSQL: whether the schema is current (/readyz) and the live jobs
// (/metrics).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/task.hpp"

namespace keel::db {

class Pool;
struct MigrationFile;

struct LiveJobCount {
    std::string kind;   // provision, reboot, …
    std::string state;  // queued or running
    std::int64_t count = 0;
};

class MonitoringRepository {
public:
    // `expected`: the migrations this binary embeds; the schema is current when every one is applied.
    MonitoringRepository(Pool& pool, std::span<const MigrationFile> expected);

    // True when every expected migration is applied; an error when the database cannot be asked.
    Task<Result<bool>> schema_current();
    Task<Result<std::vector<LiveJobCount>>> live_job_counts();

private:
    Pool& pool_;
    std::string expected_versions_;  // "{1,2,…}", computed once
    std::int64_t expected_count_ = 0;
};

}  // namespace keel::db
