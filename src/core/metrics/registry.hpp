#pragma once
// The process's metrics, owned by whoever runs the process (serve) and handed by reference to the parts that
// count: no global state. Counting is lock-free (relaxed atomics); finding a series by its labels takes the
// registry's mutex, so hot paths (every HTTP request) look their series up once and keep the reference —
// series live as long as the registry. Values read at scrape time (pool use, process, job counts) come from
// collectors instead of being pushed.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/exposition.hpp"

namespace keel::metrics {

class Counter {
public:
    void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

// Latency buckets in seconds, from a cheap GET (1 ms) to a slow hypervisor call.
inline constexpr std::array<double, 13> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                        0.25,  0.5,    1,     2.5,  5,     10};
// Job durations in seconds: a start takes seconds, a provisioning a minute or more on a real cluster.
inline constexpr std::array<double, 11> kJobBuckets{0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

class Histogram {
public:
    explicit Histogram(std::span<const double> bounds);
    void observe(double seconds);
    std::span<const double> bounds() const { return bounds_; }
    // Per-bucket (not cumulative) counts, the +Inf bucket last; and the sum of observations.
    std::vector<std::uint64_t> bucket_counts() const;
    double sum() const;

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1
    std::atomic<std::uint64_t> sum_nanos_{0};  // integer nanoseconds: atomic add without a CAS loop on a double
};

class Registry {
public:
    using Collector = std::function<void(ExpositionWriter&)>;

    // The series of family `name` with `labels`, made on first use. A name is one type with one help text and
    // (histograms) one set of bounds: the first call's.
    Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
    Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels = {},
                         std::span<const double> bounds = kLatencyBuckets);
    // Called at every render, after the stored series; for gauges read from their owner at scrape time.
    void add_collector(Collector collector);
    // Every series in the text exposition format, families in name order.
    void render(ExpositionWriter& writer) const;

private:
    struct Family {
        MetricType type;
        std::string help;
        std::vector<double> bounds;
        std::map<Labels, std::unique_ptr<Counter>> counters;
        std::map<Labels, std::unique_ptr<Histogram>> histograms;
    };
    Family& family(std::string_view name, MetricType type, std::string_view help, std::span<const double> bounds);

    mutable std::mutex mutex_;
    std::map<std::string, Family, std::less<>> families_;
    std::vector<Collector> collectors_;
};

}  // namespace keel::metrics
