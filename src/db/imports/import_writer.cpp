#include "db/imports/import_writer.hpp"

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

std::string bigint_array(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += (i == 0 ? "" : ",") + (ids[i] == 0 ? std::string("NULL") : std::to_string(ids[i]));
    }
    return out + "}";
}

std::string text_array(const std::vector<std::string>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        out += i == 0 ? "\"" : ",\"";
        for (char c : values[i]) {
            if (c == '"' || c == '\\') {
                out.push_back('\\');
            }
            out.push_back(c);
        }
        out.push_back('"');
    }
    return out + "}";
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
    auto rows = connection.exec(statement, {param(bigint_array(ids))});
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
    auto rows = connection_.exec(import_sql::kEmailsTaken, {param(text_array(emails)), param(bigint_array(user_ids)),
                                                            param(bigint_array(client_ids))});
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

}  // namespace keel::db
