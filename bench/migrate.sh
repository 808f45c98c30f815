#!/usr/bin/env bash
# Full migration and a no-change re-run of the 100k-client testbed: rows/s and peak RSS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/build/bin"
CLIENTS="${KEEL_BENCH_CLIENTS:-100000}"
echo "==> building the ${CLIENTS}-client testbed (database whmcs_bench)" >&2
start=$(date +%s.%N)
"$BIN/keel-testbed" --url "$WHMCS_ADMIN_URL" --database whmcs_bench --clients "$CLIENTS" --seed 1 \
  --ro-user whmcs_bench_ro --ro-password bench-ro-password >/dev/null
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "testbed load: %.1f s\n", e - s }'
source_url="mysql://whmcs_bench_ro:bench-ro-password@127.0.0.1:${KEEL_MARIADB_PORT}/whmcs_bench"
name=keel_bench_migrate
psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
psql "$DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
target="${DATABASE_URL%/*}/$name"
DATABASE_URL="$target" "$BIN/keel-api" migrate >/dev/null 2>&1

run() {  # run LABEL: one migration, timed, with peak RSS
  local out; out="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$out.time" "$BIN/whmcs-migrate" --source "$source_url" --target "$target" \
    --report "$out.json" >"$out" 2>/dev/null || [ $? = 3 ]
  read -r seconds rss_kb < <(tail -n 1 "$out.time")  # time prepends a line when the exit code is not 0
  field() { grep -o "\"$1\":{\"source\":[0-9]*,\"inserted\":[0-9]*,\"updated\":[0-9]*,\"unchanged\":[0-9]*" "$out.json" | grep -o '[0-9]*' | tr '\n' ' '; }
  local users servers rows changed
  read -r -a users <<<"$(field users)"
  read -r -a servers <<<"$(field servers)"
  rows=$((users[0] + servers[0]))
  changed="${servers[1]} inserted, ${servers[2]} updated, ${servers[3]} unchanged"
  awk -v l="$1" -v s="$seconds" -v r="$rss_kb" -v n="$rows" -v c="$changed" 'BEGIN {
    printf "%-18s %7.1f s  %9.0f source rows/s  peak RSS %6.1f MiB  servers: %s\n", l, s, n / s, r / 1024, c }'
  rm -f "$out" "$out.time" "$out.json"
}
run "full migration"
run "no-change re-run"
