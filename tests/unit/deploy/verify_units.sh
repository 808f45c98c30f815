#!/bin/sh
# systemd-analyze verify on deploy/systemd/*.service (issue #13). The units name /usr/bin/keel-api, which exists
# only once installed: the copies checked here point at the build's binary instead. Exit 77 (skipped) where
# systemd-analyze is missing (Debian: package systemd).
set -eu
source_dir=$1
bin_dir=$2
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "systemd-analyze not found: skipped"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for unit in "$source_dir"/deploy/systemd/*.service; do
    sed "s|/usr/bin/keel-api|$bin_dir/keel-api|g" "$unit" >"$work/$(basename "$unit")"
done
# verify prints problems but exits 0 for some of them: any output is a failure.
output=$(cd "$work" && systemd-analyze verify --man=no ./*.service 2>&1) || status=$?
if [ -n "$output" ] || [ "${status:-0}" -ne 0 ]; then
    printf '%s\n' "$output"
    exit 1
fi
echo "units verified: $(ls "$work")"
