#pragma once
// The web console (issue #13), public:
//   GET /                 web/index.html
//   GET /assets/{file}    web/assets/<file>
// Served from the bytes compiled into the binary (http/static_assets.hpp) with their ETag and
// `Cache-Control: no-cache` (the names carry no hash, so the browser revalidates: 304 when If-None-Match names
// the ETag); anything else is a 404 problem.
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"

namespace keel::http {

class StaticFiles {
public:
    Task<Response> index(const Request& request, RequestContext& ctx);
    Task<Response> asset(const Request& request, RequestContext& ctx, const PathParams& params);
};

}  // namespace keel::http
