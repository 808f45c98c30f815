#pragma once
// Runs Keel's coroutines from a synchronous program (a CLI command, whmcs-migrate): one private io_context, and
// `run` returns as soon as the given coroutine has finished — not when the loop runs dry, since idle keep-alive
// connections and their timers are work that may stay pending for a minute.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>

#include "core/task.hpp"

namespace keel {

class BlockingLoop {
public:
    boost::asio::any_io_executor executor() { return io_.get_executor(); }

    template <class T>
    T run(Task<T> task) {
        auto future = boost::asio::co_spawn(io_, std::move(task), boost::asio::use_future);
        io_.restart();
        while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
            if (io_.run_one() == 0) {
                break;  // nothing left to run: the future is ready (or the task was abandoned, which get() reports)
            }
        }
        return future.get();
    }

private:
    boost::asio::io_context io_;
};

}  // namespace keel
