#pragma once
// A blocking PostgreSQL connection for command-line work (migrations, user admin, whmcs-migrate).
// The API's request path uses AsyncConnection on the event loop instead.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.hpp"
#include "db/params.hpp"
#include "db/pg_result.hpp"
#include "db/pooler_mode.hpp"
#include "db/statement.hpp"

struct pg_conn;

namespace keel::db {

class Connection {
public:
    // kTransaction: every statement unnamed (PQexecParams), so consecutive transactions may run on different
    // server sessions of a transaction-mode pooler.
    static Result<Connection> open(const std::string& url, PoolerMode pooler = PoolerMode::kSession);

    // Simple-protocol text: may hold several statements (migration files, BEGIN/COMMIT).
    Result<PgResult> exec_script(std::string_view sql);
    // A named statement with parameters; prepared on first use on this connection (kSession).
    Result<PgResult> exec(const Statement& statement, const Params& params = {});
    // COPY … FROM STDIN: `copy_sql` starts it, each chunk is text-format rows.
    Status copy_in(std::string_view copy_sql, std::span<const std::string> chunks);

    // BEGIN; body; COMMIT — or ROLLBACK and the body's error.
    Status transaction(const std::function<Status()>& body);

    pg_conn* native() const { return conn_.get(); }

private:
    struct Deleter {
        void operator()(pg_conn* conn) const;
    };
    Connection(pg_conn* conn, PoolerMode pooler) : conn_(conn), pooler_(pooler) {}

    std::unique_ptr<pg_conn, Deleter> conn_;
    PoolerMode pooler_;
    std::unordered_set<std::string> prepared_;
};

// The one place that turns a failed PGresult/connection into a keel::Error (SQLSTATE → ErrorCode).
Error pg_error(const pg_conn* conn, const pg_result* result);
// True for a result that carries no error (command, rows, COPY IN started, pipeline sync).
bool result_ok(const pg_result* result);
void silence_notices(pg_conn* conn);

}  // namespace keel::db
