#pragma once
// POST /login — email + password → a bearer token. Unknown email and wrong password answer the same 401 in
// about the same time. A WHMCS bcrypt hash is verified once, then replaced by argon2id.
#include <boost/asio/thread_pool.hpp>

#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::auth {
class PasswordHasher;
class TokenService;
}  // namespace keel::auth
namespace keel::db {
class UserRepository;
}

namespace keel::http {

class Login {
public:
    Login(db::UserRepository& users, const auth::PasswordHasher& hasher, const auth::TokenService& tokens,
          boost::asio::thread_pool& hashing)
        : users_(users), hasher_(hasher), tokens_(tokens), hashing_(hashing) {}
    Task<Response> handle(const Request& request, RequestContext& ctx);

private:
    db::UserRepository& users_;
    const auth::PasswordHasher& hasher_;
    const auth::TokenService& tokens_;
    boost::asio::thread_pool& hashing_;  // argon2id is CPU- and memory-heavy: keep it off the I/O threads
};

}  // namespace keel::http
