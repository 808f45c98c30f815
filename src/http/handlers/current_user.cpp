#include "http/handlers/current_user.hpp"

#include <boost/json/value.hpp>

#include "db/users/user_repository.hpp"
#include "http/codecs/user_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

Task<Response> CurrentUser::handle(const Request&, RequestContext& ctx) {
    auto user = co_await users_.find(ctx.caller->user_id);
    if (!user) {
        co_return error_response(ctx, user.error());
    }
    if (user->disabled) {
        // The token outlived the account: treat it as no longer valid.
        co_return error_response(ctx, Error{ErrorCode::kUnauthenticated, "account disabled"});
    }
    co_return json_response(ctx, Status::ok, encode_user(*user));
}

}  // namespace keel::http
