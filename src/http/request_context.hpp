#pragma once
// What one request carries through its handler: its id (echoed and logged), who is calling, when it began.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/role.hpp"
#include "core/task.hpp"
#include "core/viewer.hpp"

namespace keel::http {

class StreamWriter;

struct Caller {
    UserId user_id;
    Role role = Role::kClient;
    bool is_admin() const { return role == Role::kAdmin; }
    Viewer viewer() const { return Viewer{user_id, role}; }  // what codecs may show this caller
};

struct RequestContext {
    std::string request_id;
    std::string path;              // without the query, for problem `instance`
    std::optional<Caller> caller;  // set once the bearer token (or session cookie) verified
    std::chrono::system_clock::time_point credential_expires_at{};  // that token's exp
    std::int64_t session_version = 0;                               // and its session version
    std::string client_address;  // the socket's peer, or X-Forwarded-For's client behind a trusted proxy
    bool over_tls = false;       // a trusted proxy said X-Forwarded-Proto: https (cookies get Secure)
    std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();
    std::optional<std::size_t> route_index;  // the matched route's Route::index, for per-route metrics
    // Set by a handler whose body is a stream (http/event_stream.hpp): run after its response head is written.
    std::function<Task<void>(StreamWriter&)> stream;
};

}  // namespace keel::http
