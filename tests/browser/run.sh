#!/usr/bin/env bash
# CTest `browser_console` (label browser): a fresh database, keel-api serving the console with the mock hypervisor
# (creation takes ~1-2 s), two accounts and a hostile migrated server, then the playwright-core suite in Debian's
# chromium. Screenshots go to $KEEL_BROWSER_ARTIFACTS. Needs DATABASE_URL (./dev test), node, npm, chromium.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="${KEEL_BIN_DIR:?KEEL_BIN_DIR: the directory holding keel-api}"
WORK="${KEEL_BROWSER_WORK:-$(dirname "$BIN")/browser}"
export KEEL_BROWSER_ARTIFACTS="${KEEL_BROWSER_ARTIFACTS:-$(dirname "$BIN")/browser-artifacts}"
export KEEL_CHROMIUM="${KEEL_CHROMIUM:-/usr/bin/chromium}"
: "${DATABASE_URL:?DATABASE_URL is not set: run the browser suite through ./dev test}"
for tool in node npm psql curl; do
  command -v "$tool" >/dev/null || { echo "browser suite: $tool is missing (./dev installs it)" >&2; exit 1; }
done
[ -x "$KEEL_CHROMIUM" ] || { echo "browser suite: $KEEL_CHROMIUM is missing (Debian package chromium)" >&2; exit 1; }

started=$SECONDS
mkdir -p "$WORK" "$KEEL_BROWSER_ARTIFACTS"
db="keel_browser_$$_$RANDOM"
base="${DATABASE_URL%%\?*}"
query=""
[[ "$DATABASE_URL" == *\?* ]] && query="?${DATABASE_URL#*\?}"
export DATABASE_URL_TEST="${base%/*}/$db$query"
api_pid=""
cleanup() {
  if [ -n "$api_pid" ]; then
    kill "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
  fi
  psql -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# keel-api with the integration tests' settings (tests/support/api_process.cpp)
export KEEL_JWT_SECRET="browser-test-secret-0123456789abcdef0123"
export KEEL_SECRET_KEY="5ec2e7a1b0c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8"
export KEEL_HYPERVISOR=mock KEEL_MOCK_LATENCY_SCALE=0.2 KEEL_MOCK_FAILURE_RATE=0 KEEL_PVE_TASK_POLL_MS=50
export KEEL_LOG_LEVEL=warn KEEL_DB_POOL=4 KEEL_CATALOG_CACHE_MS=0 KEEL_HASH_THREADS=2
keel() { DATABASE_URL="$DATABASE_URL_TEST" "$BIN/keel-api" "$@" 2>>"$WORK/setup.log"; }

: >"$WORK/setup.log"
trap 'status=$?; cleanup; [ "$status" = 0 ] || cat "$WORK/setup.log" >&2' EXIT
psql -q "$DATABASE_URL" -c "CREATE DATABASE $db" >/dev/null
keel migrate >/dev/null
password="browser-suite-password-$RANDOM$RANDOM"
export KEEL_BROWSER_CLIENT_EMAIL="client@browser.test" KEEL_BROWSER_ADMIN_EMAIL="admin@browser.test"
export KEEL_BROWSER_CLIENT_PASSWORD="$password" KEEL_BROWSER_ADMIN_PASSWORD="$password"
printf '%s\n' "$password" | keel users create --email "$KEEL_BROWSER_CLIENT_EMAIL" --role client --name "Browser Client" --password-stdin >/dev/null
printf '%s\n' "$password" | keel users create --email "$KEEL_BROWSER_ADMIN_EMAIL" --role admin --name "Browser Admin" --password-stdin >/dev/null
printf '%s\n' "4f5c7a52-1c1f-4b39-9d8e-2f0a1b2c3d4e" | keel clusters add fra1 --url https://fra1.pve.invalid:8006 \
  --token-id 'keel@pve!keel' --fingerprint "$(printf 'AB:%.0s' {1..31})AB" --secret-stdin >/dev/null
for image in debian-12:9000 ubuntu-24.04:9002; do
  keel images set fra1 "${image%%:*}" --template-vmid "${image##*:}" >/dev/null
done
export KEEL_BROWSER_DATACENTER=fra1
# A server as a WHMCS migration may bring it: any text as its hostname, its VM not found.
KEEL_BROWSER_HOSTILE_SERVER_ID="$(psql -qtA "$DATABASE_URL_TEST" -c "
  INSERT INTO servers (owner_id, hostname, status, power_state, cpu_cores, ram_mb, disk_gb, os_image, datacenter,
                       vmid, link_status, link_detail, link_checked_at)
  SELECT id, '<img src=x onerror=alert(1)>', 'active', 'running', 1, 1024, 10, 'debian-12', 'fra1', 4242,
         'vm_missing', 'fra1 has no VM 4242 <script>alert(2)</script>', now()
  FROM users WHERE email = '$KEEL_BROWSER_CLIENT_EMAIL' RETURNING id" | head -1)"
export KEEL_BROWSER_HOSTILE_SERVER_ID

port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
export KEEL_BROWSER_BASE_URL="http://127.0.0.1:$port"
DATABASE_URL="$DATABASE_URL_TEST" KEEL_LISTEN="127.0.0.1:$port" "$BIN/keel-api" serve >"$WORK/keel-api.log" 2>&1 &
api_pid=$!

# playwright-core from the lock file (npm's cache first), beside the suite in the build tree
cp "$HERE/package.json" "$HERE/package-lock.json" "$HERE/suite.test.mjs" "$WORK/"
want="$(node -p "require('$HERE/package-lock.json').packages['node_modules/playwright-core'].version")"
have="$(node -p "try{require('$WORK/node_modules/playwright-core/package.json').version}catch{''}")"
if [ "$want" != "$have" ]; then
  (cd "$WORK" && { npm ci --offline --no-audit --no-fund --loglevel=error >/dev/null 2>&1 ||
                   npm ci --no-audit --no-fund --loglevel=error; })
fi

for _ in $(seq 100); do
  curl -sf "$KEEL_BROWSER_BASE_URL/readyz" >/dev/null && break
  kill -0 "$api_pid" 2>/dev/null || { echo "keel-api exited:" >&2; cat "$WORK/keel-api.log" >&2; exit 1; }
  sleep 0.1
done
echo "browser suite: setup took $((SECONDS - started)) s; keel-api at $KEEL_BROWSER_BASE_URL" >&2

status=0
(cd "$WORK" && node --test --test-reporter=spec suite.test.mjs) || status=$?
echo "browser suite: $((SECONDS - started)) s in all; screenshots in $KEEL_BROWSER_ARTIFACTS" >&2
if [ "$status" != 0 ]; then
  echo "--- keel-api log (last 40 lines)" >&2
  tail -40 "$WORK/keel-api.log" >&2
fi
exit "$status"
