#include "serve.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "auth/password_hasher.hpp"
#include "auth/secret_box.hpp"
#include "auth/token_service.hpp"
#include "core/log.hpp"
#include "core/metrics/registry.hpp"
#include "core/rfc3339.hpp"
#include "db/idempotency/idempotency_repository.hpp"
#include "db/jobs/job_announcer.hpp"
#include "db/jobs/job_repository.hpp"
#include "db/jobs/worker_session.hpp"
#include "db/pool.hpp"
#include "http/api.hpp"
#include "http/hashing_pool.hpp"
#include "http/metrics_endpoint.hpp"
#include "http/readiness.hpp"
#include "http/server/http_server.hpp"
#include "hypervisor.hpp"
#include "provisioning/job_wakeup.hpp"

namespace keel::app {

namespace asio = boost::asio;

namespace {

Result<auth::TokenService> make_tokens(const ApiConfig& config) {
    auth::TokenConfig tokens;
    tokens.signing_key = {config.jwt_kid, config.jwt_secret};
    tokens.issuer = config.jwt_issuer;
    tokens.lifetime = std::chrono::seconds(config.token_ttl_seconds);
    if (!config.jwt_previous.empty()) {
        const auto equals = config.jwt_previous.find('=');
        if (equals == std::string::npos) {
            return fail(ErrorCode::kInvalidArgument, "KEEL_JWT_PREVIOUS must look like kid=secret");
        }
        const auto until = parse_rfc3339(config.jwt_previous_until);
        if (!until) {
            return fail(ErrorCode::kInvalidArgument,
                        "KEEL_JWT_PREVIOUS needs KEEL_JWT_PREVIOUS_UNTIL, an RFC 3339 instant after which its tokens "
                        "are refused (e.g. 2026-12-31T00:00:00Z)");
        }
        tokens.accepted_keys.push_back(
            {config.jwt_previous.substr(0, equals), config.jwt_previous.substr(equals + 1), *until});
    }
    return auth::TokenService::create(tokens);
}

// The event loop, able to destroy what is still suspended on it before the objects those coroutine frames
// point into (pool, API, workers) are destroyed: ~io_context would do it only after them (use after free).
class EventLoop : public asio::io_context {
public:
    using asio::io_context::io_context;
    // Destroys every pending handler and suspended coroutine frame; nothing runs on the loop afterwards.
    void destroy_pending_work() { shutdown(); }
};

struct Running {
    db::Pool* pool = nullptr;
    http::Readiness* readiness = nullptr;
    std::chrono::milliseconds drain_delay{0};
    std::unique_ptr<http::HttpServer> metrics_server;  // scraped until the loop stops, drain included
    std::string worker_prefix;                         // host:pid: — every worker id of this process starts so
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<provisioning::JobWakeup> wakeup;
    std::unique_ptr<db::WorkerSession> session;  // outlives the workers, which read it
    std::vector<std::unique_ptr<provisioning::JobWorker>> workers;
    std::atomic<int> workers_running{0};
};

// SIGTERM/SIGINT: stop accepting, let in-flight requests and jobs finish (bounded), then stop the loop.
Task<void> shut_down_gracefully(asio::io_context& io, Running& running) {
    log::info("shutdown.started");
    asio::steady_timer timer(io);
    running.readiness->start_draining();
    if (running.drain_delay.count() > 0 && running.server) {
        // Load balancers see /readyz fail and stop sending before the listener closes (issue #13).
        timer.expires_after(running.drain_delay);
        co_await timer.async_wait(asio::use_awaitable);
    }
    if (running.server) {
        running.server->stop();
    }
    for (auto& worker : running.workers) {
        worker->stop();
    }
    if (running.wakeup) {
        running.wakeup->stop();
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline &&
           ((running.server && running.server->in_flight_requests() > 0) || running.workers_running > 0)) {
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(asio::use_awaitable);
    }
    if (!running.workers.empty()) {
        db::JobRepository jobs(*running.pool, running.worker_prefix);
        auto released = co_await jobs.release_held(running.worker_prefix);
        if (released) {
            log::info("shutdown.jobs_released", {{"count", *released}});
        } else {
            // What this process held is taken over anyway once its session ends (at exit).
            log::error("shutdown.release_failed", {{"reason", released.error().detail}});
        }
    }
    log::info("shutdown.finished");
    if (running.metrics_server) {
        running.metrics_server->stop();
    }
    io.stop();
}

// Idempotency-Keys older than 24 hours go on a timer, not only when the same key comes back (issue #9).
Task<void> purge_idempotency_keys(db::Pool& pool, std::chrono::seconds interval) {
    db::IdempotencyRepository keys(pool);
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (true) {
        timer.expires_after(interval);
        co_await timer.async_wait(asio::use_awaitable);
        auto purged = co_await keys.purge_expired();
        if (!purged) {
            log::warn("idempotency.purge_failed", {{"reason", purged.error().detail}});
        } else if (*purged > 0) {
            log::info("idempotency.purged", {{"count", *purged}});
        }
    }
}

Result<http::ApiLimits> api_limits(const ApiConfig& config) {
    auto proxies = http::TrustedProxies::parse(config.trusted_proxies);
    if (!proxies) {
        return std::unexpected(proxies.error());
    }
    return http::ApiLimits{*proxies, config.max_servers_per_client, config.max_queued_operations_per_client,
                           config.max_idempotency_keys_per_user};
}

// An answer that is never a stream.
Task<http::Reply> reply_of(Task<http::Response> answer) {
    auto response = co_await std::move(answer);
    co_return http::Reply{std::move(response), {}};
}

// GET /metrics on a listener of its own (issue #13): what it reveals reaches only who can reach that address.
Result<std::unique_ptr<http::HttpServer>> serve_metrics(asio::io_context& io, const std::string& listen,
                                                        http::MetricsEndpoint& endpoint) {
    auto server = http::HttpServer::bind(io, listen, [&endpoint](http::Request request, std::string peer) {
        return reply_of(endpoint.handle(std::move(request), std::move(peer)));
    });
    if (server) {
        (*server)->start();
        log::info("metrics.listening", {{"address", (*server)->local_endpoint()}});
    }
    return server;
}

}  // namespace

int run_serve(const ApiConfig& config, bool with_http) {
    const auto logging = log::init(config.log_level);
    if (config.jwt_secret.size() < 32) {
        std::fprintf(stderr, "keel-api: KEEL_JWT_SECRET must be set and at least 32 bytes long\n");
        return 2;
    }
    auto tokens = make_tokens(config);
    if (!tokens) {
        std::fprintf(stderr, "keel-api: %s\n", tokens.error().detail.c_str());
        return 2;
    }
    auto secrets = auth::SecretKeyRing::load(config.secret_keys);
    if (!secrets) {
        std::fprintf(stderr, "keel-api: %s\n", secrets.error().detail.c_str());
        return 2;
    }
    auto limits = api_limits(config);
    if (!limits) {
        std::fprintf(stderr, "keel-api: KEEL_TRUSTED_PROXIES: %s\n", limits.error().detail.c_str());
        return 2;
    }
    EventLoop io(config.io_threads);
    // Owned here and handed by reference to what counts (issue #13: no global metrics state); declared before
    // everything that records into it, so it outlives them.
    metrics::Registry metrics_registry;
    const db::ConnectionOptions connection{config.database_url, std::chrono::milliseconds(config.statement_timeout_ms),
                                           std::chrono::milliseconds(config.db_connect_timeout_ms), config.db_pooler};
    const auto session_url =
        db::session_database_url(config.db_pooler, config.database_url, config.listen_database_url);
    auto pool = db::Pool::create(io.get_executor(), connection, static_cast<std::size_t>(config.db_pool_size),
                                 std::chrono::milliseconds(config.db_acquire_timeout_ms));
    if (!pool) {
        std::fprintf(stderr, "keel-api: %s\n", pool.error().detail.c_str());
        return 1;
    }
    http::HashingPool hashing(
        {static_cast<std::size_t>(config.hash_threads), static_cast<std::size_t>(config.hash_queue)});
    const auth::PasswordHasher hasher;
    hasher.warm_up();
    const db::LoginThrottlePolicy throttle{
        .account_free_tries = config.login_free_tries,
        .address_free_tries = config.login_free_tries_per_address,
        .base_delay = std::chrono::seconds(config.login_backoff_seconds),
        .max_delay = std::chrono::seconds(config.login_backoff_max_seconds),
    };
    (*pool)->observe_waits(metrics_registry.histogram(
        "keel_db_pool_wait_seconds", "Waits for a free pooled PostgreSQL connection, seconds (0: one was free)"));
    http::Readiness readiness(**pool, {});
    db::JobAnnouncer job_announcer(io.get_executor(), **pool);
    // Requests are counted only where someone can scrape them: without a metrics listener they cost nothing.
    metrics::Registry* request_metrics = config.metrics_listen.empty() ? nullptr : &metrics_registry;
    http::Api api({**pool, job_announcer, hasher, *tokens, hashing, *secrets, throttle,
                   std::chrono::milliseconds(config.session_cache_ms), std::move(*limits),
                   std::chrono::milliseconds(config.catalog_cache_ms), request_metrics, &readiness,
                   http::EventStreamLimits{.max_streams = config.max_event_streams,
                                           .max_streams_per_user = config.max_event_streams_per_user}});

    Running running;
    running.readiness = &readiness;
    running.drain_delay = std::chrono::milliseconds(config.drain_delay_ms);
    std::unique_ptr<http::MetricsEndpoint> metrics_endpoint;
    if (!config.metrics_listen.empty()) {
        metrics_endpoint = std::make_unique<http::MetricsEndpoint>(metrics_registry, **pool);
        auto server = serve_metrics(io, config.metrics_listen, *metrics_endpoint);
        if (!server) {
            std::fprintf(stderr, "keel-api: KEEL_METRICS_LISTEN: %s\n", server.error().detail.c_str());
            return 1;
        }
        running.metrics_server = std::move(*server);
    }
    if (with_http) {
        http::ServerLimits server_limits;
        server_limits.max_connections = static_cast<std::size_t>(config.max_connections);
        server_limits.max_in_flight = static_cast<std::size_t>(config.max_in_flight);
        auto server = http::HttpServer::bind(
            io, config.listen,
            [&api](http::Request request, std::string peer) { return api.handle(std::move(request), std::move(peer)); },
            server_limits);
        if (!server) {
            std::fprintf(stderr, "keel-api: %s\n", server.error().detail.c_str());
            return 1;
        }
        running.server = std::move(*server);
        running.server->start();
        log::info("http.listening", {{"address", running.server->local_endpoint()}});
        metrics_registry.add_collector([server = running.server.get()](metrics::ExpositionWriter& writer) {
            writer.sample("keel_http_requests_in_flight", metrics::MetricType::kGauge,
                          "HTTP requests being handled or written now", {},
                          static_cast<double>(server->in_flight_requests()));
            writer.sample("keel_http_open_connections", metrics::MetricType::kGauge, "Open HTTP connections", {},
                          static_cast<double>(server->open_connections()));
        });
        asio::co_spawn(io, purge_idempotency_keys(**pool, std::chrono::seconds(config.idempotency_purge_interval)),
                       asio::detached);
    }
    auto run_job = make_job_runner(io.get_executor(), **pool, config, metrics_registry);
    if (!run_job) {
        std::fprintf(stderr, "keel-api: %s\n", run_job.error().detail.c_str());
        return 1;
    }
    if (config.workers > 0 && session_url) {
        // Without a direct URL behind a transaction pooler (no LISTEN there) the workers poll (idle_poll).
        running.wakeup = std::make_unique<provisioning::JobWakeup>(io.get_executor());
        asio::co_spawn(io, running.wakeup->listen(*session_url), asio::detached);
    }
    char host[64] = "keel";
    ::gethostname(host, sizeof host - 1);
    running.pool = pool->get();
    running.worker_prefix =
        std::string(session_url ? "" : db::kLeaseOnlyWorkerPrefix) + host + ":" + std::to_string(::getpid()) + ":";
    std::vector<std::string> worker_ids;
    for (int i = 0; i < config.workers; ++i) {
        worker_ids.push_back(running.worker_prefix + std::to_string(i));
    }
    if (config.workers > 0) {
        // A direct connection of its own (not the pool): see db/jobs/worker_session.hpp.
        running.session = std::make_unique<db::WorkerSession>(io.get_executor(), session_url, worker_ids);
        asio::co_spawn(io, running.session->run(), asio::detached);
    }
    for (int i = 0; i < config.workers; ++i) {
        provisioning::WorkerOptions options;
        options.worker_id = worker_ids[static_cast<std::size_t>(i)];
        options.seed = config.hypervisor.seed + static_cast<std::uint64_t>(i);
        options.wakeup = running.wakeup.get();
        options.lease = std::chrono::seconds(config.job_lease_seconds);
        options.batch_size = config.worker_batch;
        options.metrics = &metrics_registry;
        running.workers.push_back(
            std::make_unique<provisioning::JobWorker>(**pool, *running.session, *run_job, options));
        ++running.workers_running;
        asio::co_spawn(io, running.workers.back()->run(),
                       [&running](std::exception_ptr) { --running.workers_running; });
    }

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&io, &running](const boost::system::error_code& ec, int) {
        if (!ec) {
            asio::co_spawn(io, shut_down_gracefully(io, running), asio::detached);
        }
    });
    std::vector<std::thread> threads;
    for (int i = 1; i < config.io_threads; ++i) {
        threads.emplace_back([&io] { io.run(); });
    }
    io.run();
    for (auto& thread : threads) {
        thread.join();
    }
    // Coroutines cut off by io.stop() still hold pool leases, requests and jobs: destroy their frames while the
    // pool, the API and the workers they point into are alive.
    io.destroy_pending_work();
    return 0;
}

}  // namespace keel::app
