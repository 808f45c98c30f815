#include "db/jobs/job_repository.hpp"

#include <cstdio>

#include "db/jobs/job_statements.hpp"
#include "db/pool.hpp"
#include "db/servers/server_repository.hpp"

namespace keel::db {

namespace {

Param seconds(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return std::string(buffer);
}

// Every write after the claim names the holder: no row touched means another worker holds the job now.
Status held_by_us(const Result<PgResult>& rows, JobId job, const std::string& worker_id) {
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->affected_rows() == 0) {
        return fail(ErrorCode::kConflict,
                    "job " + std::to_string(job.value) + " is no longer held by worker " + worker_id);
    }
    return {};
}

std::vector<ClaimedJob> claimed_from(const PgResult& rows) {
    std::vector<ClaimedJob> jobs;
    jobs.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i) {
        jobs.push_back(ClaimedJob{
            .id = JobId{rows.int64(i, 0)},
            .kind = parse_job_kind(rows.text(i, 1)).value_or(JobKind::kProvision),
            .server_id = ServerId{rows.string(i, 2)},
            .attempt = static_cast<int>(rows.int64(i, 3)),
            .max_attempts = static_cast<int>(rows.int64(i, 4)),
            .request_id = rows.string(i, 5),
            .task_upid = rows.is_null(i, 6) ? std::nullopt : std::optional<std::string>(rows.string(i, 6)),
            .server = server_from_row(rows, i, 7),
        });
        constexpr int kLinkStatusColumn = 7 + 16;
        if (!rows.is_null(i, kLinkStatusColumn)) {
            jobs.back().server.link_status = parse_link_status(rows.text(i, kLinkStatusColumn));
        }
    }
    return jobs;
}

}  // namespace

Task<Result<std::vector<ClaimedJob>>> JobRepository::claim(std::chrono::seconds lease, int limit) {
    Params params{param(worker_id_), seconds(static_cast<double>(lease.count())), param(limit)};
    auto rows = co_await pool_.query(job_sql::kClaim, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    co_return claimed_from(*rows);
}

Task<Result<AbandonedJobs>> JobRepository::claim_abandoned(std::chrono::seconds lease, int limit) {
    auto dead = co_await pool_.query(job_sql::kBuryAbandoned, Params{});
    if (!dead) {
        co_return std::unexpected(dead.error());
    }
    AbandonedJobs abandoned;
    for (int i = 0; i < dead->rows(); ++i) {
        abandoned.buried.push_back(BuriedJob{
            .id = JobId{dead->int64(i, 0)},
            .kind = parse_job_kind(dead->text(i, 1)).value_or(JobKind::kProvision),
            .server_id = ServerId{dead->string(i, 2)},
            .attempt = static_cast<int>(dead->int64(i, 3)),
            .reason = dead->string(i, 4),
        });
    }
    Params params{param(worker_id_), seconds(static_cast<double>(lease.count())), param(limit)};
    auto rows = co_await pool_.query(job_sql::kClaimAbandoned, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    abandoned.resumed = claimed_from(*rows);
    co_return abandoned;
}

Task<Status> JobRepository::heartbeat(JobId job, std::chrono::seconds lease) {
    Params params{param(job.value), param(worker_id_), seconds(static_cast<double>(lease.count()))};
    co_return held_by_us(co_await pool_.query(job_sql::kHeartbeat, std::move(params)), job, worker_id_);
}

Task<Status> JobRepository::record_task(JobId job, std::string upid) {
    Params params{param(job.value), param(worker_id_), param(upid)};
    co_return held_by_us(co_await pool_.query(job_sql::kRecordTask, std::move(params)), job, worker_id_);
}

Task<Status> JobRepository::succeed(JobId job, JobOutcome outcome) {
    Params params{param(job.value),    param(worker_id_),     param(outcome.node),
                  param(outcome.vmid), param(outcome.status), param(outcome.power_state)};
    co_return held_by_us(co_await pool_.query(job_sql::kSucceed, std::move(params)), job, worker_id_);
}

Task<Status> JobRepository::retry_later(JobId job, std::chrono::milliseconds delay, std::string error) {
    Params params{param(job.value), param(worker_id_), seconds(static_cast<double>(delay.count()) / 1000.0),
                  param(error)};
    co_return held_by_us(co_await pool_.query(job_sql::kRetryLater, std::move(params)), job, worker_id_);
}

Task<Status> JobRepository::give_up(JobId job, std::string error, std::optional<std::string> server_status) {
    Params params{param(job.value), param(worker_id_), param(error), param(server_status)};
    co_return held_by_us(co_await pool_.query(job_sql::kGiveUp, std::move(params)), job, worker_id_);
}

Task<Result<std::int64_t>> JobRepository::release_own() {
    Params params{param(worker_id_)};
    auto rows = co_await pool_.query(job_sql::kReleaseOwn, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    co_return rows->affected_rows();
}

Task<Result<std::int64_t>> JobRepository::release_held(std::string prefix) {
    Params params{param(prefix)};
    auto rows = co_await pool_.query(job_sql::kReleaseHeld, std::move(params));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    co_return rows->affected_rows();
}

}  // namespace keel::db
