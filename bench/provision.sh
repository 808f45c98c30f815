#!/usr/bin/env bash
# Servers provisioned per second through the real Proxmox VE client over HTTPS: N queued provisioning jobs,
# 4 workers, a pve-sim whose tasks end at once (latency scale 0), so what is measured is Keel — its queue, its
# client and its connection reuse — not task durations. Called by `./dev bench provision` with the stack's
# settings exported (DATABASE_URL, KEEL_SECRET_KEY).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/build/bin"
SERVERS="${KEEL_BENCH_SERVERS:-2000}"
WORKERS="${KEEL_BENCH_WORKERS:-4}"
SIM_PORT="${KEEL_BENCH_PVE_PORT:-0}"  # 0: any free port (the simulator writes the real one into its url file)
TASK_POLL_MS="${KEEL_BENCH_TASK_POLL_MS:-5}"
CLUSTER=bench
TOKEN_ID='keel@pve!keel'
: "${DATABASE_URL:?run through ./dev bench provision (or eval \"\$(./dev env)\")}"
: "${KEEL_SECRET_KEY:?run through ./dev bench provision (or eval \"\$(./dev env)\")}"
[ -x "$BIN/pve-sim" ] || { echo "bench: build/bin/pve-sim is not built" >&2; exit 1; }

say() { printf '==> %s\n' "$*" >&2; }

tmp="$(mktemp -d)"
sim_pid=""
worker_pid=""
cleanup() {
  [ -n "$worker_pid" ] && kill "$worker_pid" 2>/dev/null || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# ---- the simulator: its own state dir, a fresh token, nodes big enough that placement never runs out
(umask 077
 openssl rand -hex 16 >"$tmp/secret"
 printf '%s=%s\n' "$TOKEN_ID" "$(cat "$tmp/secret")" >"$tmp/token"
 printf 'Authorization: PVEAPIToken=%s=%s\n' "$TOKEN_ID" "$(cat "$tmp/secret")" >"$tmp/authorization")
say "starting pve-sim (latency scale 0, 3 nodes) on 127.0.0.1:$SIM_PORT"
"$BIN/pve-sim" --state-dir "$tmp/sim" --listen "127.0.0.1:$SIM_PORT" --token-file "$tmp/token" --cluster "$CLUSTER" \
  --nodes pve1,pve2,pve3 --node-memory-gib $((SERVERS + 64)) --latency-scale 0 --save-interval-ms 1000 \
  --log-level warn >"$tmp/sim.log" 2>&1 &
sim_pid=$!
sim() {  # sim PATH: GET from the simulator, verified against its CA
  curl -sf --max-time 30 --cacert "$tmp/sim/ca.pem" -H @"$tmp/authorization" "$(cat "$tmp/sim/url")$1"
}
for _ in $(seq 1 100); do
  [ -s "$tmp/sim/url" ] && sim /api2/json/version >/dev/null 2>&1 && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$tmp/sim.log" >&2; exit 1; }
  sleep 0.1
done
sim /api2/json/version >/dev/null || { echo "bench: pve-sim does not answer" >&2; cat "$tmp/sim.log" >&2; exit 1; }

# ---- a fresh database, the cluster registered through the CLI with the simulator's CA, N queued servers
name=keel_bench_provision
psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
psql "$DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
url="${DATABASE_URL%/*}/$name"
DATABASE_URL="$url" "$BIN/keel-api" migrate 2>/dev/null
DATABASE_URL="$url" "$BIN/keel-api" clusters add "$CLUSTER" --url "$(cat "$tmp/sim/url")" --token-id "$TOKEN_ID" \
  --ca-file "$tmp/sim/ca.pem" --secret-file "$tmp/secret" >/dev/null
DATABASE_URL="$url" "$BIN/keel-api" images set "$CLUSTER" debian-12 --template-vmid 9000 >/dev/null
psql "$url" -q <<SQL
INSERT INTO users (email, role) VALUES ('provision@keel.local', 'client');
WITH s AS (
  INSERT INTO servers (owner_id, hostname, cpu_cores, ram_mb, disk_gb, os_image, datacenter)
  SELECT 1, 'p' || g || '.example.com', 1, 1024, 10, 'debian-12', '$CLUSTER' FROM generate_series(1, $SERVERS) g
  RETURNING id)
INSERT INTO jobs (kind, server_id) SELECT 'provision', id FROM s;
SQL
curl -sf --cacert "$tmp/sim/ca.pem" -H @"$tmp/authorization" -X DELETE "$(cat "$tmp/sim/url")/_sim/stats" >/dev/null

# ---- the worker, through the real client, until no job is queued or running
say "$SERVERS queued servers, $WORKERS workers, KEEL_HYPERVISOR=proxmox, task poll ${TASK_POLL_MS} ms"
start=$(date +%s.%N)
DATABASE_URL="$url" KEEL_LOG_LEVEL=warn KEEL_HYPERVISOR=proxmox KEEL_PVE_TASK_POLL_MS="$TASK_POLL_MS" \
  KEEL_JWT_SECRET=bench-secret-bench-secret-bench-secret \
  "$BIN/keel-api" worker --workers "$WORKERS" --db-pool "${KEEL_BENCH_POOL:-16}" >"$tmp/worker.log" 2>&1 &
worker_pid=$!
while :; do
  left=$(psql "$url" -Atc "SELECT count(*) FROM jobs WHERE state IN ('queued','running')")
  [ "$left" = 0 ] && break
  kill -0 "$worker_pid" 2>/dev/null || { echo "bench: the worker exited" >&2; tail -n 20 "$tmp/worker.log" >&2; exit 1; }
  sleep 0.2
done
end=$(date +%s.%N)
rss=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$worker_pid/status")

# ---- figures
stats="$(sim /_sim/stats)"
requests=$(jq -r '.data.requests' <<<"$stats")
handshakes=$(( $(jq -r '.data.handshakes' <<<"$stats") - 1 ))  # not the connection of this very stats call
vms=$(sim '/api2/json/cluster/resources?type=vm' | jq '[.data[] | select(.template == 0)] | length')
succeeded=$(psql "$url" -Atc "SELECT count(*) FROM jobs WHERE state = 'succeeded'")
active=$(psql "$url" -Atc "SELECT count(*) FROM servers WHERE status = 'active'")
failed=$(psql "$url" -Atc "SELECT count(*) FROM servers WHERE status = 'failed'")
retried=$(psql "$url" -Atc "SELECT count(*) FROM jobs WHERE attempt > 1")
# Steady state: from the first server finished to the last, so process start-up and polling are not counted.
steady=$(psql "$url" -Atc "SELECT round(count(*) / greatest(extract(epoch FROM max(finished_at) - min(finished_at)), 0.001)) FROM jobs WHERE state = 'succeeded'")
awk -v n="$SERVERS" -v ok="$succeeded" -v w="$WORKERS" -v s="$start" -v e="$end" -v st="$steady" -v rq="$requests" \
  -v hs="$handshakes" -v rss="$rss" -v a="$active" -v f="$failed" -v r="$retried" -v vms="$vms" -v poll="$TASK_POLL_MS" 'BEGIN {
  wall = e - s
  printf "provision benchmark: %d servers by %d workers through the HTTPS Proxmox VE client (pve-sim, latency 0, task poll %d ms)\n", n, w, poll
  printf "  %-28s %10.0f servers/s steady state\n", "provisioned", st
  printf "  %-28s %10.2f s wall clock incl. start-up (%.0f servers/s)\n", "", wall, ok / wall
  printf "  %-28s %10.0f calls/s over the wall clock, %.1f per server (%d calls)\n", "hypervisor calls", rq / wall, rq / (ok > 0 ? ok : 1), rq
  printf "  %-28s %10d, %.4f per server (connections opened by the worker)\n", "TLS handshakes", hs, hs / (ok > 0 ? ok : 1)
  printf "  %-28s %10s MiB\n", "worker peak RSS", rss
  printf "  %-28s %10d active, %d failed, %d jobs retried\n", "servers", a, f, r
  printf "  %-28s %10d (servers queued: %d)\n", "VMs in the simulator", vms, n
}'
