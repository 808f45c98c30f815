#pragma once
// The REST API: routes, bearer authentication, request ids and the access log around every handler.
#include <chrono>
#include <memory>
#include <string>

#include "core/task.hpp"
#include "db/login_throttle/login_throttle_repository.hpp"
#include "http/message.hpp"

namespace keel::auth {
class PasswordHasher;
class TokenService;
}  // namespace keel::auth
namespace keel::db {
class Pool;
}

namespace keel::http {

class HashingPool;

struct ApiDependencies {
    db::Pool& pool;
    const auth::PasswordHasher& hasher;
    const auth::TokenService& tokens;
    HashingPool& hashing;
    db::LoginThrottlePolicy login_throttle;
    // How stale an account's session state may be when a token is checked: a disable or a role change takes
    // effect within this.
    std::chrono::milliseconds session_cache_ttl{2000};
};

class Api {
public:
    explicit Api(ApiDependencies dependencies);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    // Never throws: a handler's exception becomes a logged 500.
    Task<Response> handle(Request request, std::string client_address);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace keel::http
