#include "db/async_connection.hpp"

#include <libpq-fe.h>

#include <unordered_set>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/connection.hpp"

namespace keel::db {

namespace asio = boost::asio;

struct AsyncConnection::Impl {
    asio::any_io_executor executor;
    std::string url;
    PGconn* conn = nullptr;
    asio::posix::stream_descriptor socket;
    std::unordered_set<std::string> prepared;

    Impl(asio::any_io_executor ex, std::string u) : executor(ex), url(std::move(u)), socket(ex) {}
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

    Status connect() {
        close();
        conn = PQconnectdb(url.c_str());
        if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
            auto error = pg_error(conn, nullptr);
            error.code = ErrorCode::kUnavailable;
            return std::unexpected(error);
        }
        silence_notices(conn);
        if (PQsetnonblocking(conn, 1) != 0) {
            return std::unexpected(pg_error(conn, nullptr));
        }
        boost::system::error_code ec;
        socket.assign(PQsocket(conn), ec);
        if (ec) {
            return fail(ErrorCode::kUnavailable, "cannot watch the PostgreSQL socket: " + ec.message());
        }
        return {};
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

Result<std::unique_ptr<AsyncConnection>> AsyncConnection::open(asio::any_io_executor executor, std::string url) {
    auto impl = std::make_unique<Impl>(executor, std::move(url));
    auto connected = impl->connect();
    if (!connected) {
        return std::unexpected(connected.error());
    }
    return std::unique_ptr<AsyncConnection>(new AsyncConnection(std::move(impl)));
}

bool AsyncConnection::healthy() const {
    return impl_->conn != nullptr && PQstatus(impl_->conn) == CONNECTION_OK;
}

Status AsyncConnection::reconnect() {
    return impl_->connect();
}

Task<Result<PgResult>> AsyncConnection::query(const Statement& statement, Params params) {
    Impl& self = *impl_;
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
