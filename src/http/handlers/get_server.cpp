#include "http/handlers/get_server.hpp"

#include <boost/json/value.hpp>

#include "db/servers/server_repository.hpp"
#include "http/codecs/server_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

Task<Response> GetServer::handle(const Request&, RequestContext& ctx, const PathParams& params) {
    const auto id = params.get("id");
    if (!is_uuid(id)) {
        co_return error_response(ctx, Error{ErrorCode::kNotFound, "not a server id"});
    }
    std::optional<UserId> visible_to;
    if (!ctx.caller->is_admin()) {
        visible_to = ctx.caller->user_id;
    }
    // Built before the co_await: g++ 12 destroys brace-initialised temporaries inside a co_await twice.
    ServerId server_id{std::string(id)};
    auto server = co_await servers_.find(std::move(server_id), visible_to);
    if (!server) {
        co_return error_response(ctx, server.error());
    }
    co_return json_response(ctx, Status::ok, encode_server(*server, ctx.caller->viewer()));
}

}  // namespace keel::http
