#!/usr/bin/env bash
# pitwall benchmarks: whole-process timings of synthetic sites, against Hugo (and Zola when a
# `zola` binary is on PATH) on the same Markdown pages. Not part of the test suite.
#
#   bash bench/run.sh            # all scenarios
#   RUNS=3 bash bench/run.sh     # fewer runs per scenario
#   SCENARIOS="pages network" bash bench/run.sh
#
# Prints a table and writes it to bench/results.md. Work files go to $BENCH_DIR (default
# /tmp/pitwall-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SCENARIOS=${SCENARIOS:-"pages network scale month-close"}
W=${BENCH_DIR:-/tmp/pitwall-bench}
mkdir -p "$W"

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v hugo >/dev/null || need+=(hugo)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --quiet --example gen_site
cargo build --release --quiet
PITWALL=$PWD/target/release/pitwall
GEN=$PWD/target/release/examples/gen_site

# mean wall seconds of a command over $RUNS runs (after one warm-up run)
mean() {
  hyperfine --style none --warmup 1 --runs "$RUNS" --export-json "$W/h.json" "$1" >/dev/null 2>&1
  python3 -c "import json;r=json.load(open('$W/h.json'))['results'][0];sd=r['stddev'];print(f\"{r['mean']:.3f}\" + (f' ± {sd:.3f}' if sd is not None else ' (1 run)'))"
}
# peak memory (MB), CPU seconds (user+sys) of one run
resources() {
  /usr/bin/time -f "%M %U %S" -o "$W/t.txt" sh -c "$1" >/dev/null 2>&1
  read -r kb user sys < "$W/t.txt"
  python3 -c "print(f'{$user+$sys:.2f} s | {$kb/1024:.0f} MB')"
}
size() { du -sh "$1" | cut -f1; }
files() { find "$1" -type f | wc -l; }

rows=()
row() { rows+=("| $* |"); echo "| $* |"; }

echo "| scenario | tool | wall (s, mean ± sd, $RUNS runs) | CPU | peak memory | output | files |"
for scenario in $SCENARIOS; do
  case $scenario in
    pages)
      "$GEN" --out "$W/pages" --pages 2000 --outlets 0 --kpis 0 --hugo "$W/pages-hugo" --zola "$W/pages-zola" 2>/dev/null
      cmd="$PITWALL build -q --root $W/pages --out $W/pages-out"
      row "pages (2,000) | pitwall | $(mean "$cmd") | $(resources "$cmd") | $(size "$W/pages-out") | $(files "$W/pages-out")"
      "$GEN" --out "$W/pages-search" --pages 2000 --outlets 0 --kpis 0 --search 2>/dev/null
      cmd="$PITWALL build -q --root $W/pages-search --out $W/pages-search-out"
      row "pages (2,000) with search index | pitwall | $(mean "$cmd") | $(resources "$cmd") | $(size "$W/pages-search-out") | $(files "$W/pages-search-out")"
      cmd="hugo --quiet --source $W/pages-hugo --destination $W/pages-hugo-out"
      row "pages (2,000) | hugo $(hugo version | grep -o 'v[0-9.]*' | head -1) | $(mean "$cmd") | $(resources "$cmd") | $(size "$W/pages-hugo-out") | $(files "$W/pages-hugo-out")"
      if command -v zola >/dev/null; then
        cmd="zola --root $W/pages-zola build --output-dir $W/pages-zola-out --force"
        row "pages (2,000) | zola | $(mean "$cmd") | $(resources "$cmd") | $(size "$W/pages-zola-out") | $(files "$W/pages-zola-out")"
      fi
      ;;
    network)
      "$GEN" --out "$W/network" --outlets 200 --months 24 --kpis 16 --pages 2000 2>/dev/null
      cmd="$PITWALL build -q --root $W/network --out $W/network-out"
      row "network (200 × 24 × 16 + 2,000 pages) | pitwall | $(mean "$cmd") | $(resources "$cmd") | $(size "$W/network-out") | $(files "$W/network-out")"
      ;;
    scale)
      "$GEN" --out "$W/scale" --outlets 1000 --months 60 --kpis 30 --pages 2000 2>/dev/null
      cmd="$PITWALL build -q --root $W/scale --out $W/scale-out"
      RUNS_SAVED=$RUNS; RUNS=1
      row "scale (1,000 × 60 × 30 + 2,000 pages) | pitwall | $(mean "$cmd") | $(resources "$cmd") | $(size "$W/scale-out") | $(files "$W/scale-out")"
      RUNS=$RUNS_SAVED
      ;;
    month-close)
      # The network site as CI sees it each month: last month's output exists, one month is added.
      "$GEN" --out "$W/close" --outlets 200 --months 25 --kpis 16 --pages 2000 2>/dev/null
      "$PITWALL" build -q --root "$W/network" --out "$W/close-out" 2>/dev/null
      cmd="$PITWALL build -q --root $W/close --out $W/close-out"
      row "month close (+1 month) | pitwall | $(mean "$cmd") | $(resources "$cmd") | $(size "$W/close-out") | $(files "$W/close-out")"
      ;;
  esac
done

{
  echo "# pitwall benchmarks"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; \`bash bench/run.sh\` (RUNS=$RUNS)."
  echo
  echo "| scenario | tool | wall (s, mean ± sd) | CPU (user+sys) | peak memory | output | files |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} > bench/results.md
echo "wrote bench/results.md"
