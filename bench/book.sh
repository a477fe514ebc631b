#!/usr/bin/env bash
# pitwall against mdBook on a real mdBook book (issue 13: "a 100-page Chinese book with search on
# builds at or below mdBook's time with its (non-Chinese) index"). Not part of the test suite.
#
#   BOOK=/work/tools/book MDBOOK=/work/tools/mdbook/bin/mdbook bash bench/book.sh
#   RUNS=3 W=/tmp/pitwall-book bash bench/book.sh
#   PITWALL=/tmp/other/pitwall bash bench/book.sh     # time that binary, do not build
#
# BOOK is an mdBook folder (book.toml, src/SUMMARY.md), e.g. the Chinese Rust book
# (github.com/KaiserY/trpl-zh-cn). The book itself is never modified: it is copied into $W.
#
# The conversion keeps each chapter's Markdown as mdBook renders it: mdBook's own `markdown`
# backend expands `{{#include}}` / `{{#rustdoc_include}}` first (pitwall has no include
# directive), then each chapter listed in SUMMARY.md becomes content/guides/<file>.md with front
# matter `title` (the SUMMARY entry) and `weight` (its order). Links in mdBook's URL form
# (`ch04-01-x.html#anchor`) become pitwall's source-file form (`ch04-01-x.md#anchor`): under
# pitwall a page is served at /guides/ch04-01-x/, so `x.html` names nothing (by contract, links
# go to the source file). Nothing else is changed: raw HTML (`<img>`, `<span>`) stays and is
# escaped (allow_html is off by default).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
BOOK=${BOOK:-/work/tools/book}
W=${W:-/tmp/pitwall-book}
MDBOOK=${MDBOOK:-$(command -v mdbook || echo /work/tools/mdbook/bin/mdbook)}
SHM=${SHM:-$([ -d /dev/shm ] && echo /dev/shm/pitwall-book-out || true)}
BOOK=$(cd "$BOOK" && pwd)
rm -rf "$W" && mkdir -p "$W/out"
[ -n "$SHM" ] && rm -rf "$SHM" && mkdir -p "$SHM"

# PITWALL=/path/to/pitwall times that binary instead of building this checkout.
if [ -z "${PITWALL:-}" ]; then
  cargo build --release --quiet
  PITWALL=${CARGO_TARGET_DIR:-$PWD/target}/release/pitwall
fi

# --- conversion ------------------------------------------------------------------------------
cp -r "$BOOK" "$W/mdbook-src" && rm -rf "$W/mdbook-src/.git"
printf '\n[output.markdown]\n' >> "$W/mdbook-src/book.toml"
"$MDBOOK" build "$W/mdbook-src" -d "$W/mdbook-md" 2>/dev/null
python3 - "$W/mdbook-src" "$W/mdbook-md/markdown" "$W/site" <<'EOF'
import json, os, re, sys, tomllib
src, md, site = sys.argv[1:]
title = tomllib.load(open(f"{src}/book.toml", "rb")).get("book", {}).get("title", "book")
# Chapters in SUMMARY order: `[title](file.md)` (prefix, numbered and suffix chapters alike);
# draft chapters `[title]()` have no file and are skipped, as mdBook renders no page for them.
chapters = []
for m in re.finditer(r"\[((?:[^\]\\]|\\.)+)\]\(([^)\s]+\.md)\)", open(f"{src}/src/SUMMARY.md", encoding="utf-8").read()):
    if m.group(2) not in [c[1] for c in chapters]:
        chapters.append((m.group(1), m.group(2)))
files = {c[1] for c in chapters}
def fix(target):
    # `ch04-01-x.html#a` -> `ch04-01-x.md#a` when ch04-01-x.md is a chapter; anything else as is.
    m = re.fullmatch(r"([^:#?]+)\.html(#.*)?", target)
    if m and m.group(1) + ".md" in files:
        return m.group(1) + ".md" + (m.group(2) or "")
    return target
inline = re.compile(r"(\]\()([^)\s]+)(\))")
refdef = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*\n?[ \t]*)(\S+)", re.M)  # target may be on the next line
os.makedirs(f"{site}/content/guides", exist_ok=True)
size = 0
for weight, (t, f) in enumerate(chapters, 1):
    body = open(f"{md}/{f}", encoding="utf-8").read()
    body = inline.sub(lambda m: m.group(1) + fix(m.group(2)) + m.group(3), body)
    body = refdef.sub(lambda m: m.group(1) + fix(m.group(2)), body)
    out = f"{site}/content/guides/{f}"
    os.makedirs(os.path.dirname(out), exist_ok=True)
    text = f"---\ntitle: {json.dumps(t.replace(chr(92), ''), ensure_ascii=False)}\nweight: {weight}\n---\n\n{body}"
    open(out, "w", encoding="utf-8").write(text)
    size += len(body.encode())
open(f"{site}/site.yaml", "w", encoding="utf-8").write(f"title: {json.dumps(title, ensure_ascii=False)}\nlanguage: zh-CN\n")
print(f"converted {len(chapters)} chapters, {size / 1e6:.2f} MB of Markdown (includes expanded)", file=sys.stderr)
EOF
cp -r "$W/site" "$W/site-nosearch" && echo "search: false" >> "$W/site-nosearch/site.yaml"
CHAPTERS=$(find "$W/site/content/guides" -name '*.md' | wc -l)

# The converted book must build without errors (warnings are shown), with phase times.
"$PITWALL" build -v --lang en --root "$W/site" --out "$W/out/check" || { echo "pitwall failed on the converted book" >&2; exit 1; }

# --- timing ----------------------------------------------------------------------------------
mean() {
  hyperfine --style none --warmup 1 --runs "$RUNS" --prepare "$2" --export-json "$W/h.json" "$1" >/dev/null 2>&1
  python3 -c "import json;r=json.load(open('$W/h.json'))['results'][0];sd=r['stddev'];print(f\"{r['mean']:.3f} ± {sd or 0:.3f}\")"
}
peak() {
  sh -c "$2" >/dev/null 2>&1
  /usr/bin/time -f "%M" -o "$W/t.txt" sh -c "$1" >/dev/null 2>&1
  python3 -c "print(f'{$(cat "$W/t.txt")/1024:.0f} MB')"
}
# Each run writes to a new output folder (expanded by the shell hyperfine runs), removed after.
fresh() { echo "$1-\$(date +%s%N)"; }
htmls() { find "$(ls -d "$1"-[0-9]* | tail -1)" -name '*.html' | wc -l; }
sweep() { rm -rf "$1"-[0-9]*; }

rows=()
row() { rows+=("| $* |"); }
outs=("$W/out/disk")
[ -n "$SHM" ] && outs+=("$SHM/mem")
for o in "${outs[@]}"; do
  where=$([ "$o" = "$W/out/disk" ] && echo disk || echo "memory (tmpfs)")
  cmd="$MDBOOK build $BOOK -d $(fresh "$o-mdbook")"
  m=$(mean "$cmd" true); p=$(peak "$cmd" true)
  row "mdBook $($MDBOOK --version | cut -d' ' -f2) (its search index), output on $where | $CHAPTERS ($(htmls "$o-mdbook") html) | $m | $p"
  sweep "$o-mdbook"
  for s in site site-nosearch; do
    label=$([ $s = site ] && echo "search on" || echo "search: false")
    cmd="$PITWALL build -q --root $W/$s --out $(fresh "$o-$s")"
    prep="rm -rf $W/$s/.pitwall-cache"
    m=$(mean "$cmd" "$prep"); p=$(peak "$cmd" "$prep")
    row "pitwall, $label, clean, output on $where | $CHAPTERS ($(htmls "$o-$s") html) | $m | $p"
    sweep "$o-$s"
  done
done

echo
echo "| tool | pages (html files written) | wall s (mean ± sd, $RUNS runs) | peak memory |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
[ -n "$SHM" ] && rm -rf "$SHM"
