#pragma once
// A cluster's keep-alive connections: at most `max_connections` open, further requests queue for one (until the
// request timeout). All of it runs on one strand (PveClient's), so its state needs no lock.
//
// The retry rule: a request is repeated, once, on a fresh connection only when a reused connection failed and
// the request provably did no work — it did not leave entirely (the write failed), or it was a GET that got not
// one byte back (the server closed the idle connection as we wrote). A POST, PUT or DELETE that was sent and got
// no answer is not repeated: it may have been carried out, and the caller's check-before-act decides.
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "provisioning/pve/pve_connection.hpp"

namespace keel::provisioning {

class PveConnectionPool {
public:
    PveConnectionPool(PveTarget target, std::unique_ptr<PveTls> tls, std::string authorization,
                      PveClientOptions options);
    ~PveConnectionPool();

    // Call on the strand.
    Task<Result<PveAnswer>> exchange(PveRequest request);

    std::uint64_t handshakes() const { return handshakes_.load(); }
    std::uint64_t requests() const { return requests_.load(); }
    const std::string& cluster() const { return target_.cluster; }

private:
    // A connection, or an empty slot the caller must fill by connecting.
    Task<Result<std::unique_ptr<PveConnection>>> acquire(std::chrono::steady_clock::time_point deadline);
    void give_back(std::unique_ptr<PveConnection> connection);  // keeps it idle for the next request
    void drop(std::unique_ptr<PveConnection> connection);       // closes it and frees its slot
    void wake_one();
    bool reusable(PveConnection& connection) const;

    PveTarget target_;
    std::unique_ptr<PveTls> tls_;
    std::string authorization_;  // holds the token secret: never logged
    PveClientOptions options_;
    std::vector<std::unique_ptr<PveConnection>> idle_;  // the most recently used last
    std::size_t open_ = 0;                              // idle, in use, or being opened
    std::deque<std::shared_ptr<boost::asio::steady_timer>> waiters_;
    std::atomic<std::uint64_t> handshakes_{0};
    std::atomic<std::uint64_t> requests_{0};
};

}  // namespace keel::provisioning
