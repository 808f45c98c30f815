#include "http/http_metrics.hpp"

#include "http/router.hpp"

namespace keel::http {

namespace {

constexpr std::string_view kDurationName = "keel_http_request_duration_seconds";
constexpr std::string_view kDurationHelp = "HTTP requests by method and route template, seconds until answered";

}  // namespace

HttpMetrics::HttpMetrics(metrics::Registry& registry, const std::vector<Route>& routes) {
    const auto add = [this, &registry](std::string method, std::string route) {
        RouteSeries series{std::move(method), std::move(route),
                           std::make_unique<std::array<std::atomic<std::uint64_t>, kStatuses>>(), nullptr};
        series.duration =
            &registry.histogram(kDurationName, kDurationHelp, {{"method", series.method}, {"route", series.route}});
        routes_.push_back(std::move(series));
    };
    for (const auto& route : routes) {
        const auto method = bhttp::to_string(route.method);
        add(std::string(method.data(), method.size()), route.path_template);
        if (route.method == bhttp::verb::post && route.path_template == "/login") {
            login_route_ = route.index;
        }
    }
    add("", "unmatched");
    login_throttled_ = &registry.counter("keel_login_throttled_total",
                                         "Logins refused with 429 while the account or the address was backing off");
    login_failures_ = &registry.counter("keel_login_failures_total", "Logins refused with 401 (wrong credentials)");
    registry.add_collector([this](metrics::ExpositionWriter& writer) { render(writer); });
}

HttpMetrics::RouteSeries& HttpMetrics::series(std::optional<std::size_t> route_index) {
    if (route_index && *route_index + 1 < routes_.size()) {
        return routes_[*route_index];
    }
    return routes_.back();
}

void HttpMetrics::observe(std::optional<std::size_t> route_index, unsigned status, double seconds) {
    auto& route = series(route_index);
    if (status >= kLowestStatus && status < kLowestStatus + kStatuses) {
        (*route.by_status)[status - kLowestStatus].fetch_add(1, std::memory_order_relaxed);
    }
    route.duration->observe(seconds);
    if (route_index && route_index == login_route_) {
        if (status == 429) {
            login_throttled_->add();
        } else if (status == 401) {
            login_failures_->add();
        }
    }
}

void HttpMetrics::render(metrics::ExpositionWriter& writer) const {
    for (const auto& route : routes_) {
        for (unsigned i = 0; i < kStatuses; ++i) {
            const auto count = (*route.by_status)[i].load(std::memory_order_relaxed);
            if (count == 0) {
                continue;  // statuses a route never answered stay out of the scrape
            }
            writer.sample(
                "keel_http_requests_total", metrics::MetricType::kCounter,
                "HTTP requests answered, by method, route template and status",
                {{"method", route.method}, {"route", route.route}, {"status", std::to_string(i + kLowestStatus)}},
                static_cast<double>(count));
        }
    }
}

}  // namespace keel::http
