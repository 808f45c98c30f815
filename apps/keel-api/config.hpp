#pragma once
// keel-api's settings: environment first (12-factor), command-line flags override.
#include <chrono>
#include <string>

namespace keel::app {

struct MockHypervisorConfig {
    double latency_scale = 1.0;  // 0 = instant (tests, queue benchmark)
    double failure_rate = 0.02;  // chance of an injected retryable fault per call
    std::uint64_t seed = 1;
    std::string state_file;  // shared by several processes (fault tests)
};

struct ApiConfig {
    std::string database_url;               // DATABASE_URL
    std::string listen = "127.0.0.1:8080";  // KEEL_LISTEN
    std::string jwt_secret;                 // KEEL_JWT_SECRET, at least 32 bytes
    std::string jwt_kid = "keel-1";         // KEEL_JWT_KID: names the signing key so keys can rotate
    std::string jwt_previous;               // KEEL_JWT_PREVIOUS: "kid=secret" still accepted, not used to sign
    std::string jwt_issuer = "keel";        // KEEL_JWT_ISSUER
    int token_ttl_seconds = 900;            // KEEL_TOKEN_TTL
    int workers = 2;                        // KEEL_WORKERS: in-process provisioning workers (0: none)
    int job_lease_seconds = 60;             // KEEL_JOB_LEASE: a hung worker's jobs are taken over after this
    int io_threads = 2;                     // KEEL_IO_THREADS
    int db_pool_size = 16;                  // KEEL_DB_POOL
    std::string log_level = "info";         // KEEL_LOG_LEVEL
    MockHypervisorConfig hypervisor;        // KEEL_MOCK_LATENCY_SCALE, KEEL_MOCK_FAILURE_RATE, KEEL_MOCK_SEED
};

}  // namespace keel::app
