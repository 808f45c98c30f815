#include "http/handlers/list_servers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "db/servers/server_repository.hpp"
#include "http/codecs/list_query.hpp"
#include "http/codecs/server_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

Task<Response> ListServers::handle(const Request& request, RequestContext& ctx) {
    auto query = decode_server_list_query(std::string_view(request.target().data(), request.target().size()));
    if (!query) {
        co_return validation_problem(ctx, query.error());
    }
    if (query->owner_id && !ctx.caller->is_admin() && query->owner_id != ctx.caller->user_id) {
        co_return error_response(ctx, Error{ErrorCode::kForbidden, "only admins may list other owners' servers"});
    }
    db::ServerPageQuery page_query{
        .owner = ctx.caller->is_admin() ? query->owner_id : std::optional<UserId>(ctx.caller->user_id),
        .status = query->status,
        .after_created_at = query->after_created_at,
        .after_id = query->after_id,
        .limit = query->limit,
    };
    auto page = co_await servers_.list(std::move(page_query));
    if (!page) {
        co_return error_response(ctx, page.error());
    }
    const auto viewer = ctx.caller->viewer();
    boost::json::array items;
    for (const auto& server : page->servers) {
        items.push_back(encode_server(server, viewer));
    }
    boost::json::object body{{"items", std::move(items)}, {"next_cursor", nullptr}};
    if (page->next_created_at && page->next_id) {
        body["next_cursor"] = encode_cursor(*page->next_created_at, *page->next_id);
    }
    co_return json_response(ctx, Status::ok, body);
}

}  // namespace keel::http
