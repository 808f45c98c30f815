#include "test_tls_server.hpp"

#include <atomic>
#include <mutex>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace keel::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::asio::use_awaitable;

// Declared so that what the connections' coroutines touch outlives `io`, whose end destroys them.
struct TestTlsServer::State {
    ssl::context tls{ssl::context::tls_server};
    ServerBehaviour behaviour = ServerBehaviour::kAnswer;
    std::atomic<long> delay_ms{0};
    std::atomic<int> connections{0}, handshakes{0}, open{0}, most_open{0};
    mutable std::mutex mutex;
    CannedAnswer answer;
    std::vector<RecordedRequest> requests;
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::vector<std::unique_ptr<tcp::socket>> held;  // kNeverHandshake: kept open, never served
};

namespace {

using State = TestTlsServer::State;

struct OpenCount {
    State& state;
    explicit OpenCount(State& s) : state(s) {
        const int now = ++state.open;
        int seen = state.most_open.load();
        while (now > seen && !state.most_open.compare_exchange_weak(seen, now)) {
        }
    }
    ~OpenCount() { --state.open; }
};

asio::awaitable<void> pause(const asio::any_io_executor& executor, std::chrono::milliseconds delay) {
    asio::steady_timer timer(executor, delay);
    co_await timer.async_wait(asio::as_tuple(use_awaitable));
}

asio::awaitable<void> serve(State* state, tcp::socket socket) {
    OpenCount counted(*state);
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), state->tls);
    auto [handshake_error] = co_await stream.async_handshake(ssl::stream_base::server, asio::as_tuple(use_awaitable));
    if (handshake_error) {
        co_return;
    }
    ++state->handshakes;
    beast::flat_buffer buffer;
    while (true) {
        http::request<http::string_body> request;
        auto [read_error, read] = co_await http::async_read(stream, buffer, request, asio::as_tuple(use_awaitable));
        if (read_error) {
            co_return;
        }
        CannedAnswer answer;
        {
            std::lock_guard lock(state->mutex);
            state->requests.push_back({std::string(request.method_string()), std::string(request.target()),
                                       std::string(request[http::field::authorization]),
                                       std::string(request[http::field::content_type]), request.body()});
            answer = state->answer;
        }
        if (state->behaviour == ServerBehaviour::kNeverAnswer) {
            co_await pause(stream.get_executor(), std::chrono::hours(1));
            co_return;
        }
        if (const auto delay = state->delay_ms.load(); delay > 0) {
            co_await pause(stream.get_executor(), std::chrono::milliseconds(delay));
        }
        http::response<http::string_body> response{static_cast<http::status>(answer.status), 11};
        response.reason(answer.reason);
        response.set(http::field::content_type, "application/json;charset=UTF-8");
        response.body() = answer.body;
        response.keep_alive(true);
        response.prepare_payload();
        auto [write_error, written] = co_await http::async_write(stream, response, asio::as_tuple(use_awaitable));
        if (write_error || state->behaviour == ServerBehaviour::kCloseAfterAnswer) {
            boost::system::error_code ignored;
            beast::get_lowest_layer(stream).socket().close(ignored);
            co_return;
        }
    }
}

asio::awaitable<void> accept(State* state) {
    while (true) {
        auto [error, socket] = co_await state->acceptor.async_accept(asio::as_tuple(use_awaitable));
        if (error) {
            co_return;
        }
        ++state->connections;
        if (state->behaviour == ServerBehaviour::kNeverHandshake) {
            state->held.push_back(std::make_unique<tcp::socket>(std::move(socket)));
            continue;
        }
        asio::co_spawn(state->io, serve(state, std::move(socket)), asio::detached);
    }
}

}  // namespace

TestTlsServer::TestTlsServer(const TestCertificate& certificate, ServerBehaviour behaviour)
    : state_(std::make_unique<State>()) {
    state_->behaviour = behaviour;
    state_->tls.use_certificate_chain(asio::buffer(certificate.cert_pem));
    state_->tls.use_private_key(asio::buffer(certificate.key_pem), ssl::context::pem);
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen();
    port_ = state_->acceptor.local_endpoint().port();
    asio::co_spawn(state_->io, accept(state_.get()), asio::detached);
    thread_ = std::thread([state = state_.get()] { state->io.run(); });
}

TestTlsServer::~TestTlsServer() {
    state_->io.stop();
    thread_.join();
}

void TestTlsServer::set_answer(CannedAnswer answer) {
    std::lock_guard lock(state_->mutex);
    state_->answer = std::move(answer);
}

void TestTlsServer::set_delay(std::chrono::milliseconds delay) {
    state_->delay_ms = delay.count();
}
int TestTlsServer::connections() const {
    return state_->connections.load();
}
int TestTlsServer::handshakes() const {
    return state_->handshakes.load();
}
int TestTlsServer::most_open_at_once() const {
    return state_->most_open.load();
}

std::vector<RecordedRequest> TestTlsServer::requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests;
}

}  // namespace keel::testing
