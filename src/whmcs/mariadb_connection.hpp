#pragma once
// A blocking MariaDB connection (Connector/C). Batch tools only: whmcs-migrate's reader, the testbed seeder.
#include "core/result.hpp"
#include "whmcs/mysql_url.hpp"
#include "whmcs/result_stream.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct st_mysql;

namespace keel::whmcs {

class MariadbConnection {
public:
    // Uses url.charset as the client character set (utf8mb4 unless the URL says otherwise).
    static Result<MariadbConnection> connect(const MysqlUrl& url);

    // One statement; any result set is read and dropped. Returns the affected row count.
    Result<std::uint64_t> execute(std::string_view sql);
    // Several ';'-separated statements (a DDL file); stops at the first failing one.
    Status execute_script(std::string_view sql);
    // First column of the first row; std::nullopt when there is no row or the value is NULL.
    Result<std::optional<std::string>> query_value(std::string_view sql);
    // Rows are fetched from the server as they are read (mysql_use_result), see ResultStream.
    Result<ResultStream> stream(std::string_view sql);

    // Appends `text` as a quoted, escaped string literal for this connection's charset. For statements
    // that cannot take parameters (GRANT, CREATE USER, multi-row INSERT batches).
    void append_quoted(std::string& out, std::string_view text) const;
    std::string quoted(std::string_view text) const;

    std::uint64_t server_version() const;  // e.g. 101106 for 10.11.6

private:
    struct Deleter {
        void operator()(st_mysql* connection) const;
    };
    explicit MariadbConnection(st_mysql* connection) : connection_(connection) {}
    Error last_error(std::string_view context) const;

    std::unique_ptr<st_mysql, Deleter> connection_;
};

// `name` is safe to splice into SQL as an identifier (database, user): [A-Za-z0-9_]{1,64}.
bool is_plain_identifier(std::string_view name);

}  // namespace keel::whmcs
