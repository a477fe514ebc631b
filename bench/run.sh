#!/usr/bin/env bash
# pitwall benchmarks: whole-process timings of synthetic sites, against Hugo (and Zola when a
# `zola` binary is on PATH) on the same Markdown pages. Not part of the test suite.
#
#   bash bench/run.sh            # all scenarios
#   RUNS=3 bash bench/run.sh     # fewer runs per scenario
#   SCENARIOS="pages network" bash bench/run.sh
#   PITWALL=/tmp/old/pitwall bash bench/run.sh   # time that binary (e.g. a build of an older commit)
#
# Scenarios: pages, network, scale, month-close, serve (save → page served, bench/serve_latency.py).
# The comparison with mdBook on a real Chinese book is bench/book.sh (it needs the book and mdBook).
#
# Prints a table and writes it to bench/results.md. Work files go to $BENCH_DIR (default
# /tmp/pitwall-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SCENARIOS=${SCENARIOS:-"pages network scale month-close serve"}
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
T=${CARGO_TARGET_DIR:-$PWD/target}
if [ -z "${PITWALL:-}" ]; then
  cargo build --release --quiet
  PITWALL=$T/release/pitwall
fi
GEN=$T/release/examples/gen_site

# Every run starts from the same state: `prepare` (not timed) restores it. Clean builds start
# from no output and no .pitwall-cache (a fresh CI checkout); a month close starts from last
# month's output and cache.
# mean wall seconds of a command over $RUNS runs (after one warm-up run)
mean() {
  hyperfine --style none --warmup 1 --runs "$RUNS" --prepare "$2" --export-json "$W/h.json" "$1" >/dev/null 2>&1
  python3 -c "import json;r=json.load(open('$W/h.json'))['results'][0];sd=r['stddev'];print(f\"{r['mean']:.3f}\" + (f' ± {sd:.3f}' if sd is not None else ' (1 run)'))"
}
# peak memory (MB), CPU seconds (user+sys) of one run
resources() {
  sh -c "$2" >/dev/null 2>&1
  /usr/bin/time -f "%M %U %S" -o "$W/t.txt" sh -c "$1" >/dev/null 2>&1
  read -r kb user sys < "$W/t.txt"
  python3 -c "print(f'{$user+$sys:.2f} s | {$kb/1024:.0f} MB')"
}
size() { du -sh "$1" | cut -f1; }
files() { find "$1" -type f | wc -l; }
clean() { echo "rm -rf $2/.pitwall-cache"; }
# A clean build's output goes to a new folder each run (`$(fresh NAME)`, expanded by the shell
# hyperfine runs the command in), and the folders are removed after the scenario. Removing the
# previous run's output before each run instead would measure this disk's slowness at creating
# files where thousands were just deleted (ext4 without a journal skips recently freed inodes),
# not the tools.
fresh() { echo "$1-\$(date +%s%N)"; }
sweep() { rm -rf "$1"-[0-9]*; }
last() { ls -d "$1"-[0-9]* | tail -1; }

# Output folders: on the disk by default; TMPFS_OUT=/dev/shm/... adds rows with the network
# site written to memory, which shows pitwall's own cost apart from the disk's.
TMPFS_OUT=${TMPFS_OUT:-$([ -d /dev/shm ] && echo /dev/shm/pitwall-bench-out || true)}

rows=()
row() { rows+=("| $* |"); echo "| $* |"; }

echo "| scenario | tool | wall (s, mean ± sd, $RUNS runs) | CPU | peak memory | output | files |"
for scenario in $SCENARIOS; do
  case $scenario in
    pages)
      "$GEN" --out "$W/pages" --pages 2000 --outlets 0 --kpis 0 --hugo "$W/pages-hugo" --zola "$W/pages-zola" 2>/dev/null
      cmd="$PITWALL build -q --root $W/pages --out $(fresh "$W/pages-out")"
      prep=$(clean "$W/pages-out" "$W/pages")
      row "pages (2,000) | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$(last "$W/pages-out")") | $(files "$(last "$W/pages-out")")"
      sweep "$W/pages-out"
      "$GEN" --out "$W/pages-search" --pages 2000 --outlets 0 --kpis 0 --search 2>/dev/null
      cmd="$PITWALL build -q --root $W/pages-search --out $(fresh "$W/pages-search-out")"
      prep=$(clean "$W/pages-search-out" "$W/pages-search")
      row "pages (2,000) with search index | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$(last "$W/pages-search-out")") | $(files "$(last "$W/pages-search-out")")"
      sweep "$W/pages-search-out"
      # A rebuild with nothing changed: the pages' text is read again, the index files are kept.
      cmd="$PITWALL build -q --root $W/pages-search --out $W/pages-search-noop"
      prep="$PITWALL build -q --root $W/pages-search --out $W/pages-search-noop"
      row "pages (2,000) with search, rebuild with nothing changed | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$W/pages-search-noop") | $(files "$W/pages-search-noop")"
      rm -rf "$W/pages-search-noop"
      cmd="hugo --quiet --source $W/pages-hugo --destination $(fresh "$W/pages-hugo-out")"
      prep="true"
      row "pages (2,000) | hugo $(hugo version | grep -o 'v[0-9.]*' | head -1) | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$(last "$W/pages-hugo-out")") | $(files "$(last "$W/pages-hugo-out")")"
      sweep "$W/pages-hugo-out"
      if command -v zola >/dev/null; then
        cmd="zola --root $W/pages-zola build --output-dir $(fresh "$W/pages-zola-out") --force"
        prep="true"
        row "pages (2,000) | zola | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$(last "$W/pages-zola-out")") | $(files "$(last "$W/pages-zola-out")")"
        sweep "$W/pages-zola-out"
      fi
      ;;
    network)
      "$GEN" --out "$W/network" --outlets 200 --months 24 --kpis 16 --pages 2000 2>/dev/null
      cmd="$PITWALL build -q --root $W/network --out $(fresh "$W/network-out")"
      prep=$(clean "$W/network-out" "$W/network")
      row "network (200 × 24 × 16 + 2,000 pages) | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$(last "$W/network-out")") | $(files "$(last "$W/network-out")")"
      sweep "$W/network-out"
      if [ -n "$TMPFS_OUT" ]; then
        cmd="$PITWALL build -q --root $W/network --out $TMPFS_OUT/network-out"
        prep="rm -rf $TMPFS_OUT/network-out $W/network/.pitwall-cache"
        row "network, output in memory (tmpfs) | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$TMPFS_OUT/network-out") | $(files "$TMPFS_OUT/network-out")"
        rm -rf "$TMPFS_OUT"
      fi
      "$GEN" --out "$W/network-search" --outlets 200 --months 24 --kpis 16 --pages 2000 --search 2>/dev/null
      cmd="$PITWALL build -q --root $W/network-search --out $(fresh "$W/network-search-out")"
      prep=$(clean "$W/network-search-out" "$W/network-search")
      row "network with search index | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$(last "$W/network-search-out")") | $(files "$(last "$W/network-search-out")")"
      sweep "$W/network-search-out"
      if [ -n "$TMPFS_OUT" ]; then
        cmd="$PITWALL build -q --root $W/network-search --out $TMPFS_OUT/network-search-out"
        prep="rm -rf $TMPFS_OUT/network-search-out $W/network-search/.pitwall-cache"
        row "network with search index, output in memory (tmpfs) | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$TMPFS_OUT/network-search-out") | $(files "$TMPFS_OUT/network-search-out")"
        rm -rf "$TMPFS_OUT"
      fi
      # Rebuilds with nothing changed, search off and on (the previous output and cache there).
      for s in network network-search; do
        out=${TMPFS_OUT:-$W}/$s-noop
        cmd="$PITWALL build -q --root $W/$s --out $out"
        row "$s, rebuild with nothing changed$([ -n "$TMPFS_OUT" ] && echo ', output in memory (tmpfs)') | pitwall | $(mean "$cmd" "$cmd") | $(resources "$cmd" "$cmd") | $(size "$out") | $(files "$out")"
        rm -rf "$out"
      done
      ;;
    scale)
      "$GEN" --out "$W/scale" --outlets 1000 --months 60 --kpis 30 --pages 2000 2>/dev/null
      cmd="$PITWALL build -q --root $W/scale --out $W/scale-out"
      prep="rm -rf $W/scale-out $W/scale/.pitwall-cache"
      RUNS_SAVED=$RUNS; RUNS=1
      row "scale (1,000 × 60 × 30 + 2,000 pages) | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$W/scale-out") | $(files "$W/scale-out")"
      RUNS=$RUNS_SAVED
      rm -rf "$W/scale-out"
      ;;
    month-close)
      # The network site as CI sees it each month: last month's output and .pitwall-cache are
      # there (built with --month 2026-09), and 2026-10 has landed.
      "$GEN" --out "$W/close" --outlets 200 --months 25 --kpis 16 --pages 2000 2>/dev/null
      cmd="$PITWALL build -q --root $W/close --out $W/close-out"
      prep="$PITWALL build -q --root $W/close --out $W/close-out --month 2026-09"
      row "month close (+1 month, cached) | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$W/close-out") | $(files "$W/close-out")"
      if [ -n "$TMPFS_OUT" ]; then
        cmd="$PITWALL build -q --root $W/close --out $TMPFS_OUT/close-out"
        prep="$PITWALL build -q --root $W/close --out $TMPFS_OUT/close-out --month 2026-09"
        row "month close, output in memory (tmpfs) | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$TMPFS_OUT/close-out") | $(files "$TMPFS_OUT/close-out")"
        rm -rf "$TMPFS_OUT"
      fi
      # The same with search on: the index is made again from the pages' text (the new month's
      # scorecards replace the old ones in it).
      "$GEN" --out "$W/close-search" --outlets 200 --months 25 --kpis 16 --pages 2000 --search 2>/dev/null
      out=${TMPFS_OUT:-$W}/close-search-out
      cmd="$PITWALL build -q --root $W/close-search --out $out"
      prep="$PITWALL build -q --root $W/close-search --out $out --month 2026-09"
      row "month close with search index$([ -n "$TMPFS_OUT" ] && echo ', output in memory (tmpfs)') | pitwall | $(mean "$cmd" "$prep") | $(resources "$cmd" "$prep") | $(size "$out") | $(files "$out")"
      rm -rf "$out"
      ;;
    serve)
      # Save → the page served with the new text, median of 9 saves of one playbook, on the
      # 2,000-page site with search on: saves 3 s apart (the index made after each is done
      # before the next) and 0.3 s apart (it is still being made).
      "$GEN" --out "$W/serve" --pages 2000 --outlets 0 --kpis 0 --search 2>/dev/null
      for pause in 3 0.3; do
        median=$(PITWALL="$PITWALL" PAUSE=$pause python3 bench/serve_latency.py "$W/serve" content/compensation/page-0001.md 9 | sed -n 's/^median \([0-9]*\) ms.*/\1/p')
        row "serve, save → page, saves ${pause} s apart (2,000 pages, search on) | pitwall | median ${median} ms | | | |"
      done
      ;;
  esac
done

# Rows of scenarios not run this time (e.g. the long scale run), from an earlier results file.
if [ -n "${KEEP_ROWS:-}" ]; then
  while IFS= read -r line; do rows+=("$line"); done < <(grep -F "| scale" "$KEEP_ROWS" || true)
fi

{
  echo "# pitwall benchmarks"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, pitwall $(git rev-parse --short HEAD); \`bash bench/run.sh\` (RUNS=$RUNS)."
  echo
  echo "Wall time is hyperfine's mean over the runs; CPU time and peak memory are from one run"
  echo "(\`/usr/bin/time\`). Clean builds start from no output folder and no \`.pitwall-cache\`;"
  echo "the month close starts from the previous month's output and cache."
  echo
  echo "| scenario | tool | wall (s, mean ± sd) | CPU (user+sys) | peak memory | output | files |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} > bench/results.md
echo "wrote bench/results.md"
