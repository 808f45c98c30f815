#pragma once
// The Beast listener and connection loop, written once: deadline → read (with a body limit) → handle →
// write → keep-alive. Handlers never see sockets.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "core/result.hpp"
#include "core/task.hpp"
#include "http/event_stream.hpp"
#include "http/message.hpp"

namespace keel::http {

// `peer` is the socket's remote address (no port): who the client is, unless a trusted proxy says otherwise.
// A reply with a stream (http/event_stream.hpp) keeps the connection until its body ends, then closes it.
using RequestHandler = std::function<Task<Reply>(Request, std::string peer)>;

struct ServerLimits {
    std::size_t max_body_bytes = 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;  // request line and headers; over it: 431
    std::chrono::seconds idle_timeout{30};
    // Over this many open connections a new one is accepted and closed at once (the client sees EOF), so the
    // backlog never fills with connections nobody will serve.
    std::size_t max_connections = 4096;
    // Requests being handled at once; over it the request is answered 503 + Retry-After without running.
    std::size_t max_in_flight = 512;
};

class HttpServer {
public:
    // Binds `listen` ("host:port"); kInvalidArgument / kUnavailable when it cannot.
    static Result<std::unique_ptr<HttpServer>> bind(boost::asio::io_context& io, const std::string& listen,
                                                    RequestHandler handler, ServerLimits limits = {});
    ~HttpServer();

    void start();
    // Stops accepting; connections finish the request they are in, then close.
    void stop();
    std::size_t open_connections() const;
    // Requests being handled or written now; shutdown waits for this to reach zero.
    std::size_t in_flight_requests() const;
    std::string local_endpoint() const;

    struct State;  // shared with the connection coroutines, which outlive no server call

private:
    explicit HttpServer(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

}  // namespace keel::http
