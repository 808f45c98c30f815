#pragma once
// Progress on stderr while a long phase runs: a live bar on a terminal, a line every few seconds otherwise.
#include <chrono>
#include <cstdint>
#include <string>

namespace keel::migrate {

class Progress {
public:
    Progress(std::string phase, std::int64_t total, bool live_bar);
    void advance(std::int64_t rows);
    void finish();

private:
    void print(bool final_line);
    std::string phase_;
    std::int64_t total_;
    std::int64_t done_ = 0;
    bool live_bar_;
    std::chrono::steady_clock::time_point started_, last_print_;
};

}  // namespace keel::migrate
