#include "db/async_connection.hpp"

#include <libpq-fe.h>

#include <poll.h>

#include <algorithm>
#include <unordered_set>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/connection.hpp"

namespace keel::db {

namespace asio = boost::asio;

// libpq keyword/value settings: the URL (expanded) first, so our timeouts override what it says.
struct ConnectParams {
    std::string connect_timeout_seconds, options;
    std::vector<const char*> keywords, values;

    explicit ConnectParams(const ConnectionOptions& settings) {
        const auto seconds = std::chrono::ceil<std::chrono::seconds>(settings.connect_timeout).count();
        connect_timeout_seconds = std::to_string(std::max<std::int64_t>(seconds, 2));
        keywords = {"dbname", "connect_timeout"};
        values = {settings.url.c_str(), connect_timeout_seconds.c_str()};
        // PgBouncer 1.18 refuses the `options` startup parameter ("unsupported startup parameter"), and a
        // transaction-mode pooler would not keep the setting anyway: there it is set per transaction.
        if (settings.statement_timeout.count() > 0 && settings.pooler == PoolerMode::kSession) {
            options = "-c statement_timeout=" + std::to_string(settings.statement_timeout.count());
            keywords.push_back("options");
            values.push_back(options.c_str());
        }
        keywords.push_back(nullptr);
        values.push_back(nullptr);
    }
};

struct AsyncConnection::Impl {
    asio::any_io_executor executor;
    ConnectionOptions settings;
    PGconn* conn = nullptr;
    asio::posix::stream_descriptor socket;
    asio::steady_timer answer_deadline;
    std::unordered_set<std::string> prepared;
    bool statement_sent = false;

    Impl(asio::any_io_executor ex, ConnectionOptions s)
        : executor(ex), settings(std::move(s)), socket(ex), answer_deadline(ex) {}
    ~Impl() { close(); }

    void close() {
        if (socket.is_open()) {
            socket.release();  // libpq owns the descriptor
        }
        if (conn != nullptr) {
            PQfinish(conn);
            conn = nullptr;
        }
        prepared.clear();
    }

    Status watch_socket() {
        if (socket.is_open() && socket.native_handle() == PQsocket(conn)) {
            return {};
        }
        if (socket.is_open()) {
            socket.release();
        }
        boost::system::error_code ec;
        socket.assign(PQsocket(conn), ec);
        if (ec) {
            return fail(ErrorCode::kUnavailable, "cannot watch the PostgreSQL socket: " + ec.message());
        }
        return {};
    }

    Status finish_connect() {
        silence_notices(conn);
        if (PQsetnonblocking(conn, 1) != 0) {
            return std::unexpected(pg_error(conn, nullptr));
        }
        return watch_socket();
    }

    Status connect_blocking() {
        close();
        const ConnectParams params(settings);
        conn = PQconnectdbParams(params.keywords.data(), params.values.data(), 1);
        if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
            auto error = pg_error(conn, nullptr);
            error.code = ErrorCode::kUnavailable;
            return std::unexpected(error);
        }
        return finish_connect();
    }

    // libpq's connect_timeout does not apply to PQconnectPoll: the deadline is ours.
    Task<Status> connect_async() {
        close();
        const ConnectParams params(settings);
        conn = PQconnectStartParams(params.keywords.data(), params.values.data(), 1);
        if (conn == nullptr || PQstatus(conn) == CONNECTION_BAD) {
            auto error = pg_error(conn, nullptr);
            error.code = ErrorCode::kUnavailable;
            co_return std::unexpected(error);
        }
        asio::steady_timer deadline(executor);
        deadline.expires_after(settings.connect_timeout);
        auto polling = PGRES_POLLING_WRITING;
        while (polling != PGRES_POLLING_OK) {
            if (polling == PGRES_POLLING_FAILED) {
                auto error = pg_error(conn, nullptr);
                error.code = ErrorCode::kUnavailable;
                close();
                co_return std::unexpected(error);
            }
            const auto type = polling == PGRES_POLLING_READING ? asio::posix::descriptor_base::wait_read
                                                               : asio::posix::descriptor_base::wait_write;
            // libpq may close and reopen its socket inside PQconnectPoll (next address, SSL fallback), so the
            // descriptor is watched only for the wait and let go before libpq touches it again.
            asio::posix::stream_descriptor connecting(executor);
            boost::system::error_code assign_ec;
            connecting.assign(PQsocket(conn), assign_ec);
            if (assign_ec) {
                close();
                co_return fail(ErrorCode::kUnavailable, "cannot watch the PostgreSQL socket: " + assign_ec.message());
            }
            const bool ready = co_await wait_until(connecting, type, deadline);
            connecting.release();
            if (!ready) {
                close();
                co_return fail(ErrorCode::kUnavailable, "connecting to PostgreSQL timed out after " +
                                                            std::to_string(settings.connect_timeout.count()) + " ms");
            }
            polling = PQconnectPoll(conn);
        }
        co_return finish_connect();
    }

    // True when the socket became ready before the deadline.
    static Task<bool> wait_until(asio::posix::stream_descriptor& descriptor,
                                 asio::posix::descriptor_base::wait_type type, asio::steady_timer& deadline) {
        using namespace asio::experimental::awaitable_operators;  // `||`: whichever completes first
        auto outcome = co_await (descriptor.async_wait(type, asio::as_tuple(asio::use_awaitable)) ||
                                 deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
        co_return outcome.index() == 0 && !std::get<0>(std::get<0>(outcome));
    }

    // Arms the deadline of the statement about to be sent (see wait_answer()).
    void arm_answer_deadline() {
        if (settings.statement_timeout.count() > 0) {
            answer_deadline.expires_after(settings.statement_timeout + settings.connect_timeout);
        } else {
            answer_deadline.expires_at(asio::steady_timer::time_point::max());
        }
    }

    // Waits for the answer to a statement, at most statement_timeout + connect_timeout after it was sent: the
    // server's own timeout should fire first, but a pooler queues statements while PostgreSQL is unreachable
    // (PgBouncer 1.18 for query_wait_timeout, 120 s) and a vanished host never answers. Past it the session is
    // dropped (kUnavailable → 503) rather than left hanging.
    Task<Status> wait_answer(asio::posix::descriptor_base::wait_type type) {
        using namespace asio::experimental::awaitable_operators;  // `||`: whichever completes first
        auto outcome = co_await (socket.async_wait(type, asio::as_tuple(asio::use_awaitable)) ||
                                 answer_deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
        if (outcome.index() == 1) {
            co_return fail(ErrorCode::kUnavailable,
                           "no answer from PostgreSQL within " +
                               std::to_string((settings.statement_timeout + settings.connect_timeout).count()) + " ms");
        }
        if (auto [ec] = std::get<0>(outcome); ec) {
            co_return fail(ErrorCode::kUnavailable, "waiting on PostgreSQL socket: " + ec.message());
        }
        co_return Status{};
    }

    Task<Status> wait(asio::posix::descriptor_base::wait_type type) {
        auto [ec] = co_await socket.async_wait(type, asio::as_tuple(asio::use_awaitable));
        if (ec) {
            co_return fail(ErrorCode::kUnavailable, "waiting on PostgreSQL socket: " + ec.message());
        }
        co_return Status{};
    }

    Task<Status> flush() {
        while (true) {
            const int pending = PQflush(conn);
            if (pending == 0) {
                co_return Status{};
            }
            if (pending < 0) {
                co_return std::unexpected(pg_error(conn, nullptr));
            }
            // libpq needs the socket writable, and may need to read to make room.
            auto waited = co_await wait_answer(asio::posix::descriptor_base::wait_write);
            if (!waited) {
                co_return waited;
            }
            if (PQconsumeInput(conn) == 0) {
                co_return std::unexpected(pg_error(conn, nullptr));
            }
        }
    }

    // Reads every result of the command just sent; the first failure wins, else the last result.
    Task<Result<PgResult>> collect() {
        std::optional<Error> failure;
        PgResult last;
        while (true) {
            while (PQisBusy(conn) != 0) {
                auto waited = co_await wait_answer(asio::posix::descriptor_base::wait_read);
                if (!waited) {
                    co_return std::unexpected(waited.error());
                }
                if (PQconsumeInput(conn) == 0) {
                    co_return std::unexpected(pg_error(conn, nullptr));
                }
            }
            PgResult result(PQgetResult(conn));
            if (result.native() == nullptr) {
                break;
            }
            if (!failure && !result_ok(result.native())) {
                failure = pg_error(conn, result.native());
            }
            last = std::move(result);
        }
        if (failure) {
            co_return std::unexpected(*failure);
        }
        co_return last;
    }

    // The result of a pipeline's Sync.
    Task<Status> collect_sync() {
        while (PQisBusy(conn) != 0) {
            auto waited = co_await wait_answer(asio::posix::descriptor_base::wait_read);
            if (!waited) {
                co_return waited;
            }
            if (PQconsumeInput(conn) == 0) {
                co_return std::unexpected(pg_error(conn, nullptr));
            }
        }
        PgResult synced(PQgetResult(conn));
        if (synced.native() == nullptr || PQresultStatus(synced.native()) != PGRES_PIPELINE_SYNC) {
            co_return fail(ErrorCode::kUnavailable, "PostgreSQL did not answer the pipeline's sync");
        }
        if (PQexitPipelineMode(conn) != 1) {
            co_return std::unexpected(pg_error(conn, nullptr));
        }
        co_return Status{};
    }

    // kTransaction: an unnamed statement. Outside a transaction it runs in one pipeline after
    // set_config('statement_timeout', …, true): both share the implicit transaction that ends at the Sync, so the
    // timeout covers this statement on whichever server session the pooler picked, and leaves nothing behind.
    Task<Result<PgResult>> query_unnamed(const Statement& statement, const std::vector<const char*>& values) {
        const int count = static_cast<int>(values.size());
        const bool per_statement_timeout =
            settings.statement_timeout.count() > 0 && PQtransactionStatus(conn) == PQTRANS_IDLE;
        if (!per_statement_timeout) {
            statement_sent = true;
            co_return co_await send_and_collect(
                PQsendQueryParams(conn, statement.sql, count, nullptr, values.data(), nullptr, nullptr, 0) == 1);
        }
        if (PQenterPipelineMode(conn) != 1) {
            co_return std::unexpected(pg_error(conn, nullptr));
        }
        const std::string timeout_ms = std::to_string(settings.statement_timeout.count());
        const char* timeout_value = timeout_ms.c_str();
        statement_sent = true;
        const bool sent =
            PQsendQueryParams(conn, "SELECT set_config('statement_timeout', $1, true)", 1, nullptr, &timeout_value,
                              nullptr, nullptr, 0) == 1 &&
            PQsendQueryParams(conn, statement.sql, count, nullptr, values.data(), nullptr, nullptr, 0) == 1 &&
            PQpipelineSync(conn) == 1;
        if (!sent) {
            co_return std::unexpected(pg_error(conn, nullptr));
        }
        auto flushed = co_await flush();
        if (!flushed) {
            co_return std::unexpected(flushed.error());
        }
        auto timeout_set = co_await collect();
        if (!timeout_set && timeout_set.error().code == ErrorCode::kUnavailable) {
            co_return std::unexpected(timeout_set.error());
        }
        auto result = co_await collect();
        auto synced = co_await collect_sync();
        if (!timeout_set) {
            co_return std::unexpected(timeout_set.error());
        }
        if (!synced && result) {
            co_return std::unexpected(synced.error());
        }
        co_return result;
    }

    // A server that cannot serve this session any more (shutting down, demoted to read-only, 08xxx): drop the
    // session so the next acquire connects again — with a multi-host URL, to whichever host is primary now.
    template <class T>
    Result<T> forget_if_unavailable(Result<T> outcome) {
        if (!outcome && outcome.error().code == ErrorCode::kUnavailable) {
            close();
        }
        return outcome;
    }

    Task<Result<PgResult>> send_and_collect(bool sent) {
        if (!sent) {
            co_return std::unexpected(pg_error(conn, nullptr));
        }
        auto flushed = co_await flush();
        if (!flushed) {
            co_return std::unexpected(flushed.error());
        }
        co_return co_await collect();
    }
};

AsyncConnection::AsyncConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AsyncConnection::~AsyncConnection() = default;

Result<std::unique_ptr<AsyncConnection>> AsyncConnection::open(asio::any_io_executor executor,
                                                               ConnectionOptions options) {
    auto impl = std::make_unique<Impl>(executor, std::move(options));
    auto connected = impl->connect_blocking();
    if (!connected) {
        return std::unexpected(connected.error());
    }
    return std::unique_ptr<AsyncConnection>(new AsyncConnection(std::move(impl)));
}

Task<Result<std::unique_ptr<AsyncConnection>>> AsyncConnection::connect(asio::any_io_executor executor,
                                                                        ConnectionOptions options) {
    auto impl = std::make_unique<Impl>(executor, std::move(options));
    auto connected = co_await impl->connect_async();
    if (!connected) {
        co_return std::unexpected(connected.error());
    }
    co_return std::unique_ptr<AsyncConnection>(new AsyncConnection(std::move(impl)));
}

bool AsyncConnection::healthy() const {
    return impl_->conn != nullptr && PQstatus(impl_->conn) == CONNECTION_OK;
}

bool AsyncConnection::probe() {
    // A closing server sends its FATAL message and then EOF; each read takes what has arrived, so look again
    // until the socket has nothing more (a few rounds at most).
    for (int round = 0; round < 4 && healthy(); ++round) {
        pollfd readable{PQsocket(impl_->conn), POLLIN, 0};
        if (::poll(&readable, 1, 0) <= 0) {
            return true;
        }
        if (PQconsumeInput(impl_->conn) == 0) {
            return false;
        }
    }
    return healthy();
}

bool AsyncConnection::statement_sent() const {
    return impl_->statement_sent;
}

Task<Status> AsyncConnection::reconnect() {
    co_return co_await impl_->connect_async();
}

Task<Result<PgResult>> AsyncConnection::query(const Statement& statement, Params params) {
    Impl& self = *impl_;
    self.statement_sent = false;
    if (!healthy()) {
        co_return fail(ErrorCode::kUnavailable, "database connection lost");
    }
    self.arm_answer_deadline();
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& value : params) {
        values.push_back(value ? value->c_str() : nullptr);
    }
    if (self.settings.pooler == PoolerMode::kTransaction) {
        auto unnamed = co_await self.query_unnamed(statement, values);
        co_return self.forget_if_unavailable(std::move(unnamed));
    }
    if (!self.prepared.contains(statement.name)) {
        auto prepared =
            co_await self.send_and_collect(PQsendPrepare(self.conn, statement.name, statement.sql, 0, nullptr) == 1);
        if (!prepared) {
            co_return self.forget_if_unavailable(std::move(prepared));
        }
        self.prepared.insert(statement.name);
    }
    self.statement_sent = true;  // from here the server may run it, even if we never learn the outcome
    auto result =
        co_await self.send_and_collect(PQsendQueryPrepared(self.conn, statement.name, static_cast<int>(values.size()),
                                                           values.data(), nullptr, nullptr, 0) == 1);
    co_return self.forget_if_unavailable(std::move(result));
}

Task<Result<std::string>> AsyncConnection::next_notification() {
    Impl& self = *impl_;
    while (healthy()) {
        if (PGnotify* notice = PQnotifies(self.conn)) {
            std::string channel = notice->relname;
            PQfreemem(notice);
            co_return channel;
        }
        auto waited = co_await self.wait(asio::posix::descriptor_base::wait_read);
        if (!waited) {
            co_return std::unexpected(waited.error());
        }
        if (PQconsumeInput(self.conn) == 0) {
            co_return std::unexpected(pg_error(self.conn, nullptr));
        }
    }
    co_return fail(ErrorCode::kUnavailable, "database connection lost");
}

Task<Result<PgResult>> AsyncConnection::script(std::string sql) {
    if (!healthy()) {
        co_return fail(ErrorCode::kUnavailable, "database connection lost");
    }
    impl_->arm_answer_deadline();
    auto result = co_await impl_->send_and_collect(PQsendQuery(impl_->conn, sql.c_str()) == 1);
    co_return impl_->forget_if_unavailable(std::move(result));
}

Task<Result<PgResult>> AsyncConnection::begin() {
    const auto& settings = impl_->settings;
    switch (settings.pooler) {
        case PoolerMode::kSession: break;
        case PoolerMode::kTransaction:
            if (settings.statement_timeout.count() > 0) {
                std::string begin_sql =
                    "BEGIN; SET LOCAL statement_timeout = " + std::to_string(settings.statement_timeout.count());
                co_return co_await script(std::move(begin_sql));
            }
            break;
    }
    co_return co_await script("BEGIN");
}

}  // namespace keel::db
