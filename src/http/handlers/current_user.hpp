#pragma once
// GET /users/me — the caller's profile.
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::db {
class UserRepository;
}

namespace keel::http {

class CurrentUser {
public:
    explicit CurrentUser(db::UserRepository& users) : users_(users) {}
    Task<Response> handle(const Request& request, RequestContext& ctx);

private:
    db::UserRepository& users_;
};

}  // namespace keel::http
