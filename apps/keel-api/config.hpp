#pragma once
// keel-api's settings: environment first (12-factor), command-line flags override.
#include <chrono>
#include <string>

#include "auth/secret_box.hpp"
#include "db/pooler_mode.hpp"

namespace keel::app {

struct ProxmoxConfig {
    int max_connections = 4;         // KEEL_PVE_MAX_CONNECTIONS: per cluster
    int connect_timeout_ms = 5000;   // KEEL_PVE_CONNECT_TIMEOUT_MS
    int request_timeout_ms = 30000;  // KEEL_PVE_REQUEST_TIMEOUT_MS
    int task_poll_ms = 500;          // KEEL_PVE_TASK_POLL_MS: how often a running task is asked about
};

struct MockHypervisorConfig {
    double latency_scale = 1.0;  // 0 = instant (tests, queue benchmark)
    double failure_rate = 0.02;  // chance of an injected retryable fault per call
    std::uint64_t seed = 1;
    std::string state_file;  // shared by several processes (fault tests)
};

struct ApiConfig {
    std::string database_url;                             // DATABASE_URL
    db::PoolerMode db_pooler = db::PoolerMode::kSession;  // KEEL_DB_POOLER: what DATABASE_URL reaches
    std::string listen_database_url;        // KEEL_LISTEN_DATABASE_URL: direct, for LISTEN and worker liveness locks
    std::string listen = "127.0.0.1:8080";  // KEEL_LISTEN
    std::string metrics_listen;             // KEEL_METRICS_LISTEN: GET /metrics only, on its own address; empty: off
    int drain_delay_ms = 0;                 // KEEL_DRAIN_DELAY_MS: on SIGTERM, /readyz says 503 this long first
    std::string jwt_secret;                 // KEEL_JWT_SECRET, at least 32 bytes
    std::string jwt_kid = "keel-1";         // KEEL_JWT_KID: names the signing key so keys can rotate
    std::string jwt_previous;               // KEEL_JWT_PREVIOUS: "kid=secret" still accepted, not used to sign
    std::string jwt_previous_until;         // KEEL_JWT_PREVIOUS_UNTIL: RFC 3339; its tokens are refused after
    std::string jwt_issuer = "keel";        // KEEL_JWT_ISSUER
    int token_ttl_seconds = 900;            // KEEL_TOKEN_TTL
    int workers = 2;                        // KEEL_WORKERS: in-process provisioning workers (0: none)
    int worker_batch = 32;                  // KEEL_WORKER_BATCH: jobs a worker claims at once and runs side by side
    int job_lease_seconds = 60;             // KEEL_JOB_LEASE: a hung worker's jobs are taken over after this
    int io_threads = 2;                     // KEEL_IO_THREADS
    int db_pool_size = 16;                  // KEEL_DB_POOL
    std::string log_level = "info";         // KEEL_LOG_LEVEL
    int session_cache_ms = 2000;            // KEEL_SESSION_CACHE_MS: a disable/role change applies within this
    int catalog_cache_ms = 5000;  // KEEL_CATALOG_CACHE_MS: a cluster/image change from elsewhere applies within this
    int hash_threads = 1;         // KEEL_HASH_THREADS: password hashing threads
    int hash_queue = 16;          // KEEL_HASH_QUEUE: logins waiting for one; more → 503
    int login_free_tries = 5;     // KEEL_LOGIN_FREE_TRIES: failed logins per account before back-off
    int login_free_tries_per_address = 20;    // KEEL_LOGIN_FREE_TRIES_PER_ADDRESS
    int login_backoff_seconds = 1;            // KEEL_LOGIN_BACKOFF: first wait, doubled per further failure
    int login_backoff_max_seconds = 900;      // KEEL_LOGIN_BACKOFF_MAX
    auth::SecretKeySettings secret_keys;      // KEEL_SECRET_KEY(_FILE), KEEL_SECRET_PREVIOUS_KEYS(_FILE): seal secrets
    std::string hypervisor_kind = "proxmox";  // KEEL_HYPERVISOR: proxmox (the clusters table) | mock (in-process)
    ProxmoxConfig proxmox;                    // KEEL_PVE_*
    MockHypervisorConfig hypervisor;          // KEEL_MOCK_LATENCY_SCALE, KEEL_MOCK_FAILURE_RATE, KEEL_MOCK_SEED

    // Resource limits (issue #9).
    int max_connections = 4096;                 // KEEL_MAX_CONNECTIONS: more are accepted and closed at once
    int max_in_flight = 512;                    // KEEL_MAX_IN_FLIGHT: more requests are answered 503
    int max_event_streams = 256;                // KEEL_MAX_EVENT_STREAMS: open SSE streams; more are answered 429
    int max_event_streams_per_user = 8;         // KEEL_MAX_EVENT_STREAMS_PER_USER
    int db_acquire_timeout_ms = 5000;           // KEEL_DB_ACQUIRE_TIMEOUT_MS: then 503
    int db_connect_timeout_ms = 5000;           // KEEL_DB_CONNECT_TIMEOUT_MS
    int statement_timeout_ms = 10000;           // KEEL_STATEMENT_TIMEOUT_MS: every pooled query
    std::string trusted_proxies;                // KEEL_TRUSTED_PROXIES: whose X-Forwarded-For is believed
    int max_servers_per_client = 100;           // KEEL_MAX_SERVERS_PER_CLIENT
    int max_queued_operations_per_client = 20;  // KEEL_MAX_QUEUED_OPERATIONS_PER_CLIENT
    int max_idempotency_keys_per_user = 1000;   // KEEL_MAX_IDEMPOTENCY_KEYS_PER_USER
    int idempotency_purge_interval = 600;       // KEEL_IDEMPOTENCY_PURGE_INTERVAL: seconds between purges
};

}  // namespace keel::app
