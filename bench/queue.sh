#!/usr/bin/env bash
# Jobs claimed and completed per second: N queued provisioning jobs, instant mock hypervisor, 4 workers — once
# with the default worker batch (KEEL_WORKER_BATCH 32) and once with 128 — and PostgreSQL's insert ceiling beside
# them: `ratio queue_vs_insert_ceiling` (the default) and `ratio queue_batch128_vs_insert_ceiling`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/ceilings.sh
source "$ROOT/bench/ceilings.sh"
# shellcheck source=bench/pgbouncer.sh
source "$ROOT/bench/pgbouncer.sh"
BIN="$ROOT/build/bin"
JOBS="${KEEL_BENCH_JOBS:-20000}"
WORKERS="${KEEL_BENCH_WORKERS:-4}"
name=keel_bench_queue
url="${DATABASE_URL%/*}/$name"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; pgbouncer_stop' EXIT

queue_jobs() {  # a fresh database holding $JOBS queued provisioning jobs
  pgbouncer_stop
  psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  psql "$DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
  DATABASE_URL="$url" "$BIN/keel-api" migrate >/dev/null 2>&1
  psql "$url" -q <<SQL
INSERT INTO users (email, role) VALUES ('queue@keel.local', 'client');
WITH s AS (
  INSERT INTO servers (owner_id, hostname, cpu_cores, ram_mb, disk_gb, os_image, datacenter)
  SELECT 1, 'q' || g || '.example.com', 1, 1024, 10, 'debian-12', 'fra1' FROM generate_series(1, $JOBS) g
  RETURNING id)
INSERT INTO jobs (kind, server_id) SELECT 'provision', id FROM s;
SQL
  [ "${KEEL_BENCH_PGBOUNCER:-0}" = 1 ] && pgbouncer_start "$url"
  return 0
}

STEADY=0
run_queue() {  # run_queue BATCH: the workers drain the queue; prints the figures, leaves jobs/s in STEADY
  local batch="$1" start end rss done_count active
  queue_jobs
  echo "==> $JOBS queued jobs, $WORKERS workers, worker batch $batch, zero-latency mock$(
    [ "${KEEL_BENCH_PGBOUNCER:-0}" = 1 ] && printf ', through PgBouncer (transaction pooling)')" >&2
  mapfile -t db_env < <(keel_db_env "$url")
  start=$(date +%s.%N)
  env "${db_env[@]}" KEEL_LOG_LEVEL=warn KEEL_HYPERVISOR=mock KEEL_MOCK_LATENCY_SCALE=0 KEEL_MOCK_FAILURE_RATE=0 \
    KEEL_JWT_SECRET=bench-secret-bench-secret-bench-secret "$BIN/keel-api" worker --workers "$WORKERS" \
    --worker-batch "$batch" --db-pool "${KEEL_BENCH_POOL:-16}" &
  pid=$!
  while :; do
    [ "$(psql "$url" -Atc "SELECT count(*) FROM jobs WHERE state IN ('queued','running')")" = 0 ] && break
    sleep 1  # each psql costs a connection's start-up on the same two cores; the figure is the steady state anyway
  done
  end=$(date +%s.%N)
  rss=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  pid=""
  done_count=$(psql "$url" -Atc "SELECT count(*) FROM jobs WHERE state = 'succeeded'")
  active=$(psql "$url" -Atc "SELECT count(*) FROM servers WHERE status = 'active'")
  # Steady state: from the first job finished to the last, so process start-up and polling are not counted.
  STEADY=$(psql "$url" -Atc "SELECT round(count(*) / greatest(extract(epoch FROM max(finished_at) - min(finished_at)), 0.001)) FROM jobs WHERE state = 'succeeded'")
  awk -v n="$done_count" -v s="$start" -v e="$end" -v w="$WORKERS" -v b="$batch" -v rss="$rss" -v a="$active" -v st="$STEADY" 'BEGIN {
    printf "queue benchmark: %d jobs by %d workers (batch %d): %.0f jobs/s steady state, %.2f s wall clock incl. start-up (%.0f jobs/s); servers active: %d; worker RSS %s MiB\n",
      n, w, b, st, e - s, n / (e - s), a, rss }'
}

run_queue 32; default_steady="$STEADY"
run_queue 128; large_steady="$STEADY"
echo "==> PostgreSQL's ceiling beside it: one statement inserting a server and its job, 32 clients, 10 s" >&2
insert_tps="$(ceiling_insert_tps "$url" 32 10)"
printf 'ceiling: server+job insert %s tps\n' "$insert_tps"
ratio queue_vs_insert_ceiling "$default_steady" "$insert_tps"
ratio queue_batch128_vs_insert_ceiling "$large_steady" "$insert_tps"
