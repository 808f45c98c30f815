#pragma once
// GET /admin/users — every account, by id, in keyset pages (the web console's users list; issue #13).
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::db {
class UserRepository;
}

namespace keel::http {

class AdminUsers {
public:
    explicit AdminUsers(db::UserRepository& users) : users_(users) {}
    // ?limit= (1–100, default 50) &cursor= (the next_cursor of the page before) → {"items":[user…],"next_cursor"}
    Task<Response> list(const Request& request, RequestContext& ctx);

private:
    db::UserRepository& users_;
};

}  // namespace keel::http
