#pragma once
// GET /metrics in the Prometheus text format, served only on its own listener (KEEL_METRICS_LISTEN, off by
// default; issue #13): what the metrics reveal (routes, job counts, pool use) reaches only whoever can reach
// that address, with no token to manage, and `keel-api worker` processes expose their job and hypervisor
// metrics the same way. Every other path is 404.
#include <memory>
#include <string>

#include "core/task.hpp"
#include "http/message.hpp"

namespace keel::db {
class Pool;
}
namespace keel::metrics {
class Registry;
}

namespace keel::http {

class MetricsEndpoint {
public:
    // `registry` and `pool` must outlive it. Adds the process and pool collectors to `registry`.
    MetricsEndpoint(metrics::Registry& registry, db::Pool& pool);
    ~MetricsEndpoint();

    Task<Response> handle(Request request, std::string peer);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace keel::http
