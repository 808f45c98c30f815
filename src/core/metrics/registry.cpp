#include "core/metrics/registry.hpp"

#include <algorithm>
#include <cmath>

namespace keel::metrics {

Histogram::Histogram(std::span<const double> bounds)
    : bounds_(bounds.begin(), bounds.end()),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds.size() + 1)) {}

void Histogram::observe(double seconds) {
    // Buckets are inclusive upper bounds (le): lower_bound finds the first bound ≥ the value.
    const auto bucket =
        static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), seconds) - bounds_.begin());
    buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
    if (seconds > 0) {
        sum_nanos_.fetch_add(static_cast<std::uint64_t>(std::llround(seconds * 1e9)), std::memory_order_relaxed);
    }
}

std::vector<std::uint64_t> Histogram::bucket_counts() const {
    std::vector<std::uint64_t> counts(bounds_.size() + 1);
    for (std::size_t i = 0; i < counts.size(); ++i) {
        counts[i] = buckets_[i].load(std::memory_order_relaxed);
    }
    return counts;
}

double Histogram::sum() const {
    return static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) / 1e9;
}

Registry::Family& Registry::family(std::string_view name, MetricType type, std::string_view help,
                                   std::span<const double> bounds) {
    auto found = families_.find(name);
    if (found == families_.end()) {
        found = families_
                    .emplace(std::string(name),
                             Family{type, std::string(help), std::vector<double>(bounds.begin(), bounds.end()), {}, {}})
                    .first;
    }
    return found->second;
}

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels) {
    std::lock_guard lock(mutex_);
    auto& series = family(name, MetricType::kCounter, help, {}).counters[labels];
    if (!series) {
        series = std::make_unique<Counter>();
    }
    return *series;
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, const Labels& labels,
                               std::span<const double> bounds) {
    std::lock_guard lock(mutex_);
    auto& owner = family(name, MetricType::kHistogram, help, bounds);
    auto& series = owner.histograms[labels];
    if (!series) {
        series = std::make_unique<Histogram>(owner.bounds);
    }
    return *series;
}

void Registry::add_collector(Collector collector) {
    std::lock_guard lock(mutex_);
    collectors_.push_back(std::move(collector));
}

void Registry::render(ExpositionWriter& writer) const {
    std::vector<Collector> collectors;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [name, family] : families_) {
            for (const auto& [labels, counter] : family.counters) {
                writer.sample(name, family.type, family.help, labels, static_cast<double>(counter->value()));
            }
            for (const auto& [labels, histogram] : family.histograms) {
                const auto counts = histogram->bucket_counts();
                writer.histogram(name, family.help, labels, histogram->bounds(), counts, histogram->sum());
            }
        }
        collectors = collectors_;
    }
    for (const auto& collect : collectors) {  // outside the lock: a collector may look up series itself
        collect(writer);
    }
}

}  // namespace keel::metrics
