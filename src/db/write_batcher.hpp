#pragma once
// Group commit for small writes that many coroutines make at once (a worker's jobs recording their tasks and
// settling): each caller hands its item over and waits; one drain at a time writes everything queued so far with
// a single statement — one round trip, one commit — and answers each caller with its own item's outcome (a status,
// or a value the statement returned for it, such as a reserved VMID). A caller
// resumes only after the statement that carried its item committed, so nothing is acknowledged before it is
// durable; a batch costs about what one write did, however many items it carries.
//
// While a batch is in flight, new items wait for the next one: under load batches grow by themselves, and a lone
// write goes out as soon as the handlers ready before it have run (no timer, no added latency beyond the write in
// flight).
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/result.hpp"
#include "core/task.hpp"

namespace keel::db {

template <class Item, class Value = void>
class WriteBatcher {
public:
    using Outcome = Result<Value>;
    // Writes `items` in one statement; returns one outcome per item, in order (a failed statement: its error for
    // every item).
    using Flush = std::function<Task<std::vector<Outcome>>(const std::vector<Item>& items)>;

    WriteBatcher(Flush flush, std::size_t max_batch) : state_(std::make_shared<State>(std::move(flush), max_batch)) {}

    Task<Outcome> write(Item item) {
        auto executor = co_await boost::asio::this_coro::executor;
        auto answer = std::make_shared<Answer>(executor, 1);
        if (enqueue(std::move(item), answer)) {
            // On the caller's executor: the caller only waits meanwhile.
            boost::asio::co_spawn(executor, drain(state_), boost::asio::detached);
        }
        auto [ec, outcome] = co_await answer->async_receive(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec) {
            co_return fail(ErrorCode::kUnavailable, "the write was abandoned: " + ec.message());
        }
        co_return std::move(outcome);
    }

private:
    using Answer = boost::asio::experimental::concurrent_channel<void(boost::system::error_code, Outcome)>;

    struct State {
        State(Flush f, std::size_t m) : flush(std::move(f)), max_batch(m == 0 ? 1 : m) {}
        Flush flush;
        std::size_t max_batch;
        std::mutex mutex;
        std::vector<Item> items;  // queued, not yet in a batch; answers[i] belongs to items[i]
        std::vector<std::shared_ptr<Answer>> answers;
        bool draining = false;
    };

    // Returns true when the caller must start the drain (none is running).
    bool enqueue(Item item, std::shared_ptr<Answer> answer) {
        std::lock_guard lock(state_->mutex);
        state_->items.push_back(std::move(item));
        state_->answers.push_back(std::move(answer));
        return !std::exchange(state_->draining, true);
    }

    // Takes up to max_batch queued items; empty (and the drain over) when none is left.
    static std::pair<std::vector<Item>, std::vector<std::shared_ptr<Answer>>> take(State& state) {
        std::lock_guard lock(state.mutex);
        const auto count = std::min(state.items.size(), state.max_batch);
        std::vector<Item> items(std::make_move_iterator(state.items.begin()),
                                std::make_move_iterator(state.items.begin() + static_cast<std::ptrdiff_t>(count)));
        std::vector<std::shared_ptr<Answer>> answers(state.answers.begin(),
                                                     state.answers.begin() + static_cast<std::ptrdiff_t>(count));
        state.items.erase(state.items.begin(), state.items.begin() + static_cast<std::ptrdiff_t>(count));
        state.answers.erase(state.answers.begin(), state.answers.begin() + static_cast<std::ptrdiff_t>(count));
        if (count == 0) {
            state.draining = false;
        }
        return {std::move(items), std::move(answers)};
    }

    static Task<void> drain(std::shared_ptr<State> state) {
        while (true) {
            // Behind whatever is ready to run now: jobs that reached the same step together join this batch
            // instead of waiting for the next one.
            auto executor = co_await boost::asio::this_coro::executor;
            co_await boost::asio::post(executor, boost::asio::use_awaitable);
            auto [items, answers] = take(*state);
            if (items.empty()) {
                co_return;
            }
            std::vector<Outcome> outcomes;
            try {
                outcomes = co_await state->flush(items);
            } catch (const std::exception& e) {
                outcomes.clear();
                outcomes.resize(items.size(), fail(ErrorCode::kInternal, std::string("batched write: ") + e.what()));
            } catch (...) {  // whatever it was, every caller still gets an answer and later writes a drain
                outcomes.clear();
                outcomes.resize(items.size(), fail(ErrorCode::kInternal, "batched write: unknown failure"));
            }
            outcomes.resize(items.size(), fail(ErrorCode::kInternal, "batched write: no outcome for an item"));
            for (std::size_t i = 0; i < answers.size(); ++i) {
                answers[i]->try_send(boost::system::error_code{}, std::move(outcomes[i]));
            }
        }
    }

    std::shared_ptr<State> state_;
};

}  // namespace keel::db
