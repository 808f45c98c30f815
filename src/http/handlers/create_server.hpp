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
    explicit CreateServer(db::ServerRepository& servers) : servers_(servers) {}
    Task<Response> handle(const Request& request, RequestContext& ctx);

private:
    db::ServerRepository& servers_;
};

}  // namespace keel::http
