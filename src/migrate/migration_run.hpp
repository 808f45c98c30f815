#pragma once
// whmcs-migrate's run: accounts first (so servers can name their owner), then services in id-ordered batches.
// Every source row ends inserted, updated, unchanged, kept (changed in Keel since the last import: Keel wins),
// skipped as out of scope, or quarantined with a reason.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "migrate/mapping.hpp"
#include "migrate/skip_reason.hpp"
#include "migrate/transform_warning.hpp"
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

// users: source = tblusers rows + Active clients with no login user (each gets its own account).
// servers: source = tblhosting rows.
// source = inserted + updated + unchanged + kept_keel_change + out_of_scope() + quarantined(), always.
struct EntityCounts {
    std::int64_t source = 0;
    std::int64_t inserted = 0, updated = 0, unchanged = 0;
    // Changed in WHMCS since the last import, but changed in Keel too: Keel's values stay, WHMCS's are not written.
    std::int64_t kept_keel_change = 0;
    std::map<SkipReason, std::int64_t> skipped;  // out of scope and quarantined, by reason
    std::int64_t out_of_scope() const;
    std::int64_t quarantined() const;
    bool reconciled() const;
};

struct QuarantinedRow {
    std::string entity;  // "user" | "client" | "server"
    std::int64_t whmcs_id = 0;
    SkipReason reason;
    std::string detail;
};

// A row whose Keel values were kept over WHMCS's newer ones.
struct KeptRow {
    std::string entity;  // "user" | "client" (the account of a client with no login user) | "server"
    std::int64_t whmcs_id = 0;
};

// A migrated row that arrived with less than WHMCS's billing data promised.
struct WarnedRow {
    std::string entity;
    std::int64_t whmcs_id = 0;
    WarningKind kind;
    std::string detail;
};

struct RunReport {
    bool dry_run = false;
    double seconds = 0;
    EntityCounts users, servers;
    std::map<std::string, std::int64_t> unmapped;  // option/field name → services carrying it
    std::vector<QuarantinedRow> quarantined;
    std::vector<KeptRow> kept;
    std::vector<WarnedRow> warnings;
};

Result<RunReport> run_migration(const RunOptions& options);

std::string report_json(const RunReport& report);
std::string summary_table(const RunReport& report);

}  // namespace keel::migrate
