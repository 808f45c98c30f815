#include "whmcs/source_reader.hpp"

#include <charconv>
#include <map>
#include <string>

#include "whmcs/result_stream.hpp"

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
        "c.status, p.type, p.name "
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
    // STRAIGHT_JOIN: start from the few product fields so the (fieldid, relid) index serves the range.
    const std::string fields =
        "SELECT STRAIGHT_JOIN v.relid, v.id, f.id, f.fieldname, f.fieldtype, v.value, f.adminonly "
        "FROM tblcustomfields f JOIN tblcustomfieldsvalues v ON v.fieldid = f.id "
        "WHERE f.type = 'product' AND v.relid BETWEEN " +
        range + " ORDER BY v.relid, v.id";
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

}  // namespace keel::whmcs
