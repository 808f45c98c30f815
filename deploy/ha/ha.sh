#!/usr/bin/env bash
# `./dev ha up|down|status|test`: Keel as several hosts would run it, on this one machine, under .local/ha/:
#
#   etcd ── Patroni pg1 ─┐ PostgreSQL 15, synchronous replication (synchronous_mode: true)
#        └─ Patroni pg2 ─┘ either one is the leader
#   HAProxy :leader  ── the leader only (Patroni's REST GET /primary, checked every 500 ms; a node marked down has
#                       its sessions cut)
#   PgBouncer (transaction pooling) ── HAProxy :leader
#   keel-api serve ×2 (KEEL_WORKERS=0), keel-api worker ×2 (mock hypervisor, one state file)
#      DATABASE_URL              → PgBouncer
#      KEEL_LISTEN_DATABASE_URL  → HAProxy :leader (LISTEN and the workers' session locks need a real session)
#      keel-api migrate          → HAProxy :leader (direct, though its transaction-scoped lock would pass PgBouncer)
#
# ./dev calls it with the packages installed, build/ built and KEEL_JWT_SECRET, KEEL_SECRET_KEY exported.
# Every port can be moved with an environment variable (below). Processes run as `postgres` where PostgreSQL
# (Patroni) and PgBouncer refuse root; pid files and logs are in .local/ha/run and .local/ha/log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/deploy/ha"
BIN="$ROOT/build/bin"
HA="$ROOT/.local/ha"

ETCD_PORT="${KEEL_HA_ETCD_PORT:-64622}"
ETCD_PEER_PORT="${KEEL_HA_ETCD_PEER_PORT:-64623}"
PG1_PORT="${KEEL_HA_PG1_PORT:-54622}"
PG2_PORT="${KEEL_HA_PG2_PORT:-54623}"
REST1_PORT="${KEEL_HA_REST1_PORT:-58623}"
REST2_PORT="${KEEL_HA_REST2_PORT:-58624}"
LEADER_PORT="${KEEL_HA_LEADER_PORT:-54624}"      # HAProxy: the leader
PGBOUNCER_PORT="${KEEL_HA_PGBOUNCER_PORT:-54625}"
STATS_PORT="${KEEL_HA_HAPROXY_STATS_PORT:-64626}"
API1_PORT="${KEEL_HA_API1_PORT:-64627}"
API2_PORT="${KEEL_HA_API2_PORT:-64628}"
METRICS_BASE="${KEEL_HA_METRICS_BASE_PORT:-64630}"  # serve1, serve2, worker1, worker2: this and the next three
TTL="${KEEL_HA_TTL:-10}"
LOOP_WAIT="${KEEL_HA_LOOP_WAIT:-1}"
RETRY_TIMEOUT="${KEEL_HA_RETRY_TIMEOUT:-3}"
MOCK_LATENCY_SCALE="${KEEL_HA_MOCK_LATENCY_SCALE:-0.05}"
ADMIN_PASSWORD="${KEEL_DEMO_PASSWORD:-keel-demo-password}"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'dev ha: %s\n' "$*" >&2; exit 1; }

secret() {  # secret NAME: a random value kept under .local/ha/secrets, made once
  local file="$HA/secrets/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$HA/secrets"; chmod 700 "$HA/secrets"
    openssl rand -hex 24 >"$file"; chmod 600 "$file"
  fi
  cat "$file"
}

# PostgreSQL (and so Patroni) and PgBouncer refuse to run as root: as root, they run as postgres. env and setpriv
# exec (no fork), so the pid spawn records is the process itself.
AS_POSTGRES=()
[ "$(id -u)" = 0 ] &&
  AS_POSTGRES=(env HOME=/var/lib/postgresql setpriv --reuid=postgres --regid=postgres --init-groups --)

own() { [ "$(id -u)" = 0 ] && chown -R postgres: "$@"; return 0; }

keel_url() {  # keel_url PORT: Keel's role on the HA cluster through PORT
  printf 'postgresql://keel:%s@127.0.0.1:%s/keel' "$(secret keel-password)" "$1"
}

superuser_psql() {  # superuser_psql SQL… through HAProxy's leader port
  PGPASSWORD="$(secret superuser-password)" psql -h 127.0.0.1 -p "$LEADER_PORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -Atq "$@"
}

# ---------------------------------------------------------------- processes

pid_of() {  # pid_of NAME: the pid of our running NAME (its pid file, and its command line still naming MARK)
  local file="$HA/run/$1.pid" pid
  pid="$(cat "$file" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  local mark; mark="$(cat "$HA/run/$1.mark" 2>/dev/null)" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$mark" || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  printf '%s' "$pid"
}

spawn() {  # spawn NAME MARK COMMAND…: in the background in a session of its own, logging to log/NAME.log
  local name="$1" mark="$2"; shift 2
  mkdir -p "$HA/run" "$HA/log"
  setsid "$@" </dev/null >>"$HA/log/$name.log" 2>&1 &
  printf '%s\n' "$!" >"$HA/run/$name.pid"
  printf '%s\n' "$mark" >"$HA/run/$name.mark"
}

stop() {  # stop NAME [SIGNAL]: SIGNAL (TERM), then up to 30 s, then KILL
  local name="$1" signal="${2:-TERM}" pid i
  pid="$(pid_of "$name")" || { rm -f "$HA/run/$name.pid"; return 0; }
  say "stopping $name (pid $pid)"
  kill -"$signal" "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do pid_of "$name" >/dev/null || break; sleep 0.1; done
  if pid_of "$name" >/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  rm -f "$HA/run/$name.pid"
}

wait_for() {  # wait_for SECONDS WHAT COMMAND…
  local seconds="$1" what="$2" i; shift 2
  for i in $(seq 1 $((seconds * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  die "$what did not come up within ${seconds}s (logs: .local/ha/log/)"
}

rest_port() { case "$1" in pg1) printf '%s' "$REST1_PORT" ;; pg2) printf '%s' "$REST2_PORT" ;; esac; }
pg_port() { case "$1" in pg1) printf '%s' "$PG1_PORT" ;; pg2) printf '%s' "$PG2_PORT" ;; esac; }

member_answering() {  # member_answering PATH: the Patroni member whose REST API answers GET PATH with 200
  local node
  for node in pg1 pg2; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$(rest_port $node)$1")" = 200 ] &&
      { printf '%s' "$node"; return 0; }
  done
  return 1
}
leader() { member_answering /primary; }
sync_standby() { member_answering /sync; }  # the synchronous standby

fill() {  # fill TEMPLATE OUT KEY=VALUE…: replaces @KEY@
  local template="$1" out="$2" text pair; shift 2
  text="$(cat "$template")"
  for pair in "$@"; do text="${text//@${pair%%=*}@/${pair#*=}}"; done
  printf '%s\n' "$text" >"$out"
}

# ---------------------------------------------------------------- components

etcd_up() {
  pid_of etcd >/dev/null && return 0
  say "starting etcd on 127.0.0.1:$ETCD_PORT"
  mkdir -p "$HA/etcd"
  spawn etcd "$HA/etcd" etcd --name keel-ha --data-dir "$HA/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "keel-ha=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new
  wait_for 30 etcd curl -sf "http://127.0.0.1:$ETCD_PORT/health"
}

patroni_config() {  # patroni_config NODE: writes and prints its patroni.yml
  local node="$1" dir="$HA/$1"
  mkdir -p "$dir" "$HA/log/$node"
  fill "$HERE/patroni.yml.in" "$dir/patroni.yml" NAME="$node" HOME="$HA" REST_PORT="$(rest_port "$node")" \
    ETCD_PORT="$ETCD_PORT" PG_PORT="$(pg_port "$node")" TTL="$TTL" LOOP_WAIT="$LOOP_WAIT" \
    RETRY_TIMEOUT="$RETRY_TIMEOUT" SUPERUSER_PASSWORD="$(secret superuser-password)" \
    REPLICATION_PASSWORD="$(secret replication-password)" REWIND_PASSWORD="$(secret rewind-password)"
  chmod 600 "$dir/patroni.yml"
  own "$dir" "$HA/log/$node"
  printf '%s' "$dir/patroni.yml"
}

patroni_up() {  # patroni_up NODE
  local node="$1" config
  pid_of "$node" >/dev/null && return 0
  config="$(patroni_config "$node")"
  say "starting Patroni $node (PostgreSQL on 127.0.0.1:$(pg_port "$node"), REST API on 127.0.0.1:$(rest_port "$node"))"
  spawn "$node" "$config" "${AS_POSTGRES[@]}" patroni "$config"
}

haproxy_up() {
  pid_of haproxy >/dev/null && return 0
  say "starting HAProxy: the leader on 127.0.0.1:$LEADER_PORT, stats on http://127.0.0.1:$STATS_PORT/"
  mkdir -p "$HA/haproxy"
  fill "$HERE/haproxy.cfg.in" "$HA/haproxy/haproxy.cfg" LEADER_PORT="$LEADER_PORT" PG1_PORT="$PG1_PORT" \
    PG2_PORT="$PG2_PORT" REST1_PORT="$REST1_PORT" REST2_PORT="$REST2_PORT" STATS_PORT="$STATS_PORT"
  haproxy -c -q -f "$HA/haproxy/haproxy.cfg" || die "HAProxy refused .local/ha/haproxy/haproxy.cfg"
  spawn haproxy "$HA/haproxy/haproxy.cfg" haproxy -db -f "$HA/haproxy/haproxy.cfg"
}

# Keel in transaction pooling when it knows how (KEEL_DB_POOLER), else session pooling.
keel_knows_pooler() {  # (no `grep -q` on a pipe: under pipefail keel-api's SIGPIPE would fail it)
  local help; help="$("$BIN/keel-api" --help 2>/dev/null; "$BIN/keel-api" serve --help 2>/dev/null)"
  [[ "$help" == *--db-pooler* ]]
}

pool_mode() {
  if [ -n "${KEEL_HA_POOL_MODE:-}" ]; then printf '%s' "$KEEL_HA_POOL_MODE"
  elif keel_knows_pooler; then printf transaction
  else printf session; fi
}

pgbouncer_up() {
  pid_of pgbouncer >/dev/null && return 0
  local mode; mode="$(pool_mode)"
  say "starting PgBouncer on 127.0.0.1:$PGBOUNCER_PORT (pool_mode = $mode)"
  mkdir -p "$HA/pgbouncer" "$HA/run" "$HA/log"
  # session pooling holds one server connection per client connection: room for every Keel connection then.
  local pool_size=20
  [ "$mode" = session ] && pool_size=150
  fill "$HERE/pgbouncer.ini.in" "$HA/pgbouncer/pgbouncer.ini" HOME="$HA" LEADER_PORT="$LEADER_PORT" \
    PGBOUNCER_PORT="$PGBOUNCER_PORT" POOL_MODE="$mode" POOL_SIZE="$pool_size"
  printf '"keel" "%s"\n' "$(secret keel-password)" >"$HA/pgbouncer/userlist.txt"
  chmod 600 "$HA/pgbouncer/userlist.txt"
  own "$HA/pgbouncer"
  spawn pgbouncer "$HA/pgbouncer/pgbouncer.ini" "${AS_POSTGRES[@]}" pgbouncer "$HA/pgbouncer/pgbouncer.ini"
  wait_for 20 PgBouncer psql "$(keel_url "$PGBOUNCER_PORT")" -Atqc 'SELECT 1'
}

database_up() {  # Keel's role and database, once, on the leader
  superuser_psql <<SQL
SELECT format('CREATE ROLE keel LOGIN PASSWORD %L', '$(secret keel-password)')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keel') \gexec
-- What Keel would send as a startup option, which PgBouncer 1.18 cannot forward.
ALTER ROLE keel SET statement_timeout = '10s';
SELECT 'CREATE DATABASE keel OWNER keel' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'keel') \gexec
SQL
}

# The settings every Keel process of the stack gets (printed by `./dev ha env` too).
keel_env() {
  local mode; mode="$(pool_mode)"
  printf "export DATABASE_URL='%s'\n" "$(keel_url "$PGBOUNCER_PORT")"
  printf "export KEEL_DIRECT_DATABASE_URL='%s'\n" "$(keel_url "$LEADER_PORT")"
  if keel_knows_pooler; then
    printf "export KEEL_LISTEN_DATABASE_URL='%s'\n" "$(keel_url "$LEADER_PORT")"
    [ "$mode" = transaction ] && printf "export KEEL_DB_POOLER=transaction\n"
  fi
  printf "export KEEL_HYPERVISOR=mock KEEL_MOCK_STATE_FILE='%s' KEEL_MOCK_LATENCY_SCALE='%s'\n" \
    "$HA/mock-hypervisor.state" "$MOCK_LATENCY_SCALE"
  printf "export KEEL_HA_API_URLS='http://127.0.0.1:%s http://127.0.0.1:%s'\n" "$API1_PORT" "$API2_PORT"
}

keel_up() {
  eval "$(keel_env)"
  say "migrating (directly on the leader)"
  DATABASE_URL="$KEEL_DIRECT_DATABASE_URL" "$BIN/keel-api" migrate
  printf '%s' "$ADMIN_PASSWORD" | DATABASE_URL="$KEEL_DIRECT_DATABASE_URL" "$BIN/keel-api" users create \
    --email admin@keel.local --name "HA Admin" --role admin --password-stdin --exists-ok
  # POST /servers offers the registered clusters' images; the workers' mock hypervisor stands in for them all
  # (the URL and fingerprint point nowhere: KEEL_HYPERVISOR=mock never dials them).
  local code=0
  printf 'ha-mock-token-secret\n' | DATABASE_URL="$KEEL_DIRECT_DATABASE_URL" "$BIN/keel-api" clusters add fra1 \
    --url https://127.0.0.1:8006 --token-id 'keel@pve!keel' --secret-stdin \
    --fingerprint "$(printf 'AB:%.0s' $(seq 1 31))AB" >/dev/null || code=$?
  [ "$code" = 0 ] || [ "$code" = 3 ] || die "registering the cluster fra1 failed (exit $code)"
  DATABASE_URL="$KEEL_DIRECT_DATABASE_URL" "$BIN/keel-api" images set fra1 debian-12 --template-vmid 9000 >/dev/null
  local i port
  for i in 1 2; do
    pid_of "serve$i" >/dev/null && continue
    port="$API1_PORT"; [ "$i" = 2 ] && port="$API2_PORT"
    say "starting keel-api serve $i on 127.0.0.1:$port (KEEL_WORKERS=0)"
    KEEL_LISTEN="127.0.0.1:$port" KEEL_WORKERS=0 KEEL_METRICS_LISTEN="127.0.0.1:$((METRICS_BASE + i - 1))" \
      KEEL_MAX_QUEUED_OPERATIONS_PER_CLIENT=1000000 KEEL_MAX_SERVERS_PER_CLIENT=0 \
      KEEL_MAX_IDEMPOTENCY_KEYS_PER_USER=10000000 \
      spawn "serve$i" "keel-api serve" "$BIN/keel-api" serve
  done
  for i in 1 2; do
    pid_of "worker$i" >/dev/null && continue
    say "starting keel-api worker $i (mock hypervisor, shared state in .local/ha/mock-hypervisor.state)"
    KEEL_METRICS_LISTEN="127.0.0.1:$((METRICS_BASE + i + 1))" KEEL_WORKERS="${KEEL_HA_WORKERS:-4}" \
      spawn "worker$i" "keel-api worker" "$BIN/keel-api" worker
  done
  for port in "$API1_PORT" "$API2_PORT"; do
    wait_for 30 "keel-api on $port" curl -sf "http://127.0.0.1:$port/readyz"
  done
}

# ---------------------------------------------------------------- commands

cmd_up() {
  [ -x "$BIN/keel-api" ] || die "build/bin/keel-api is not built"
  mkdir -p "$HA"
  own "$HA"
  etcd_up
  patroni_up pg1
  wait_for 60 "a Patroni leader" leader
  patroni_up pg2
  haproxy_up
  wait_for 30 "HAProxy's leader port" env PGPASSWORD="$(secret superuser-password)" \
    psql -h 127.0.0.1 -p "$LEADER_PORT" -U postgres -d postgres -Atqc 'SELECT 1'
  database_up
  say "waiting for the synchronous standby (pg2 cloning from the leader)"
  wait_for 120 "a synchronous standby" sync_standby
  pgbouncer_up
  keel_up
  cmd_status
  cat >&2 <<MSG

Keel (HA) is up: the API at http://127.0.0.1:$API1_PORT and http://127.0.0.1:$API2_PORT
  admin@keel.local, password $ADMIN_PASSWORD; settings: ./dev ha env; load + failovers: ./dev ha test
MSG
}

cmd_down() {
  local name
  for name in serve1 serve2 worker1 worker2 pgbouncer haproxy pg2 pg1 etcd; do stop "$name"; done
}

cmd_status() {
  local name pid
  for name in etcd pg1 pg2 haproxy pgbouncer serve1 serve2 worker1 worker2; do
    if pid="$(pid_of "$name")"; then printf '%-10s running (pid %s)\n' "$name" "$pid"
    else printf '%-10s stopped\n' "$name"; fi
  done
  if pid_of pg1 >/dev/null || pid_of pg2 >/dev/null; then
    patronictl -c "$HA/pg1/patroni.yml" list 2>/dev/null || true
  fi
  local port
  for port in "$API1_PORT" "$API2_PORT"; do
    printf 'http://127.0.0.1:%s/readyz  %s\n' "$port" \
      "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/readyz" || true)"
  done
}

# PgBouncer restarted as `systemctl restart pgbouncer` (Debian's unit) does it: SIGTERM, then started again.
cmd_restart_pgbouncer() {
  stop pgbouncer TERM
  pgbouncer_up
}

cmd_kill_leader() {  # kill -9 of the leader's postmaster
  local node pid
  node="$(leader)" || die "no leader"
  pid="$(head -1 "$HA/$node/data/postmaster.pid")"
  say "kill -9 of $node's postmaster (pid $pid)"
  kill -KILL "$pid"
}

cmd_switchover() {  # planned: the leader hands over to the synchronous standby
  local from to
  from="$(leader)" || die "no leader"
  to="$(sync_standby)" || die "no synchronous standby"
  say "patronictl switchover $from → $to"
  patronictl -c "$HA/pg1/patroni.yml" switchover keel-ha --leader "$from" --candidate "$to" --force
}

cmd_test() {
  [ -x "$BIN/ha-load" ] || die "build/bin/ha-load is not built"
  for name in serve1 serve2 worker1 worker2 pgbouncer haproxy pg1 pg2 etcd; do
    pid_of "$name" >/dev/null || die "$name is not running: ./dev ha up first"
  done
  eval "$(keel_env)"
  # A fresh Keel database and mock hypervisor for the run: the mock's state file is read and rewritten whole under
  # a lock by every call, so VMs piled up by earlier runs would make it, not Keel, the bottleneck.
  say "a fresh Keel database and mock hypervisor for the run"
  for name in serve1 serve2 worker1 worker2; do stop "$name"; done
  superuser_psql -c 'DROP DATABASE IF EXISTS keel WITH (FORCE)'
  database_up
  rm -f "$KEEL_MOCK_STATE_FILE"
  keel_up >/dev/null
  local self="$HERE/ha.sh" scenario code=0
  # NAME:TARGET (seconds of 503s allowed):FAULT. A leader crash may take Patroni's TTL (40 s on this machine's
  # targets); a switchover and a PgBouncer restart 10 s.
  for scenario in "switchover:10:$self switchover" "leader-crash:40:$self kill-leader" \
      "pgbouncer-restart:10:$self restart-pgbouncer"; do
    local name="${scenario%%:*}" rest="${scenario#*:}"
    say "scenario $name: waiting for a synchronous standby first"
    wait_for 180 "a synchronous standby" sync_standby
    "$BIN/ha-load" --scenario "$name" --target "${rest%%:*}" --fault "${rest#*:}" --api "$KEEL_HA_API_URLS" \
      --database-url "$KEEL_DIRECT_DATABASE_URL" --mock-state-file "$KEEL_MOCK_STATE_FILE" \
      --email admin@keel.local --password "$ADMIN_PASSWORD" || code=1
  done
  return "$code"
}

main() {
  local cmd="${1:-status}"
  shift || true
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) keel_env ;;
    test) cmd_test ;;
    switchover) cmd_switchover ;;
    kill-leader) cmd_kill_leader ;;
    restart-pgbouncer) cmd_restart_pgbouncer ;;
    *) die "unknown command '$cmd' (up, down, status, env, test)" ;;
  esac
}

main "$@"
