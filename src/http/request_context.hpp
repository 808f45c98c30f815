#pragma once
// What one request carries through its handler: its id (echoed and logged), who is calling, when it began.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/role.hpp"
#include "core/viewer.hpp"

namespace keel::http {

struct Caller {
    UserId user_id;
    Role role = Role::kClient;
    bool is_admin() const { return role == Role::kAdmin; }
    Viewer viewer() const { return Viewer{user_id, role}; }  // what codecs may show this caller
};

struct RequestContext {
    std::string request_id;
    std::string path;              // without the query, for problem `instance`
    std::optional<Caller> caller;  // set once the bearer token verified
    std::string client_address;    // the socket's peer, or X-Forwarded-For's client behind a trusted proxy
    std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();
    std::optional<std::size_t> route_index;  // the matched route's Route::index, for per-route metrics
};

}  // namespace keel::http
