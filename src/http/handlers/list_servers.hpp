#pragma once
// GET /servers — newest first, cursor-paged; a client sees its own, an admin everyone's (or one owner's).
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::db {
class ServerRepository;
}

namespace keel::http {

class ListServers {
public:
    explicit ListServers(db::ServerRepository& servers) : servers_(servers) {}
    Task<Response> handle(const Request& request, RequestContext& ctx);

private:
    db::ServerRepository& servers_;
};

}  // namespace keel::http
