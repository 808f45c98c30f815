#include "db/imports/import_writer.hpp"

#include "db/array_params.hpp"
#include "db/imports/import_statements.hpp"

namespace keel::db {

namespace {

// COPY's text format: tab-separated, \N for NULL, backslash escapes.
void copy_field(std::string& out, std::string_view value) {
    for (char c : value) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out.push_back(c);
        }
    }
}

class CopyRow {
public:
    explicit CopyRow(std::string& out) : out_(out) {}
    ~CopyRow() { out_.push_back('\n'); }
    CopyRow& text(std::string_view value) {
        separate();
        copy_field(out_, value);
        return *this;
    }
    CopyRow& number(std::int64_t value) { return text(std::to_string(value)); }
    CopyRow& null() {
        separate();
        out_ += "\\N";
        return *this;
    }
    template <class T>
    CopyRow& optional(const std::optional<T>& value) {
        if (!value) {
            return null();
        }
        if constexpr (std::is_same_v<T, std::string>) {
            return text(*value);
        } else if constexpr (std::is_same_v<T, bool>) {
            return text(*value ? "t" : "f");
        } else {
            return number(*value);
        }
    }

private:
    void separate() {
        if (!first_) {
            out_.push_back('\t');
        }
        first_ = false;
    }
    std::string& out_;
    bool first_ = true;
};

// WHMCS ids start at 1: 0 stands for "none" and is written as NULL.
std::optional<std::int64_t> key(std::int64_t whmcs_id) {
    return whmcs_id == 0 ? std::nullopt : std::optional<std::int64_t>(whmcs_id);
}

ImportedClusterRow imported_cluster(const PgResult& rows, int i) {
    return ImportedClusterRow{rows.int64(i, 0),
                              rows.string(i, 1),
                              rows.optional_int64(i, 2),
                              rows.string(i, 3),
                              rows.string(i, 4),
                              rows.string(i, 5),
                              SealedSecret(rows.string(i, 6)),
                              rows.optional_string(i, 7),
                              rows.optional_string(i, 8),
                              rows.string(i, 9) == "t"};
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

Result<std::map<std::int64_t, StoredImport>> stored_imports(Connection& connection, const Statement& statement,
                                                            const std::vector<std::int64_t>& ids) {
    auto rows = connection.exec(statement, {param(id_array(ids))});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::map<std::int64_t, StoredImport> found;
    for (int i = 0; i < rows->rows(); ++i) {
        found[rows->int64(i, 0)] = StoredImport{rows->string(i, 1), rows->string(i, 2) == "t"};
    }
    return found;
}

// TRUNCATE staging; COPY; upsert — one batch, one transaction, all or nothing.
Status load_batch(Connection& connection, std::string_view staging, const char* copy_sql, const std::string& rows,
                  const char* upsert_sql) {
    return connection.transaction([&]() -> Status {
        if (auto emptied = connection.exec_script("TRUNCATE " + std::string(staging)); !emptied) {
            return std::unexpected(emptied.error());
        }
        const std::string chunks[] = {rows};
        if (auto copied = connection.copy_in(copy_sql, chunks); !copied) {
            return copied;
        }
        if (auto upserted = connection.exec_script(upsert_sql); !upserted) {
            return std::unexpected(upserted.error());
        }
        return {};
    });
}

}  // namespace

Status ImportWriter::prepare() {
    auto created = connection_.exec_script(import_sql::kCreateStaging);
    if (!created) {
        return std::unexpected(created.error());
    }
    return {};
}

Result<std::map<std::int64_t, StoredImport>> ImportWriter::user_imports(const std::vector<std::int64_t>& ids) {
    return stored_imports(connection_, import_sql::kUserImports, ids);
}

Result<std::map<std::int64_t, StoredImport>> ImportWriter::client_account_imports(
    const std::vector<std::int64_t>& client_ids) {
    return stored_imports(connection_, import_sql::kClientAccountImports, client_ids);
}

Result<std::map<std::int64_t, StoredImport>> ImportWriter::server_imports(const std::vector<std::int64_t>& ids) {
    return stored_imports(connection_, import_sql::kServerImports, ids);
}

Result<std::set<std::string>> ImportWriter::emails_taken(const std::vector<const ImportedUser*>& users) {
    std::vector<std::string> emails;
    std::vector<std::int64_t> user_ids, client_ids;
    for (const auto* user : users) {
        emails.push_back(lower(user->email));
        user_ids.push_back(user->whmcs_user_id);
        client_ids.push_back(user->whmcs_client_id);
    }
    auto rows = connection_.exec(import_sql::kEmailsTaken,
                                 {param(text_array(emails)), param(id_array(user_ids)), param(id_array(client_ids))});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::set<std::string> taken;
    for (int i = 0; i < rows->rows(); ++i) {
        taken.insert(rows->string(i, 0));
    }
    return taken;
}

Status ImportWriter::upsert_users(const std::vector<const ImportedUser*>& users) {
    if (users.empty()) {
        return {};
    }
    std::string rows;
    for (const auto* user : users) {
        CopyRow(rows)
            .optional(key(user->whmcs_user_id))
            .optional(key(user->whmcs_client_id))
            .text(user->email)
            .text(user->name)
            .optional(user->password_hash)
            .text(user->must_reset_password ? "t" : "f")
            .text(user->fingerprint);
    }
    return load_batch(connection_, "import_users", import_sql::kCopyUsers, rows, import_sql::kUpsertUsers);
}

Status ImportWriter::upsert_servers(const std::vector<const ImportedServer*>& servers) {
    if (servers.empty()) {
        return {};
    }
    std::string rows;
    for (const auto* server : servers) {
        CopyRow(rows)
            .number(server->whmcs_service_id)
            .optional(key(server->owner_whmcs_user_id))
            .optional(key(server->owner_whmcs_client_id))
            .text(server->hostname)
            .text(server->status)
            .optional(server->cpu_cores)
            .optional(server->ram_mb)
            .optional(server->disk_gb)
            .optional(server->os_image)
            .optional(server->datacenter)
            .optional(server->backups)
            .optional(server->extra_ipv4)
            .text(server->billing_cycle)
            .optional(server->next_due_on)
            .text(server->attributes_json)
            .text(server->fingerprint)
            .text(server->admin_attributes_json);
    }
    return load_batch(connection_, "import_servers", import_sql::kCopyServers, rows, import_sql::kUpsertServers);
}

Result<std::optional<ImportedClusterRow>> ImportWriter::cluster_for_import(std::int64_t whmcs_server_id,
                                                                           const std::string& name) {
    auto rows = connection_.exec(import_sql::kClusterForImport, {param(whmcs_server_id), param(name)});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->rows() == 0) {
        return std::optional<ImportedClusterRow>{};
    }
    return std::optional<ImportedClusterRow>(imported_cluster(*rows, 0));
}

Result<std::vector<ImportedClusterRow>> ImportWriter::imported_clusters() {
    auto rows = connection_.exec(import_sql::kImportedClusters);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<ImportedClusterRow> clusters;
    for (int i = 0; i < rows->rows(); ++i) {
        clusters.push_back(imported_cluster(*rows, i));
    }
    return clusters;
}

Status ImportWriter::insert_cluster(const ClusterImport& cluster) {
    auto inserted = connection_.exec(
        import_sql::kInsertCluster,
        {param(cluster.name), param(cluster.api_url), param(cluster.token_id),
         param(cluster.token_secret.stored_text()), param(cluster.tls_ca_pem), param(cluster.tls_fingerprint_sha256),
         param(cluster.enabled), param(cluster.whmcs_server_id), param(cluster.whmcs_fingerprint)});
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    return {};
}

Status ImportWriter::update_cluster(std::int64_t cluster_id, const ClusterImport& cluster) {
    auto updated =
        connection_.exec(import_sql::kUpdateCluster,
                         {param(cluster_id), param(cluster.name), param(cluster.api_url), param(cluster.token_id),
                          param(cluster.token_secret.stored_text()), param(cluster.whmcs_server_id),
                          param(cluster.whmcs_fingerprint), param(cluster.trust_changed), param(cluster.tls_ca_pem),
                          param(cluster.tls_fingerprint_sha256), param(cluster.enabled)});
    if (!updated) {
        return std::unexpected(updated.error());
    }
    return {};
}

Result<std::vector<ImportedCredential>> ImportWriter::stored_credentials(const std::vector<std::int64_t>& ids) {
    auto rows = connection_.exec(import_sql::kStoredCredentials, {param(id_array(ids))});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<ImportedCredential> stored;
    for (int i = 0; i < rows->rows(); ++i) {
        stored.push_back({rows->int64(i, 0), rows->string(i, 1), SealedSecret(rows->string(i, 2))});
    }
    return stored;
}

Status ImportWriter::upsert_credentials(const std::vector<ImportedCredential>& credentials) {
    if (credentials.empty()) {
        return {};
    }
    std::vector<std::int64_t> ids;
    std::vector<std::string> names, secrets;
    for (const auto& credential : credentials) {
        ids.push_back(credential.whmcs_service_id);
        names.push_back(credential.name);
        secrets.push_back(credential.sealed.stored_text());
    }
    auto written = connection_.exec(import_sql::kUpsertCredentials,
                                    {param(id_array(ids)), param(text_array(names)), param(text_array(secrets))});
    if (!written) {
        return std::unexpected(written.error());
    }
    return {};
}

Result<std::map<std::int64_t, LinkTarget>> ImportWriter::link_targets(const std::vector<std::int64_t>& ids) {
    auto rows = connection_.exec(import_sql::kLinkTargets, {param(id_array(ids))});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::map<std::int64_t, LinkTarget> targets;
    for (int i = 0; i < rows->rows(); ++i) {
        targets[rows->int64(i, 0)] =
            LinkTarget{rows->int64(i, 0),           rows->string(i, 1),          rows->optional_int64(i, 2),
                       rows->optional_int64(i, 3),  rows->optional_int64(i, 4),  rows->optional_int64(i, 5),
                       rows->optional_string(i, 6), rows->optional_string(i, 7), rows->optional_string(i, 8),
                       rows->optional_string(i, 9), rows->optional_string(i, 10)};
    }
    return targets;
}

Result<std::vector<ImportWriter::VmidHolder>> ImportWriter::vmid_holders(
    const std::vector<std::pair<std::string, std::int64_t>>& pairs) {
    std::vector<std::string> datacenters;
    std::vector<std::int64_t> vmids;
    for (const auto& [datacenter, vmid] : pairs) {
        datacenters.push_back(datacenter);
        vmids.push_back(vmid);
    }
    auto rows = connection_.exec(import_sql::kVmidHolders, {param(text_array(datacenters)), param(id_array(vmids))});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<VmidHolder> holders;
    for (int i = 0; i < rows->rows(); ++i) {
        holders.push_back({rows->string(i, 0), rows->int64(i, 1), rows->int64(i, 2), rows->string(i, 3)});
    }
    return holders;
}

Status ImportWriter::apply_links(const std::vector<LinkTarget>& links) {
    if (links.empty()) {
        return {};
    }
    std::vector<std::int64_t> ids;
    std::vector<std::optional<std::string>> statuses, details, nodes, datacenters, power_states;
    std::vector<std::optional<std::int64_t>> vmids, cores, ram, disk;
    for (const auto& link : links) {
        ids.push_back(link.whmcs_service_id);
        statuses.push_back(link.link_status);
        details.push_back(link.link_detail);
        nodes.push_back(link.node);
        vmids.push_back(link.vmid);
        datacenters.push_back(link.datacenter);
        power_states.push_back(link.power_state);
        cores.push_back(link.cpu_cores);
        ram.push_back(link.ram_mb);
        disk.push_back(link.disk_gb);
    }
    auto written = connection_.exec(
        import_sql::kApplyLinks,
        {param(id_array(ids)), param(optional_text_array(statuses)), param(optional_text_array(details)),
         param(optional_text_array(nodes)), param(optional_number_array(vmids)),
         param(optional_text_array(datacenters)), param(optional_text_array(power_states)),
         param(optional_number_array(cores)), param(optional_number_array(ram)), param(optional_number_array(disk))});
    if (!written) {
        return std::unexpected(written.error());
    }
    return {};
}

Status ImportWriter::advance_vmid_sequence() {
    auto advanced = connection_.exec(import_sql::kAdvanceVmidSequence);
    if (!advanced) {
        return std::unexpected(advanced.error());
    }
    return {};
}

}  // namespace keel::db
