#include "whmcs/mariadb_connection.hpp"

#include "whmcs/mysql_error.hpp"

#include <mysql.h>

#include <algorithm>
#include <mutex>

namespace keel::whmcs {
namespace {

constexpr unsigned kConnectTimeoutSeconds = 10;

// mysql_library_init is not thread-safe; mysql_init calls it implicitly, so do it once up front.
void init_library_once() {
    static std::once_flag once;
    std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

// Reads and frees whatever result sets the last statement produced, so the connection is ready again.
void discard_results(MYSQL* connection) {
    if (MYSQL_RES* result = mysql_store_result(connection); result != nullptr) {
        mysql_free_result(result);
    }
}

}  // namespace

void MariadbConnection::Deleter::operator()(st_mysql* connection) const {
    mysql_close(connection);
}

Result<MariadbConnection> MariadbConnection::connect(const MysqlUrl& url) {
    init_library_once();
    MYSQL* raw = mysql_init(nullptr);
    if (raw == nullptr) {
        return fail(ErrorCode::kInternal, "mariadb.connect: mysql_init out of memory");
    }
    MariadbConnection connection(raw);
    mysql_options(raw, MYSQL_SET_CHARSET_NAME, url.charset.c_str());
    mysql_options(raw, MYSQL_OPT_CONNECT_TIMEOUT, &kConnectTimeoutSeconds);
    const char* database = url.database.empty() ? nullptr : url.database.c_str();
    if (mysql_real_connect(raw, url.host.c_str(), url.user.c_str(), url.password.c_str(), database, url.port, nullptr,
                           0) == nullptr) {
        return std::unexpected(connection.last_error("mariadb.connect " + redacted(url)));
    }
    return connection;
}

Result<std::uint64_t> MariadbConnection::execute(std::string_view sql) {
    MYSQL* connection = connection_.get();
    if (mysql_real_query(connection, sql.data(), sql.size()) != 0) {
        return std::unexpected(last_error("mariadb.execute"));
    }
    const std::uint64_t affected = mysql_affected_rows(connection);
    discard_results(connection);
    return affected == static_cast<std::uint64_t>(-1) ? 0 : affected;
}

Status MariadbConnection::execute_script(std::string_view sql) {
    MYSQL* connection = connection_.get();
    if (mysql_set_server_option(connection, MYSQL_OPTION_MULTI_STATEMENTS_ON) != 0) {
        return std::unexpected(last_error("mariadb.script"));
    }
    Status outcome;
    if (mysql_real_query(connection, sql.data(), sql.size()) != 0) {
        outcome = std::unexpected(last_error("mariadb.script"));
    } else {
        int more = 0;
        do {
            discard_results(connection);
            more = mysql_next_result(connection);
        } while (more == 0);
        if (more > 0) {
            outcome = std::unexpected(last_error("mariadb.script"));
        }
    }
    mysql_set_server_option(connection, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
    return outcome;
}

Result<std::optional<std::string>> MariadbConnection::query_value(std::string_view sql) {
    auto rows = stream(sql);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    auto has_row = rows->next();
    if (!has_row) {
        return std::unexpected(has_row.error());
    }
    if (!*has_row || rows->column_count() == 0) {
        return std::optional<std::string>{};
    }
    const auto value = rows->value(0);
    return value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
}

Result<ResultStream> MariadbConnection::stream(std::string_view sql) {
    MYSQL* connection = connection_.get();
    if (mysql_real_query(connection, sql.data(), sql.size()) != 0) {
        return std::unexpected(last_error("mariadb.stream"));
    }
    MYSQL_RES* result = mysql_use_result(connection);
    if (result == nullptr) {
        if (mysql_field_count(connection) == 0) {
            return fail(ErrorCode::kInvalidArgument, "mariadb.stream: statement returns no result set");
        }
        return std::unexpected(last_error("mariadb.stream"));
    }
    return ResultStream(connection, result);
}

void MariadbConnection::append_quoted(std::string& out, std::string_view text) const {
    const std::size_t start = out.size();
    // Connector/C needs room for every byte escaped plus the terminating NUL.
    out.resize(start + 2 * text.size() + 3);
    out[start] = '\'';
    const unsigned long written =
        mysql_real_escape_string(connection_.get(), out.data() + start + 1, text.data(), text.size());
    out[start + 1 + written] = '\'';
    out.resize(start + written + 2);
}

std::string MariadbConnection::quoted(std::string_view text) const {
    std::string out;
    append_quoted(out, text);
    return out;
}

std::uint64_t MariadbConnection::server_version() const {
    return mysql_get_server_version(connection_.get());
}

Error MariadbConnection::last_error(std::string_view context) const {
    return error_from_mysql(context, mysql_errno(connection_.get()), mysql_error(connection_.get()));
}

bool is_plain_identifier(std::string_view name) {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

}  // namespace keel::whmcs
