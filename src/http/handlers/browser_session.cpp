#include "http/handlers/browser_session.hpp"

#include <ctime>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "auth/token_service.hpp"
#include "db/users/user_repository.hpp"
#include "http/codecs/user_codec.hpp"
#include "http/handlers/login.hpp"
#include "http/responses.hpp"
#include "http/session_cookie.hpp"

namespace keel::http {

namespace {

std::string rfc3339(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

boost::json::object session_body(const std::string& csrf_token, std::chrono::system_clock::time_point expires_at,
                                 const db::User& user) {
    return boost::json::object{
        {"csrf_token", csrf_token}, {"expires_at", rfc3339(expires_at)}, {"user", encode_user(user)}};
}

}  // namespace

Task<Response> BrowserSession::create(const Request& request, RequestContext& ctx) {
    auto granted = co_await login_.authenticate(request, ctx);
    if (!granted) {
        co_return std::move(granted.error());
    }
    const auto now = std::chrono::system_clock::now();
    const auto csrf = tokens_.csrf_token(granted->token.token, now);
    if (!csrf) {
        co_return error_response(ctx, Error{ErrorCode::kInternal, "a token just issued has no CSRF token"});
    }
    auto response =
        json_response(ctx, Status::created, session_body(*csrf, now + granted->token.expires_in, granted->account));
    response.set(bhttp::field::set_cookie,
                 session_cookie_header(granted->token.token, granted->token.expires_in, ctx.over_tls));
    co_return response;
}

Task<Response> BrowserSession::current(const Request& request, RequestContext& ctx) {
    const auto token = session_cookie(request);
    const auto now = std::chrono::system_clock::now();
    // Verified by dispatch a moment ago (Access::kSessionCookie); read again for its expiry.
    auto principal = tokens_.verify(token, now);
    const auto csrf = tokens_.csrf_token(token, now);
    if (!principal || !csrf) {
        co_return error_response(ctx, Error{ErrorCode::kUnauthenticated, "no valid session cookie"});
    }
    auto user = co_await users_.find(ctx.caller->user_id);
    if (!user) {
        co_return error_response(ctx, user.error());
    }
    co_return json_response(ctx, Status::ok, session_body(*csrf, principal->expires_at, *user));
}

Task<Response> BrowserSession::end(const Request&, RequestContext& ctx) {
    Response response{Status::no_content, 11};
    response.set(bhttp::field::set_cookie, cleared_session_cookie_header(ctx.over_tls));
    co_return response;
}

}  // namespace keel::http
