#include "core/metrics/exposition.hpp"

#include <charconv>
#include <cmath>

namespace keel::metrics {

std::string_view to_string(MetricType type) {
    switch (type) {
        case MetricType::kCounter: return "counter";
        case MetricType::kGauge: return "gauge";
        case MetricType::kHistogram: return "histogram";
    }
    return "untyped";
}

namespace {

std::string escape(std::string_view text, bool quote) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char c : text) {
        if (c == '\\') {
            escaped += "\\\\";
        } else if (c == '\n') {
            escaped += "\\n";
        } else if (quote && c == '"') {
            escaped += "\\\"";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
    return escape(value, true);
}

std::string escape_help(std::string_view help) {
    return escape(help, false);
}

std::string format_value(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc{} ? std::string(buffer, end) : std::string("NaN");
}

std::string format_labels(const Labels& labels, std::string_view extra_name, std::string_view extra_value) {
    if (labels.empty() && extra_name.empty()) {
        return {};
    }
    std::string text = "{";
    for (const auto& [name, value] : labels) {
        if (text.size() > 1) {
            text += ',';
        }
        text += name + "=\"" + escape_label_value(value) + '"';
    }
    if (!extra_name.empty()) {
        if (text.size() > 1) {
            text += ',';
        }
        text += std::string(extra_name) + "=\"" + escape_label_value(extra_value) + '"';
    }
    return text + "}";
}

void ExpositionWriter::family(std::string_view name, MetricType type, std::string_view help) {
    if (families_.contains(name)) {
        return;
    }
    families_.emplace(name);
    text_ += "# HELP " + std::string(name) + ' ' + escape_help(help) + '\n';
    text_ += "# TYPE " + std::string(name) + ' ' + std::string(to_string(type)) + '\n';
}

void ExpositionWriter::sample(std::string_view name, MetricType type, std::string_view help, const Labels& labels,
                              double value) {
    family(name, type, help);
    text_ += std::string(name) + format_labels(labels) + ' ' + format_value(value) + '\n';
}

void ExpositionWriter::histogram(std::string_view name, std::string_view help, const Labels& labels,
                                 std::span<const double> bounds, std::span<const std::uint64_t> bucket_counts,
                                 double sum) {
    family(name, MetricType::kHistogram, help);
    const std::string bucket = std::string(name) + "_bucket";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bucket_counts.size(); ++i) {
        cumulative += bucket_counts[i];
        const std::string le = i < bounds.size() ? format_value(bounds[i]) : std::string("+Inf");
        text_ += bucket + format_labels(labels, "le", le) + ' ' + std::to_string(cumulative) + '\n';
    }
    text_ += std::string(name) + "_sum" + format_labels(labels) + ' ' + format_value(sum) + '\n';
    text_ += std::string(name) + "_count" + format_labels(labels) + ' ' + std::to_string(cumulative) + '\n';
}

}  // namespace keel::metrics
