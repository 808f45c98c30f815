#include "whmcs/source_reader.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <string>

#include "whmcs/result_stream.hpp"
#include "whmcs/vmid_field.hpp"

namespace keel::whmcs {

namespace {

// The same rows for the count and the read, so the report reconciles.
constexpr const char* kClientsWithoutLogin =
    "FROM tblclients c WHERE c.status = 'Active' AND NOT EXISTS (SELECT 1 FROM tblusers_clients uc "
    "JOIN tblusers u ON u.id = uc.auth_user_id WHERE uc.client_id = c.id)";

std::int64_t to_int(std::optional<std::string_view> text) {
    std::int64_t value = 0;
    if (text) {
        std::from_chars(text->data(), text->data() + text->size(), value);
    }
    return value;
}

std::string to_text(std::optional<std::string_view> text) {
    return text ? std::string(*text) : std::string();
}

std::optional<std::string> to_optional(std::optional<std::string_view> text) {
    return text ? std::optional<std::string>(std::string(*text)) : std::nullopt;
}

// Reads every row of `sql`, streamed, handing each to `visit`.
template <class Visit>
Status stream_rows(MariadbConnection& connection, const std::string& sql, Visit visit) {
    auto rows = connection.stream(sql);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    while (true) {
        auto more = rows->next();
        if (!more) {
            return std::unexpected(more.error());
        }
        if (!*more) {
            return {};
        }
        visit(*rows);
    }
}

std::string lower_ascii(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return lower;
}

// `name` as an SQL identifier; the caller checked it is plain ([A-Za-z0-9_]), so backticks are all it needs.
std::string quoted_identifier(std::string_view name) {
    return "`" + std::string(name) + "`";
}

}  // namespace

Result<SourceReader> SourceReader::open(const MysqlUrl& url) {
    auto connection = MariadbConnection::connect(url);
    if (!connection) {
        return std::unexpected(connection.error());
    }
    return SourceReader(std::move(*connection));
}

Status SourceReader::begin_snapshot() {
    for (const char* sql : {
             // Zero dates and WHMCS's loose data must read back as stored, not as errors.
             "SET SESSION sql_mode = ''",
             "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
             "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
         }) {
        if (auto done = connection_.execute(sql); !done) {
            return std::unexpected(done.error());
        }
    }
    return {};
}

Result<SourceTotals> SourceReader::totals() {
    auto users = connection_.query_value("SELECT COUNT(*) FROM tblusers");
    if (!users) {
        return std::unexpected(users.error());
    }
    auto services = connection_.query_value("SELECT COUNT(*) FROM tblhosting");
    if (!services) {
        return std::unexpected(services.error());
    }
    auto without_login = connection_.query_value(std::string("SELECT COUNT(*) ") + kClientsWithoutLogin);
    if (!without_login) {
        return std::unexpected(without_login.error());
    }
    return SourceTotals{to_int(*users), to_int(*without_login), to_int(*services)};
}

Status SourceReader::for_each_client_login(const std::function<void(const ClientLogin&)>& visit) {
    const std::string sql =
        "SELECT uc.client_id, u.id, uc.owner, u.email, u.first_name, u.last_name, u.password "
        "FROM tblusers_clients uc "
        "JOIN tblclients c ON c.id = uc.client_id "
        "JOIN tblusers u ON u.id = uc.auth_user_id "
        "WHERE c.status = 'Active' ORDER BY uc.client_id, uc.owner DESC, uc.id";
    return stream_rows(connection_, sql, [&](const ResultStream& row) {
        visit(ClientLogin{to_int(row.value(0)), to_int(row.value(1)), to_int(row.value(2)) != 0, to_text(row.value(3)),
                          to_text(row.value(4)), to_text(row.value(5)), to_text(row.value(6))});
    });
}

Status SourceReader::for_each_client_without_login(const std::function<void(const ClientWithoutLogin&)>& visit) {
    const std::string sql =
        std::string("SELECT c.id, c.email, c.firstname, c.lastname ") + kClientsWithoutLogin + " ORDER BY c.id";
    return stream_rows(connection_, sql, [&](const ResultStream& row) {
        visit(ClientWithoutLogin{to_int(row.value(0)), to_text(row.value(1)), to_text(row.value(2)),
                                 to_text(row.value(3))});
    });
}

Result<std::vector<ServiceRow>> SourceReader::next_services(std::int64_t after_id, int limit) {
    std::vector<ServiceRow> services;
    const std::string page =
        "SELECT h.id, h.userid, h.packageid, h.server, h.domain, h.domainstatus, h.billingcycle, "
        "CAST(h.regdate AS CHAR), CAST(h.nextduedate AS CHAR), CAST(h.amount AS CHAR), h.dedicatedip, "
        "c.status, p.type, p.name, h.password, p.servertype "
        "FROM tblhosting h "
        "LEFT JOIN tblclients c ON c.id = h.userid "
        "LEFT JOIN tblproducts p ON p.id = h.packageid "
        "WHERE h.id > " +
        std::to_string(after_id) + " ORDER BY h.id LIMIT " + std::to_string(limit);
    auto read = stream_rows(connection_, page, [&](const ResultStream& row) {
        ServiceRow service;
        service.id = to_int(row.value(0));
        service.client_id = to_int(row.value(1));
        service.product_id = to_int(row.value(2));
        service.server_id = to_int(row.value(3));
        service.domain = to_text(row.value(4));
        service.status = to_text(row.value(5));
        service.billing_cycle = to_text(row.value(6));
        service.registered_on = to_text(row.value(7));
        service.next_due_on = to_text(row.value(8));
        service.amount = to_text(row.value(9));
        service.dedicated_ip = to_text(row.value(10));
        service.client_status = to_optional(row.value(11));
        service.product_type = to_optional(row.value(12));
        service.product_name = to_optional(row.value(13));
        service.encrypted_password = to_text(row.value(14));
        service.server_type = to_text(row.value(15));
        services.push_back(std::move(service));
    });
    if (!read) {
        return std::unexpected(read.error());
    }
    if (services.empty()) {
        return services;
    }
    std::map<std::int64_t, ServiceRow*> by_id;
    for (auto& service : services) {
        by_id[service.id] = &service;
    }
    const auto range = std::to_string(services.front().id) + " AND " + std::to_string(services.back().id);
    const std::string options =
        "SELECT hco.relid, hco.id, hco.configid, o.optionname, o.optiontype, hco.optionid, s.optionname, hco.qty "
        "FROM tblhostingconfigoptions hco "
        "LEFT JOIN tblproductconfigoptions o ON o.id = hco.configid "
        "LEFT JOIN tblproductconfigoptionssub s ON s.id = hco.optionid "
        "WHERE hco.relid BETWEEN " +
        range + " ORDER BY hco.relid, hco.id";
    read = stream_rows(connection_, options, [&](const ResultStream& row) {
        auto owner = by_id.find(to_int(row.value(0)));
        if (owner == by_id.end()) {
            return;
        }
        owner->second->options.push_back(ChosenOption{to_int(row.value(1)), to_int(row.value(2)),
                                                      to_optional(row.value(3)), static_cast<int>(to_int(row.value(4))),
                                                      to_int(row.value(5)), to_optional(row.value(6)),
                                                      to_int(row.value(7))});
    });
    if (!read) {
        return std::unexpected(read.error());
    }
    auto field_list = field_ids(product_field_ids_, "type = 'product'");
    if (!field_list) {
        return std::unexpected(field_list.error());
    }
    if (field_list->empty()) {
        return services;
    }
    const std::string fields =
        "SELECT v.relid, v.id, f.id, f.fieldname, f.fieldtype, v.value, f.adminonly "
        "FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid "
        "WHERE v.fieldid IN (" +
        *field_list + ") AND v.relid BETWEEN " + range + " ORDER BY v.relid, v.id";
    read = stream_rows(connection_, fields, [&](const ResultStream& row) {
        auto owner = by_id.find(to_int(row.value(0)));
        if (owner == by_id.end()) {
            return;
        }
        owner->second->fields.push_back(FieldValue{to_int(row.value(1)), to_int(row.value(2)), to_text(row.value(3)),
                                                   to_text(row.value(4)), to_text(row.value(5)),
                                                   to_text(row.value(6)) == "on"});
    });
    if (!read) {
        return std::unexpected(read.error());
    }
    return services;
}

// Read once per run: within the snapshot the definitions do not change, and they are few. With their ids spelled
// out, the (fieldid, relid) index serves a page's relid range field by field; a join from tblcustomfields instead
// walked every value of each field for every page (issue #12: 87 ms against 3 ms a page at 100k clients).
Result<std::string> SourceReader::field_ids(std::optional<std::string>& cache, const std::string& where) {
    if (cache) {
        return *cache;
    }
    std::string ids;
    auto read = stream_rows(connection_, "SELECT id FROM tblcustomfields WHERE " + where + " ORDER BY id",
                            [&](const ResultStream& row) {
                                ids += ids.empty() ? "" : ",";
                                ids += std::to_string(to_int(row.value(0)));
                            });
    if (!read) {
        return std::unexpected(read.error());
    }
    cache = ids;
    return ids;
}

Result<std::vector<HypervisorRow>> SourceReader::hypervisors(const std::vector<std::string>& server_types) {
    std::vector<HypervisorRow> servers;
    if (server_types.empty()) {
        return servers;
    }
    std::string types;
    for (const auto& type : server_types) {
        types += types.empty() ? "" : ", ";
        connection_.append_quoted(types, lower_ascii(type));
    }
    const std::string sql =
        "SELECT id, name, type, hostname, ipaddress, port, username, password, accesshash, disabled "
        "FROM tblservers WHERE LOWER(type) IN (" +
        types + ") ORDER BY id";
    auto read = stream_rows(connection_, sql, [&](const ResultStream& row) {
        HypervisorRow server;
        server.id = to_int(row.value(0));
        server.name = to_text(row.value(1));
        server.type = to_text(row.value(2));
        server.hostname = to_text(row.value(3));
        server.ip_address = to_text(row.value(4));
        server.port = static_cast<int>(to_int(row.value(5)));
        server.username = to_text(row.value(6));
        server.encrypted_password = to_text(row.value(7));
        server.access_hash = to_text(row.value(8));
        server.disabled = to_int(row.value(9)) != 0;
        servers.push_back(std::move(server));
    });
    if (!read) {
        return std::unexpected(read.error());
    }
    return servers;
}

Result<bool> SourceReader::has_table(std::string_view name) {
    if (!is_plain_identifier(name)) {
        return fail(ErrorCode::kInvalidArgument, "not a plain table name: " + std::string(name.substr(0, 64)));
    }
    auto count = connection_.query_value(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = " +
        connection_.quoted(name));
    if (!count) {
        return std::unexpected(count.error());
    }
    return to_int(*count) > 0;
}

Result<std::vector<ServiceLinkRow>> SourceReader::next_service_links(std::int64_t after_id, int limit,
                                                                     const VmidSources& sources) {
    std::vector<ServiceLinkRow> services;
    // mod_pvewhmcs_vms.id is tblhosting.id (its primary key): the join costs one index lookup per service.
    const bool pvewhmcs = sources.pvewhmcs_table;
    const std::string page =
        std::string("SELECT h.id, h.userid, h.server, p.servertype, h.domainstatus, h.domain, h.dedicatedip") +
        (pvewhmcs ? ", CAST(pv.vmid AS CHAR)" : "") +
        " FROM tblhosting h LEFT JOIN tblproducts p ON p.id = h.packageid" +
        (pvewhmcs ? " LEFT JOIN mod_pvewhmcs_vms pv ON pv.id = h.id" : "") + " WHERE h.id > " +
        std::to_string(after_id) + " ORDER BY h.id LIMIT " + std::to_string(limit);
    auto read = stream_rows(connection_, page, [&](const ResultStream& row) {
        ServiceLinkRow service;
        service.service_id = to_int(row.value(0));
        service.client_id = to_int(row.value(1));
        service.server_id = to_int(row.value(2));
        service.server_type = to_text(row.value(3));
        service.status = to_text(row.value(4));
        service.domain = to_text(row.value(5));
        service.dedicated_ip = to_text(row.value(6));
        if (pvewhmcs) {
            service.pvewhmcs_vmid = to_optional(row.value(7));
        }
        services.push_back(std::move(service));
    });
    if (!read) {
        return std::unexpected(read.error());
    }
    if (services.empty()) {
        return services;
    }
    // Ids ascend: a binary search finds a row's service without a per-page map.
    const auto service_of = [&services](std::int64_t id) -> ServiceLinkRow* {
        const auto found = std::lower_bound(services.begin(), services.end(), id,
                                            [](const ServiceLinkRow& s, std::int64_t v) { return s.service_id < v; });
        return found != services.end() && found->service_id == id ? &*found : nullptr;
    };
    const auto range =
        std::to_string(services.front().service_id) + " AND " + std::to_string(services.back().service_id);
    // The LIKE only narrows the few product field definitions; is_vmid_field_name decides (entities, '|', blanks).
    // In v.id order, so the highest row id wins.
    auto field_list = field_ids(vmid_field_ids_, "type = 'product' AND LOWER(fieldname) LIKE '%vmid%'");
    if (!field_list) {
        return std::unexpected(field_list.error());
    }
    const std::string fields =
        "SELECT v.relid, f.fieldname, v.value "
        "FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid "
        "WHERE v.fieldid IN (" +
        (field_list->empty() ? std::string("NULL") : *field_list) + ") AND v.relid BETWEEN " + range + " ORDER BY v.id";
    read = stream_rows(connection_, fields, [&](const ResultStream& row) {
        auto* service = service_of(to_int(row.value(0)));
        const auto name = row.value(1);
        if (service != nullptr && name && is_vmid_field_name(*name)) {
            service->field_vmid = to_text(row.value(2));
        }
    });
    if (!read) {
        return std::unexpected(read.error());
    }
    for (const auto& table : sources.mapped) {
        if (!is_plain_identifier(table.table) || !is_plain_identifier(table.service_column) ||
            !is_plain_identifier(table.vmid_column)) {
            return fail(ErrorCode::kInvalidArgument, "mapping: [[link.source]] " + table.table.substr(0, 64) +
                                                         " has a name that is not a plain identifier");
        }
        const auto service_column = quoted_identifier(table.service_column);
        const std::string mapped = "SELECT " + service_column + ", CAST(" + quoted_identifier(table.vmid_column) +
                                   " AS CHAR) FROM " + quoted_identifier(table.table) + " WHERE " + service_column +
                                   " BETWEEN " + range;
        const auto server_type = lower_ascii(table.server_type);
        read = stream_rows(connection_, mapped, [&](const ResultStream& row) {
            auto* service = service_of(to_int(row.value(0)));
            if (service != nullptr && lower_ascii(service->server_type) == server_type && row.value(1)) {
                service->mapped_vmid = to_text(row.value(1));
            }
        });
        if (!read) {
            return std::unexpected(read.error());
        }
    }
    return services;
}

}  // namespace keel::whmcs
