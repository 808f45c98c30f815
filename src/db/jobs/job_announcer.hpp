#pragma once
// Tells idle workers, in every process, that jobs were queued: `NOTIFY keel_jobs` sent after the job's commit,
// one per burst instead of one per insert. PostgreSQL serialises the commits of transactions that NOTIFY (a
// global lock on the notification queue), so a NOTIFY inside each create capped POST /servers well below the
// insert ceiling (issue #12). Here announce() never waits: the first call sends a NOTIFY on a pooled connection;
// calls while it is on its way collapse into one more NOTIFY after it. Every job is announced after it committed,
// so a woken worker finds it; a NOTIFY lost to a crash or a failed send costs a worker's idle poll, never a job.
#include <cstdint>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

namespace keel::db {

class Pool;

class JobAnnouncer {
public:
    // `pool` must outlive every NOTIFY in flight (the process's pool does: it outlives the event loop's run).
    JobAnnouncer(boost::asio::any_io_executor executor, Pool& pool);

    // Call after a commit that queued a job. Thread-safe; never blocks, never fails.
    void announce();

    // NOTIFYs sent so far (tests, metrics).
    std::uint64_t sent() const;

    struct State;  // shared with the sending coroutine

private:
    std::shared_ptr<State> state_;
};

}  // namespace keel::db
