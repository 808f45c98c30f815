#pragma once
// POST /servers — validate, insert the server and its provisioning job together, answer 202 at once.
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::db {
class ServerRepository;
}

namespace keel::http {

class CreateServer {
public:
    // `max_servers_per_client`: servers a client (not an admin) may hold that are not terminated.
    CreateServer(db::ServerRepository& servers, std::int64_t max_servers_per_client)
        : servers_(servers), max_servers_per_client_(max_servers_per_client) {}
    Task<Response> handle(const Request& request, RequestContext& ctx);

private:
    db::ServerRepository& servers_;
    std::int64_t max_servers_per_client_;
};

}  // namespace keel::http
