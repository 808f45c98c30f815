#pragma once
// The REST API: routes, bearer authentication, request ids and the access log around every handler.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/task.hpp"
#include "db/login_throttle/login_throttle_repository.hpp"
#include "http/client_address.hpp"
#include "http/event_stream.hpp"
#include "http/handlers/server_event_stream.hpp"
#include "http/message.hpp"

namespace keel::auth {
class PasswordHasher;
class SecretKeyRing;
class TokenService;
}  // namespace keel::auth
namespace keel::db {
class JobAnnouncer;
class Pool;
}  // namespace keel::db
namespace keel::metrics {
class Registry;
}

namespace keel::http {

class HashingPool;
class Readiness;
// Per-client caps (issue #9): a client that hits one is told which, with 422 or 429.
struct ApiLimits {
    TrustedProxies trusted_proxies;                      // whose X-Forwarded-For is believed
    std::int64_t max_servers_per_client = 100;           // servers not yet terminated; admins are not capped
    std::int64_t max_queued_operations_per_client = 20;  // operations queued or running on a client's servers
    std::int64_t max_idempotency_keys_per_user = 1000;   // live (under 24 h) Idempotency-Keys
};

struct ApiDependencies {
    db::Pool& pool;
    db::JobAnnouncer& job_announcer;  // told of every job a request queues
    const auth::PasswordHasher& hasher;
    const auth::TokenService& tokens;
    HashingPool& hashing;
    const auth::SecretKeyRing& secrets;  // seals the clusters' token secrets, opens servers' credentials
    db::LoginThrottlePolicy login_throttle;
    // How stale an account's session state may be when a token is checked: a disable or a role change takes
    // effect within this.
    std::chrono::milliseconds session_cache_ttl{2000};
    ApiLimits limits{};
    // How stale the catalogue POST /servers checks against may be after a change made outside this process.
    std::chrono::milliseconds catalog_cache_ttl{5000};
    // Where request counts and latencies go (null: not measured), and what /readyz asks (null: ready whenever
    // the process answers). Both must outlive the Api.
    metrics::Registry* metrics = nullptr;
    Readiness* readiness = nullptr;
    EventStreamLimits event_streams{};  // GET /servers/{id}/events/stream
};

class Api {
public:
    explicit Api(ApiDependencies dependencies);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    // Never throws: a handler's exception becomes a logged 500. `peer`: the socket's remote address. The reply
    // carries a stream body for GET /servers/{id}/events/stream.
    Task<Reply> handle(Request request, std::string peer);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace keel::http
