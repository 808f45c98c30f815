#pragma once
// whmcs-migrate's run: users first (so servers can name their owner), then services in id-ordered batches;
// every source row ends migrated (inserted, updated, unchanged) or skipped with a reason.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "migrate/mapping.hpp"
#include "migrate/skip_reason.hpp"
#include "whmcs/mysql_url.hpp"

namespace keel::migrate {

struct RunOptions {
    whmcs::MysqlUrl source;
    std::string target_url;
    bool dry_run = false;
    Mapping mapping = Mapping::defaults();
    int batch_size = 2000;
    bool progress_bar = false;  // a live bar (terminal) or periodic lines
};

struct EntityCounts {
    std::int64_t source = 0;
    std::int64_t inserted = 0, updated = 0, unchanged = 0;
    std::map<SkipReason, std::int64_t> skipped;
    std::int64_t migrated() const { return inserted + updated + unchanged; }
    std::int64_t skipped_total() const;
    std::int64_t quarantined() const;
};

struct QuarantinedRow {
    std::string entity;  // "user" | "server"
    std::int64_t whmcs_id = 0;
    SkipReason reason;
    std::string detail;
};

struct RunReport {
    bool dry_run = false;
    double seconds = 0;
    EntityCounts users, servers;
    std::map<std::string, std::int64_t> unmapped;  // option/field name → services carrying it
    std::vector<QuarantinedRow> quarantined;
};

Result<RunReport> run_migration(const RunOptions& options);

std::string report_json(const RunReport& report);
std::string summary_table(const RunReport& report);

}  // namespace keel::migrate
