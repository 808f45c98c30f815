#!/usr/bin/env bash
# Installs the Debian package into a clean Debian 12 root and runs what it installed (issue #13):
#   install-test.sh DEB CACHE_DIR EXPECTED_COMMIT
# with DATABASE_URL set (a migrated Keel database reachable from here: the root shares the host's network).
# CACHE_DIR keeps a pristine `debootstrap --variant=minbase bookworm` root and the .debs apt downloaded, so a
# re-run only copies the root (an overlay mount when the kernel allows it) and installs. Needs root, debootstrap.
set -euo pipefail

deb=$(realpath "$1")
cache=$2
commit=$3
mirror=${KEEL_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${KEEL_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
: "${DATABASE_URL:?DATABASE_URL must name a migrated Keel database}"

say() { printf '==> package test: %s\n' "$*" >&2; }
fail() { printf 'package test FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null || fail "debootstrap is not installed (Debian: debootstrap)"
mkdir -p "$cache/apt-archives/partial"
cache=$(realpath "$cache")
pristine="$cache/bookworm-minbase"

# ---------------------------------------------------------------- the pristine root, made once
if [ ! -f "$pristine/.complete" ]; then
    say "debootstrap --variant=minbase bookworm (cached in $pristine)"
    rm -rf "$pristine.tmp"
    debootstrap --variant=minbase --cache-dir="$cache/apt-archives" bookworm "$pristine.tmp" "$mirror" \
        >"$cache/debootstrap.log" 2>&1 || { tail -n 20 "$cache/debootstrap.log" >&2; fail "debootstrap failed"; }
    cat >"$pristine.tmp/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
SOURCES
    # Nothing is started inside the root (and nothing could be: no init runs there).
    printf '#!/bin/sh\nexit 101\n' >"$pristine.tmp/usr/sbin/policy-rc.d"
    chmod 755 "$pristine.tmp/usr/sbin/policy-rc.d"
    rm -rf "$pristine.tmp/var/cache/apt/archives"/*.deb
    touch "$pristine.tmp/.complete"
    rm -rf "$pristine"
    mv "$pristine.tmp" "$pristine"
fi

# ---------------------------------------------------------------- a throw-away copy of it
work=$(mktemp -d "$cache/run.XXXXXX")
root="$work/root"
mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
    done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir -p "$root" "$work/upper" "$work/overlay-work"
if mount -t overlay overlay -o "lowerdir=$pristine,upperdir=$work/upper,workdir=$work/overlay-work" "$root" \
    2>/dev/null; then
    mounted+=("$root")
else
    say "no overlay mount here: copying the root"
    cp -a "$pristine/." "$root/"
fi
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
mount --bind /dev "$root/dev" && mounted+=("$root/dev")
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives" && mounted+=("$root/var/cache/apt/archives")
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp "$deb" "$root/tmp/"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# ---------------------------------------------------------------- install
say "apt-get install ./$(basename "$deb") in a clean Debian 12 root"
export DEBIAN_FRONTEND=noninteractive
in_root apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get update"; }
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "/tmp/$(basename "$deb")" >"$work/apt.log" 2>&1 || { tail -n 30 "$work/apt.log" >&2; fail "apt-get install"; }

# ---------------------------------------------------------------- what it installed
expect_file() {  # expect_file PATH [MODE]
    [ -e "$root$1" ] || fail "$1 is not installed"
    if [ $# -ge 2 ]; then
        local mode; mode=$(stat -c %a "$root$1")
        [ "$mode" = "$2" ] || fail "$1 has mode $mode, not $2"
    fi
}
expect_file /usr/bin/keel-api 755
expect_file /usr/bin/whmcs-migrate 755
expect_file /lib/systemd/system/keel-api.service 644
expect_file /lib/systemd/system/keel-worker@.service 644
expect_file /etc/keel/keel.env 600
expect_file /usr/share/man/man1/keel-api.1.gz
expect_file /usr/share/man/man1/whmcs-migrate.1.gz
expect_file /usr/share/doc/keel/copyright
expect_file /usr/share/doc/keel/changelog.Debian.gz
expect_file /usr/share/keel/migrations/0001_core.sql
for tool in keel-testbed pve-sim; do
    [ ! -e "$root/usr/bin/$tool" ] || fail "the test tool $tool is installed"
done
# (Captured first: `grep -q` ending a pipe early would fail it under pipefail.)
# shellcheck disable=SC2016  # ${Conffiles} is dpkg-query's, not the shell's
conffiles=$(in_root dpkg-query -W -f='${Conffiles}\n' keel)
grep -q '^ /etc/keel/keel.env ' <<<"$conffiles" || fail "/etc/keel/keel.env is not a conffile"
[ "$(stat -c %U:%G "$root/usr/bin/keel-api")" = root:root ] || fail "/usr/bin/keel-api is not root-owned"
grep -q '^KEEL_JWT_SECRET=\|^KEEL_SECRET_KEY=' "$root/etc/keel/keel.env" && fail "keel.env sets a secret"
man_page=$(zcat "$root/usr/share/man/man1/keel-api.1.gz")
grep -q '^\.SH FILES' <<<"$man_page" || fail "keel-api.1 lacks its FILES section"

# ---------------------------------------------------------------- run it
version=$(in_root keel-api --version) || fail "keel-api --version: exit $?"
say "$version"
grep -q "(commit $commit)" <<<"$version" || fail "keel-api --version does not name commit $commit: $version"
version=$(in_root whmcs-migrate --version) || fail "whmcs-migrate --version: exit $?"
say "$version"
grep -q "(commit $commit)" <<<"$version" || fail "whmcs-migrate --version does not name commit $commit: $version"
status_exit=0
status=$(in_root env DATABASE_URL="$DATABASE_URL" keel-api migrate status 2>&1) || status_exit=$?
((status_exit == 0)) || { printf '%s\n' "$status" >&2; fail "keel-api migrate status: exit $status_exit"; }
printf '%s\n' "$status" | sed 's/^/    /' >&2
# Every migration built into the binary is the one installed beside it, and applied (./dev migrated the database).
listed=$(grep -c '^[0-9]\{4\}  ' <<<"$status" || true)
installed=$(find "$root/usr/share/keel/migrations" -name '*.sql' | wc -l)
[ "$listed" = "$installed" ] || fail "migrate status lists $listed migrations, /usr/share/keel/migrations has $installed"
! grep -q 'pending$' <<<"$status" || fail "migrations pending in the test database"

# ---------------------------------------------------------------- and away again
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q keel >"$work/apt.log" 2>&1 ||
    { tail -n 30 "$work/apt.log" >&2; fail "apt-get purge keel"; }
for gone in /usr/bin/keel-api /etc/keel/keel.env /lib/systemd/system/keel-api.service; do
    [ ! -e "$root$gone" ] || fail "$gone is left after purge"
done
in_root apt-get autoclean -qq >/dev/null 2>&1 || true  # drops superseded .debs from the shared cache
say "installed, ran and purged $(basename "$deb")"
