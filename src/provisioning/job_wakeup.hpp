#pragma once
// Wakes idle workers the moment a job is queued: one connection LISTENs on `keel_jobs` (the insert NOTIFYs in
// its transaction), and each worker waits on its own signal or, failing that, its polling interval.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/task.hpp"

namespace keel::provisioning {

class JobWakeup {
public:
    explicit JobWakeup(boost::asio::any_io_executor executor);
    ~JobWakeup();

    // One signal per worker; returns its index.
    std::size_t subscribe();
    // Returns true when woken, false when `timeout` passed first.
    Task<bool> wait(std::size_t subscriber, std::chrono::milliseconds timeout);
    void notify_all();

    // Runs until stop(): LISTEN on its own connection to `database_url`, reconnecting after failures.
    Task<void> listen(std::string database_url);
    void stop();

    struct State;  // shared with the listening coroutine

private:
    std::shared_ptr<State> state_;
};

}  // namespace keel::provisioning
