// keel-api: the REST service and its provisioning worker, plus the operator's schema and user commands.
#include <CLI/CLI.hpp>

#include "admin_commands.hpp"
#include "cluster_cli.hpp"
#include "config.hpp"
#include "core/build_info.hpp"
#include "serve.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
    keel::app::ApiConfig config;
    CLI::App app{
        "Keel lifecycle API: REST service, provisioning worker, schema migrations, users, clusters and images.\n"
        "Settings come from the environment; flags override them."};
    app.require_subcommand(1);
    app.set_version_flag("--version", keel::version_line("keel-api"));
    app.add_option("--database-url", config.database_url, "PostgreSQL URL")->envname("DATABASE_URL");
    app.add_option("--log-level", config.log_level, "debug|info|warn|error")->envname("KEEL_LOG_LEVEL");
    std::vector<std::string> pooler_names;
    for (const auto mode : {keel::db::PoolerMode::kSession, keel::db::PoolerMode::kTransaction}) {
        pooler_names.emplace_back(keel::db::to_string(mode));
    }
    // Checked against the names first, so the callback always finds a mode.
    app.add_option_function<std::string>(
           "--db-pooler",
           [&config](const std::string& name) {
               config.db_pooler = keel::db::parse_pooler_mode(name).value_or(keel::db::PoolerMode::kSession);
           },
           "what DATABASE_URL reaches: session (PostgreSQL, or a session pooler: named prepared statements) | "
           "transaction (a transaction pooler such as PgBouncer: unnamed statements, no session state)")
        ->envname("KEEL_DB_POOLER")
        ->check(CLI::IsMember(pooler_names))
        ->default_str("session");

    auto add_runtime_options = [&config](CLI::App* command) {
        command->add_option("--jwt-secret", config.jwt_secret, "HS256 signing secret, >= 32 bytes")
            ->envname("KEEL_JWT_SECRET");
        command->add_option("--jwt-kid", config.jwt_kid, "key id put in the token header")->envname("KEEL_JWT_KID");
        command->add_option("--jwt-previous", config.jwt_previous, "a retired key still accepted: kid=secret")
            ->envname("KEEL_JWT_PREVIOUS");
        command
            ->add_option("--jwt-previous-until", config.jwt_previous_until,
                         "RFC 3339 instant after which the retired key's tokens are refused")
            ->envname("KEEL_JWT_PREVIOUS_UNTIL");
        command->add_option("--jwt-issuer", config.jwt_issuer, "token issuer (iss)")->envname("KEEL_JWT_ISSUER");
        command->add_option("--token-ttl", config.token_ttl_seconds, "token lifetime in seconds")
            ->envname("KEEL_TOKEN_TTL")
            ->check(CLI::Range(60, 86400));
        command
            ->add_option("--listen-database-url", config.listen_database_url,
                         "PostgreSQL URL reached directly (not through a transaction pooler) for job wake-ups (LISTEN) "
                         "and worker liveness locks; empty: DATABASE_URL, or with --db-pooler transaction none "
                         "(workers poll once a second, a dead worker's jobs wait out --job-lease)")
            ->envname("KEEL_LISTEN_DATABASE_URL");
        command->add_option("--workers", config.workers, "provisioning workers in this process")
            ->envname("KEEL_WORKERS")
            ->check(CLI::Range(0, 64));
        command
            ->add_option("--worker-batch", config.worker_batch,
                         "jobs each worker claims in one statement and runs side by side; their database writes share "
                         "commits (more: fewer commits per job, more hypervisor calls at once)")
            ->envname("KEEL_WORKER_BATCH")
            ->check(CLI::Range(1, 1024));
        command
            ->add_option("--job-lease", config.job_lease_seconds,
                         "seconds a claimed job stays with its worker without a heartbeat")
            ->envname("KEEL_JOB_LEASE")
            ->check(CLI::Range(2, 3600));
        command
            ->add_option("--metrics-listen", config.metrics_listen,
                         "host:port serving GET /metrics (Prometheus) and nothing else; empty: no metrics")
            ->envname("KEEL_METRICS_LISTEN");
        command
            ->add_option("--drain-delay-ms", config.drain_delay_ms,
                         "on SIGTERM, keep serving with /readyz answering 503 this long before the drain")
            ->envname("KEEL_DRAIN_DELAY_MS")
            ->check(CLI::Range(0, 600000));
        command->add_option("--io-threads", config.io_threads, "event-loop threads")
            ->envname("KEEL_IO_THREADS")
            ->check(CLI::Range(1, 64));
        command->add_option("--db-pool", config.db_pool_size, "PostgreSQL connections")
            ->envname("KEEL_DB_POOL")
            ->check(CLI::Range(1, 512));
        command->add_option("--max-connections", config.max_connections, "open HTTP connections")
            ->envname("KEEL_MAX_CONNECTIONS")
            ->check(CLI::Range(1, 1000000));
        command->add_option("--max-in-flight", config.max_in_flight, "HTTP requests handled at once")
            ->envname("KEEL_MAX_IN_FLIGHT")
            ->check(CLI::Range(1, 1000000));
        command
            ->add_option("--max-event-streams", config.max_event_streams,
                         "open GET /servers/{id}/events/stream streams, all users")
            ->envname("KEEL_MAX_EVENT_STREAMS")
            ->check(CLI::Range(0, 1000000));
        command
            ->add_option("--max-event-streams-per-user", config.max_event_streams_per_user,
                         "open event streams of one user")
            ->envname("KEEL_MAX_EVENT_STREAMS_PER_USER")
            ->check(CLI::Range(0, 1000000));
        command
            ->add_option("--db-acquire-timeout-ms", config.db_acquire_timeout_ms,
                         "wait for a pooled PostgreSQL connection, then 503")
            ->envname("KEEL_DB_ACQUIRE_TIMEOUT_MS")
            ->check(CLI::Range(1, 600000));
        command->add_option("--db-connect-timeout-ms", config.db_connect_timeout_ms, "connecting to PostgreSQL")
            ->envname("KEEL_DB_CONNECT_TIMEOUT_MS")
            ->check(CLI::Range(100, 600000));
        command
            ->add_option("--statement-timeout-ms", config.statement_timeout_ms,
                         "statement_timeout of every pooled PostgreSQL query (0: none)")
            ->envname("KEEL_STATEMENT_TIMEOUT_MS")
            ->check(CLI::Range(0, 3600000));
        command
            ->add_option("--trusted-proxies", config.trusted_proxies,
                         "addresses/CIDRs whose X-Forwarded-For names the client, comma-separated")
            ->envname("KEEL_TRUSTED_PROXIES");
        command
            ->add_option("--max-servers-per-client", config.max_servers_per_client,
                         "servers a client may hold that are not terminated (0: no cap)")
            ->envname("KEEL_MAX_SERVERS_PER_CLIENT")
            ->check(CLI::Range(0, 1000000));
        command
            ->add_option("--max-queued-operations-per-client", config.max_queued_operations_per_client,
                         "operations queued or running on one client's servers")
            ->envname("KEEL_MAX_QUEUED_OPERATIONS_PER_CLIENT")
            ->check(CLI::Range(1, 1000000));
        command
            ->add_option("--max-idempotency-keys-per-user", config.max_idempotency_keys_per_user,
                         "Idempotency-Keys one user may hold within 24 hours")
            ->envname("KEEL_MAX_IDEMPOTENCY_KEYS_PER_USER")
            ->check(CLI::Range(1, 10000000));
        command
            ->add_option("--idempotency-purge-interval", config.idempotency_purge_interval,
                         "seconds between purges of Idempotency-Keys older than 24 hours")
            ->envname("KEEL_IDEMPOTENCY_PURGE_INTERVAL")
            ->check(CLI::Range(1, 86400));
        command
            ->add_option("--session-cache-ms", config.session_cache_ms,
                         "how long an account's session state is cached (a disable applies within this)")
            ->envname("KEEL_SESSION_CACHE_MS")
            ->check(CLI::Range(0, 60000));
        command
            ->add_option("--catalog-cache-ms", config.catalog_cache_ms,
                         "how long the datacenter/image catalogue is cached (a CLI change applies within this)")
            ->envname("KEEL_CATALOG_CACHE_MS")
            ->check(CLI::Range(0, 600000));
        command->add_option("--hash-threads", config.hash_threads, "password hashing threads")
            ->envname("KEEL_HASH_THREADS")
            ->check(CLI::Range(1, 64));
        command->add_option("--hash-queue", config.hash_queue, "logins that may wait for a hashing thread")
            ->envname("KEEL_HASH_QUEUE")
            ->check(CLI::Range(0, 4096));
        command->add_option("--login-free-tries", config.login_free_tries, "failed logins per account before back-off")
            ->envname("KEEL_LOGIN_FREE_TRIES")
            ->check(CLI::Range(1, 1000));
        command
            ->add_option("--login-free-tries-per-address", config.login_free_tries_per_address,
                         "failed logins per client address before back-off")
            ->envname("KEEL_LOGIN_FREE_TRIES_PER_ADDRESS")
            ->check(CLI::Range(1, 100000));
        command->add_option("--login-backoff", config.login_backoff_seconds, "first back-off, seconds (then doubles)")
            ->envname("KEEL_LOGIN_BACKOFF")
            ->check(CLI::Range(1, 3600));
        command->add_option("--login-backoff-max", config.login_backoff_max_seconds, "longest back-off, seconds")
            ->envname("KEEL_LOGIN_BACKOFF_MAX")
            ->check(CLI::Range(1, 86400));
        command
            ->add_option("--hypervisor", config.hypervisor_kind,
                         "proxmox: the clusters registered with `keel-api clusters`; mock: one in-process mock")
            ->envname("KEEL_HYPERVISOR")
            ->check(CLI::IsMember({"proxmox", "mock"}));
        command->add_option("--pve-max-connections", config.proxmox.max_connections, "connections per cluster")
            ->envname("KEEL_PVE_MAX_CONNECTIONS")
            ->check(CLI::Range(1, 256));
        command
            ->add_option("--pve-connect-timeout-ms", config.proxmox.connect_timeout_ms,
                         "connecting to a cluster, TLS handshake included")
            ->envname("KEEL_PVE_CONNECT_TIMEOUT_MS")
            ->check(CLI::Range(100, 600000));
        command
            ->add_option("--pve-request-timeout-ms", config.proxmox.request_timeout_ms,
                         "one Proxmox VE API call, answer included")
            ->envname("KEEL_PVE_REQUEST_TIMEOUT_MS")
            ->check(CLI::Range(100, 600000));
        command->add_option("--pve-task-poll-ms", config.proxmox.task_poll_ms, "how often a running task is polled")
            ->envname("KEEL_PVE_TASK_POLL_MS")
            ->check(CLI::Range(1, 60000));
        command
            ->add_option("--mock-latency-scale", config.hypervisor.latency_scale,
                         "scale of the mock hypervisor's delays (0 = instant)")
            ->envname("KEEL_MOCK_LATENCY_SCALE")
            ->check(CLI::Range(0.0, 100.0));
        command
            ->add_option("--mock-failure-rate", config.hypervisor.failure_rate,
                         "chance of an injected retryable hypervisor fault per call")
            ->envname("KEEL_MOCK_FAILURE_RATE")
            ->check(CLI::Range(0.0, 1.0));
        command->add_option("--mock-seed", config.hypervisor.seed, "seed of the mock hypervisor")
            ->envname("KEEL_MOCK_SEED");
        command
            ->add_option("--mock-state-file", config.hypervisor.state_file,
                         "share the mock hypervisor's state with other processes through this file")
            ->envname("KEEL_MOCK_STATE_FILE");
    };

    auto* serve = app.add_subcommand("serve", "run the HTTP API (and, unless --workers 0, the worker)");
    serve->add_option("--listen", config.listen, "host:port to listen on")->envname("KEEL_LISTEN");
    add_runtime_options(serve);
    auto* worker = app.add_subcommand("worker", "run only the provisioning worker");
    add_runtime_options(worker);

    auto* migrate = app.add_subcommand("migrate", "apply pending schema migrations");
    auto* migrate_status = migrate->add_subcommand("status", "list migrations and whether each is applied");

    auto* users = app.add_subcommand("users", "manage accounts");
    users->require_subcommand(1);
    keel::app::UserCreateOptions create;
    auto* users_create = users->add_subcommand("create", "create an account");
    users_create->add_option("--email", create.email, "login email")->required();
    users_create->add_option("--name", create.name, "display name");
    users_create->add_option("--role", create.role, "admin|client")->check(CLI::IsMember({"admin", "client"}));
    users_create->add_flag("--password-stdin", create.password_from_stdin, "read the password from stdin");
    users_create->add_flag("--exists-ok", create.exists_ok, "succeed if the email already exists");
    auto* users_list = users->add_subcommand("list", "list accounts");
    std::string disable_email;
    auto* users_disable = users->add_subcommand("disable", "disable an account (its tokens stop working)");
    users_disable->add_option("--email", disable_email, "login email")->required();
    std::string role_email;
    std::string new_role;
    auto* users_set_role =
        users->add_subcommand("set-role", "change an account's role (its tokens stop working; it logs in again)");
    users_set_role->add_option("--email", role_email, "login email")->required();
    users_set_role->add_option("--role", new_role, "admin|client")
        ->required()
        ->check(CLI::IsMember({"admin", "client"}));

    keel::app::ClusterCli cluster_commands(app);

    CLI11_PARSE(app, argc, argv);

    if (config.database_url.empty()) {
        std::fprintf(stderr, "keel-api: DATABASE_URL (or --database-url) is required\n");
        return 2;
    }
    if (*serve || *worker) {
        config.secret_keys = keel::app::secret_key_settings_from_environment();
        return keel::app::run_serve(config, serve->parsed());
    }
    if (auto done = cluster_commands.run(config.database_url, config.db_pooler)) {
        return *done;
    }
    if (*migrate) {
        return keel::app::run_migrate(config.database_url, config.db_pooler, migrate_status->parsed());
    }
    if (*users_create) {
        return keel::app::run_user_create(config.database_url, config.db_pooler, create);
    }
    if (*users_list) {
        return keel::app::run_user_list(config.database_url, config.db_pooler);
    }
    if (*users_disable) {
        return keel::app::run_user_disable(config.database_url, config.db_pooler, disable_email);
    }
    if (*users_set_role) {
        return keel::app::run_user_set_role(config.database_url, config.db_pooler, role_email, new_role);
    }
    return 2;
}
