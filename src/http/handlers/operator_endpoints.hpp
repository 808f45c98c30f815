#pragma once
// What operators and their tooling call (issue #13), public and cheap:
//   GET /healthz       200 while the process runs (no database: a liveness probe must not restart a process
//                      because PostgreSQL is down)
//   GET /readyz        200, or 503 problem+json + Retry-After while not ready (http/readiness.hpp)
//   GET /openapi.json  the API's OpenAPI 3.1 document (docs/openapi.json, embedded at build time)
#include <string_view>

#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::http {

class Readiness;

class OperatorEndpoints {
public:
    // `readiness` null: /readyz reports ready whenever the process answers (an Api built without one).
    explicit OperatorEndpoints(Readiness* readiness) : readiness_(readiness) {}

    Task<Response> healthz(const Request& request, RequestContext& ctx);
    Task<Response> readyz(const Request& request, RequestContext& ctx);
    Task<Response> openapi(const Request& request, RequestContext& ctx);

private:
    Readiness* readiness_;
};

// docs/openapi.json as it was at build time.
std::string_view embedded_openapi_document();

}  // namespace keel::http
