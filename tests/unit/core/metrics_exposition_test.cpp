#include "core/metrics/exposition.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>

namespace keel::metrics {
namespace {

TEST(EscapeLabelValue, EscapesBackslashQuoteAndNewline) {
    EXPECT_EQ(escape_label_value(R"(a\b"c)"
                                 "\n"
                                 "d"),
              R"(a\\b\"c\nd)");
}

TEST(EscapeLabelValue, LeavesOtherTextAlone) {
    EXPECT_EQ(escape_label_value("/servers/{id}"), "/servers/{id}");
}

TEST(EscapeHelp, EscapesBackslashAndNewlineButNotQuotes) {
    EXPECT_EQ(escape_help("say \"hi\"\\\n"), "say \"hi\"\\\\\\n");
}

TEST(FormatValue, WritesIntegersWithoutFractionAndInfinitiesAsPrometheusDoes) {
    EXPECT_EQ(format_value(42), "42");
    EXPECT_EQ(format_value(0.25), "0.25");
    EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(FormatLabels, EmptyLabelsWriteNothing) {
    EXPECT_EQ(format_labels({}), "");
}

TEST(FormatLabels, QuotesAndEscapesEachValueAndAppendsTheExtraLabelLast) {
    EXPECT_EQ(format_labels({{"route", "/a\"b"}, {"method", "GET"}}, "le", "0.5"),
              R"({route="/a\"b",method="GET",le="0.5"})");
}

TEST(ExpositionWriter, WritesHelpAndTypeOncePerFamily) {
    ExpositionWriter writer;
    writer.sample("keel_x_total", MetricType::kCounter, "X done", {{"kind", "a"}}, 1);
    writer.sample("keel_x_total", MetricType::kCounter, "X done", {{"kind", "b"}}, 2);
    EXPECT_EQ(writer.take(),
              "# HELP keel_x_total X done\n"
              "# TYPE keel_x_total counter\n"
              "keel_x_total{kind=\"a\"} 1\n"
              "keel_x_total{kind=\"b\"} 2\n");
}

TEST(ExpositionWriter, WritesHistogramBucketsCumulativeWithInfSumAndCount) {
    ExpositionWriter writer;
    const std::array<double, 2> bounds{0.1, 1};
    const std::array<std::uint64_t, 3> counts{2, 3, 1};  // ≤0.1, ≤1, above
    writer.histogram("keel_t_seconds", "T", {{"route", "/r"}}, bounds, counts, 4.5);
    EXPECT_EQ(writer.take(),
              "# HELP keel_t_seconds T\n"
              "# TYPE keel_t_seconds histogram\n"
              "keel_t_seconds_bucket{route=\"/r\",le=\"0.1\"} 2\n"
              "keel_t_seconds_bucket{route=\"/r\",le=\"1\"} 5\n"
              "keel_t_seconds_bucket{route=\"/r\",le=\"+Inf\"} 6\n"
              "keel_t_seconds_sum{route=\"/r\"} 4.5\n"
              "keel_t_seconds_count{route=\"/r\"} 6\n");
}

}  // namespace
}  // namespace keel::metrics
