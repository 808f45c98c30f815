#include "sim_server.hpp"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/log.hpp"
#include "sim_router.hpp"
#include "sim_tls.hpp"

namespace keel::pve_sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
// POST /_sim/vms loads a whole testbed's VMs at once (200,000 VMs are ~30 MB of JSON).
constexpr std::size_t kMaxSimVmsBodyBytes = 512 * 1024 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(60);

// Everything the coroutines share; lives in run_simulator's frame until io.run() returns.
struct Simulator {
    asio::io_context io{1};
    asio::ssl::context tls{asio::ssl::context::tls_server};
    tcp::acceptor acceptor{io};
    Cluster cluster;
    Router router;
    std::filesystem::path state_file;
    std::chrono::milliseconds save_interval;
    std::uint64_t saved_generation = 0;
    std::chrono::steady_clock::duration last_save_took{};
    bool stopping = false;

    Simulator(const ServerOptions& options)
        : cluster(options.cluster),
          router(cluster, options.token, [] { return Clock::now(); }),
          state_file(options.state_dir / "state.json"),
          save_interval(options.save_interval) {}

    void save_if_changed() {
        if (cluster.generation() == saved_generation) {
            return;
        }
        const auto started = std::chrono::steady_clock::now();
        auto saved = save_state(state_file, cluster);
        last_save_took = std::chrono::steady_clock::now() - started;
        if (!saved) {
            log::error("pve_sim.state.save_failed", {{"reason", saved.error().detail}});
            return;
        }
        saved_generation = cluster.generation();
    }
};

// A reason phrase is one line of visible text.
std::string reason_phrase(std::string_view text) {
    std::string reason;
    for (char c : text) {
        reason.push_back(c == '\r' || c == '\n' ? ' ' : c);
    }
    return reason;
}

http::response<http::string_body> to_response(const Reply& reply, unsigned version, bool keep_alive) {
    http::response<http::string_body> response;
    response.version(version);
    response.result(static_cast<unsigned>(reply.status));
    response.reason(reason_phrase(reply.reason));
    response.set(http::field::server, "pve-api-daemon/3.0");
    response.set(http::field::content_type, "application/json;charset=UTF-8");
    response.set(http::field::cache_control, "max-age=0");
    response.body() = reply.to_body();
    response.keep_alive(keep_alive);
    response.prepare_payload();
    return response;
}

asio::awaitable<void> run_session(tcp::socket socket, Simulator* sim) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), sim->tls);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    auto [handshake_ec] =
        co_await stream.async_handshake(asio::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
    if (handshake_ec) {
        log::debug("pve_sim.tls.handshake_failed", {{"reason", handshake_ec.message()}});
        co_return;
    }
    sim->router.count_handshake();
    beast::flat_buffer buffer;
    while (!sim->stopping) {
        http::request_parser<http::string_body> parser;
        // Beast checks a Content-Length against the limit while reading the header: the large limit is set first,
        // then narrowed for every path but /_sim/vms.
        parser.body_limit(kMaxSimVmsBodyBytes);
        beast::get_lowest_layer(stream).expires_after(kIdleTimeout);
        auto [header_ec, header_bytes] =
            co_await http::async_read_header(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        if (header_ec) {
            break;  // end of stream, timeout, a client gone or a malformed request: close
        }
        if (!parser.get().target().starts_with("/_sim/vms")) {
            if (parser.content_length().value_or(0) > kMaxBodyBytes) {
                break;
            }
            parser.body_limit(kMaxBodyBytes);  // a chunked body is checked as it arrives
        }
        if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
            // curl asks before sending a large body (and would otherwise wait a second).
            http::response<http::empty_body> proceed{http::status::continue_, parser.get().version()};
            auto [continue_ec, continue_bytes] =
                co_await http::async_write(stream, proceed, asio::as_tuple(asio::use_awaitable));
            if (continue_ec) {
                break;
            }
        }
        auto [read_ec, read_bytes] =
            co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        if (read_ec) {
            break;
        }
        const auto& message = parser.get();
        SimRequest request{std::string(message.method_string()), std::string(message.target()),
                           std::string(message[http::field::authorization]),
                           std::string(message[http::field::content_type]), message.body()};
        const Reply reply = sim->router.handle(request);
        if (log::enabled(log::Level::kDebug)) {
            const auto path = std::string_view(request.target).substr(0, request.target.find('?'));
            log::debug("pve_sim.request", {{"method", request.method},
                                           {"path", path},
                                           {"status", static_cast<std::int64_t>(reply.status)},
                                           {"reason", reply.reason}});
        }
        auto response = to_response(reply, message.version(), message.keep_alive() && !sim->stopping);
        auto [write_ec, written] = co_await http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
        if (write_ec || !response.keep_alive()) {
            break;
        }
    }
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
    auto [shutdown_ec] = co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
    (void)shutdown_ec;  // a client that closed first is normal
}

asio::awaitable<void> accept_loop(Simulator* sim) {
    while (!sim->stopping) {
        auto [ec, socket] = co_await sim->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            if (ec == asio::error::operation_aborted || sim->stopping) {
                break;
            }
            log::warn("pve_sim.accept_failed", {{"reason", ec.message()}});
            continue;
        }
        socket.set_option(tcp::no_delay(true), ec);
        asio::co_spawn(sim->io, run_session(std::move(socket), sim), [](std::exception_ptr failure) {
            if (!failure) {
                return;
            }
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& e) {
                log::error("pve_sim.session.crashed", {{"reason", e.what()}});
            }
        });
    }
}

// Coalesces saves: one write per interval at most, whatever the request rate; a large state saves less often
// (the pause is at least 4× the last save), so saving never takes more than a fifth of the thread.
asio::awaitable<void> save_loop(Simulator* sim) {
    asio::steady_timer timer(sim->io);
    while (!sim->stopping) {
        timer.expires_after(std::max<std::chrono::steady_clock::duration>(sim->save_interval, 4 * sim->last_save_took));
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec || sim->stopping) {
            break;
        }
        sim->cluster.advance(Clock::now());  // tasks that ended since the last request land in the file too
        sim->save_if_changed();
    }
}

Result<tcp::endpoint> parse_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        return fail(ErrorCode::kInvalidArgument, "--listen '" + listen + "' must be host:port");
    }
    unsigned short port = 0;
    const auto port_text = std::string_view(listen).substr(colon + 1);
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    boost::system::error_code address_ec;
    const auto address = asio::ip::make_address(listen.substr(0, colon), address_ec);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || address_ec) {
        return fail(ErrorCode::kInvalidArgument, "--listen '" + listen + "' is not IP:port");
    }
    return tcp::endpoint(address, port);
}

Status start(Simulator& sim, const ServerOptions& options, const TlsFiles& files) {
    boost::system::error_code ec;
    sim.tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    sim.tls.use_certificate_chain_file(files.server_pem.string(), ec);
    if (!ec) {
        sim.tls.use_private_key_file(files.server_key_pem.string(), asio::ssl::context::pem, ec);
    }
    if (ec) {
        return fail(ErrorCode::kInvalidArgument, "cannot load the server certificate: " + ec.message());
    }
    auto endpoint = parse_listen(options.listen);
    if (!endpoint) {
        return std::unexpected(endpoint.error());
    }
    sim.acceptor.open(endpoint->protocol(), ec);
    if (!ec) {
        sim.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        sim.acceptor.bind(*endpoint, ec);
    }
    if (!ec) {
        sim.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return fail(ErrorCode::kUnavailable, "cannot listen on " + options.listen + ": " + ec.message());
    }
    return {};
}

}  // namespace

Status load_state(const std::filesystem::path& file, Cluster& cluster) {
    std::ifstream in(file);
    if (!in) {
        return {};
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
        cluster.restore(json::parse(text.str()));
    } catch (const std::exception& e) {
        return fail(ErrorCode::kInvalidArgument, file.string() + " is not a pve-sim state: " + e.what());
    }
    return {};
}

Status save_state(const std::filesystem::path& file, const Cluster& cluster) {
    const std::string text = json::serialize(cluster.to_json());
    auto temporary = file;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << text;
        if (!out.flush()) {
            return fail(ErrorCode::kUnavailable, "cannot write " + temporary.string());
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, file, ec);
    if (ec) {
        return fail(ErrorCode::kUnavailable, "cannot rename " + temporary.string() + ": " + ec.message());
    }
    return {};
}

int run_simulator(const ServerOptions& options) {
    std::error_code dir_ec;
    std::filesystem::create_directories(options.state_dir, dir_ec);
    auto files = ensure_tls_files(options.state_dir);
    if (!files) {
        std::fprintf(stderr, "pve-sim: %s\n", files.error().detail.c_str());
        return 1;
    }
    Simulator sim(options);
    if (auto loaded = load_state(sim.state_file, sim.cluster); !loaded) {
        std::fprintf(stderr, "pve-sim: %s\n", loaded.error().detail.c_str());
        return 1;
    }
    sim.cluster.advance(Clock::now());
    sim.saved_generation = 0;
    if (auto started = start(sim, options, *files); !started) {
        std::fprintf(stderr, "pve-sim: %s\n", started.error().detail.c_str());
        return 1;
    }
    const auto local = sim.acceptor.local_endpoint();
    const std::string url = "https://" + local.address().to_string() + ":" + std::to_string(local.port());
    std::ofstream(options.state_dir / "url") << url << "\n";
    std::printf("pve-sim listening on %s cluster=%s ca=%s fingerprint=%s\n", url.c_str(),
                options.cluster.cluster.c_str(), std::filesystem::absolute(files->ca_pem).c_str(),
                files->fingerprint.c_str());
    std::fflush(stdout);

    asio::signal_set signals(sim.io, SIGINT, SIGTERM);
    signals.async_wait([&sim](const boost::system::error_code& ec, int) {
        if (ec) {
            return;
        }
        sim.stopping = true;
        boost::system::error_code ignored;
        sim.acceptor.close(ignored);
        sim.cluster.advance(Clock::now());
        sim.save_if_changed();
        sim.io.stop();
    });
    asio::co_spawn(sim.io, accept_loop(&sim), asio::detached);
    asio::co_spawn(sim.io, save_loop(&sim), asio::detached);
    sim.io.run();
    sim.save_if_changed();
    log::info("pve_sim.stopped", {{"url", url}});
    return 0;
}

}  // namespace keel::pve_sim
