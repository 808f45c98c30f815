#pragma once
// One keep-alive HTTPS connection to a cluster (Beast over OpenSSL), and how it is opened: resolve, TCP connect,
// TLS handshake with the cluster's trust (a CA bundle and the URL's host, or one pinned certificate). Internal
// to PveClient; runs on the client's strand.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "core/result.hpp"
#include "core/task.hpp"
#include "provisioning/pve/pve_request.hpp"
#include "provisioning/pve/pve_response.hpp"
#include "provisioning/pve/pve_settings.hpp"

namespace keel::provisioning {

// What TLS trusts for one cluster; built once, shared by its connections.
struct PveTls {
    boost::asio::ssl::context context{boost::asio::ssl::context::tls_client};
    std::optional<Sha256Fingerprint> pinned;  // set: only this leaf certificate; unset: the context's CAs

    static Result<std::unique_ptr<PveTls>> make(const TlsTrust& trust);
};

// Fixed per cluster: where it is and how to talk to it.
struct PveTarget {
    std::string cluster;
    PveEndpoint endpoint;
    std::string host_header;  // host[:port], IPv6 in brackets
};

class PveConnection {
public:
    // How a failed exchange ended, for the retry rule of PveConnectionPool.
    enum class Failure {
        kNotSent,       // the request did not leave entirely: the server cannot have acted on it
        kNoAnswer,      // sent, and nothing came back: it may or may not have been carried out
        kPartialAnswer  // the answer broke off or could not be read
    };
    struct Outcome {
        Result<PveAnswer> answer;
        std::optional<Failure> failure;
        bool reusable = false;  // the connection may serve another request
    };

    // Opens a connection within `timeout`; a refused certificate is a permanent error naming the cluster.
    static Task<Result<std::unique_ptr<PveConnection>>> open(boost::asio::any_io_executor executor,
                                                             const PveTarget& target, PveTls& tls,
                                                             std::chrono::milliseconds timeout);

    explicit PveConnection(boost::asio::any_io_executor executor, PveTls& tls);

    Task<Outcome> exchange(const PveTarget& target, const PveRequest& request, const std::string& authorization,
                           std::chrono::milliseconds timeout);

    // True when the server has closed (or written to) this idle connection: it must not be reused.
    bool closed_by_peer();
    void close();

    std::chrono::steady_clock::time_point idle_since{};
    std::uint64_t served = 0;

private:
    // Sets what the handshake checks: the pinned leaf, or the chain and the URL's host name or IP.
    void trust_peer(const PveEndpoint& endpoint, const PveTls& tls);

    boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
    boost::beast::flat_buffer buffer_;
    std::string seen_fingerprint_;  // of the server's certificate, for the operator to compare
    std::string verify_error_;      // why the certificate was refused; empty: it was not
};

}  // namespace keel::provisioning
