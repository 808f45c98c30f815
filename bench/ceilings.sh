#!/usr/bin/env bash
# PostgreSQL's own ceilings, measured against the same server in the same run as Keel (issue #12): what Keel's
# figures are divided by in the `ratio NAME VALUE` lines the benches print. Sourced by bench/run and bench/*.sh.

# ceiling_select_tps CLIENTS SECONDS: pgbench -S (primary-key SELECTs) on a scale-10 pgbench database of its own.
ceiling_select_tps() {
  local clients="$1" seconds="$2" name=keel_bench_pgbench url
  url="${DATABASE_URL%/*}/$name"
  if [ "$(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM pg_database WHERE datname = '$name'")" = 0 ]; then
    psql "$DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
    pgbench -i -q -s 10 "$url" >/dev/null 2>&1
  fi
  pgbench -S -n -M prepared -c "$clients" -j 2 -T "$seconds" "$url" 2>/dev/null |
    awk '/^tps = / {printf "%.0f", $3; exit}'
}

# ceiling_insert_tps URL CLIENTS SECONDS: one statement inserting a server and its provisioning job into Keel's
# schema at URL (which must hold user 1), as fast as PostgreSQL commits them.
ceiling_insert_tps() {
  local url="$1" clients="$2" seconds="$3" script
  script="$(mktemp)"
  cat >"$script" <<'SQL'
WITH s AS (INSERT INTO servers (owner_id, hostname, cpu_cores, ram_mb, disk_gb, os_image, datacenter)
           VALUES (1, 'ceiling.example.com', 1, 1024, 10, 'debian-12', 'fra1') RETURNING id)
INSERT INTO jobs (kind, server_id, state) SELECT 'provision', id, 'succeeded' FROM s;
SQL
  pgbench -n -M prepared -f "$script" -c "$clients" -j 2 -T "$seconds" "$url" 2>/dev/null |
    awk '/^tps = / {printf "%.0f", $3; exit}'
  rm -f "$script"
}

# ratio NAME KEEL CEILING: the line the issue asks for, two decimals.
ratio() {
  awk -v n="$1" -v k="$2" -v c="$3" 'BEGIN { if (c > 0) printf "ratio %s %.2f\n", n, k / c; else printf "ratio %s n/a\n", n }'
}

# The WHMCS tables whmcs-migrate reads (src/whmcs/source_reader.cpp): what pgloader copies for the migration's
# ceiling.
WHMCS_SOURCE_TABLES=(tblclients tblusers tblusers_clients tblhosting tblproducts tblproductconfigoptions
  tblproductconfigoptionssub tblhostingconfigoptions tblcustomfields tblcustomfieldsvalues tblservers
  mod_pvewhmcs_vms)

# ceiling_pgloader MYSQL_URL → prints "SECONDS PEAK_RSS_KIB": pgloader (Debian's) copying WHMCS_SOURCE_TABLES
# raw — no indexes, no foreign keys — from MYSQL_URL into a fresh PostgreSQL database beside Keel's. WHMCS's
# zero dates ('0000-00-00') are not dates to PostgreSQL: the casts turn them into NULL, as every importer must.
ceiling_pgloader() {
  local source="$1" name=keel_bench_pgloader target cmd out tables=()
  target="${DATABASE_URL%/*}/$name"
  psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  psql "$DATABASE_URL" -qc "CREATE DATABASE $name" >/dev/null
  local t; for t in "${WHMCS_SOURCE_TABLES[@]}"; do tables+=("'$t'"); done
  cmd="$(mktemp --suffix=.load)"; out="$(mktemp)"
  cat >"$cmd" <<LOAD
LOAD DATABASE
  FROM $source
  INTO $target
WITH include drop, create tables, create no indexes, no foreign keys, reset no sequences,
     workers = 4, concurrency = 1
CAST type datetime to timestamptz drop default drop not null using zero-dates-to-null,
     type timestamp to timestamptz drop default drop not null using zero-dates-to-null,
     type date drop not null drop default using zero-dates-to-null
INCLUDING ONLY TABLE NAMES MATCHING $(IFS=,; echo "${tables[*]}")
ALTER SCHEMA '${source##*/}' RENAME TO 'public';
LOAD
  if ! /usr/bin/time -f "%e %M" -o "$out" pgloader --quiet "$cmd" >"$out.log" 2>&1; then
    echo "pgloader failed:" >&2; tail -n 20 "$out.log" >&2; rm -f "$cmd" "$out" "$out.log"; return 1
  fi
  tail -n 1 "$out"
  rm -f "$cmd" "$out" "$out.log"
}
