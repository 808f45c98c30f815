# Sourced by bench/run and bench/queue.sh: with KEEL_BENCH_PGBOUNCER=1 (`./dev bench api|queue --pgbouncer`) the
# benchmarked keel-api reaches PostgreSQL through a private PgBouncer 1.18 in transaction pooling mode
# (KEEL_DB_POOLER=transaction), with LISTEN and worker locks on the direct URL (KEEL_LISTEN_DATABASE_URL).

# pgbouncer_start DIRECT_URL: starts PgBouncer in a temporary folder and sets PGBOUNCER_URL (same user, password,
# database through it). pgbouncer_stop stops it.
pgbouncer_start() {
  local url="$1" rest creds user password address host port database
  rest="${url#*://}"; creds="${rest%%@*}"; address="${rest#*@}"; database="${address#*/}"; address="${address%%/*}"
  user="${creds%%:*}"; password="${creds#*:}"; host="${address%:*}"; port="${address##*:}"
  PGBOUNCER_DIR="$(mktemp -d)"
  PGBOUNCER_PORT="${KEEL_BENCH_PGBOUNCER_PORT:-6432}"
  printf '"%s" "%s"\n' "$user" "$password" >"$PGBOUNCER_DIR/userlist.txt"
  cat >"$PGBOUNCER_DIR/pgbouncer.ini" <<INI
[databases]
* = host=$host port=$port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $PGBOUNCER_DIR/userlist.txt
pool_mode = transaction
default_pool_size = ${KEEL_BENCH_PGBOUNCER_POOL:-16}
max_client_conn = 1000
logfile = $PGBOUNCER_DIR/pgbouncer.log
pidfile = $PGBOUNCER_DIR/pgbouncer.pid
INI
  if [ "$(id -u)" = 0 ]; then  # PgBouncer refuses to run as root
    chown -R postgres: "$PGBOUNCER_DIR"
    runuser -u postgres -- /usr/sbin/pgbouncer -d -q "$PGBOUNCER_DIR/pgbouncer.ini"
  else
    /usr/sbin/pgbouncer -d -q "$PGBOUNCER_DIR/pgbouncer.ini"
  fi
  for _ in $(seq 1 50); do [ -s "$PGBOUNCER_DIR/pgbouncer.pid" ] && break; sleep 0.1; done
  PGBOUNCER_URL="postgresql://$user:$password@127.0.0.1:$PGBOUNCER_PORT/$database"
}

pgbouncer_stop() {
  [ -n "${PGBOUNCER_DIR:-}" ] || return 0
  [ -s "$PGBOUNCER_DIR/pgbouncer.pid" ] && kill "$(cat "$PGBOUNCER_DIR/pgbouncer.pid")" 2>/dev/null || true
  rm -rf "$PGBOUNCER_DIR"
  PGBOUNCER_DIR=
}

# keel_db_env DIRECT_URL: the settings keel-api gets (as env assignments for `env`), direct or through PgBouncer.
keel_db_env() {
  if [ "${KEEL_BENCH_PGBOUNCER:-0}" = 1 ]; then
    printf '%s\n' "DATABASE_URL=$PGBOUNCER_URL" KEEL_DB_POOLER=transaction "KEEL_LISTEN_DATABASE_URL=$1"
  else
    printf '%s\n' "DATABASE_URL=$1"
  fi
}
