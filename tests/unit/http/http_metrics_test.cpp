#include "http/http_metrics.hpp"

#include <gtest/gtest.h>

#include "http/router.hpp"

namespace keel::http {
namespace {

Handler unused() {
    return [](const Request&, RequestContext&, const PathParams&) -> Task<Response> { co_return Response{}; };
}

std::string rendered(const metrics::Registry& registry) {
    metrics::ExpositionWriter writer;
    registry.render(writer);
    return writer.take();
}

class HttpMetricsTest : public ::testing::Test {
protected:
    HttpMetricsTest() {
        router_.add(bhttp::verb::post, "/login", Access::kPublic, unused());
        router_.add(bhttp::verb::get, "/servers/{id}", Access::kAuthenticated, unused());
    }
    Router router_;
    metrics::Registry registry_;
};

TEST_F(HttpMetricsTest, CountsByRouteTemplateAndExactStatus) {
    HttpMetrics metrics(registry_, router_.routes());
    metrics.observe(1, 200, 0.002);
    metrics.observe(1, 200, 0.002);
    metrics.observe(1, 404, 0.001);
    const auto text = rendered(registry_);
    EXPECT_NE(text.find("keel_http_requests_total{method=\"GET\",route=\"/servers/{id}\",status=\"200\"} 2\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("keel_http_requests_total{method=\"GET\",route=\"/servers/{id}\",status=\"404\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("keel_http_request_duration_seconds_count{method=\"GET\",route=\"/servers/{id}\"} 3\n"),
              std::string::npos);
}

TEST_F(HttpMetricsTest, LaysOutALatencySeriesForEveryRouteBeforeAnyRequest) {
    HttpMetrics metrics(registry_, router_.routes());
    const auto text = rendered(registry_);
    EXPECT_NE(text.find("keel_http_request_duration_seconds_count{method=\"POST\",route=\"/login\"} 0\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("keel_http_requests_total{"), std::string::npos) << "statuses never answered are left out";
}

TEST_F(HttpMetricsTest, CountsUnmatchedRequestsUnderOneLabel) {
    HttpMetrics metrics(registry_, router_.routes());
    metrics.observe(std::nullopt, 404, 0.001);
    EXPECT_NE(rendered(registry_).find("keel_http_requests_total{method=\"\",route=\"unmatched\",status=\"404\"} 1\n"),
              std::string::npos);
}

TEST_F(HttpMetricsTest, CountsThrottledAndFailedLogins) {
    HttpMetrics metrics(registry_, router_.routes());
    metrics.observe(0, 429, 0.001);
    metrics.observe(0, 401, 0.05);
    metrics.observe(0, 401, 0.05);
    metrics.observe(1, 429, 0.001);  // not /login
    const auto text = rendered(registry_);
    EXPECT_NE(text.find("\nkeel_login_throttled_total 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nkeel_login_failures_total 2\n"), std::string::npos);
}

}  // namespace
}  // namespace keel::http
