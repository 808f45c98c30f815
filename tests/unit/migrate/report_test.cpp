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

TEST(ReportJson, ListsClustersLinksAndCredentialsButNoSecret) {
    auto report = sample();
    report.clusters.push_back({8, "Proxmox FRA", "fra1", ClusterOutcome::kCreated, true, "ca", "ok", ""});
    report.clusters.push_back({10, "old", "", ClusterOutcome::kRefused, false, "", "", "password_login: root"});
    report.credentials = {.source = 4, .inserted = 3, .updated = 0, .unchanged = 0, .unreadable = 1};
    report.links.servers = 5;
    report.links.linked = 3;
    report.links.not_linked[LinkStatus::kVmMissing] = 2;
    report.links.unlinked.push_back({21, LinkStatus::kVmMissing, "VM 121 is not in cluster fra1"});
    report.links.notes.push_back({5, LinkNoteKind::kDiffers, "ram_mb", "4096", "8192"});
    const auto json = report_json(report);
    EXPECT_TRUE(contains(
        json,
        R"({"whmcs_server_id":8,"whmcs_name":"Proxmox FRA","cluster":"fra1","outcome":"created","enabled":true,"trust":"ca","check":"ok","detail":""})"))
        << json;
    EXPECT_TRUE(contains(json, R"("credentials":{"source":4,"inserted":3,"updated":0,"unchanged":0,"unreadable":1})"))
        << json;
    EXPECT_TRUE(contains(json, R"("not_linked":{"vm_missing":2})")) << json;
    EXPECT_TRUE(
        contains(json, R"({"whmcs_service_id":21,"status":"vm_missing","detail":"VM 121 is not in cluster fra1"})"))
        << json;
    EXPECT_TRUE(
        contains(json, R"({"whmcs_service_id":5,"note":"differs","column":"ram_mb","whmcs":"4096","vm":"8192"})"))
        << json;
    const auto summary = summary_table(report);
    EXPECT_TRUE(
        contains(summary, "cluster fra1 from WHMCS server 8 (Proxmox FRA): created, enabled, trust ca, check ok"))
        << summary;
    EXPECT_TRUE(contains(summary, "links   5 servers: 3 linked, 0 verified unchanged, 2 vm_missing")) << summary;
}

}  // namespace
}  // namespace keel::migrate
