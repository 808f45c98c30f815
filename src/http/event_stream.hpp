#pragma once
// A response whose body is written while it happens (Server-Sent Events, issue #13). A handler answers the
// head as usual and leaves the body's coroutine in RequestContext::stream; the connection loop writes the head
// (chunked, no keep-alive), then runs the body with a writer on its socket, then closes. Handlers still never
// see sockets.
#include <functional>
#include <string_view>

#include "core/task.hpp"
#include "http/message.hpp"

namespace keel::http {

class StreamWriter {
public:
    virtual ~StreamWriter() = default;
    // Writes one chunk of the body; false once the client is gone or did not take it in time.
    virtual Task<bool> write(std::string_view chunk) = 0;
    // True when the client closed its side or the server is stopping: the body should end.
    virtual bool closing() = 0;
};

using StreamBody = std::function<Task<void>(StreamWriter&)>;

// What a request handler hands the connection loop: the response, and for a stream the body to run after it.
struct Reply {
    Response response;
    StreamBody stream;  // empty: `response` is the whole answer
};

}  // namespace keel::http
