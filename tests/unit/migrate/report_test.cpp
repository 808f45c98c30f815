#include <gtest/gtest.h>

#include "migrate/migration_run.hpp"

namespace keel::migrate {
namespace {

RunReport sample() {
    RunReport report;
    report.servers.source = 12;
    report.servers.inserted = 3;
    report.servers.updated = 2;
    report.servers.unchanged = 1;
    report.servers.kept_keel_change = 2;
    report.servers.skipped[SkipReason::kStatusNotMigrated] = 3;  // out of scope
    report.servers.skipped[SkipReason::kClientMissing] = 1;      // quarantined
    report.quarantined.push_back({"server", 13, SkipReason::kClientMissing, "client 13 does not exist"});
    report.kept.push_back({"server", 3});
    report.kept.push_back({"server", 4});
    report.warnings.push_back({"server", 10, WarningKind::kSpecIncomplete, "ram_mb left empty"});
    return report;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(ReportJson, SkippedExcludesQuarantinedSoTheFileReconcilesLikeTheSummary) {
    const auto json = report_json(sample());
    EXPECT_TRUE(contains(json, R"("kept_keel_change":2,"skipped":3,"quarantined":1,"reconciled":true)")) << json;
    EXPECT_TRUE(contains(json, R"("skipped_by_reason":{"status_not_migrated":3})")) << json;
    EXPECT_TRUE(contains(json, R"("quarantined_by_reason":{"client_missing":1})")) << json;
}

TEST(ReportJson, ListsKeptRowsAndWarnings) {
    const auto json = report_json(sample());
    EXPECT_TRUE(contains(json, R"("kept_keel_change":[{"entity":"server","whmcs_id":3},)")) << json;
    EXPECT_TRUE(contains(
        json,
        R"("warnings":[{"entity":"server","whmcs_id":10,"warning":"spec_incomplete","detail":"ram_mb left empty"}])"))
        << json;
}

TEST(EntityCounts, ReconcilesOnlyWhenEveryRowIsCounted) {
    auto report = sample();
    EXPECT_TRUE(report.servers.reconciled());
    ++report.servers.source;
    EXPECT_FALSE(report.servers.reconciled());
}

TEST(SummaryTable, PrintsTheSameFiguresAsTheJson) {
    const auto table = summary_table(sample());
    EXPECT_TRUE(contains(table, "servers         12         3         2         1         2         3           1"))
        << table;
    EXPECT_TRUE(contains(table, "kept_keel_change server 3")) << table;
    EXPECT_TRUE(contains(table, "warning server 10: spec_incomplete - ram_mb left empty")) << table;
}

}  // namespace
}  // namespace keel::migrate
