#include "db/jobs/job_repository.hpp"

#include <cstdio>

#include <algorithm>

#include "db/array_params.hpp"
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

Error lease_lost(JobId job, const std::string& worker_id) {
    return Error{ErrorCode::kConflict,
                 "job " + std::to_string(job.value) + " is no longer held by worker " + worker_id};
}

// Every write after the claim names the holder: no row touched means another worker holds the job now.
Status held_by_us(const Result<PgResult>& rows, JobId job, const std::string& worker_id) {
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->affected_rows() == 0) {
        return std::unexpected(lease_lost(job, worker_id));
    }
    return {};
}

// One status per item of a batched write whose statement returned the ids it touched.
template <class Item>
std::vector<Status> held_by_us(const Result<PgResult>& rows, const std::vector<Item>& items,
                               const std::string& worker_id) {
    std::vector<Status> statuses;
    statuses.reserve(items.size());
    if (!rows) {
        statuses.resize(items.size(), std::unexpected(rows.error()));
        return statuses;
    }
    std::vector<std::int64_t> touched;
    touched.reserve(static_cast<std::size_t>(rows->rows()));
    for (int i = 0; i < rows->rows(); ++i) {
        touched.push_back(rows->int64(i, 0));
    }
    std::sort(touched.begin(), touched.end());
    for (const auto& item : items) {
        if (std::binary_search(touched.begin(), touched.end(), item.job.value)) {
            statuses.emplace_back();
        } else {
            statuses.push_back(std::unexpected(lease_lost(item.job, worker_id)));
        }
    }
    return statuses;
}

// A worker's whole claim fits one batch (KEEL_WORKER_BATCH is at most 1024).
constexpr std::size_t kMaxWriteBatch = 1024;

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

JobRepository::JobRepository(Pool& pool, std::string worker_id)
    : pool_(pool),
      worker_id_(std::move(worker_id)),
      task_records_(
          [this](const std::vector<TaskRecord>& records) -> Task<std::vector<Status>> {
              std::vector<std::int64_t> ids;
              std::vector<std::string> upids;
              for (const auto& record : records) {
                  ids.push_back(record.job.value);
                  upids.push_back(record.upid);
              }
              Params params{param(id_array(ids)), param(text_array(upids)), param(worker_id_)};
              auto rows = co_await pool_.query(job_sql::kRecordTasks, std::move(params));
              co_return held_by_us(rows, records, worker_id_);
          },
          kMaxWriteBatch),
      successes_(
          [this](const std::vector<Success>& successes) -> Task<std::vector<Status>> {
              std::vector<std::int64_t> ids;
              std::vector<std::optional<std::string>> nodes, statuses, power_states;
              std::vector<std::optional<std::int64_t>> vmids;
              for (const auto& success : successes) {
                  ids.push_back(success.job.value);
                  nodes.push_back(success.outcome.node);
                  vmids.push_back(success.outcome.vmid);
                  statuses.push_back(success.outcome.status);
                  power_states.push_back(success.outcome.power_state);
              }
              Params params{param(id_array(ids)),
                            param(optional_text_array(nodes)),
                            param(optional_number_array(vmids)),
                            param(optional_text_array(statuses)),
                            param(optional_text_array(power_states)),
                            param(worker_id_)};
              auto rows = co_await pool_.query(job_sql::kSucceedMany, std::move(params));
              co_return held_by_us(rows, successes, worker_id_);
          },
          kMaxWriteBatch) {}

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
    TaskRecord record{job, std::move(upid)};
    co_return co_await task_records_.write(std::move(record));
}

Task<Status> JobRepository::succeed(JobId job, JobOutcome outcome) {
    Success success{job, std::move(outcome)};
    co_return co_await successes_.write(std::move(success));
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
