#pragma once
// Runs one coroutine to completion on a private io_context (unit tests of async code).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "core/task.hpp"

namespace keel::testing {

template <class T>
T run_task(Task<T> task) {
    boost::asio::io_context io;
    auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
    io.run();
    return future.get();
}

}  // namespace keel::testing
