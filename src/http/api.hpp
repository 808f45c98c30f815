#pragma once
// The REST API: routes, bearer authentication, request ids and the access log around every handler.
#include <memory>

#include "core/task.hpp"
#include "http/message.hpp"

namespace boost::asio {
class thread_pool;
}
namespace keel::auth {
class PasswordHasher;
class TokenService;
}  // namespace keel::auth
namespace keel::db {
class Pool;
}

namespace keel::http {

struct ApiDependencies {
    db::Pool& pool;
    const auth::PasswordHasher& hasher;
    const auth::TokenService& tokens;
    boost::asio::thread_pool& hashing;
};

class Api {
public:
    explicit Api(ApiDependencies dependencies);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    // Never throws: a handler's exception becomes a logged 500.
    Task<Response> handle(Request request);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace keel::http
