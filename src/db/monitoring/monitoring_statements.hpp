#pragma once
#include "db/statement.hpp"

namespace keel::db::monitoring_sql {

// How many of the versions in $1 (a PostgreSQL integer array literal, "{1,2,3}") are applied: the readiness
// probe's one query (primary-key lookups, so it stays cheap however often it is asked).
inline constexpr Statement kAppliedMigrations{
    "monitoring.applied_migrations", "SELECT count(*) FROM schema_migrations WHERE version = ANY($1::integer[])"};

// Jobs waiting or running, by kind and state, for /metrics. Only the live states: they are what an operator
// watches, and the partial index jobs_one_in_flight_idx covers exactly them, so a scrape never scans the history
// of settled jobs (those are counted as they settle, in keel_job_duration_seconds).
inline constexpr Statement kLiveJobCounts{
    "monitoring.live_job_counts",
    "SELECT kind, state, count(*) FROM jobs WHERE state IN ('queued', 'running') GROUP BY kind, state"};

}  // namespace keel::db::monitoring_sql
