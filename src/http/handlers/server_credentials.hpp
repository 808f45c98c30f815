#pragma once
// POST /servers/{id}/credentials:reveal (issue #11): a server's stored credentials (WHMCS's root password,
// password-type custom fields) in clear. The owner reads each once (then 410: change the password on the
// server); admins whenever needed. Every reveal is an event on the server's timeline. Another client's server
// is 404, as everywhere. The router marks the route as answering secrets: no cache, no Idempotency-Key replay.
#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"
#include "http/router.hpp"

namespace keel::auth {
class SecretKeyRing;
}
namespace keel::db {
class ServerCredentialRepository;
}

namespace keel::http {

class ServerCredentials {
public:
    ServerCredentials(db::ServerCredentialRepository& credentials, const auth::SecretKeyRing& secrets)
        : credentials_(credentials), secrets_(secrets) {}

    Task<Response> reveal(const Request& request, RequestContext& ctx, const PathParams& params);

private:
    db::ServerCredentialRepository& credentials_;
    const auth::SecretKeyRing& secrets_;
};

}  // namespace keel::http
