#pragma once
// GET /servers/{id} — a client sees only its own servers (others' are 404); an admin sees all.
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"

namespace keel::db {
class ServerRepository;
}

namespace keel::http {

class GetServer {
public:
    explicit GetServer(db::ServerRepository& servers) : servers_(servers) {}
    Task<Response> handle(const Request& request, RequestContext& ctx, const PathParams& params);

private:
    db::ServerRepository& servers_;
};

}  // namespace keel::http
