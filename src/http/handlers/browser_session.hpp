#pragma once
// The web console's session (issue #13), next to the unchanged bearer API:
//   POST /session    {"email","password"}: the checks of POST /login (http/handlers/login.hpp) → 201
//                    {"csrf_token","expires_at","user"} + Set-Cookie keel_session (http/session_cookie.hpp)
//   GET /session     the session the cookie holds (dispatch verified it, no CSRF header: this is how a reloaded
//                    page gets its CSRF token back) → 200, same body; 401 without a valid cookie
//   DELETE /session  204, the cookie cleared; public, so an expired session can still log out
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::auth {
class TokenService;
}
namespace keel::db {
class UserRepository;
}

namespace keel::http {

class Login;

class BrowserSession {
public:
    BrowserSession(Login& login, db::UserRepository& users, const auth::TokenService& tokens)
        : login_(login), users_(users), tokens_(tokens) {}

    Task<Response> create(const Request& request, RequestContext& ctx);
    Task<Response> current(const Request& request, RequestContext& ctx);
    Task<Response> end(const Request& request, RequestContext& ctx);

private:
    Login& login_;
    db::UserRepository& users_;
    const auth::TokenService& tokens_;
};

}  // namespace keel::http
