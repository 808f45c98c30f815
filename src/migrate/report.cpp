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

std::string clusters_json(const std::vector<ClusterReport>& clusters) {
    std::string out = "[";
    for (std::size_t i = 0; i < clusters.size(); ++i) {
        const auto& cluster = clusters[i];
        JsonObject entry;
        entry.add("whmcs_server_id", cluster.whmcs_server_id)
            .add("whmcs_name", cluster.whmcs_name)
            .add("cluster", cluster.cluster)
            .add("outcome", to_string(cluster.outcome))
            .add("enabled", cluster.enabled)
            .add("trust", cluster.trust)
            .add("check", cluster.check)
            .add("detail", cluster.detail);
        out += (i == 0 ? "" : ",") + entry.str();
    }
    return out + "]";
}

std::string links_json(const LinkReport& links, const std::string& skipped) {
    JsonObject not_linked;
    for (const auto& [status, n] : links.not_linked) {
        not_linked.add(to_string(status), n);
    }
    std::string unlinked = "[";
    for (std::size_t i = 0; i < links.unlinked.size(); ++i) {
        JsonObject entry;
        entry.add("whmcs_service_id", links.unlinked[i].whmcs_service_id)
            .add("status", to_string(links.unlinked[i].status))
            .add("detail", links.unlinked[i].detail);
        unlinked += (i == 0 ? "" : ",") + entry.str();
    }
    std::string notes = "[";
    for (std::size_t i = 0; i < links.notes.size(); ++i) {
        const auto& note = links.notes[i];
        JsonObject entry;
        entry.add("whmcs_service_id", note.whmcs_service_id).add("note", to_string(note.kind));
        if (!note.column.empty()) {
            entry.add("column", note.column);
        }
        if (!note.whmcs_value.empty() || !note.vm_value.empty()) {
            entry.add("whmcs", note.whmcs_value).add("vm", note.vm_value);
        }
        notes += (i == 0 ? "" : ",") + entry.str();
    }
    JsonObject object;
    if (!skipped.empty()) {
        object.add("skipped", skipped);
    }
    object.add("servers", links.servers)
        .add("linked", links.linked)
        .add("verified", links.verified)
        .add_raw("not_linked", not_linked.str())
        .add_raw("unlinked", unlinked + "]")
        .add_raw("notes", notes + "]");
    return object.str();
}

std::string credentials_json(const CredentialCounts& counts, const std::string& skipped) {
    JsonObject object;
    if (!skipped.empty()) {
        object.add("skipped", skipped);
    }
    object.add("source", counts.source)
        .add("inserted", counts.inserted)
        .add("updated", counts.updated)
        .add("unchanged", counts.unchanged)
        .add("unreadable", counts.unreadable);
    return object.str();
}

}  // namespace

std::string report_json(const RunReport& report) {
    JsonObject unmapped;
    for (const auto& [name, n] : report.unmapped) {
        unmapped.add(name, n);
    }
    JsonObject root;
    root.add("dry_run", report.dry_run)
        .add("link_only", report.link_only)
        .add_raw("seconds", std::to_string(report.seconds))
        .add_raw("users", counts_json(report.users))
        .add_raw("servers", counts_json(report.servers))
        .add_raw("unmapped_names", unmapped.str())
        .add_raw("quarantined", rows_json(report.quarantined,
                                          [](JsonObject& entry, const QuarantinedRow& row) {
                                              entry.add("reason", to_string(row.reason)).add("detail", row.detail);
                                          }))
        .add_raw("kept_keel_change", rows_json(report.kept, [](JsonObject&, const KeptRow&) {}))
        .add_raw("warnings", rows_json(report.warnings,
                                       [](JsonObject& entry, const WarnedRow& row) {
                                           entry.add("warning", to_string(row.kind)).add("detail", row.detail);
                                       }))
        .add_raw("clusters", clusters_json(report.clusters));
    if (!report.clusters_skipped.empty()) {
        root.add("clusters_skipped", report.clusters_skipped);
    }
    root.add_raw("credentials", credentials_json(report.credentials, report.credentials_skipped))
        .add_raw("links", links_json(report.links, report.links_skipped));
    return root.str() + "\n";
}

std::string summary_table(const RunReport& report) {
    std::string out = report.dry_run ? "DRY RUN: nothing was written. Keel would:\n" : "";
    for (const auto& cluster : report.clusters) {
        out += "cluster " + (cluster.cluster.empty() ? std::string("-") : cluster.cluster) + " from WHMCS server " +
               std::to_string(cluster.whmcs_server_id) + " (" + cluster.whmcs_name +
               "): " + std::string(to_string(cluster.outcome));
        if (cluster.outcome != ClusterOutcome::kRefused) {
            out += std::string(cluster.enabled ? ", enabled" : ", DISABLED") + ", trust " + cluster.trust + ", check " +
                   cluster.check;
        }
        out += (cluster.detail.empty() ? "" : " - " + cluster.detail) + "\n";
    }
    if (!report.clusters_skipped.empty()) {
        out += "clusters and service passwords not migrated: " + report.clusters_skipped + "\n";
    }
    out += "entity      source    insert    update unchanged      kept   skipped quarantined\n";
    if (!report.link_only) {
        out += row_line("users", report.users);
        out += row_line("servers", report.servers);
    }
    if (report.credentials.source > 0) {
        const auto& c = report.credentials;
        out += "credentials " + std::to_string(c.source) + ": " + std::to_string(c.inserted) + " new, " +
               std::to_string(c.updated) + " changed, " + std::to_string(c.unchanged) + " unchanged, " +
               std::to_string(c.unreadable) + " unreadable\n";
    }
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
    if (!report.links_skipped.empty()) {
        out += "links: not checked - " + report.links_skipped + "\n";
    } else {
        const auto& l = report.links;
        out += "links   " + std::to_string(l.servers) + " servers: " + std::to_string(l.linked) + " linked, " +
               std::to_string(l.verified) + " verified unchanged";
        for (const auto& [status, n] : l.not_linked) {
            out += ", " + std::to_string(n) + " " + std::string(to_string(status));
        }
        out += "\n";
        constexpr std::size_t kListed = 20;
        for (std::size_t i = 0; i < l.unlinked.size() && i < kListed; ++i) {
            out += "not linked server " + std::to_string(l.unlinked[i].whmcs_service_id) + ": " +
                   std::string(to_string(l.unlinked[i].status)) + " - " + l.unlinked[i].detail + "\n";
        }
        if (l.unlinked.size() > kListed) {
            out += "… and " + std::to_string(l.unlinked.size() - kListed) + " more not linked: see the --report file\n";
        }
    }
    return out;
}

}  // namespace keel::migrate
