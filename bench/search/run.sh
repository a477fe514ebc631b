#!/usr/bin/env bash
# Search quality: pitwall's search against Pagefind on the same built pages (see bench/README.md).
#
#   bash bench/search/run.sh
#   PITWALL=/tmp/pw-bin/pitwall BOOK=/tmp/trpl-zh-cn W=/tmp/search-bench bash bench/search/run.sh
#
# Builds the example site (the repository itself) and the Chinese Rust book (KaiserY/trpl-zh-cn,
# converted by book_site.py) with $PITWALL, copies each output and runs Pagefind on the copy over
# exactly the pages pitwall's index holds (a --glob made from search/data/*/meta.json), with
# --root-selector main (the element pitwall's index reads), then runs run.mjs in headless
# Chromium. Tables on stdout, per-query details in $W/*.json.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PITWALL=${PITWALL:-$(command -v pitwall || echo "$REPO/target/release/pitwall")}
BOOK=${BOOK:-/tmp/trpl-zh-cn}
W=${W:-/tmp/search-bench}
PAGEFIND_ARGS=${PAGEFIND_ARGS---root-selector main}
[ -x "$PITWALL" ] || { echo "no pitwall binary at $PITWALL (set PITWALL=)" >&2; exit 1; }
[ -f "$BOOK/src/SUMMARY.md" ] || git clone --depth 1 https://github.com/KaiserY/trpl-zh-cn "$BOOK"
[ -x "$HERE/node_modules/.bin/pagefind" ] || (cd "$HERE" && npm install --no-audit --no-fund --silent)
[ -d "$REPO/tests/browser/node_modules/playwright-core" ] || (cd "$REPO/tests/browser" && npm install --no-audit --no-fund --silent)
mkdir -p "$W"

# The pages pitwall's index holds, as a Pagefind glob: {a/index.html,b/index.html,…}.
glob() {
  python3 - "$1" <<'PY'
import json, sys
d = sys.argv[1] + "/search/data/"
urls = [p[0] for part in json.load(open(d + "meta.json"))["parts"] for p in json.load(open(f"{d}{part}/meta.json"))["pages"]]
print("{" + ",".join(u + "index.html" for u in urls) + "}")
PY
}
pagefind() {  # pitwall output folder -> a copy with Pagefind's bundle under pagefind/
  rm -rf "$1-pf" && cp -r "$1" "$1-pf"
  # shellcheck disable=SC2086
  (cd "$HERE" && npx pagefind --site "$1-pf" --output-subdir pagefind --glob "$(glob "$1")" $PAGEFIND_ARGS --quiet)
}

echo "building the example site and the book with $PITWALL ($("$PITWALL" --version 2>/dev/null || echo '?'))" >&2
rm -rf "$W/example" "$W/book" "$W/book-site"
(cd "$REPO" && "$PITWALL" build -q --out "$W/example")
python3 "$HERE/book_site.py" "$BOOK" "$W/book-site"
"$PITWALL" build -q --root "$W/book-site" --out "$W/book"
echo "Pagefind $(cd "$HERE" && npx pagefind --version) on copies" >&2
pagefind "$W/example"
pagefind "$W/book"

cd "$HERE"
node run.mjs --out "$W" \
  example "$W/example" "$W/example-pf" queries-example.json \
  book "$W/book" "$W/book-pf" queries-book.json
