#include "core/metrics/registry.hpp"

#include <gtest/gtest.h>

#include <array>
#include <thread>
#include <vector>

namespace keel::metrics {
namespace {

std::string rendered(const Registry& registry) {
    ExpositionWriter writer;
    registry.render(writer);
    return writer.take();
}

TEST(Histogram, CountsAValueOnABoundInThatBucket) {
    const std::array<double, 2> bounds{0.1, 1};
    Histogram histogram(bounds);
    histogram.observe(0.1);  // le is inclusive
    histogram.observe(0.5);
    histogram.observe(7);
    EXPECT_EQ(histogram.bucket_counts(), (std::vector<std::uint64_t>{1, 1, 1}));
    EXPECT_DOUBLE_EQ(histogram.sum(), 7.6);
}

TEST(Registry, ReturnsTheSameSeriesForTheSameLabels) {
    Registry registry;
    auto& first = registry.counter("keel_a_total", "A", {{"k", "v"}});
    auto& again = registry.counter("keel_a_total", "A", {{"k", "v"}});
    auto& other = registry.counter("keel_a_total", "A", {{"k", "w"}});
    EXPECT_EQ(&first, &again);
    EXPECT_NE(&first, &other);
}

TEST(Registry, CountsFromManyThreadsWithoutLosingAny) {
    Registry registry;
    auto& counter = registry.counter("keel_a_total", "A");
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&counter] {
            for (int i = 0; i < 10000; ++i) {
                counter.add();
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(counter.value(), 40000u);
}

TEST(Registry, RendersFamiliesThenCollectors) {
    Registry registry;
    registry.counter("keel_b_total", "B").add(3);
    registry.histogram("keel_c_seconds", "C", {}, std::array<double, 1>{1}).observe(0.5);
    registry.add_collector([](ExpositionWriter& writer) { writer.sample("keel_d", MetricType::kGauge, "D", {}, 9); });
    EXPECT_EQ(rendered(registry),
              "# HELP keel_b_total B\n# TYPE keel_b_total counter\nkeel_b_total 3\n"
              "# HELP keel_c_seconds C\n# TYPE keel_c_seconds histogram\n"
              "keel_c_seconds_bucket{le=\"1\"} 1\nkeel_c_seconds_bucket{le=\"+Inf\"} 1\n"
              "keel_c_seconds_sum 0.5\nkeel_c_seconds_count 1\n"
              "# HELP keel_d D\n# TYPE keel_d gauge\nkeel_d 9\n");
}

}  // namespace
}  // namespace keel::metrics
