#include "http/handlers/admin_users.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "db/users/user_repository.hpp"
#include "http/codecs/json_fields.hpp"
#include "http/codecs/list_query.hpp"
#include "http/codecs/user_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

Task<Response> AdminUsers::list(const Request& request, RequestContext& ctx) {
    auto query = decode_user_list_query(std::string_view(request.target().data(), request.target().size()));
    if (!query) {
        co_return validation_problem(ctx, query.error());
    }
    // One row more than asked says whether another page follows.
    auto users = co_await users_.page(query->after_id, query->limit + 1);
    if (!users) {
        co_return error_response(ctx, users.error());
    }
    const bool more = users->size() > static_cast<std::size_t>(query->limit);
    if (more) {
        users->pop_back();
    }
    boost::json::array items;
    for (const auto& user : *users) {
        items.push_back(encode_user(user));
    }
    boost::json::object body{{"items", std::move(items)}, {"next_cursor", nullptr}};
    if (more && !users->empty()) {
        body["next_cursor"] = std::to_string(users->back().id.value);
    }
    co_return json_response(ctx, Status::ok, body);
}

}  // namespace keel::http
