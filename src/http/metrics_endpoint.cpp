#include "http/metrics_endpoint.hpp"

#include "core/log.hpp"
#include "core/metrics/registry.hpp"
#include "db/monitoring/monitoring_repository.hpp"
#include "db/pool.hpp"
#include "db/schema_migrations.hpp"
#include "http/process_stats.hpp"

namespace keel::http {

namespace {

constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

Response plain(Status status, std::string body, bool keep_alive) {
    Response response{status, 11};
    response.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    response.body() = std::move(body);
    response.keep_alive(keep_alive);
    response.prepare_payload();
    return response;
}

void write_pool(metrics::ExpositionWriter& writer, const db::Pool& pool) {
    using metrics::MetricType;
    writer.sample("keel_db_pool_connections", MetricType::kGauge, "PostgreSQL connections in the pool", {},
                  static_cast<double>(pool.size()));
    writer.sample("keel_db_pool_in_use", MetricType::kGauge, "PostgreSQL connections leased now", {},
                  static_cast<double>(pool.in_use()));
    writer.sample("keel_db_pool_waiting", MetricType::kGauge, "Coroutines waiting for a free PostgreSQL connection", {},
                  static_cast<double>(pool.waiting()));
}

}  // namespace

struct MetricsEndpoint::Impl {
    metrics::Registry& registry;
    db::MonitoringRepository monitoring;
};

MetricsEndpoint::MetricsEndpoint(metrics::Registry& registry, db::Pool& pool)
    : impl_(std::make_unique<Impl>(Impl{registry, db::MonitoringRepository(pool, db::embedded_migrations())})) {
    registry.add_collector([&pool](metrics::ExpositionWriter& writer) {
        write_pool(writer, pool);
        if (const auto stats = read_process_stats()) {
            write_process_stats(writer, *stats);
        }
    });
}

MetricsEndpoint::~MetricsEndpoint() = default;

Task<Response> MetricsEndpoint::handle(Request request, std::string) {
    const auto target = request.target();
    if (target.substr(0, target.find('?')) != "/metrics") {
        co_return plain(Status::not_found, "not found: this listener serves /metrics only\n", request.keep_alive());
    }
    if (request.method() != bhttp::verb::get) {
        auto response = plain(Status::method_not_allowed, "GET only\n", request.keep_alive());
        response.set(bhttp::field::allow, "GET");
        co_return response;
    }
    metrics::ExpositionWriter writer;
    impl_->registry.render(writer);
    // Counted at scrape time rather than kept up to date by every worker in every process: one indexed query.
    auto jobs = co_await impl_->monitoring.live_job_counts();
    writer.sample("keel_metrics_job_query_ok", metrics::MetricType::kGauge,
                  "1 when this scrape could count the live jobs in PostgreSQL, else 0", {}, jobs ? 1 : 0);
    if (jobs) {
        for (const auto& count : *jobs) {
            writer.sample("keel_jobs", metrics::MetricType::kGauge,
                          "Jobs queued or running now in PostgreSQL (all processes), by kind and state",
                          {{"kind", count.kind}, {"state", count.state}}, static_cast<double>(count.count));
        }
    } else {
        log::warn("metrics.job_query_failed", {{"reason", jobs.error().detail}});
    }
    auto response = plain(Status::ok, writer.take(), request.keep_alive());
    response.set(bhttp::field::content_type, kContentType);
    response.prepare_payload();
    co_return response;
}

}  // namespace keel::http
