#pragma once
// Method + path template ("/servers/{id}", "/servers/{id}/credentials:reveal") → handler. Templates are matched
// segment by segment, a literal segment exactly (':' included); a path that exists under another method answers
// 405 with Allow.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::http {

struct PathParams {
    std::vector<std::pair<std::string, std::string>> values;
    std::string_view get(std::string_view name) const;
};

enum class Access {
    kPublic,         // POST /login, POST and DELETE /session, the console's files, the operator probes
    kAuthenticated,  // a valid bearer token
    kAdmin,          // a valid bearer token of an admin; a client gets 403 (/admin/…)
    kSessionCookie,  // GET /session only: a valid session cookie, no CSRF header (it hands the token back)
};
// kAuthenticated and kAdmin also take the console's session cookie instead of the bearer token, then only with
// the session's CSRF token in X-CSRF-Token (403 otherwise); a bearer token wins when both are sent.

// What the answer carries. A response with secrets in clear is never kept anywhere: not by a cache
// (Cache-Control: no-store) and not in idempotency_keys for an Idempotency-Key replay.
enum class Answer {
    kOrdinary,
    kSecrets,  // POST /servers/{id}/credentials:reveal
};

using Handler = std::function<Task<Response>(const Request&, RequestContext&, const PathParams&)>;

struct Route {
    bhttp::verb method;
    std::vector<std::string> segments;  // "{name}" segments capture
    Access access;
    Handler handler;
    Answer answer = Answer::kOrdinary;
    std::string path_template;  // as added: the metrics label and the OpenAPI path
    std::size_t index = 0;      // position in routes(): per-route metrics are arrays indexed by it
};

struct RouteMatch {
    const Route* route = nullptr;  // null: no route for this method
    PathParams params;
    std::string allow;  // methods the path does accept, when route is null
};

class Router {
public:
    void add(bhttp::verb method, std::string_view path_template, Access access, Handler handler,
             Answer answer = Answer::kOrdinary);
    // `path`: the request target's path, percent-encoded as sent; each segment is decoded (Boost.URL) before it
    // is compared or captured, so `credentials%3Areveal` is `credentials:reveal`. A path that is no valid URL path
    // matches nothing.
    RouteMatch match(bhttp::verb method, std::string_view path) const;
    // Every route, in the order added (the OpenAPI drift test and the metrics read them).
    const std::vector<Route>& routes() const { return routes_; }

private:
    std::vector<Route> routes_;
};

}  // namespace keel::http
