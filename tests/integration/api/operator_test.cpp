// /healthz, /readyz (schema current, draining) and /metrics on its own listener (issue #13).
#include <csignal>
#include <regex>

#include "api_fixture.hpp"
#include "loopback.hpp"

namespace keel::testing {
namespace {

class OperatorEndpoints : public ApiTest {
protected:
    static void SetUpTestSuite() {
        metrics_port_ = free_loopback_port();
        start_suite({{"KEEL_METRICS_LISTEN", "127.0.0.1:" + std::to_string(metrics_port_)}, {"KEEL_WORKERS", "1"}});
        create_user("alice@example.com", "client");
    }
    static HttpReply scrape() { return HttpClient("127.0.0.1", metrics_port_).get("/metrics"); }
    static inline int metrics_port_ = 0;
};

TEST_F(OperatorEndpoints, HealthzAnswersWithoutAuthentication) {
    auto reply = client().get("/healthz");
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(json(reply).at("status"), "ok");
    EXPECT_EQ(reply.header("cache-control"), "no-store");
}

TEST_F(OperatorEndpoints, ReadyzIsReadyOnACurrentSchema) {
    auto reply = client().get("/readyz");
    EXPECT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(json(reply).at("status"), "ready");
}

TEST_F(OperatorEndpoints, ReadyzIs503WhenAMigrationIsMissing) {
    const auto newest = database_->scalar("SELECT max(version) FROM schema_migrations");
    database_->execute("CREATE TABLE saved_migration AS SELECT * FROM schema_migrations WHERE version = " + newest);
    database_->execute("DELETE FROM schema_migrations WHERE version = " + newest);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the reuse of the last probe's answer
    auto reply = client().get("/readyz");
    database_->execute("INSERT INTO schema_migrations SELECT * FROM saved_migration; DROP TABLE saved_migration");
    EXPECT_EQ(reply.status, 503);
    EXPECT_EQ(reply.header("content-type"), "application/problem+json");
    EXPECT_EQ(reply.header("retry-after"), "1");
    EXPECT_NE(json(reply).at("detail").as_string().find("schema not current"), std::string::npos) << reply.body;
}

TEST_F(OperatorEndpoints, MetricsAreNotServedOnTheMainListener) {
    EXPECT_EQ(client().get("/metrics").status, 404);
}

TEST_F(OperatorEndpoints, MetricsListenerServesOnlyMetrics) {
    EXPECT_EQ(HttpClient("127.0.0.1", metrics_port_).get("/servers").status, 404);
    EXPECT_EQ(HttpClient("127.0.0.1", metrics_port_).request("POST", "/metrics").status, 405);
}

TEST_F(OperatorEndpoints, MetricsCountRequestsByRouteTemplateAndStatus) {
    const auto token = login("alice@example.com");
    client().get("/servers/00000000-0000-0000-0000-000000000000", token);
    client().post_json("/login", R"({"email":"alice@example.com","password":"wrong"})");
    auto reply = scrape();
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    const auto& text = reply.body;
    EXPECT_NE(text.find(R"(keel_http_requests_total{method="GET",route="/servers/{id}",status="404"} )"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("00000000-0000"), std::string::npos) << "a raw path leaked into a label";
    EXPECT_NE(text.find(R"(keel_http_request_duration_seconds_bucket{method="POST",route="/login",le="+Inf"} )"),
              std::string::npos);
    EXPECT_TRUE(std::regex_search(text, std::regex(R"(\nkeel_login_failures_total [1-9])")));
    for (const char* name :
         {"keel_login_throttled_total ", "keel_db_pool_in_use ", "keel_db_pool_waiting ",
          "keel_db_pool_wait_seconds_count ", "keel_http_requests_in_flight ", "process_resident_memory_bytes ",
          "process_cpu_seconds_total ", "process_open_fds ", "keel_metrics_job_query_ok 1"}) {
        EXPECT_NE(text.find(std::string("\n") + name), std::string::npos) << name;
    }
}

TEST_F(OperatorEndpoints, MetricsTimeJobsAndHypervisorCalls) {
    const auto token = login("alice@example.com");
    auto created = client().post_json("/servers", spec("metered.example.com"), token);
    ASSERT_EQ(created.status, 202) << created.body;
    const auto id = std::string(json(created).at("id").as_string());
    poll("/servers/" + id, token, [](const boost::json::object& s) { return s.at("status") == "active"; });
    std::string text;
    for (int i = 0; i < 100 && text.find("keel_job_duration_seconds_count") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the job settles just after the server
        text = scrape().body;
    }
    EXPECT_NE(text.find(R"(keel_job_duration_seconds_count{kind="provision",outcome="succeeded"} 1)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(keel_hypervisor_call_duration_seconds_count{call="clone",outcome="ok"} 1)"),
              std::string::npos);
}

TEST(OperatorDrain, ReadyzIs503WhileDraining) {
    TestDatabase database;
    ApiProcess api(database.url(), {"serve"}, {{"KEEL_DRAIN_DELAY_MS", "3000"}, {"KEEL_WORKERS", "0"}});
    ASSERT_EQ(api.client().get("/readyz").status, 200);
    api.signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto reply = api.client().get("/readyz");
    EXPECT_EQ(reply.status, 503) << reply.body;
    EXPECT_EQ(reply.header("retry-after"), "1");
    EXPECT_NE(reply.body.find("draining"), std::string::npos) << reply.body;
    EXPECT_EQ(api.client().get("/healthz").status, 200);  // alive all the same
    EXPECT_EQ(api.wait(), 0);
}

}  // namespace
}  // namespace keel::testing
