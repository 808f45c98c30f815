#pragma once
// One transaction on a leased connection: BEGIN, then `body` (a coroutine not yet started: it runs only once
// BEGIN succeeded), then COMMIT — or ROLLBACK and the body's error. A COMMIT that fails is that error.
#include "core/result.hpp"
#include "core/task.hpp"
#include "db/async_connection.hpp"

namespace keel::db {

template <class T>
Task<Result<T>> in_transaction(AsyncConnection& connection, Task<Result<T>> body) {
    if (auto begun = co_await connection.begin(); !begun) {
        co_return std::unexpected(begun.error());
    }
    auto result = co_await std::move(body);
    if (!result) {
        (void)co_await connection.script("ROLLBACK");
        co_return result;
    }
    if (auto committed = co_await connection.script("COMMIT"); !committed) {
        co_return std::unexpected(committed.error());
    }
    co_return result;
}

}  // namespace keel::db
