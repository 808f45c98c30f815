#!/usr/bin/env bash
# Full migration (clusters, users, servers, credentials, links to the VMs), a no-change re-run and a --link-only
# run of the 100k-client testbed, linking against two Proxmox VE simulators of its own that run the testbed's
# VMs: seconds, rows/s and peak RSS. Beside them, in the same run against the same PostgreSQL, the ceiling:
# pgloader copying the same WHMCS tables raw; `ratio migrate_vs_pgloader` and `ratio rerun_vs_first` follow.
#   --clients N        the testbed's size (KEEL_BENCH_CLIENTS, 100000)
#   --scale A,B,...    instead: one full migration and one pgloader copy at each size, as a curve (time, RSS)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/ceilings.sh
source "$ROOT/bench/ceilings.sh"
BIN="$ROOT/build/bin"
CLIENTS="${KEEL_BENCH_CLIENTS:-100000}"
SCALE=""
while (($#)); do
  case "$1" in
    --clients) CLIENTS="${2:?--clients needs a count}"; shift 2 ;;
    --scale) SCALE="${2:?--scale needs sizes, e.g. 10000,100000,300000}"; shift 2 ;;
    *) echo "bench migrate: unknown option '$1' (--clients N, --scale A,B,...)" >&2; exit 2 ;;
  esac
done
command -v pgloader >/dev/null || { echo "bench migrate: pgloader is not installed (apt-get install pgloader)" >&2; exit 1; }
sims="$(mktemp -d)"
sim_pids=()
trap 'kill "${sim_pids[@]}" 2>/dev/null || true; rm -rf "$sims"' EXIT
printf 'keel@pve!bench=%s\n' "$(cat /proc/sys/kernel/random/uuid)" >"$sims/token"
for sim in fra1:pve1,pve2,pve3 ams1:pve1,pve2; do  # on free ports; the real one is in <state-dir>/url
  "$BIN/pve-sim" --state-dir "$sims/${sim%%:*}" --listen 127.0.0.1:0 --token-file "$sims/token" \
    --cluster "${sim%%:*}" --nodes "${sim#*:}" --latency-scale 0 --log-level warn >"$sims/${sim%%:*}.log" 2>&1 &
  sim_pids+=($!)
done
for name in fra1 ams1; do
  for _ in $(seq 1 100); do [ -s "$sims/$name/url" ] && break; sleep 0.1; done
  [ -s "$sims/$name/url" ] || { echo "pve-sim $name did not start" >&2; exit 1; }
done
port_of() { sed 's/.*://' "$sims/$1/url"; }
load_testbed() {  # load_testbed CLIENTS: the testbed (database whmcs_bench) and its VMs in the simulators
  local clients="$1" start end loaded name
  echo "==> building the ${clients}-client testbed (database whmcs_bench) and its VMs" >&2
  rm -rf "$sims/vms"
  start=$(date +%s.%N)
  "$BIN/keel-testbed" --url "$WHMCS_ADMIN_URL" --database whmcs_bench --clients "$clients" --seed 1 \
    --ro-user whmcs_bench_ro --ro-password bench-ro-password --pve-token-file "$sims/token" \
    --pve-endpoint "fra1=127.0.0.1:$(port_of fra1)" --pve-endpoint "ams1=127.0.0.1:$(port_of ams1)" \
    --write-config "$sims/configuration.php" --sim-vms-dir "$sims/vms" >/dev/null
  end=$(date +%s.%N)
  for name in fra1 ams1; do
    curl -sSf --cacert "$sims/$name/ca.pem" -H "Authorization: PVEAPIToken=$(cat "$sims/token")" \
      -H 'Content-Type: application/json' --data-binary @"$sims/vms/$name.json" \
      "$(cat "$sims/$name/url")/_sim/vms" >/dev/null
  done
  loaded=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v l="$loaded" 'BEGIN { printf "testbed load: %.1f s, its VMs into the simulators: %.1f s\n", e - s, l - e }'
}

fresh_target() {  # a Keel database with its schema and nothing else
  psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  psql "$DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
  DATABASE_URL="$target" "$BIN/keel-api" migrate >/dev/null 2>&1
}

name=keel_bench_migrate
target="${DATABASE_URL%/*}/$name"
whmcs_bench_url="${WHMCS_ADMIN_URL%/*}/whmcs_bench"
LAST_SECONDS=0
LAST_RSS_KB=0

run() {  # run LABEL: one migration, timed, with peak RSS
  local out; out="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$out.time" "$BIN/whmcs-migrate" --whmcs-config "$sims/configuration.php" \
    --target "$target" --cluster-ca "fra1=$sims/fra1/ca.pem" --cluster-ca "ams1=$sims/ams1/ca.pem" \
    --report "$out.json" "${@:2}" >"$out" 2>/dev/null || [ $? = 3 ]
  read -r seconds rss_kb < <(tail -n 1 "$out.time")  # time prepends a line when the exit code is not 0
  LAST_SECONDS="$seconds" LAST_RSS_KB="$rss_kb"
  field() { grep -o "\"$1\":{\"source\":[0-9]*,\"inserted\":[0-9]*,\"updated\":[0-9]*,\"unchanged\":[0-9]*" "$out.json" | grep -o '[0-9]*' | tr '\n' ' '; }
  local users servers rows changed
  read -r -a users <<<"$(field users)"
  read -r -a servers <<<"$(field servers)"
  rows=$((users[0] + servers[0]))
  changed="${servers[1]:-0} inserted, ${servers[2]:-0} updated, ${servers[3]:-0} unchanged"
  local links; links="$(grep -o '"links":{"servers":[0-9]*,"linked":[0-9]*,"verified":[0-9]*' "$out.json" | grep -o '[0-9]*' | tr '\n' ' ')"
  read -r -a links <<<"$links"
  awk -v l="$1" -v s="$seconds" -v r="$rss_kb" -v n="$rows" -v c="$changed" -v k="${links[1]} linked, ${links[2]} verified of ${links[0]}" 'BEGIN {
    printf "%-18s %7.1f s  %9.0f source rows/s  peak RSS %6.1f MiB  servers: %s; links: %s\n", l, s, (n > 0 ? n / s : 0), r / 1024, c, k }'
  rm -f "$out" "$out.time" "$out.json"
}
pgloader_run() {  # the ceiling: pgloader copying the same tables raw into the same PostgreSQL
  local seconds rss_kb
  read -r seconds rss_kb < <(ceiling_pgloader "$whmcs_bench_url")
  LAST_SECONDS="$seconds" LAST_RSS_KB="$rss_kb"
  awk -v s="$seconds" -v r="$rss_kb" 'BEGIN { printf "%-18s %7.1f s  %26s  peak RSS %6.1f MiB  %d WHMCS tables copied raw\n", "ceiling: pgloader", s, "", r / 1024, '"${#WHMCS_SOURCE_TABLES[@]}"' }'
}

if [ -n "$SCALE" ]; then
  IFS=, read -r -a sizes <<<"$SCALE"
  curve=()
  for clients in "${sizes[@]}"; do
    load_testbed "$clients"
    pgloader_run; ceiling_seconds="$LAST_SECONDS"; ceiling_rss="$LAST_RSS_KB"
    fresh_target
    run "full migration"
    curve+=("$(awk -v c="$clients" -v s="$LAST_SECONDS" -v r="$LAST_RSS_KB" -v ps="$ceiling_seconds" -v pr="$ceiling_rss" 'BEGIN {
      printf "%9d clients  %7.1f s  %8.1f µs/client  peak RSS %6.1f MiB   pgloader %7.1f s, %6.1f MiB   ratio %.2f", c, s, s * 1e6 / c, r / 1024, ps, pr / 1024, (ps > 0 ? s / ps : 0) }')")
  done
  echo
  echo "migration scale curve (full migration; pgloader beside it on the same tables)"
  printf '%s\n' "${curve[@]}"
  exit 0
fi

load_testbed "$CLIENTS"
pgloader_run; ceiling_seconds="$LAST_SECONDS"
fresh_target
run "full migration"; first_seconds="$LAST_SECONDS"
run "no-change re-run"; rerun_seconds="$LAST_SECONDS"
run "link-only re-run" --link-only
ratio migrate_vs_pgloader "$first_seconds" "$ceiling_seconds"
ratio rerun_vs_first "$rerun_seconds" "$first_seconds"
