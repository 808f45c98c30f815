#include "http/server/http_server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "core/log.hpp"
#include "http/server/transfer_encoding.hpp"

namespace keel::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

struct HttpServer::State {
    asio::io_context& io;
    tcp::acceptor acceptor;
    RequestHandler handler;
    ServerLimits limits;
    std::atomic<std::size_t> connections{0};
    std::atomic<std::size_t> in_flight{0};
    std::atomic<bool> stopping{false};
    std::atomic<std::uint64_t> shed{0}, refused{0};  // answered 503 / closed at once, for rate-limited logs

    State(asio::io_context& context, RequestHandler h, ServerLimits l)
        : io(context), acceptor(context), handler(std::move(h)), limits(l) {}
};

namespace {

Response plain_problem(Status status, std::string_view slug, std::string_view detail) {
    Response response{status, 11};
    response.set(bhttp::field::content_type, "application/problem+json");
    response.body() = std::string(R"({"type":"urn:keel:problem:)") + std::string(slug) + R"(","title":")" +
                      std::string(bhttp::obsolete_reason(status)) + R"(","status":)" +
                      std::to_string(static_cast<int>(status)) + R"(,"detail":")" + std::string(detail) + "\"}";
    response.keep_alive(false);
    response.prepare_payload();
    return response;
}

// The read failed before a whole request arrived: answer what the client can act on, then close.
std::optional<Response> answer_for_read_error(const boost::system::error_code& ec) {
    if (ec == bhttp::error::body_limit) {
        return plain_problem(Status::payload_too_large, "payload-too-large", "the request body exceeds the limit");
    }
    if (ec == bhttp::error::header_limit) {
        return plain_problem(Status::request_header_fields_too_large, "header-too-large",
                             "the request line and headers exceed the limit");
    }
    const auto& http_errors = boost::system::error_code(bhttp::error::end_of_stream).category();
    if (ec.category() == http_errors && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        return plain_problem(Status::bad_request, "bad-request", "the request is not valid HTTP/1.1");
    }
    return std::nullopt;
}

// Closing with unread request bytes makes the kernel send RST, and the client may lose the answer it was just
// sent; so half-close, then read and discard what is still coming for a short while (nginx's lingering close).
Task<void> linger(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(std::chrono::seconds(2));
    std::array<char, 16384> discard;
    while (!ec) {
        auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(discard), asio::as_tuple(asio::use_awaitable));
        ec = read_ec;
    }
}

std::vector<std::string_view> transfer_encodings(const bhttp::fields& fields) {
    std::vector<std::string_view> values;
    for (auto [it, end] = fields.equal_range(bhttp::field::transfer_encoding); it != end; ++it) {
        values.emplace_back(it->value().data(), it->value().size());
    }
    return values;
}

// The browser-facing headers of every answer (issue #13): nothing but this origin's own files may run, style,
// load or be framed, whatever a response holds.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

template <class Fields>
void stamp_security_headers(Fields& fields) {
    fields.set("X-Content-Type-Options", "nosniff");
    fields.set("Content-Security-Policy", kContentSecurityPolicy);
    fields.set("Referrer-Policy", "no-referrer");
}

// Every answer, including the ones written here without a handler.
Task<bool> send(beast::tcp_stream& stream, Response& response) {
    stamp_security_headers(response);
    auto [write_ec, written] = co_await bhttp::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
    co_return !write_ec;
}

// Writes the body of a streamed reply as chunks on the connection's socket.
class ChunkWriter final : public StreamWriter {
public:
    ChunkWriter(beast::tcp_stream& stream, const HttpServer::State& state) : stream_(stream), state_(state) {}

    Task<bool> write(std::string_view chunk) override {
        stream_.expires_after(kWriteTimeout);                        // a client that stops reading is let go
        const auto framed = bhttp::make_chunk(asio::buffer(chunk));  // named: no temporaries inside co_await
        auto [ec, written] = co_await asio::async_write(stream_, framed, asio::as_tuple(asio::use_awaitable));
        stream_.expires_never();
        co_return !ec;
    }

    bool closing() override {
        if (state_.stopping) {
            return true;
        }
        // The client sends nothing on a stream: a readable socket with nothing to read is its FIN.
        char byte = 0;
        const auto received = ::recv(stream_.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
    }

private:
    static constexpr std::chrono::seconds kWriteTimeout{30};
    beast::tcp_stream& stream_;
    const HttpServer::State& state_;
};

// A reply whose body is a stream: the head (chunked; the connection closes after it), then the body as long as
// it runs. It counts as a request in flight until its head is written, and no longer: a stream lasts as long as
// its client stays, and the drain must not wait for it (it ends once `stopping`).
Task<void> stream_reply(beast::tcp_stream& stream, HttpServer::State& state, Reply& reply) {
    bhttp::response<bhttp::empty_body> head{reply.response.result(), 11};
    for (const auto& field : reply.response) {
        head.set(field.name_string(), field.value());
    }
    stamp_security_headers(head);
    head.chunked(true);
    head.keep_alive(false);
    bhttp::response_serializer<bhttp::empty_body> serializer{head};
    stream.expires_after(std::chrono::seconds(30));
    auto [head_ec, head_bytes] =
        co_await bhttp::async_write_header(stream, serializer, asio::as_tuple(asio::use_awaitable));
    stream.expires_never();
    --state.in_flight;
    if (head_ec) {
        co_return;
    }
    // A client that vanished without a FIN (a laptop suspended, a phone off the network) never makes the
    // keep-alive chunks fail while they fit the send buffer: without this, TCP gives up only after ~15 minutes
    // of retransmissions, and the stream holds its slot and polls the database all that time.
    const int user_timeout_ms = 30'000;
    ::setsockopt(stream.socket().native_handle(), IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms,
                 sizeof user_timeout_ms);
    ChunkWriter writer(stream, state);
    co_await reply.stream(writer);
    stream.expires_after(std::chrono::seconds(5));
    // The client may be gone already; the connection closes either way.
    const auto last = bhttp::make_chunk_last();
    co_await asio::async_write(stream, last, asio::as_tuple(asio::use_awaitable));
}

Task<void> reject(beast::tcp_stream& stream, Response answer, std::string_view reason) {
    log::info("http.request.rejected", {{"reason", reason}});
    co_await send(stream, answer);
    co_await linger(stream);
}

Task<void> run_connection(tcp::socket socket, std::shared_ptr<HttpServer::State> state) {
    boost::system::error_code peer_ec;
    const auto peer = socket.remote_endpoint(peer_ec);
    const std::string peer_address = peer_ec ? std::string() : peer.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    while (!state->stopping) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(state->limits.max_body_bytes);
        parser.header_limit(static_cast<std::uint32_t>(state->limits.max_header_bytes));
        stream.expires_after(state->limits.idle_timeout);
        auto [header_ec, header_bytes] =
            co_await bhttp::async_read_header(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        boost::system::error_code read_ec = header_ec;
        if (!read_ec && !is_supported_transfer_encoding(transfer_encodings(parser.get()))) {
            // Beast reads a body only for a final `chunked`; with `gzip` alone it would take the body for the
            // next request (request smuggling), so refuse and close (issue #9).
            Response answer = plain_problem(Status::bad_request, "bad-transfer-encoding",
                                            "Transfer-Encoding other than chunked is not accepted");
            co_await reject(stream, std::move(answer), "transfer-encoding");
            break;
        }
        if (!read_ec) {
            auto [body_ec, body_bytes] =
                co_await bhttp::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
            read_ec = body_ec;
        }
        if (read_ec) {
            if (auto answer = answer_for_read_error(read_ec)) {
                const std::string reason = read_ec.message();  // named: no temporaries inside co_await
                co_await reject(stream, std::move(*answer), reason);
            } else if (read_ec != bhttp::error::end_of_stream && read_ec != beast::error::timeout &&
                       read_ec != asio::error::operation_aborted) {
                log::debug("http.connection.read_failed", {{"reason", read_ec.message()}});
            }
            break;
        }
        Reply reply;
        Response& response = reply.response;
        if (++state->in_flight > state->limits.max_in_flight) {
            if (const auto total = state->shed++; total % 1000 == 0) {  // one line per 1000 under overload
                log::warn("http.request.shed", {{"limit", static_cast<std::int64_t>(state->limits.max_in_flight)},
                                                {"shed_total", static_cast<std::int64_t>(total + 1)}});
            }
            response = plain_problem(Status::service_unavailable, "overloaded",
                                     "the server is at its limit of requests in flight; retry shortly");
            response.set(bhttp::field::retry_after, "1");
            response.keep_alive(parser.get().keep_alive());
        } else {
            reply = co_await state->handler(parser.release(), peer_address);
        }
        if (reply.stream && response.result() == Status::ok) {
            co_await stream_reply(stream, *state, reply);
            break;
        }
        const bool keep_alive = response.keep_alive() && !state->stopping;
        response.keep_alive(keep_alive);
        const bool written = co_await send(stream, response);
        --state->in_flight;
        if (!written || !keep_alive) {
            break;
        }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

Task<void> accept_loop(std::shared_ptr<HttpServer::State> state) {
    while (!state->stopping) {
        auto [ec, socket] =
            co_await state->acceptor.async_accept(asio::make_strand(state->io), asio::as_tuple(asio::use_awaitable));
        if (ec) {
            if (ec == asio::error::operation_aborted || state->stopping) {
                break;
            }
            log::warn("http.accept_failed", {{"reason", ec.message()}});
            continue;
        }
        if (state->connections >= state->limits.max_connections) {
            // Accept and close rather than stop accepting: the client learns at once instead of waiting in a
            // full backlog, and the connections being served keep their file descriptors (issue #9).
            if (const auto total = state->refused++; total % 1000 == 0) {
                log::warn("http.connection.refused",
                          {{"limit", static_cast<std::int64_t>(state->limits.max_connections)},
                           {"refused_total", static_cast<std::int64_t>(total + 1)}});
            }
            socket.close(ec);
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        ++state->connections;
        auto executor = socket.get_executor();
        asio::co_spawn(executor, run_connection(std::move(socket), state), [state](std::exception_ptr failure) {
            --state->connections;
            if (failure) {
                try {
                    std::rethrow_exception(failure);
                } catch (const std::exception& e) {
                    log::error("http.connection.crashed", {{"reason", e.what()}});
                }
            }
        });
    }
}

Result<tcp::endpoint> parse_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        return fail(ErrorCode::kInvalidArgument, "listen address '" + listen + "' must be host:port");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    unsigned short port = 0;
    const auto port_text = std::string_view(listen).substr(colon + 1);
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size()) {
        return fail(ErrorCode::kInvalidArgument, "listen address '" + listen + "' has no valid port");
    }
    boost::system::error_code address_ec;
    auto address = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, address_ec);
    if (address_ec) {
        return fail(ErrorCode::kInvalidArgument, "listen address '" + listen + "' is not an IP address");
    }
    return tcp::endpoint(address, port);
}

}  // namespace

HttpServer::HttpServer(std::shared_ptr<State> state) : state_(std::move(state)) {}
HttpServer::~HttpServer() {
    stop();
}

Result<std::unique_ptr<HttpServer>> HttpServer::bind(asio::io_context& io, const std::string& listen,
                                                     RequestHandler handler, ServerLimits limits) {
    auto endpoint = parse_listen(listen);
    if (!endpoint) {
        return std::unexpected(endpoint.error());
    }
    auto state = std::make_shared<State>(io, std::move(handler), limits);
    boost::system::error_code ec;
    state->acceptor.open(endpoint->protocol(), ec);
    if (!ec) {
        state->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        state->acceptor.bind(*endpoint, ec);
    }
    if (!ec) {
        state->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return fail(ErrorCode::kUnavailable, "cannot listen on " + listen + ": " + ec.message());
    }
    return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

void HttpServer::start() {
    asio::co_spawn(state_->acceptor.get_executor(), accept_loop(state_), asio::detached);
}

void HttpServer::stop() {
    if (state_->stopping.exchange(true)) {
        return;
    }
    asio::post(state_->acceptor.get_executor(), [state = state_] {
        boost::system::error_code ignored;
        state->acceptor.close(ignored);
    });
}

std::size_t HttpServer::open_connections() const {
    return state_->connections;
}
std::size_t HttpServer::in_flight_requests() const {
    return state_->in_flight;
}

std::string HttpServer::local_endpoint() const {
    boost::system::error_code ec;
    const auto endpoint = state_->acceptor.local_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace keel::http
