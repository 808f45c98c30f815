#pragma once
// This process's resource use, read from /proc at scrape time (Linux), under the names Prometheus's own client
// libraries use so that standard dashboards work: process_resident_memory_bytes, process_cpu_seconds_total,
// process_open_fds.
#include <optional>

namespace keel::metrics {
class ExpositionWriter;
}

namespace keel::http {

struct ProcessStats {
    double resident_bytes = 0;
    double cpu_seconds = 0;  // user + system
    double open_fds = 0;
};

// nullopt when /proc cannot be read (not Linux, or a sandbox hiding it).
std::optional<ProcessStats> read_process_stats();
void write_process_stats(metrics::ExpositionWriter& writer, const ProcessStats& stats);

}  // namespace keel::http
