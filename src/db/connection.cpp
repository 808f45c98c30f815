#include "db/connection.hpp"

#include <libpq-fe.h>

#include <vector>

namespace keel::db {

void Connection::Deleter::operator()(pg_conn* conn) const {
    PQfinish(conn);
}

namespace {

std::string trimmed(std::string message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message;
}

Error classify_pg_error(const pg_conn* conn, std::string_view state, std::string message) {
    if (conn != nullptr && PQstatus(conn) == CONNECTION_BAD) {
        return {ErrorCode::kUnavailable, "database connection lost: " + message};
    }
    if (state == "23505" || state == "23P01") {
        return {ErrorCode::kConflict, message};
    }
    if (state.starts_with("22") || state.starts_with("23")) {
        return {ErrorCode::kValidation, message};
    }
    if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014") {
        return {ErrorCode::kRetryable, message};
    }
    // 25006: a write reached a primary demoted by a failover (now read-only); the session must go, and the
    // retry find the new primary (target_session_attrs=read-write).
    if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" || state == "53300" ||
        state == "25006") {
        return {ErrorCode::kUnavailable, message};
    }
    return {ErrorCode::kInternal, (state.empty() ? std::string() : std::string(state) + ": ") + message};
}

}  // namespace

Error pg_error(const pg_conn* conn, const pg_result* result) {
    const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result != nullptr ? PQresultErrorMessage(result) : "";
    if (message.empty() && conn != nullptr) {
        message = PQerrorMessage(conn);
    }
    auto error = classify_pg_error(conn, sqlstate != nullptr ? sqlstate : "", trimmed(std::move(message)));
    // PostgreSQL's text names tables, columns and values: for the log only (issue #9).
    error.private_detail = true;
    return error;
}

void silence_notices(pg_conn* conn) {
    // NOTICEs ("relation … already exists, skipping") are chatter on an operator's terminal.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
}

bool result_ok(const pg_result* result) {
    if (result == nullptr) {
        return false;
    }
    const auto status = PQresultStatus(result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN ||
           status == PGRES_PIPELINE_SYNC;
}

Result<Connection> Connection::open(const std::string& url, PoolerMode pooler) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (conn == nullptr) {
        return fail(ErrorCode::kUnavailable, "out of memory opening a PostgreSQL connection");
    }
    Connection connection(conn, pooler);
    if (PQstatus(conn) != CONNECTION_OK) {
        return fail(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + trimmed(PQerrorMessage(conn)));
    }
    silence_notices(conn);
    return connection;
}

Result<PgResult> Connection::exec_script(std::string_view sql) {
    const std::string text(sql);
    PgResult result(PQexec(conn_.get(), text.c_str()));
    if (!result_ok(result.native())) {
        return std::unexpected(pg_error(conn_.get(), result.native()));
    }
    return result;
}

Result<PgResult> Connection::exec(const Statement& statement, const Params& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& value : params) {
        values.push_back(value ? value->c_str() : nullptr);
    }
    const int count = static_cast<int>(values.size());
    switch (pooler_) {
        case PoolerMode::kSession: break;
        case PoolerMode::kTransaction: {
            PgResult result(
                PQexecParams(conn_.get(), statement.sql, count, nullptr, values.data(), nullptr, nullptr, 0));
            if (!result_ok(result.native())) {
                return std::unexpected(pg_error(conn_.get(), result.native()));
            }
            return result;
        }
    }
    if (!prepared_.contains(statement.name)) {
        PgResult prepared(PQprepare(conn_.get(), statement.name, statement.sql, 0, nullptr));
        if (!result_ok(prepared.native())) {
            return std::unexpected(pg_error(conn_.get(), prepared.native()));
        }
        prepared_.insert(statement.name);
    }
    PgResult result(PQexecPrepared(conn_.get(), statement.name, count, values.data(), nullptr, nullptr, 0));
    if (!result_ok(result.native())) {
        return std::unexpected(pg_error(conn_.get(), result.native()));
    }
    return result;
}

Status Connection::transaction(const std::function<Status()>& body) {
    if (auto begun = exec_script("BEGIN"); !begun) {
        return std::unexpected(begun.error());
    }
    Status outcome = body();
    if (outcome) {
        if (auto committed = exec_script("COMMIT"); !committed) {
            outcome = std::unexpected(committed.error());
        }
    }
    if (!outcome) {
        (void)exec_script("ROLLBACK");
    }
    return outcome;
}

Status Connection::copy_in(std::string_view copy_sql, std::span<const std::string> chunks) {
    auto started = exec_script(copy_sql);
    if (!started) {
        return std::unexpected(started.error());
    }
    for (const auto& chunk : chunks) {
        if (PQputCopyData(conn_.get(), chunk.data(), static_cast<int>(chunk.size())) != 1) {
            return std::unexpected(pg_error(conn_.get(), nullptr));
        }
    }
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) {
        return std::unexpected(pg_error(conn_.get(), nullptr));
    }
    PgResult finished(PQgetResult(conn_.get()));
    while (PGresult* extra = PQgetResult(conn_.get())) {
        PQclear(extra);
    }
    if (!result_ok(finished.native())) {
        return std::unexpected(pg_error(conn_.get(), finished.native()));
    }
    return {};
}

}  // namespace keel::db
