#include <cstdio>

#include "migrate/json_text.hpp"
#include "migrate/migration_run.hpp"

namespace keel::migrate {

namespace {

// The same figures as the printed summary: skipped counts out-of-scope rows only, so
// source = inserted + updated + unchanged + kept_keel_change + skipped + quarantined.
std::string counts_json(const EntityCounts& counts) {
    JsonObject skipped, quarantined;
    for (const auto& [reason, n] : counts.skipped) {
        (is_quarantine(reason) ? quarantined : skipped).add(to_string(reason), n);
    }
    JsonObject object;
    object.add("source", counts.source)
        .add("inserted", counts.inserted)
        .add("updated", counts.updated)
        .add("unchanged", counts.unchanged)
        .add("kept_keel_change", counts.kept_keel_change)
        .add("skipped", counts.out_of_scope())
        .add("quarantined", counts.quarantined())
        .add("reconciled", counts.reconciled())
        .add_raw("skipped_by_reason", skipped.str())
        .add_raw("quarantined_by_reason", quarantined.str());
    return object.str();
}

std::string row_line(const char* entity, const EntityCounts& c) {
    char line[200];
    std::snprintf(line, sizeof line, "%-8s %9lld %9lld %9lld %9lld %9lld %9lld %11lld\n", entity,
                  static_cast<long long>(c.source), static_cast<long long>(c.inserted),
                  static_cast<long long>(c.updated), static_cast<long long>(c.unchanged),
                  static_cast<long long>(c.kept_keel_change), static_cast<long long>(c.out_of_scope()),
                  static_cast<long long>(c.quarantined()));
    return line;
}

template <class Row, class Describe>
std::string rows_json(const std::vector<Row>& rows, Describe describe) {
    std::string out = "[";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        JsonObject entry;
        entry.add("entity", rows[i].entity).add("whmcs_id", rows[i].whmcs_id);
        describe(entry, rows[i]);
        out += (i == 0 ? "" : ",") + entry.str();
    }
    return out + "]";
}

// The first rows of a list; the JSON report has them all.
template <class Row, class Describe>
std::string rows_text(const std::vector<Row>& rows, const char* what, Describe describe) {
    constexpr std::size_t kListed = 20;
    std::string out;
    for (std::size_t i = 0; i < rows.size() && i < kListed; ++i) {
        out += std::string(what) + " " + rows[i].entity + " " + std::to_string(rows[i].whmcs_id) + describe(rows[i]) +
               "\n";
    }
    if (rows.size() > kListed) {
        out += "… and " + std::to_string(rows.size() - kListed) + " more " + what + " rows: see the --report file\n";
    }
    return out;
}

}  // namespace

std::string report_json(const RunReport& report) {
    JsonObject unmapped;
    for (const auto& [name, n] : report.unmapped) {
        unmapped.add(name, n);
    }
    JsonObject root;
    root.add("dry_run", report.dry_run)
        .add_raw("seconds", std::to_string(report.seconds))
        .add_raw("users", counts_json(report.users))
        .add_raw("servers", counts_json(report.servers))
        .add_raw("unmapped_names", unmapped.str())
        .add_raw("quarantined", rows_json(report.quarantined,
                                          [](JsonObject& entry, const QuarantinedRow& row) {
                                              entry.add("reason", to_string(row.reason)).add("detail", row.detail);
                                          }))
        .add_raw("kept_keel_change", rows_json(report.kept, [](JsonObject&, const KeptRow&) {}))
        .add_raw("warnings", rows_json(report.warnings, [](JsonObject& entry, const WarnedRow& row) {
                     entry.add("warning", to_string(row.kind)).add("detail", row.detail);
                 }));
    return root.str() + "\n";
}

std::string summary_table(const RunReport& report) {
    std::string out = report.dry_run ? "DRY RUN: nothing was written. Keel would:\n" : "";
    out += "entity      source    insert    update unchanged      kept   skipped quarantined\n";
    out += row_line("users", report.users);
    out += row_line("servers", report.servers);
    for (const auto& [entity, counts] : {std::pair{"users", &report.users}, std::pair{"servers", &report.servers}}) {
        for (const auto& [reason, n] : counts->skipped) {
            out += std::string("  ") + entity + " " + (is_quarantine(reason) ? "quarantined" : "skipped") + " (" +
                   std::string(to_string(reason)) + "): " + std::to_string(n) + "\n";
        }
    }
    if (!report.kept.empty()) {
        out += "kept: changed in WHMCS since the last import, but changed in Keel too; Keel's values stay\n";
    }
    if (!report.unmapped.empty()) {
        out += "unmapped option/field names (kept in attributes):";
        for (const auto& [name, n] : report.unmapped) {
            out += " \"" + name + "\" (" + std::to_string(n) + ")";
        }
        out += "\n";
    }
    out += rows_text(report.quarantined, "quarantined", [](const QuarantinedRow& row) {
        return ": " + std::string(to_string(row.reason)) + " - " + row.detail;
    });
    out += rows_text(report.kept, "kept_keel_change", [](const KeptRow&) { return std::string(); });
    out += rows_text(report.warnings, "warning",
                     [](const WarnedRow& row) { return ": " + std::string(to_string(row.kind)) + " - " + row.detail; });
    return out;
}

}  // namespace keel::migrate
