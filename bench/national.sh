#!/usr/bin/env bash
# Issue 30's scales, two pitwall binaries side by side in one run: a national network (600
# outlets × 60 months × 24 KPIs + 5,000 pages, search on) and a 200-outlet one (200 × 24 × 16 +
# 2,000 pages), output on disk. Prints a Markdown table; changes nothing in the repository.
#
#   bash bench/national.sh OLD_BINARY NEW_BINARY [WORK_DIR]
#
# Per binary: an untimed warm-up build, then a clean build (wall time, peak memory, output bytes and files, HTML bytes, the
# network month page), the rebuild with nothing changed (hyperfine), and the month close (the
# month after the last, written by `gen_site --next-month`, copied in; CLOSES runs, 3 unless set,
# each undone by a build without it: the first stages into a new folder, the second lists the
# previous site in full, the third on are the steady state). Needs hyperfine and GNU time; builds
# `gen_site` with cargo.
set -euo pipefail
OLD=${1:?old binary}
NEW=${2:?new binary}
W=${3:-/tmp/pitwall-national}
RUNS=${RUNS:-5}
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet --example gen_site
GEN=target/release/examples/gen_site
mkdir -p "$W"

settle() { sync; sleep 3; }
bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.0f", s / 1e6}'; }
html() { find "$1" -type f -name '*.html' -printf '%s\n' | awk '{s += $1} END {printf "%.0f", s / 1e6}'; }
files() { find "$1" -type f | wc -l; }
mean() { hyperfine --style none -N --warmup 1 --runs "$RUNS" --export-json "$W/h.json" "$1" >/dev/null 2>&1
  python3 -c "import json; r = json.load(open('$W/h.json'))['results'][0]; print(f\"{r['mean']:.3f} ± {r['stddev']:.3f} s\")"; }

CLOSES=${CLOSES:-3}
echo "| scale | binary | clean build | peak memory | output MB (HTML) | files | month page KB | nothing changed | month close ($CLOSES runs) |"
echo "|---|---|---|---|---|---|---|---|---|"
for scale in network national; do
  "$GEN" --out "$W/$scale" --preset "$scale" --next-month "$W/$scale-next.yaml" >/dev/null
  next=$(sed -n 's/^month: //p' "$W/$scale-next.yaml")
  for which in old new; do
    bin=$OLD; [ "$which" = new ] && bin=$NEW
    site="$W/$scale-$which"; out="$W/$scale-$which-out"
    rm -rf "$site" "$out"; cp -r "$W/$scale" "$site"
    # One untimed build first, so that neither binary pays for a cold page cache (or, on a fresh
    # machine, for memory touched the first time) in its timed clean build.
    "$bin" build -q --root "$site" --out "$out" >/dev/null 2>&1
    rm -rf "$out" "$site/.pitwall-cache" "$W"/.pitwall-build-* "$W"/.pitwall-old-*
    settle
    /usr/bin/time -o "$W/time" -f '%e %M' "$bin" build -q --root "$site" --out "$out" >/dev/null 2>&1
    clean=$(tail -1 "$W/time")
    wall=${clean% *}; kb=${clean#* }
    page=$(( $(stat -c %s "$out/scorecards/2026-10/index.html") / 1000 ))
    "$bin" build -q --root "$site" --out "$out" >/dev/null 2>&1
    settle
    noop=$(mean "$bin build -q --root $site --out $out")
    closes=()
    for _ in $(seq 1 "$CLOSES"); do
      cp "$W/$scale-next.yaml" "$site/data/scorecards/$next.yaml"
      settle
      /usr/bin/time -o "$W/time" -f '%e' "$bin" build -q --root "$site" --out "$out" >/dev/null 2>&1
      closes+=("$(tail -1 "$W/time")")
      rm "$site/data/scorecards/$next.yaml"
      "$bin" build -q --root "$site" --out "$out" >/dev/null 2>&1
    done
    echo "| $scale | $which | ${wall} s | $((kb / 1024)) MB | $(bytes "$out") ($(html "$out")) | $(files "$out") | $page | $noop | ${closes[*]} s |"
  done
done
