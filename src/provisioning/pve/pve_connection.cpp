#include "provisioning/pve/pve_connection.hpp"

#include <poll.h>

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace keel::provisioning {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr std::uint64_t kMaxAnswerBytes = 64ull << 20;  // /cluster/resources of a large cluster
constexpr std::uint32_t kMaxHeaderBytes = 64u << 10;    // PVE's error text rides in the reason phrase

std::optional<Sha256Fingerprint> fingerprint_of(X509* certificate) {
    if (certificate == nullptr) {
        return std::nullopt;
    }
    Sha256Fingerprint digest{};
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest.data(), &length) != 1 || length != digest.size()) {
        return std::nullopt;
    }
    return digest;
}

http::verb verb_of(PveMethod method) {
    switch (method) {
        case PveMethod::kGet: return http::verb::get;
        case PveMethod::kPost: return http::verb::post;
        case PveMethod::kPut: return http::verb::put;
        case PveMethod::kDelete: return http::verb::delete_;
    }
    return http::verb::get;
}

std::string what_failed(const PveTarget& target, const PveRequest& request, std::string_view how) {
    std::string path(request.target.substr(0, request.target.find('?')));
    return "cluster " + target.cluster + ": " + std::string(to_string(request.method)) + " " + path + " " +
           std::string(how);
}

}  // namespace

Result<std::unique_ptr<PveTls>> PveTls::make(const TlsTrust& trust) {
    auto tls = std::make_unique<PveTls>();
    SSL_CTX_set_min_proto_version(tls->context.native_handle(), TLS1_2_VERSION);
    tls->context.set_verify_mode(ssl::verify_peer);
    if (const auto* ca = std::get_if<CaBundlePem>(&trust)) {
        boost::system::error_code ec;
        tls->context.add_certificate_authority(asio::buffer(ca->pem), ec);
        if (ec || ca->pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
            return fail(ErrorCode::kInvalidArgument, "the CA bundle is not PEM certificates: " + ec.message());
        }
        return tls;
    }
    auto pinned = parse_fingerprint(std::get<PinnedFingerprint>(trust).sha256);
    if (!pinned) {
        return std::unexpected(pinned.error());
    }
    tls->pinned = *pinned;
    return tls;
}

PveConnection::PveConnection(asio::any_io_executor executor, PveTls& tls) : stream_(std::move(executor), tls.context) {}

Task<Result<std::unique_ptr<PveConnection>>> PveConnection::open(asio::any_io_executor executor,
                                                                 const PveTarget& target, PveTls& tls,
                                                                 std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto& endpoint = target.endpoint;
    tcp::resolver resolver(executor);
    const auto flags = endpoint.host_is_ip ? tcp::resolver::numeric_host | tcp::resolver::numeric_service
                                           : tcp::resolver::numeric_service;
    const auto port = std::to_string(endpoint.port);
    auto [resolve_error, addresses] =
        co_await resolver.async_resolve(endpoint.host, port, flags, asio::as_tuple(asio::use_awaitable));
    if (resolve_error) {
        co_return fail(ErrorCode::kRetryable, "cluster " + target.cluster + ": cannot resolve " + endpoint.host + ": " +
                                                  resolve_error.message());
    }
    auto connection = std::make_unique<PveConnection>(executor, tls);
    auto& stream = connection->stream_;
    beast::get_lowest_layer(stream).expires_at(deadline);
    auto [connect_error, connected] =
        co_await beast::get_lowest_layer(stream).async_connect(addresses, asio::as_tuple(asio::use_awaitable));
    if (connect_error) {
        co_return fail(ErrorCode::kRetryable, "cluster " + target.cluster + ": cannot connect to " + endpoint.host +
                                                  ":" + port + ": " + connect_error.message());
    }
    connection->trust_peer(endpoint, tls);
    auto [handshake_error] =
        co_await stream.async_handshake(ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
    if (!connection->verify_error_.empty()) {
        co_return fail(ErrorCode::kUpstreamFailed,
                       "cluster " + target.cluster + ": TLS certificate refused: " + connection->verify_error_ +
                           "; the server's certificate has SHA-256 fingerprint " +
                           (connection->seen_fingerprint_.empty() ? "(none)" : connection->seen_fingerprint_));
    }
    if (handshake_error) {
        // An SSL-level failure (no common protocol, plain HTTP on the port) will not mend itself; a broken or
        // slow TCP connection may.
        const bool permanent = handshake_error.category() == asio::error::get_ssl_category();
        co_return fail(permanent ? ErrorCode::kUpstreamFailed : ErrorCode::kRetryable,
                       "cluster " + target.cluster + ": TLS handshake with " + endpoint.host + ":" + port +
                           " failed: " + handshake_error.message());
    }
    co_return connection;
}

void PveConnection::trust_peer(const PveEndpoint& endpoint, const PveTls& tls) {
    SSL* ssl_handle = stream_.native_handle();
    if (!endpoint.host_is_ip) {
        SSL_set_tlsext_host_name(ssl_handle, endpoint.host.c_str());
    }
    PveConnection* self = this;
    if (tls.pinned) {
        // The pin is the whole trust: exactly this leaf certificate, whatever its chain and names.
        const Sha256Fingerprint pinned = *tls.pinned;
        stream_.set_verify_callback([self, pinned](bool, ssl::verify_context& context) {
            const auto seen = fingerprint_of(X509_STORE_CTX_get0_cert(context.native_handle()));
            if (seen) {
                self->seen_fingerprint_ = format_fingerprint(*seen);
            }
            if (seen && *seen == pinned) {
                return true;
            }
            self->verify_error_ = "its certificate is not the pinned one (" + format_fingerprint(pinned) + ")";
            return false;
        });
    } else {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (endpoint.host_is_ip) {
            X509_VERIFY_PARAM_set1_ip_asc(param, endpoint.host.c_str());
        } else {
            SSL_set1_host(ssl_handle, endpoint.host.c_str());
        }
        stream_.set_verify_callback([self](bool preverified, ssl::verify_context& context) {
            X509_STORE_CTX* store = context.native_handle();
            if (const auto seen = fingerprint_of(X509_STORE_CTX_get0_cert(store))) {
                self->seen_fingerprint_ = format_fingerprint(*seen);
            }
            if (!preverified && self->verify_error_.empty()) {
                self->verify_error_ = X509_verify_cert_error_string(X509_STORE_CTX_get_error(store));
            }
            return preverified;
        });
    }
}

Task<PveConnection::Outcome> PveConnection::exchange(const PveTarget& target, const PveRequest& request,
                                                     const std::string& authorization,
                                                     std::chrono::milliseconds timeout) {
    http::request<http::string_body> message{verb_of(request.method), request.target, 11};
    message.set(http::field::host, target.host_header);
    message.set(http::field::authorization, authorization);
    message.set(http::field::user_agent, "keel");
    message.set(http::field::accept, "application/json");
    message.keep_alive(true);
    if (!request.form_body.empty() || request.method == PveMethod::kPost || request.method == PveMethod::kPut) {
        message.set(http::field::content_type, "application/x-www-form-urlencoded");
        message.body() = request.form_body;
        message.prepare_payload();
    }
    beast::get_lowest_layer(stream_).expires_after(timeout);
    auto [write_error, written] = co_await http::async_write(stream_, message, asio::as_tuple(asio::use_awaitable));
    if (write_error) {
        co_return Outcome{
            fail(ErrorCode::kRetryable, what_failed(target, request, "not sent: " + write_error.message())),
            Failure::kNotSent, false};
    }
    ++served;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxAnswerBytes);
    parser.header_limit(kMaxHeaderBytes);
    auto [read_error, read] = co_await http::async_read(stream_, buffer_, parser, asio::as_tuple(asio::use_awaitable));
    if (read_error) {
        const bool nothing = read == 0 && !parser.got_some();
        const bool timed_out = read_error == beast::error::timeout;
        std::string how = timed_out ? "got no complete answer within " + std::to_string(timeout.count()) + " ms"
                                    : "broke off: " + read_error.message();
        if (request.method != PveMethod::kGet) {
            how += " (it may have been carried out)";
        }
        co_return Outcome{fail(ErrorCode::kRetryable, what_failed(target, request, how)),
                          nothing && !timed_out ? Failure::kNoAnswer : Failure::kPartialAnswer, false};
    }
    auto& response = parser.get();
    PveAnswer answer{static_cast<int>(response.result_int()), std::string(response.reason()),
                     std::move(response.body())};
    co_return Outcome{std::move(answer), std::nullopt, response.keep_alive()};
}

bool PveConnection::closed_by_peer() {
    // An idle HTTP/1.1 connection gets nothing unasked: anything readable is a close (FIN, TLS close_notify).
    if (buffer_.size() > 0 || SSL_has_pending(stream_.native_handle()) == 1) {
        return true;
    }
    pollfd watched{beast::get_lowest_layer(stream_).socket().native_handle(), POLLIN, 0};
    return ::poll(&watched, 1, 0) != 0;
}

void PveConnection::close() {
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
}

}  // namespace keel::provisioning
