#pragma once
// GET /servers/{id}/events/stream — the server as Server-Sent Events (issue #13): same auth and visibility as
// GET /servers/{id} (another client's server is 404), then `event: server` + `data: <GET /servers/{id} JSON>`
// at once and whenever it changes, `: keepalive` every 15 s. One coroutine per stream polls the row once a
// second (Keel NOTIFYs only job queueing, not status changes), borrowing a pool connection for the query only.
// The stream ends when the client goes, the server stops, the row is no longer visible, the caller's token
// expires or its account is disabled or changed (as a bearer check would see it: http/session_cache.hpp). Capped per
// process and per user: over either cap the request is answered 429 without a stream (the console retries, backing
// off to 15 s, and polls meanwhile).
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/id.hpp"
#include "core/task.hpp"
#include "core/viewer.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"

namespace keel::db {
class ServerRepository;
}

namespace keel::http {

class SessionCache;
class StreamWriter;

struct EventStreamLimits {
    std::int64_t max_streams = 256;         // open at once in this process
    std::int64_t max_streams_per_user = 8;  // open at once by one account
    std::chrono::milliseconds poll_interval{1000};
    std::chrono::seconds keepalive{15};
};

class ServerEventStream {
public:
    ServerEventStream(db::ServerRepository& servers, SessionCache& sessions, EventStreamLimits limits)
        : servers_(servers), sessions_(sessions), limits_(limits) {}
    Task<Response> open(const Request& request, RequestContext& ctx, const PathParams& params);

private:
    class Slot;  // a stream's place under the caps, given back when its coroutine ends
    struct Watch {
        ServerId server_id;
        std::optional<UserId> visible_to;
        Viewer viewer;
        std::chrono::system_clock::time_point until;  // the caller's token expiry
        std::int64_t session_version = 0;             // the caller's token's
    };
    Task<bool> session_still_valid(const Watch& watch);
    std::shared_ptr<Slot> take_slot(UserId user);
    void give_back(UserId user);
    Task<void> run(StreamWriter& writer, Watch watch, std::string first, std::shared_ptr<Slot> slot);

    db::ServerRepository& servers_;
    SessionCache& sessions_;
    const EventStreamLimits limits_;
    std::mutex mutex_;  // the I/O threads share the counts
    std::int64_t open_ = 0;
    std::unordered_map<std::int64_t, std::int64_t> open_by_user_;
};

}  // namespace keel::http
