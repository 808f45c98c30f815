#pragma once
// Prometheus text exposition format 0.0.4 (what every Prometheus server scrapes): the escaping and number
// rules, and a writer that puts each family's HELP and TYPE once before its samples.
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace keel::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType {
    kCounter,    // only goes up (resets when the process restarts)
    kGauge,      // a value now
    kHistogram,  // cumulative buckets, _sum and _count
};

std::string_view to_string(MetricType type);

// Label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed.
std::string escape_label_value(std::string_view value);
std::string escape_help(std::string_view help);
// Shortest text that reads back as the same double; +Inf, -Inf and NaN as Prometheus spells them.
std::string format_value(double value);
// {a="x",b="y"} (empty labels: nothing); `extra` (e.g. le) is appended last.
std::string format_labels(const Labels& labels, std::string_view extra_name = {}, std::string_view extra_value = {});

class ExpositionWriter {
public:
    // HELP and TYPE are written the first time `name` is seen.
    void sample(std::string_view name, MetricType type, std::string_view help, const Labels& labels, double value);
    // `bucket_counts[i]` counts observations ≤ bounds[i] not counted in an earlier bucket; the last entry is
    // the +Inf bucket (bucket_counts.size() == bounds.size() + 1). Written cumulative, as the format requires.
    void histogram(std::string_view name, std::string_view help, const Labels& labels, std::span<const double> bounds,
                   std::span<const std::uint64_t> bucket_counts, double sum);
    std::string take() { return std::move(text_); }

private:
    void family(std::string_view name, MetricType type, std::string_view help);
    std::string text_;
    std::set<std::string, std::less<>> families_;
};

}  // namespace keel::metrics
