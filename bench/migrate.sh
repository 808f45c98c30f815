#!/usr/bin/env bash
# Full migration (clusters, users, servers, credentials, links to the VMs), a no-change re-run and a --link-only
# run of the 100k-client testbed, linking against two Proxmox VE simulators of its own that run the testbed's
# VMs: seconds, rows/s and peak RSS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/build/bin"
CLIENTS="${KEEL_BENCH_CLIENTS:-100000}"
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
echo "==> building the ${CLIENTS}-client testbed (database whmcs_bench) and its VMs" >&2
start=$(date +%s.%N)
"$BIN/keel-testbed" --url "$WHMCS_ADMIN_URL" --database whmcs_bench --clients "$CLIENTS" --seed 1 \
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
name=keel_bench_migrate
psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
psql "$DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
target="${DATABASE_URL%/*}/$name"
DATABASE_URL="$target" "$BIN/keel-api" migrate >/dev/null 2>&1

run() {  # run LABEL: one migration, timed, with peak RSS
  local out; out="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$out.time" "$BIN/whmcs-migrate" --whmcs-config "$sims/configuration.php" \
    --target "$target" --cluster-ca "fra1=$sims/fra1/ca.pem" --cluster-ca "ams1=$sims/ams1/ca.pem" \
    --report "$out.json" "${@:2}" >"$out" 2>/dev/null || [ $? = 3 ]
  read -r seconds rss_kb < <(tail -n 1 "$out.time")  # time prepends a line when the exit code is not 0
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
run "full migration"
run "no-change re-run"
run "link-only re-run" --link-only
