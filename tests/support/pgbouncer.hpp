#pragma once
// A private PgBouncer (pool_mode = transaction) in front of the test PostgreSQL (issue #14): its own port, its own
// folder under the temporary directory (config, auth_file, log), stopped in the destructor. Skip the test when
// pgbouncer_available() is false.
#include <string>

namespace keel::testing {

bool pgbouncer_available();

class PgBouncer {
public:
    // `upstream_url`: postgresql://user:password@host:port/database, as DATABASE_URL and TestDatabase give it.
    // Throws when PgBouncer does not start listening.
    explicit PgBouncer(const std::string& upstream_url);
    ~PgBouncer();
    PgBouncer(const PgBouncer&) = delete;
    PgBouncer& operator=(const PgBouncer&) = delete;

    // The same database, user and password through PgBouncer.
    const std::string& url() const { return url_; }
    int port() const { return port_; }

    // SIGINT: PgBouncer closes every client and server connection at once; start() brings it back on its port.
    void stop();
    void start();

private:
    std::string dir_;
    std::string config_path_;
    std::string url_;
    int port_ = 0;
    int pid_ = -1;
};

}  // namespace keel::testing
