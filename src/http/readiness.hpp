#pragma once
// /readyz's answer (issue #13): ready when PostgreSQL answers a pooled query within a short timeout, every
// migration this binary embeds is applied, and the process is not draining (SIGTERM). Cheap under any probe
// rate: one query at a time per process, its answer reused for a second; never slower than the timeout — a
// probe still running then keeps running in the background and the caller is told "not ready".
#include <chrono>
#include <memory>
#include <string>

#include "core/task.hpp"

namespace keel::db {
class Pool;
}

namespace keel::http {

struct ReadinessReport {
    bool ready = false;
    std::string reason;  // why not ready; empty when ready
};

class Readiness {
public:
    struct Options {
        std::chrono::milliseconds timeout{1000};  // the longest a /readyz request waits for the database
        std::chrono::milliseconds reuse{1000};    // how long one probe's answer serves later requests
    };
    Readiness(db::Pool& pool, Options options);
    ~Readiness();
    Readiness(const Readiness&) = delete;
    Readiness& operator=(const Readiness&) = delete;

    // From now on /readyz answers 503 (load balancers stop sending) while requests in flight finish.
    void start_draining();
    bool draining() const;
    Task<ReadinessReport> check();

    struct State;  // shared with the probe coroutine, which may outlive one check

private:
    std::shared_ptr<State> state_;
};

}  // namespace keel::http
