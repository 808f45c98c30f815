#include "migrate/progress.hpp"

#include <cstdio>

namespace keel::migrate {

Progress::Progress(std::string phase, std::int64_t total, bool live_bar)
    : phase_(std::move(phase)),
      total_(total),
      live_bar_(live_bar),
      started_(std::chrono::steady_clock::now()),
      last_print_(started_) {}

void Progress::advance(std::int64_t rows) {
    done_ += rows;
    const auto now = std::chrono::steady_clock::now();
    const auto interval = live_bar_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(2000);
    if (now - last_print_ >= interval) {
        last_print_ = now;
        print(false);
    }
}

void Progress::finish() {
    print(true);
}

void Progress::print(bool final_line) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0.0;
    const double fraction = total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
    if (live_bar_) {
        constexpr int kWidth = 30;
        const int filled = static_cast<int>(fraction * kWidth);
        std::fprintf(stderr, "\r%-9s [%.*s%*s] %3.0f%% %lld/%lld %.0f rows/s%s", phase_.c_str(), filled,
                     "##############################", kWidth - filled, "", fraction * 100.0,
                     static_cast<long long>(done_), static_cast<long long>(total_), rate, final_line ? "\n" : "");
    } else {
        std::fprintf(stderr, "%s: %lld/%lld read (%.0f%%), %.0f rows/s%s\n", phase_.c_str(),
                     static_cast<long long>(done_), static_cast<long long>(total_), fraction * 100.0, rate,
                     final_line ? ", done" : "");
    }
    std::fflush(stderr);
}

}  // namespace keel::migrate
