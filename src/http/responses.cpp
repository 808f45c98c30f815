#include "http/responses.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/log.hpp"
#include "http/error_mapping.hpp"

namespace keel::http {

namespace json = boost::json;

namespace {

Response make(Status status, std::string_view content_type, std::string body) {
    Response response{status, 11};
    response.set(bhttp::field::content_type, content_type);
    response.body() = std::move(body);
    return response;
}

json::object problem_body(const RequestContext& ctx, Status status, std::string_view slug, std::string_view detail) {
    json::object body;
    body["type"] = "urn:keel:problem:" + std::string(slug);
    body["title"] = std::string(bhttp::obsolete_reason(status));
    body["status"] = static_cast<int>(status);
    if (!detail.empty()) {
        body["detail"] = detail;
    }
    body["instance"] = ctx.path;
    body["request_id"] = ctx.request_id;
    return body;
}

Response problem(Status status, const json::object& body) {
    auto response = make(status, "application/problem+json", json::serialize(body));
    if (status == Status::unauthorized) {
        response.set(bhttp::field::www_authenticate, R"(Bearer realm="keel")");
    }
    if (status == Status::service_unavailable || status == Status::too_many_requests) {
        response.set(bhttp::field::retry_after, "1");
    }
    return response;
}

}  // namespace

Response json_response(const RequestContext&, Status status, const json::value& body) {
    return make(status, "application/json", json::serialize(body));
}

Response problem_response(const RequestContext& ctx, Status status, std::string_view slug, std::string_view detail) {
    return problem(status, problem_body(ctx, status, slug, detail));
}

Response error_response(const RequestContext& ctx, const Error& error) {
    const auto kind = problem_kind(error.code);
    const bool server_side = static_cast<int>(kind.status) >= 500;
    // Every 5xx, and every answer that hides a dependency's own text, leaves its cause in the log (issue #9).
    if (server_side || error.private_detail) {
        log::write(server_side ? log::Level::kError : log::Level::kInfo, "http.error",
                   {{"request_id", ctx.request_id},
                    {"path", ctx.path},
                    {"status", static_cast<std::int64_t>(kind.status)},
                    {"reason", error.detail}});
    }
    std::string detail;
    if (kind.expose_detail && !error.private_detail) {
        detail = error.detail;
    } else if (kind.status == Status::not_found) {
        detail = "no such resource";
    } else if (kind.status == Status::unauthorized) {
        detail = "a valid bearer token is required";
    } else if (kind.status == Status::service_unavailable) {
        detail = "a dependency is unavailable; retry shortly";
    } else if (kind.status == Status::conflict) {
        detail = "the request conflicts with the current state; read it again";
    } else if (kind.status == Status::unprocessable_entity || kind.status == Status::bad_request) {
        detail = "the request has a value the server cannot accept";
    } else {
        detail = "see the server log for request " + ctx.request_id;
    }
    return problem(kind.status, problem_body(ctx, kind.status, kind.slug, detail));
}

Response validation_problem(const RequestContext& ctx, const std::vector<FieldError>& errors) {
    auto body = problem_body(ctx, Status::unprocessable_entity, "validation-failed", "the request has invalid fields");
    json::array list;
    for (const auto& error : errors) {
        list.push_back(json::object{{"field", error.field}, {"message", error.message}});
    }
    body["errors"] = std::move(list);
    return problem(Status::unprocessable_entity, body);
}

}  // namespace keel::http
