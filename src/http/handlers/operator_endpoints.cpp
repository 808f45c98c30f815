#include "http/handlers/operator_endpoints.hpp"

#include <boost/json/object.hpp>

#include "http/readiness.hpp"
#include "http/responses.hpp"

namespace keel::http {

namespace {

// Probes must see the state now, never a cached one.
Response uncached(Response response) {
    response.set(bhttp::field::cache_control, "no-store");
    return response;
}

}  // namespace

Task<Response> OperatorEndpoints::healthz(const Request&, RequestContext& ctx) {
    co_return uncached(json_response(ctx, Status::ok, boost::json::object{{"status", "ok"}}));
}

Task<Response> OperatorEndpoints::readyz(const Request&, RequestContext& ctx) {
    ReadinessReport report{true, {}};
    if (readiness_ != nullptr) {
        report = co_await readiness_->check();
    }
    if (!report.ready) {
        auto response = problem_response(ctx, Status::service_unavailable, "not-ready", report.reason);
        response.set(bhttp::field::retry_after, "1");
        co_return uncached(std::move(response));
    }
    co_return uncached(json_response(ctx, Status::ok, boost::json::object{{"status", "ready"}}));
}

Task<Response> OperatorEndpoints::openapi(const Request&, RequestContext&) {
    Response response{Status::ok, 11};
    response.set(bhttp::field::content_type, "application/json");
    response.body() = std::string(embedded_openapi_document());
    co_return response;
}

}  // namespace keel::http
