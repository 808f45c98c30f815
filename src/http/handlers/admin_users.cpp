#include "http/handlers/admin_users.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/text.hpp"
#include "db/users/user_repository.hpp"
#include "http/codecs/json_fields.hpp"
#include "http/codecs/user_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 100;

struct UserListQuery {
    int limit = kDefaultLimit;
    std::int64_t after_id = 0;
};

// The cursor is the last id of the page before, in decimal: users are never renumbered, so pages stay stable.
Decoded<UserListQuery> decode_user_list_query(std::string_view target) {
    UserListQuery query;
    std::vector<FieldError> errors;
    auto url = boost::urls::parse_origin_form(target);
    if (!url) {
        return std::unexpected(std::vector<FieldError>{{"query", "is not a valid query string"}});
    }
    for (const auto& param : url->params()) {
        const std::string_view key = param.key;
        const std::string_view value = param.value;
        if (key == "limit") {
            const auto limit = parse_whole_number<int>(value);
            if (!limit || *limit < 1 || *limit > kMaxLimit) {
                errors.push_back({"limit", "must be a whole number from 1 to 100"});
            } else {
                query.limit = *limit;
            }
        } else if (key == "cursor") {
            const auto after = parse_whole_number<std::int64_t>(value);
            if (!after || *after < 1) {
                errors.push_back({"cursor", "is not a cursor this API returned"});
            } else {
                query.after_id = *after;
            }
        } else {
            errors.push_back({std::string(key), "is not a known query parameter"});
        }
    }
    if (!errors.empty()) {
        return std::unexpected(std::move(errors));
    }
    return query;
}

}  // namespace

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
