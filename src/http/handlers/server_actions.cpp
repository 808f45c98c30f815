#include "http/handlers/server_actions.hpp"

#include <charconv>

#include <boost/json/value.hpp>

#include "core/log.hpp"
#include "db/operations/operation_repository.hpp"
#include "db/servers/server_repository.hpp"
#include "http/codecs/operation_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

namespace {

std::optional<UserId> scope_of(const RequestContext& ctx) {
    if (ctx.caller->is_admin()) {
        return std::nullopt;
    }
    return ctx.caller->user_id;
}

}  // namespace

Task<Response> ServerActions::act(const Request& request, RequestContext& ctx, const PathParams& params,
                                  std::optional<ActionType> fixed) {
    const auto id = params.get("id");
    if (!is_uuid(id)) {
        co_return error_response(ctx, Error{ErrorCode::kNotFound, "not a server id"});
    }
    auto action = fixed;
    if (!action) {
        auto body = parse_json_object(request.body());
        if (!body) {
            co_return error_response(ctx, body.error());
        }
        auto decoded = decode_action(*body);
        if (!decoded) {
            co_return validation_problem(ctx, decoded.error());
        }
        action = *decoded;
    }
    ServerId server_id{std::string(id)};
    auto server = co_await servers_.find(server_id, scope_of(ctx));
    if (!server) {
        co_return error_response(ctx, server.error());
    }
    std::optional<PowerState> power;
    if (server->power_state) {
        power = parse_power_state(*server->power_state);
    }
    auto planned = plan_action(ctx.caller->role, server->status, power, *action);  // 403, then 409
    if (!planned) {
        co_return error_response(ctx, planned.error());
    }
    if (!ctx.caller->is_admin()) {
        auto capped = co_await operations_.check_in_flight_cap(server->owner_id, max_queued_per_client_);
        if (!capped) {
            co_return error_response(ctx, capped.error());  // 429 naming the limit
        }
    }
    db::ActionRequest queued_request{server_id,           std::string(planned->job_kind),
                                     server->status,      planned->status_now,
                                     ctx.caller->user_id, ctx.request_id};
    auto queued = co_await operations_.enqueue(std::move(queued_request));
    if (!queued) {
        co_return error_response(ctx, queued.error());
    }
    log::info("server.action.queued", {{"request_id", ctx.request_id},
                                       {"server_id", server->id.value},
                                       {"action", to_string(*action)},
                                       {"operation_id", queued->id.value}});
    auto response = json_response(ctx, Status::accepted, encode_operation(*queued, ctx.caller->viewer()));
    response.set(bhttp::field::location, "/operations/" + std::to_string(queued->id.value));
    co_return response;
}

Task<Response> ServerActions::operation(const Request&, RequestContext& ctx, const PathParams& params) {
    const auto text = params.get("id");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        co_return error_response(ctx, Error{ErrorCode::kNotFound, "not an operation id"});
    }
    auto operation = co_await operations_.find(JobId{id}, scope_of(ctx));
    if (!operation) {
        co_return error_response(ctx, operation.error());
    }
    co_return json_response(ctx, Status::ok, encode_operation(*operation, ctx.caller->viewer()));
}

Task<Response> ServerActions::events(const Request&, RequestContext& ctx, const PathParams& params) {
    const auto id = params.get("id");
    if (!is_uuid(id)) {
        co_return error_response(ctx, Error{ErrorCode::kNotFound, "not a server id"});
    }
    ServerId server_id{std::string(id)};
    auto server = co_await servers_.find(server_id, scope_of(ctx));  // 404 for another tenant's server
    if (!server) {
        co_return error_response(ctx, server.error());
    }
    auto events = co_await operations_.events(std::move(server_id));
    if (!events) {
        co_return error_response(ctx, events.error());
    }
    co_return json_response(ctx, Status::ok,
                            boost::json::object{{"items", encode_events(*events, ctx.caller->viewer())}});
}

}  // namespace keel::http
