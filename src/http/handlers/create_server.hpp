#pragma once
// POST /servers — validate (the datacenter and os_image against the catalogue), insert the server and its provisioning
// job together, answer 202 at once.
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::db {
class ServerRepository;
}

namespace keel::http {

class CatalogCache;

class CreateServer {
public:
    // `max_servers_per_client`: servers a client (not an admin) may hold that are not terminated.
    // `catalog`: the datacenters and images on offer (#10), checked without a query of its own.
    CreateServer(db::ServerRepository& servers, CatalogCache& catalog, std::int64_t max_servers_per_client)
        : servers_(servers), catalog_(catalog), max_servers_per_client_(max_servers_per_client) {}
    Task<Response> handle(const Request& request, RequestContext& ctx);

private:
    db::ServerRepository& servers_;
    CatalogCache& catalog_;
    std::int64_t max_servers_per_client_;
};

}  // namespace keel::http
