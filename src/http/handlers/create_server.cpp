#include "http/handlers/create_server.hpp"

#include <boost/json/value.hpp>

#include "core/catalog.hpp"
#include "core/log.hpp"
#include "db/servers/server_repository.hpp"
#include "http/catalog_cache.hpp"
#include "http/codecs/server_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

Task<Response> CreateServer::handle(const Request& request, RequestContext& ctx) {
    auto body = parse_json_object(request.body());
    if (!body) {
        co_return error_response(ctx, body.error());
    }
    auto spec = decode_server_spec(*body);
    if (!spec) {
        co_return validation_problem(ctx, spec.error());
    }
    if (auto errors = validate_server_spec(*spec); !errors.empty()) {
        co_return validation_problem(ctx, errors);
    }
    auto catalog = co_await catalog_.current(std::chrono::steady_clock::now());
    if (!catalog) {
        co_return error_response(ctx, catalog.error());
    }
    if (auto errors = check_against_catalog(*spec, **catalog); !errors.empty()) {
        co_return validation_problem(ctx, errors);
    }
    // Admins are not capped; 0 (or less) switches the cap off.
    const bool capped = !ctx.caller->is_admin() && max_servers_per_client_ > 0;
    const auto cap = capped ? std::optional(max_servers_per_client_) : std::nullopt;
    auto server = co_await servers_.create_with_job(ctx.caller->user_id, *spec, ctx.request_id, cap);
    if (!server) {
        co_return error_response(ctx, server.error());
    }
    log::info("server.create.queued", {{"request_id", ctx.request_id}, {"server_id", server->id.value}});
    auto response = json_response(ctx, Status::accepted, encode_server(*server, ctx.caller->viewer()));
    response.set(bhttp::field::location, "/servers/" + server->id.value);
    co_return response;
}

}  // namespace keel::http
