#include "http/api.hpp"

#include <atomic>
#include <cstdio>
#include <random>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/string.hpp>

#include "auth/token_service.hpp"
#include "core/log.hpp"
#include "core/sha256.hpp"
#include "db/clusters/cluster_repository.hpp"
#include "db/credentials/server_credential_repository.hpp"
#include "db/idempotency/idempotency_repository.hpp"
#include "db/login_throttle/login_throttle_repository.hpp"
#include "db/operations/operation_repository.hpp"
#include "db/servers/server_repository.hpp"
#include "db/users/user_repository.hpp"
#include "http/catalog_cache.hpp"
#include "http/handlers/admin_clusters.hpp"
#include "http/handlers/admin_users.hpp"
#include "http/handlers/browser_session.hpp"
#include "http/handlers/create_server.hpp"
#include "http/handlers/current_user.hpp"
#include "http/handlers/get_server.hpp"
#include "http/handlers/list_servers.hpp"
#include "http/handlers/login.hpp"
#include "http/handlers/operator_endpoints.hpp"
#include "http/handlers/server_actions.hpp"
#include "http/handlers/server_credentials.hpp"
#include "http/handlers/server_event_stream.hpp"
#include "http/handlers/static_files.hpp"
#include "http/http_metrics.hpp"
#include "http/responses.hpp"
#include "http/router.hpp"
#include "http/session_cache.hpp"
#include "http/session_cookie.hpp"

namespace keel::http {

namespace {

// Incoming ids are echoed only when they are short and printable, so they cannot forge log lines.
bool acceptable_request_id(std::string_view id) {
    if (id.empty() || id.size() > 128) {
        return false;
    }
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == ':';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string_view bearer_token(const Request& request) {
    const auto header = request[bhttp::field::authorization];
    constexpr std::string_view kScheme = "bearer ";
    if (header.size() <= kScheme.size()) {
        return {};
    }
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) {
            return {};
        }
    }
    auto token = header.substr(kScheme.size());
    while (!token.empty() && token.front() == ' ') {
        token.remove_prefix(1);
    }
    return {token.data(), token.size()};
}

bool has_body(bhttp::verb method) {
    return method == bhttp::verb::post || method == bhttp::verb::put || method == bhttp::verb::patch;
}

bool is_json_content(const Request& request) {
    const auto type = request[bhttp::field::content_type];
    if (type.empty()) {
        return true;  // curl -d without -H: accept, the body still has to parse as JSON
    }
    const auto essence = type.substr(0, type.find(';'));
    return essence == "application/json" || essence.ends_with("+json");
}

}  // namespace

struct Api::Impl {
    const auth::TokenService& tokens;
    ApiLimits limits;
    db::UserRepository users;
    db::ServerRepository servers;
    db::OperationRepository operations;
    db::IdempotencyRepository idempotency;
    db::LoginThrottleRepository login_throttle;
    db::ClusterRepository clusters;
    db::ServerCredentialRepository credentials;
    SessionCache sessions;
    CatalogCache catalog;
    Login login;
    BrowserSession browser_session;
    CurrentUser current_user;
    CreateServer create_server;
    GetServer get_server;
    ListServers list_servers;
    ServerActions actions;
    ServerCredentials server_credentials;
    ServerEventStream event_stream;
    AdminClusters admin_clusters;
    AdminUsers admin_users;
    GetCatalog get_catalog;
    OperatorEndpoints operator_endpoints;
    StaticFiles static_files;
    Router router;
    std::optional<HttpMetrics> http_metrics;  // laid out after every route is added
    std::string id_prefix;
    std::atomic<std::uint64_t> next_id{0};

    explicit Impl(ApiDependencies deps)
        : tokens(deps.tokens),
          limits(deps.limits),
          users(deps.pool),
          servers(deps.pool, &deps.job_announcer),
          operations(deps.pool, deps.job_announcer),
          idempotency(deps.pool),
          login_throttle(deps.pool, deps.login_throttle),
          clusters(deps.pool),
          credentials(deps.pool),
          sessions(users, deps.session_cache_ttl),
          catalog(clusters, deps.catalog_cache_ttl),
          login(users, login_throttle, deps.hasher, deps.tokens, deps.hashing),
          browser_session(login, users, deps.tokens),
          current_user(users),
          create_server(servers, catalog, limits.max_servers_per_client),
          get_server(servers),
          list_servers(servers),
          actions(servers, operations, limits.max_queued_operations_per_client),
          server_credentials(credentials, deps.secrets),
          event_stream(servers, sessions, deps.event_streams),
          admin_clusters(clusters, deps.secrets, catalog),
          admin_users(users),
          get_catalog(catalog),
          operator_endpoints(deps.readiness) {
        std::random_device entropy;
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%08x", entropy());
        id_prefix = prefix;
        using V = bhttp::verb;
        router.add(V::post, "/login", Access::kPublic,
                   [this](const Request& r, RequestContext& c, const PathParams&) { return login.handle(r, c); });
        router.add(
            V::get, "/users/me", Access::kAuthenticated,
            [this](const Request& r, RequestContext& c, const PathParams&) { return current_user.handle(r, c); });
        router.add(
            V::post, "/servers", Access::kAuthenticated,
            [this](const Request& r, RequestContext& c, const PathParams&) { return create_server.handle(r, c); });
        router.add(
            V::get, "/servers", Access::kAuthenticated,
            [this](const Request& r, RequestContext& c, const PathParams&) { return list_servers.handle(r, c); });
        router.add(
            V::get, "/servers/{id}", Access::kAuthenticated,
            [this](const Request& r, RequestContext& c, const PathParams& p) { return get_server.handle(r, c, p); });
        router.add(V::delete_, "/servers/{id}", Access::kAuthenticated,
                   [this](const Request& r, RequestContext& c, const PathParams& p) {
                       return actions.act(r, c, p, ActionType::kTerminate);
                   });
        router.add(V::post, "/servers/{id}/actions", Access::kAuthenticated,
                   [this](const Request& r, RequestContext& c, const PathParams& p) {
                       return actions.act(r, c, p, std::nullopt);
                   });
        router.add(
            V::post, "/servers/{id}/credentials:reveal", Access::kAuthenticated,
            [this](const Request& r, RequestContext& c, const PathParams& p) {
                return server_credentials.reveal(r, c, p);
            },
            Answer::kSecrets);
        router.add(
            V::get, "/servers/{id}/events", Access::kAuthenticated,
            [this](const Request& r, RequestContext& c, const PathParams& p) { return actions.events(r, c, p); });
        router.add(
            V::get, "/servers/{id}/events/stream", Access::kAuthenticated,
            [this](const Request& r, RequestContext& c, const PathParams& p) { return event_stream.open(r, c, p); });
        router.add(
            V::get, "/operations/{id}", Access::kAuthenticated,
            [this](const Request& r, RequestContext& c, const PathParams& p) { return actions.operation(r, c, p); });
        router.add(V::get, "/catalog", Access::kAuthenticated,
                   [this](const Request& r, RequestContext& c, const PathParams&) { return get_catalog.handle(r, c); });
        add_admin_routes();
        add_operator_routes();
        add_console_routes();
        if (deps.metrics != nullptr) {
            http_metrics.emplace(*deps.metrics, router.routes());
        }
    }

    void add_operator_routes() {
        using V = bhttp::verb;
        router.add(V::get, "/healthz", Access::kPublic, [this](const Request& r, RequestContext& c, const PathParams&) {
            return operator_endpoints.healthz(r, c);
        });
        router.add(V::get, "/readyz", Access::kPublic, [this](const Request& r, RequestContext& c, const PathParams&) {
            return operator_endpoints.readyz(r, c);
        });
        router.add(V::get, "/openapi.json", Access::kPublic,
                   [this](const Request& r, RequestContext& c, const PathParams&) {
                       return operator_endpoints.openapi(r, c);
                   });
    }

    // The web console (issue #13): its files, public; it calls the API with the session cookie.
    void add_console_routes() {
        using V = bhttp::verb;
        router.add(V::get, "/", Access::kPublic,
                   [this](const Request& r, RequestContext& c, const PathParams&) { return static_files.index(r, c); });
        router.add(
            V::get, "/assets/{file}", Access::kPublic,
            [this](const Request& r, RequestContext& c, const PathParams& p) { return static_files.asset(r, c, p); });
        router.add(
            V::post, "/session", Access::kPublic,
            [this](const Request& r, RequestContext& c, const PathParams&) { return browser_session.create(r, c); });
        router.add(
            V::get, "/session", Access::kSessionCookie,
            [this](const Request& r, RequestContext& c, const PathParams&) { return browser_session.current(r, c); });
        router.add(
            V::delete_, "/session", Access::kPublic,
            [this](const Request& r, RequestContext& c, const PathParams&) { return browser_session.end(r, c); });
    }

    void add_admin_routes() {
        using V = bhttp::verb;
        router.add(
            V::get, "/admin/clusters", Access::kAdmin,
            [this](const Request& r, RequestContext& c, const PathParams&) { return admin_clusters.list(r, c); });
        router.add(V::get, "/admin/users", Access::kAdmin,
                   [this](const Request& r, RequestContext& c, const PathParams&) { return admin_users.list(r, c); });
        router.add(
            V::post, "/admin/clusters", Access::kAdmin,
            [this](const Request& r, RequestContext& c, const PathParams&) { return admin_clusters.create(r, c); });
        router.add(
            V::get, "/admin/clusters/{name}", Access::kAdmin,
            [this](const Request& r, RequestContext& c, const PathParams& p) { return admin_clusters.get(r, c, p); });
        router.add(
            V::patch, "/admin/clusters/{name}", Access::kAdmin,
            [this](const Request& r, RequestContext& c, const PathParams& p) { return admin_clusters.patch(r, c, p); });
        router.add(V::get, "/admin/clusters/{name}/images", Access::kAdmin,
                   [this](const Request& r, RequestContext& c, const PathParams& p) {
                       return admin_clusters.images(r, c, p);
                   });
        router.add(V::put, "/admin/clusters/{name}/images/{os_image}", Access::kAdmin,
                   [this](const Request& r, RequestContext& c, const PathParams& p) {
                       return admin_clusters.put_image(r, c, p);
                   });
    }

    std::string request_id_for(const Request& request) {
        const auto incoming = request["X-Request-Id"];
        if (acceptable_request_id({incoming.data(), incoming.size()})) {
            return std::string(incoming);
        }
        char id[40];
        std::snprintf(id, sizeof id, "%s-%010llx", id_prefix.c_str(),
                      static_cast<unsigned long long>(next_id.fetch_add(1, std::memory_order_relaxed)));
        return id;
    }

    Task<Response> dispatch(const Request& request, RequestContext& ctx) {
        auto match = router.match(request.method(), ctx.path);
        if (match.route == nullptr) {
            if (match.allow.empty()) {
                co_return problem_response(ctx, Status::not_found, "not-found", "no such resource");
            }
            auto response =
                problem_response(ctx, Status::method_not_allowed, "method-not-allowed", "allowed: " + match.allow);
            response.set(bhttp::field::allow, match.allow);
            co_return response;
        }
        ctx.route_index = match.route->index;
        if (match.route->access != Access::kPublic) {
            auto caller = co_await authenticate(request, match.route->access, ctx);
            if (!caller) {
                co_return std::move(caller.error());
            }
            ctx.caller = *caller;
        }
        if (match.route->access == Access::kAdmin && !ctx.caller->is_admin()) {
            co_return error_response(ctx, Error{ErrorCode::kForbidden, "only admins may use this resource"});
        }
        if (has_body(request.method()) && !is_json_content(request)) {
            co_return problem_response(ctx, Status::unsupported_media_type, "unsupported-media-type",
                                       "send the body as application/json");
        }
        switch (match.route->answer) {
            case Answer::kOrdinary: break;
            case Answer::kSecrets: {
                // Never stored for an Idempotency-Key replay (that would put the secrets in the database in
                // clear) and never cached; a retried reveal is simply a new reveal.
                auto response = co_await match.route->handler(request, ctx, match.params);
                response.set(bhttp::field::cache_control, "no-store");
                co_return response;
            }
        }
        const auto key = request["Idempotency-Key"];
        if (request.method() == bhttp::verb::post && ctx.caller && !key.empty()) {
            co_return co_await idempotent(request, ctx, match, std::string(key));
        }
        co_return co_await match.route->handler(request, ctx, match.params);
    }

    // Who is calling: the bearer token's account, or — without one — the session cookie's, which must come with
    // its CSRF token (a page of another site can make the browser send the cookie, never the header). Refused:
    // the answer to send.
    Task<std::expected<Caller, Response>> authenticate(const Request& request, Access access, RequestContext& ctx) {
        const auto now = std::chrono::system_clock::now();
        const auto bearer = bearer_token(request);
        const bool by_cookie = access == Access::kSessionCookie || bearer.empty();
        const auto token = by_cookie ? session_cookie(request) : bearer;
        auto principal = tokens.verify(token, now);
        if (!principal) {
            log::info("auth.token.rejected",
                      {{"request_id", ctx.request_id}, {"reason", principal.error().detail}, {"cookie", by_cookie}});
            co_return std::unexpected(error_response(ctx, principal.error()));
        }
        if (by_cookie && access != Access::kSessionCookie) {
            const auto presented = request[kCsrfHeader];
            if (!tokens.csrf_token_matches(token, {presented.data(), presented.size()}, now)) {
                log::info("auth.csrf.rejected",
                          {{"request_id", ctx.request_id}, {"user_id", principal->user_id.value}});
                co_return std::unexpected(problem_response(
                    ctx, Status::forbidden, "csrf",
                    "a request with the session cookie needs the session's CSRF token in X-CSRF-Token"));
            }
        }
        auto caller = co_await current_session(*principal, ctx);
        if (!caller) {
            co_return std::unexpected(error_response(ctx, caller.error()));
        }
        ctx.credential_expires_at = principal->expires_at;
        ctx.session_version = principal->session_version;
        co_return *caller;
    }

    // The token is good only while its account still is: same session version (not disabled, re-enabled or
    // given another role since it was issued). The role comes from the account, at most a cache TTL old.
    Task<Result<Caller>> current_session(const auth::Principal& principal, const RequestContext& ctx) {
        auto state = co_await sessions.lookup(principal.user_id, std::chrono::steady_clock::now());
        if (!state) {
            co_return std::unexpected(state.error());
        }
        const char* refused = nullptr;
        if (!*state) {
            refused = "account no longer exists";
        } else if ((*state)->disabled) {
            refused = "account disabled";
        } else if ((*state)->session_version != principal.session_version) {
            refused = "session ended (account changed since the token was issued)";
        }
        if (refused != nullptr) {
            log::info("auth.session.rejected",
                      {{"request_id", ctx.request_id}, {"user_id", principal.user_id.value}, {"reason", refused}});
            co_return fail(ErrorCode::kUnauthenticated, refused);
        }
        co_return Caller{principal.user_id, (*state)->role};
    }

    // A retried POST with the same Idempotency-Key and body gets the first answer back and creates nothing.
    Task<Response> idempotent(const Request& request, RequestContext& ctx, const RouteMatch& match, std::string key) {
        if (key.size() > 255 || !acceptable_request_id(key)) {
            co_return problem_response(ctx, Status::bad_request, "bad-idempotency-key",
                                       "Idempotency-Key must be 1-255 characters of A-Z a-z 0-9 - _ . :");
        }
        const auto hash = sha256_hex("POST " + ctx.path + "\n" + request.body());
        auto lookup =
            co_await idempotency.reserve(ctx.caller->user_id, key, hash, limits.max_idempotency_keys_per_user);
        if (!lookup) {
            co_return error_response(ctx, lookup.error());
        }
        switch (lookup->state) {
            case db::KeyState::kReplay: co_return replay(lookup->stored);
            case db::KeyState::kMismatch:
                co_return problem_response(ctx, Status::unprocessable_entity, "idempotency-key-reused",
                                           "this Idempotency-Key was already used with a different request");
            case db::KeyState::kInProgress:
                co_return problem_response(ctx, Status::conflict, "idempotency-key-in-progress",
                                           "the first request with this Idempotency-Key is still being answered");
            case db::KeyState::kOverLimit:
                co_return error_response(ctx, Error{ErrorCode::kLimitExceeded,
                                                    "at most " + std::to_string(limits.max_idempotency_keys_per_user) +
                                                        " Idempotency-Keys per user in 24 hours"});
            case db::KeyState::kReserved: break;
        }
        std::optional<Response> response;
        std::exception_ptr crashed;
        try {
            response = co_await match.route->handler(request, ctx, match.params);
        } catch (...) {
            crashed = std::current_exception();
        }
        // Only a 2xx created something. Any other answer (a 409 for the state then, a 429 for a cap, a 5xx) is
        // not kept: the client's retry with the same key runs again and gets the answer of that moment.
        if (crashed || response->result_int() < 200 || response->result_int() >= 300) {
            if (auto released = co_await idempotency.release(ctx.caller->user_id, key); !released) {
                log::error("idempotency.release_failed",
                           {{"request_id", ctx.request_id}, {"reason", released.error().detail}});
            }
            if (crashed) {
                std::rethrow_exception(crashed);
            }
            co_return std::move(*response);
        }
        std::optional<std::string> location;
        if (auto found = response->find(bhttp::field::location); found != response->end()) {
            location = std::string(found->value());
        }
        db::StoredResponse stored{static_cast<int>(response->result_int()), response->body(), location};
        if (auto completed = co_await idempotency.complete(ctx.caller->user_id, key, std::move(stored)); !completed) {
            log::error("idempotency.complete_failed",
                       {{"request_id", ctx.request_id}, {"reason", completed.error().detail}});
        }
        co_return std::move(*response);
    }

    static Response replay(const db::StoredResponse& stored) {
        Response response{static_cast<Status>(stored.status), 11};
        response.set(bhttp::field::content_type,
                     stored.status >= 400 ? "application/problem+json" : "application/json");
        if (stored.location) {
            response.set(bhttp::field::location, *stored.location);
        }
        response.set("Idempotent-Replayed", "true");
        response.body() = stored.body;
        return response;
    }
};

Api::Api(ApiDependencies dependencies) : impl_(std::make_unique<Impl>(dependencies)) {}
Api::~Api() = default;

Task<Reply> Api::handle(Request request, std::string peer) {
    RequestContext ctx;
    ctx.request_id = impl_->request_id_for(request);
    const auto forwarded_for = request["X-Forwarded-For"];
    ctx.client_address =
        client_address(peer, {forwarded_for.data(), forwarded_for.size()}, impl_->limits.trusted_proxies);
    boost::system::error_code peer_ec;
    const auto peer_ip = boost::asio::ip::make_address(peer, peer_ec);
    ctx.over_tls = !peer_ec && impl_->limits.trusted_proxies.trusts(peer_ip) &&
                   boost::beast::iequals(request["X-Forwarded-Proto"], "https");
    const auto target = request.target();
    ctx.path = std::string(target.substr(0, target.find('?')));

    std::optional<Response> response;
    try {
        response = co_await impl_->dispatch(request, ctx);
    } catch (const std::exception& e) {
        log::error("http.handler.crashed", {{"request_id", ctx.request_id}, {"path", ctx.path}, {"reason", e.what()}});
    }
    if (!response) {
        response = error_response(ctx, Error{ErrorCode::kInternal, "handler crashed"});
    }
    response->set("X-Request-Id", ctx.request_id);
    if (ctx.path == "/login" || ctx.path == "/session") {
        // Whatever they answer, /login and /session may carry a token: no cache may keep it (issue #9).
        response->set(bhttp::field::cache_control, "no-store");
    }
    response->keep_alive(request.keep_alive());
    response->prepare_payload();

    const auto status = static_cast<std::int64_t>(response->result_int());
    const auto latency = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ctx.started_at);
    if (impl_->http_metrics) {
        impl_->http_metrics->observe(ctx.route_index, static_cast<unsigned>(status), latency.count() / 1000.0);
    }
    const std::int64_t user_id = ctx.caller ? ctx.caller->user_id.value : 0;
    const auto method = bhttp::to_string(request.method());
    // A 503 from /readyz is the probe doing its job (draining, database down), not a failure of this request.
    const bool failed = status >= 500 && ctx.path != "/readyz";
    log::write(failed ? log::Level::kError : log::Level::kInfo, "http.request",
               {{"request_id", ctx.request_id},
                {"method", std::string_view(method.data(), method.size())},
                {"path", ctx.path},
                {"status", status},
                {"latency_ms", latency.count()},
                {"user_id", user_id},
                {"client", ctx.client_address}});
    co_return Reply{std::move(*response), std::move(ctx.stream)};
}

}  // namespace keel::http
