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
        if (settings.statement_timeout.count() > 0) {
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
    std::unordered_set<std::string> prepared;
    bool statement_sent = false;

    Impl(asio::any_io_executor ex, ConnectionOptions s) : executor(ex), settings(std::move(s)), socket(ex) {}
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
            auto waited = co_await wait(asio::posix::descriptor_base::wait_write);
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
                auto waited = co_await wait(asio::posix::descriptor_base::wait_read);
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
    if (!self.prepared.contains(statement.name)) {
        auto prepared =
            co_await self.send_and_collect(PQsendPrepare(self.conn, statement.name, statement.sql, 0, nullptr) == 1);
        if (!prepared) {
            co_return std::unexpected(prepared.error());
        }
        self.prepared.insert(statement.name);
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& value : params) {
        values.push_back(value ? value->c_str() : nullptr);
    }
    self.statement_sent = true;  // from here the server may run it, even if we never learn the outcome
    co_return co_await self.send_and_collect(PQsendQueryPrepared(self.conn, statement.name,
                                                                 static_cast<int>(values.size()), values.data(),
                                                                 nullptr, nullptr, 0) == 1);
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
    co_return co_await impl_->send_and_collect(PQsendQuery(impl_->conn, sql.c_str()) == 1);
}

}  // namespace keel::db
