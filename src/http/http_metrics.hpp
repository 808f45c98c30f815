#pragma once
// Per-route HTTP metrics, laid out once the routes are known so that recording a request takes no lock and no
// lookup: an array of status counters and a latency histogram per route, indexed by Route::index
// (issue #13: metrics may cost at most 2 % of GET throughput). Rendered by a collector of the registry.
//   keel_http_requests_total{method, route, status}   — route is the template ("/servers/{id}"), never the path
//   keel_http_request_duration_seconds{method, route}
//   keel_login_throttled_total                          — POST /login answered 429 (account or address backing off)
//   keel_login_failures_total                           — POST /login answered 401
#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/registry.hpp"

namespace keel::http {

struct Route;

class HttpMetrics {
public:
    // Registers its collector with `registry`, which must outlive this object... and the other way round: the
    // collector points into this object, so create it once per registry and keep it as long as the registry.
    HttpMetrics(metrics::Registry& registry, const std::vector<Route>& routes);

    // `route_index`: the matched route (none: 404/405, counted as route="unmatched").
    void observe(std::optional<std::size_t> route_index, unsigned status, double seconds);

private:
    static constexpr unsigned kLowestStatus = 100;
    static constexpr unsigned kStatuses = 500;  // 100–599
    struct RouteSeries {
        std::string method;
        std::string route;
        std::unique_ptr<std::array<std::atomic<std::uint64_t>, kStatuses>> by_status;
        metrics::Histogram* duration = nullptr;
    };
    RouteSeries& series(std::optional<std::size_t> route_index);
    void render(metrics::ExpositionWriter& writer) const;

    std::vector<RouteSeries> routes_;  // one per route, then "unmatched"
    std::optional<std::size_t> login_route_;
    metrics::Counter* login_throttled_ = nullptr;
    metrics::Counter* login_failures_ = nullptr;
};

}  // namespace keel::http
