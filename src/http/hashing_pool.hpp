#pragma once
// Password hashing off the I/O threads, on a bounded pool with a bounded queue (#9): when both are full a login
// is refused at once (503) instead of waiting, so a login flood cannot starve every other request.
#include <atomic>
#include <cstddef>
#include <optional>
#include <utility>

#include <boost/asio/thread_pool.hpp>

namespace keel::http {

struct HashingLimits {
    std::size_t threads = 1;  // argon2id takes 19 MiB each: threads bound the memory too
    std::size_t queue = 16;   // logins waiting for a thread
};

class HashingPool {
public:
    explicit HashingPool(HashingLimits limits);
    ~HashingPool();
    HashingPool(const HashingPool&) = delete;
    HashingPool& operator=(const HashingPool&) = delete;

    // Holds one place (running or queued) until destroyed.
    class Admission {
    public:
        explicit Admission(std::atomic<std::size_t>& admitted) : admitted_(&admitted) {}
        Admission(Admission&& other) noexcept : admitted_(std::exchange(other.admitted_, nullptr)) {}
        Admission(const Admission&) = delete;
        Admission& operator=(const Admission&) = delete;
        Admission& operator=(Admission&&) = delete;
        ~Admission() {
            if (admitted_ != nullptr) {
                admitted_->fetch_sub(1, std::memory_order_acq_rel);
            }
        }

    private:
        std::atomic<std::size_t>* admitted_;
    };

    // Empty when `threads + queue` logins are already admitted.
    std::optional<Admission> try_admit();
    boost::asio::thread_pool::executor_type executor() { return pool_.get_executor(); }
    void join() { pool_.join(); }

private:
    boost::asio::thread_pool pool_;
    std::size_t capacity_;
    std::atomic<std::size_t> admitted_{0};
};

}  // namespace keel::http
