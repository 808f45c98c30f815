#include <cstdio>

#include "migrate/json_text.hpp"
#include "migrate/migration_run.hpp"

namespace keel::migrate {

namespace {

std::string counts_json(const EntityCounts& counts) {
    JsonObject skipped;
    for (const auto& [reason, n] : counts.skipped) {
        skipped.add(to_string(reason), n);
    }
    JsonObject object;
    object.add("source", counts.source)
        .add("inserted", counts.inserted)
        .add("updated", counts.updated)
        .add("unchanged", counts.unchanged)
        .add("skipped", counts.skipped_total())
        .add("quarantined", counts.quarantined())
        .add("reconciled", counts.source == counts.migrated() + counts.skipped_total())
        .add_raw("skipped_by_reason", skipped.str());
    return object.str();
}

std::string row_line(const char* entity, const EntityCounts& c) {
    char line[200];
    std::snprintf(line, sizeof line, "%-8s %9lld %9lld %9lld %9lld %9lld %11lld\n", entity,
                  static_cast<long long>(c.source), static_cast<long long>(c.inserted),
                  static_cast<long long>(c.updated), static_cast<long long>(c.unchanged),
                  static_cast<long long>(c.skipped_total() - c.quarantined()), static_cast<long long>(c.quarantined()));
    return line;
}

}  // namespace

std::string report_json(const RunReport& report) {
    JsonObject unmapped;
    for (const auto& [name, n] : report.unmapped) {
        unmapped.add(name, n);
    }
    std::string quarantined = "[";
    for (std::size_t i = 0; i < report.quarantined.size(); ++i) {
        const auto& row = report.quarantined[i];
        JsonObject entry;
        entry.add("entity", row.entity)
            .add("whmcs_id", row.whmcs_id)
            .add("reason", to_string(row.reason))
            .add("detail", row.detail);
        quarantined += (i == 0 ? "" : ",") + entry.str();
    }
    quarantined += "]";
    JsonObject root;
    root.add("dry_run", report.dry_run)
        .add_raw("seconds", std::to_string(report.seconds))
        .add_raw("users", counts_json(report.users))
        .add_raw("servers", counts_json(report.servers))
        .add_raw("unmapped_names", unmapped.str())
        .add_raw("quarantined", quarantined);
    return root.str() + "\n";
}

std::string summary_table(const RunReport& report) {
    std::string out = report.dry_run ? "DRY RUN: nothing was written. Keel would:\n" : "";
    out += "entity      source    insert    update unchanged   skipped quarantined\n";
    out += row_line("users", report.users);
    out += row_line("servers", report.servers);
    for (const auto& [entity, counts] : {std::pair{"users", &report.users}, std::pair{"servers", &report.servers}}) {
        for (const auto& [reason, n] : counts->skipped) {
            out += std::string("  ") + entity + " " + (is_quarantine(reason) ? "quarantined" : "skipped") + " (" +
                   std::string(to_string(reason)) + "): " + std::to_string(n) + "\n";
        }
    }
    if (!report.unmapped.empty()) {
        out += "unmapped option/field names (kept in attributes):";
        for (const auto& [name, n] : report.unmapped) {
            out += " \"" + name + "\" (" + std::to_string(n) + ")";
        }
        out += "\n";
    }
    constexpr std::size_t kListed = 20;  // the JSON report has them all
    for (std::size_t i = 0; i < report.quarantined.size() && i < kListed; ++i) {
        const auto& row = report.quarantined[i];
        out += "quarantined " + row.entity + " " + std::to_string(row.whmcs_id) + ": " +
               std::string(to_string(row.reason)) + " - " + row.detail + "\n";
    }
    if (report.quarantined.size() > kListed) {
        out += "… and " + std::to_string(report.quarantined.size() - kListed) +
               " more quarantined rows: see the --report file\n";
    }
    return out;
}

}  // namespace keel::migrate
