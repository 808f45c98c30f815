#include "http/process_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "core/metrics/exposition.hpp"

namespace keel::http {

std::optional<ProcessStats> read_process_stats() {
    ProcessStats stats;
    std::ifstream statm("/proc/self/statm");
    long total_pages = 0, resident_pages = 0;
    if (!(statm >> total_pages >> resident_pages)) {
        return std::nullopt;
    }
    stats.resident_bytes = static_cast<double>(resident_pages) * static_cast<double>(::sysconf(_SC_PAGESIZE));

    std::ifstream stat_file("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
    // Field 2 (comm) may hold spaces and parentheses: the fields after it start past the last ')'.
    const auto after_comm = stat.rfind(')');
    if (after_comm == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream fields(stat.substr(after_comm + 1));
    std::string field;
    unsigned long long user_ticks = 0, system_ticks = 0;
    for (int number = 3; number <= 15 && fields >> field; ++number) {  // utime is field 14, stime 15
        if (number == 14) {
            user_ticks = std::stoull(field);
        } else if (number == 15) {
            system_ticks = std::stoull(field);
        }
    }
    stats.cpu_seconds = static_cast<double>(user_ticks + system_ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));

    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++stats.open_fds;
    }
    return stats;
}

void write_process_stats(metrics::ExpositionWriter& writer, const ProcessStats& stats) {
    using metrics::MetricType;
    writer.sample("process_resident_memory_bytes", MetricType::kGauge, "Resident memory size in bytes", {},
                  stats.resident_bytes);
    writer.sample("process_cpu_seconds_total", MetricType::kCounter, "User and system CPU time spent in seconds", {},
                  stats.cpu_seconds);
    writer.sample("process_open_fds", MetricType::kGauge, "Number of open file descriptors", {}, stats.open_fds);
}

}  // namespace keel::http
