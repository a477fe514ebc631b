#!/usr/bin/env bash
# The month close as a CI job runs it: the output, `.pitwall-cache/` and (or not) the previous
# site restored from one tar file, as actions/cache saves and restores them (every file new, hard
# links kept). National scale (600 outlets × 60 months × 24 KPIs + 5,000 pages), output on disk.
#
#   bash bench/ci_cache.sh BINARY [WORK_DIR] [ROUNDS]
#
# Prints one line per close: with the previous site, then without, ROUNDS times (default 3).
# Needs GNU time and tar; builds `gen_site` with cargo; changes nothing in the repository.
set -euo pipefail
BIN=$(realpath "${1:?binary}")
W=${2:-/tmp/pitwall-ci-cache}
ROUNDS=${3:-3}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --example gen_site
GEN=$PWD/target/release/examples/gen_site
rm -rf "$W" && mkdir -p "$W" && cd "$W"
"$GEN" --out site --preset national --next-month next.yaml >/dev/null
next=$(sed -n 's/^month: //p' next.yaml)
build() { "$BIN" build -q --root site --out public >/dev/null 2>&1; }
close() { cp next.yaml "site/data/scorecards/$next.yaml"; }
undo() { rm "site/data/scorecards/$next.yaml"; }
# A clean build, then a close and its undo: the previous site now stands beside the output.
build; close; build; undo; build
for _ in $(seq "$ROUNDS"); do
  for kept in with without; do
    paths=(public site/.pitwall-cache)
    [ "$kept" = with ] && paths+=(.pitwall-build-*)
    tar --posix -cf cache.tar "${paths[@]}"
    rm -rf public site/.pitwall-cache .pitwall-build-*
    tar -xf cache.tar && rm cache.tar
    sync; sleep 2
    close
    /usr/bin/time -f "month close, previous site $kept: %e s (user %U s, system %S s, %M KB)" \
      "$BIN" build -q --root site --out public >/dev/null 2>"$W/err" || { cat "$W/err"; exit 1; }
    tail -1 "$W/err"
    undo; build
  done
done
