#pragma once
// Ties a process's workers to one PostgreSQL session, so their death is visible at once: each worker id holds
// a session advisory lock (jobs.hold_worker) on a dedicated connection. When the process dies — SIGKILL, OOM,
// a lost host — the kernel closes the socket, PostgreSQL ends the session and drops its locks, and any other
// worker takes the jobs over on its next look (jobs.claim_abandoned) instead of waiting out the lease. The
// lease stays the backstop for a worker that is alive but hung.
//
// The connection is opened on its own (KEEL_LISTEN_DATABASE_URL, else DATABASE_URL under KEEL_DB_POOLER=session),
// never taken from the Pool, and must reach PostgreSQL directly: behind a transaction-mode pooler (PgBouncer) a
// session lock would stay with a server connection that outlives the process, and the process's death would go
// unnoticed until the lease ran out.
//
// Without such a URL (a transaction-mode pooler and no KEEL_LISTEN_DATABASE_URL) the session is lease-only: no
// lock, its worker ids start with kLeaseOnlyWorkerPrefix so that no peer mistakes their missing locks for a
// death, and their jobs are taken over once their lease runs out (KEEL_JOB_LEASE).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/task.hpp"

namespace keel::db {

// Marks the ids of lease-only workers in jobs.locked_by (jobs.claim_abandoned reads it: keep them in step).
inline constexpr const char* kLeaseOnlyWorkerPrefix = "lease:";

class WorkerSession {
public:
    // `database_url` empty: lease-only (see above).
    WorkerSession(boost::asio::any_io_executor executor, std::optional<std::string> database_url,
                  std::vector<std::string> worker_ids);
    ~WorkerSession();
    WorkerSession(const WorkerSession&) = delete;
    WorkerSession& operator=(const WorkerSession&) = delete;

    // Runs until stop(): connects, locks every worker id, waits for the session to end, and starts over
    // (once a second) after a loss.
    Task<void> run();
    void stop();

    // True while every worker id's lock is held: a worker claims nothing otherwise, or its jobs would look
    // abandoned the moment it took them.
    bool held() const;
    // Counts the sessions established so far; a change tells a worker that its jobs may have been taken over
    // while it was without one.
    std::uint64_t generation() const;
    // False for a short while after a re-established session: when PostgreSQL restarts every worker loses its
    // session at once, and the first one back must not take over the jobs of peers still reconnecting.
    bool may_take_over() const;

    struct State;  // shared with the running coroutine

private:
    std::shared_ptr<State> state_;
};

}  // namespace keel::db
