#pragma once
// POST /servers/{id}/actions and DELETE /servers/{id} (terminate): check who may ask (403), then the state
// machine (409), queue the operation, answer 202 pointing at it. GET /operations/{id} and GET /servers/{id}/events
// read them back, as the caller may see them.
#include <optional>

#include "core/server_action.hpp"
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"

namespace keel::db {
class OperationRepository;
class ServerRepository;
}  // namespace keel::db

namespace keel::http {

class ServerActions {
public:
    // `max_queued_per_client`: operations queued or running on one client's servers; admins are not capped.
    ServerActions(db::ServerRepository& servers, db::OperationRepository& operations,
                  std::int64_t max_queued_per_client)
        : servers_(servers), operations_(operations), max_queued_per_client_(max_queued_per_client) {}

    // `fixed`: the action implied by the route (DELETE → terminate); otherwise read from the body.
    Task<Response> act(const Request& request, RequestContext& ctx, const PathParams& params,
                       std::optional<ActionType> fixed);
    Task<Response> operation(const Request& request, RequestContext& ctx, const PathParams& params);
    Task<Response> events(const Request& request, RequestContext& ctx, const PathParams& params);

private:
    db::ServerRepository& servers_;
    db::OperationRepository& operations_;
    std::int64_t max_queued_per_client_;
};

}  // namespace keel::http
