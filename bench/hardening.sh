#!/usr/bin/env bash
# pitwall hardening: hostile inputs from issue 27 (each used to take unbounded memory or time).
# Every case builds its own fresh site (`pitwall init`) in a temp folder, makes it hostile, and runs
# pitwall under /usr/bin/time with a 6 GB address-space cap and `timeout 120`.
#
#   bash bench/hardening.sh                      # uses target/release/pitwall
#   bash bench/hardening.sh /tmp/pitwall-old     # another binary
#   CASES="2 3 12" bash bench/hardening.sh       # only some cases (numbers below)
#   KEEP=1 bash bench/hardening.sh               # keep the work folder (printed at the end)
#
# Prints one Markdown table row per run:
#   | case | command | exit status | time | peak memory | first error line pitwall printed |
# Exit 124 = killed by `timeout 120`; "signal N" = pitwall died of a signal (6 = abort, e.g. an
# allocation refused by the memory cap); 101 = panic. Needs bash, python3, git, prlimit, mkfifo,
# GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/release/pitwall}
[ -x "$BIN" ] || { echo "no executable pitwall at $BIN" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
CASES=${CASES:-"1 2 3 4 5 6 7 8 9 10 11 12"}
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v prlimit >/dev/null || { echo "needs prlimit (util-linux)" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/pitwall-hardening.XXXXXX")
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf "$W"; else echo "work folder kept: $W" >&2; fi; }
trap cleanup EXIT

MEM_CAP=6442450944 # bytes of address space (6 GiB)
TIMEOUT=120
export GIT_AUTHOR_DATE="2026-11-20T10:00:00+08:00" GIT_COMMITTER_DATE="2026-11-20T10:00:00+08:00"
GIT=(git -c user.name=a -c user.email=a@b -c commit.gpgsign=false -c core.hooksPath=/dev/null)

# ---------------------------------------------------------------------------------------------
# File generators (xlsx written by hand as a zip; no openpyxl needed).
cat >"$W/gen.py" <<'PY'
import sys, zipfile, random

SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')

def istr(ref, s):
    return f'<c r="{ref}" t="inlineStr"><is><t>{esc(s)}</t></is></c>'

def num(ref, v):
    return f'<c r="{ref}"><v>{v}</v></c>'

def xlsx(path, sheet_chunks, shared=None, merge=None):
    """sheet_chunks: iterable of <row> strings; shared: iterable of chunks of ONE shared string's text."""
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared is not None else '')
          + '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          f'<workbook {SHEET_NS}><sheets><sheet name="月报" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared is not None else '')
              + '</Relationships>')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', ct)
        z.writestr('_rels/.rels', rels)
        z.writestr('xl/workbook.xml', wb)
        z.writestr('xl/_rels/workbook.xml.rels', wbrels)
        with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {SHEET_NS}><sheetData>'.encode())
            buf = []
            for row in sheet_chunks:
                buf.append(row)
                if len(buf) >= 10000:
                    f.write(''.join(buf).encode()); buf = []
            f.write(''.join(buf).encode())
            f.write(b'</sheetData>')
            if merge:
                f.write(f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>'.encode())
            f.write(b'</worksheet>')
        if shared is not None:
            with z.open('xl/sharedStrings.xml', 'w', force_zip64=True) as f:
                f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                        b'<si><t xml:space="preserve">')
                for chunk in shared:
                    f.write(chunk)
                f.write(b'</t></si></sst>')

def header_rows():
    return [f'<row r="1">{istr("A1", "门店")}{istr("B1", "CSI")}</row>',
            f'<row r="2">{istr("A2", "上海浦东服务中心")}{num("B2", 88.5)}</row>']

def far(path):            # one cell at the very last cell of a sheet
    rows = header_rows() + [f'<row r="1048576">{num("XFD1048576", 1)}</row>']
    xlsx(path, rows)

def merged(path):         # a merged region covering the whole sheet, over a small table
    rows = header_rows() + [f'<row r="3">{istr("A3", "杭州滨江服务中心")}{num("B3", 86.1)}</row>']
    xlsx(path, rows, merge='A1:XFD1048576')

def bomb(path, mb):       # shared string of `mb` MB of spaces, deflated to a small archive
    chunk = b' ' * (1 << 20)
    rows = header_rows() + [f'<row r="3"><c r="A3" t="s"><v>0</v></c>{num("B3", 1)}</row>']
    xlsx(path, rows, shared=(chunk for _ in range(mb)))

def million(path, n):     # n rows of `x-N, 1`
    def rows():
        yield f'<row r="1">{istr("A1", "门店")}{istr("B1", "CSI")}</row>'
        for i in range(1, n + 1):
            r = i + 1
            yield f'<row r="{r}">{istr(f"A{r}", f"x-{i}")}{num(f"B{r}", 1)}</row>'
    xlsx(path, rows())

def ods(path):            # one row repeated 1,048,575 times, each with a value cell repeated 16,384 times
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="月报">'
               '<table:table-row><table:table-cell office:value-type="string"><text:p>门店</text:p></table:table-cell>'
               '<table:table-cell office:value-type="string"><text:p>CSI</text:p></table:table-cell></table:table-row>'
               '<table:table-row table:number-rows-repeated="1048575">'
               '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384">'
               '<text:p>1</text:p></table:table-cell></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.spreadsheet',
                   compress_type=zipfile.ZIP_STORED)
        z.writestr('META-INF/manifest.xml', manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr('content.xml', content, compress_type=zipfile.ZIP_DEFLATED)

def page(title, body):
    return f'---\ntitle: {title}\n---\n\n{body}\n'

def pages(dir, n, rev):   # n small pages under dir
    for i in range(n):
        with open(f'{dir}/p{i:05d}.md', 'w') as f:
            f.write(page(f'指南 {i}', f'第 {rev} 版。这是第 {i} 页的正文。'))

def anchors(path, n):     # n broken anchors on one line
    with open(path, 'w') as f:
        f.write(page('坏锚点', ''.join(f'[a](#no-{i}) ' for i in range(n))))

def chinese(path, mb):    # ~mb MB of paragraphs of random Chinese characters
    rnd = random.Random(27)
    src = '售后服务客户满意度投诉处理回访维修保养接车交车结算配件工单门店经理专员车间质量返修预约培训'
    with open(path, 'w') as f:
        f.write('---\ntitle: 大页面\n---\n\n')
        size = 0
        while size < mb * 1_000_000:
            para = ''.join(rnd.choice(src) for _ in range(400)) + '\n\n'
            f.write(para); size += len(para.encode())

def headings(path, n):    # n identical headings, each followed by a distinct broken anchor
    with open(path, 'w') as f:
        f.write('---\ntitle: 重复标题\n---\n\n')
        for i in range(n):
            f.write(f'## 投诉处理\n\n见[这里](#投诉处理x-{i})。\n\n')

def next_month(m):
    y, mo = map(int, m.split('-'))
    return f'{y + mo // 12}-{mo % 12 + 1:02d}'

def replace(path, old, new):
    s = open(path, encoding='utf-8').read()
    assert old in s, f'{old!r} not in {path}'
    open(path, 'w', encoding='utf-8').write(s.replace(old, new, 1))

if __name__ == '__main__':
    cmd, *a = sys.argv[1:]
    if cmd == 'far': far(a[0])
    elif cmd == 'merged': merged(a[0])
    elif cmd == 'bomb': bomb(a[0], int(a[1]))
    elif cmd == 'million': million(a[0], int(a[1]))
    elif cmd == 'ods': ods(a[0])
    elif cmd == 'pages': pages(a[0], int(a[1]), a[2])
    elif cmd == 'anchors': anchors(a[0], int(a[1]))
    elif cmd == 'chinese': chinese(a[0], int(a[1]))
    elif cmd == 'headings': headings(a[0], int(a[1]))
    elif cmd == 'next-month': print(next_month(a[0]))
    elif cmd == 'replace': replace(a[0], a[1], a[2])
    elif cmd == 'subject':
        with open(a[0], 'w') as f: f.write('x' * int(a[1]) + '\n')
    else: sys.exit(f'unknown generator {cmd}')
PY
gen() { python3 "$W/gen.py" "$@"; }

# ---------------------------------------------------------------------------------------------
# Running pitwall and printing a row.
N=0
new_site() { # new_site NAME -> prints the folder of a fresh starter site
  local d="$W/$1"
  rm -rf "$d"
  "$BIN" init "$d" >/dev/null 2>&1
  echo "$d"
}

next_month_of() { # the month after the newest data/scorecards/*.yaml of site $1
  local newest
  newest=$(ls "$1/data/scorecards" | grep -E '^[0-9]{4}-[0-9]{2}\.yaml$' | sort | tail -1)
  gen next-month "${newest%.yaml}"
}

cell() { # make text safe for one Markdown table cell, at most 160 characters
  python3 -c 'import sys; t = " ".join(sys.argv[1].split()); t = t[:160] + ("…" if len(t) > 160 else ""); print(t.replace("|", "\\|"), end="")' "$1"
}

first_error() { # first error-like line of a stderr file, else its first warning, else "—"
  local line
  line=$(grep -m1 -aiE 'error|错误|panicked|memory allocation|失败|无法|too (large|many|long)|killed' "$1" || true)
  [ -n "$line" ] || line=$(grep -m1 -aiE 'warning|警告' "$1" || true)
  printf '%s' "${line:-—}"
}

# status_of TIMEFILE RC -> "0", "1", "124 (timeout)", "signal 6 (SIGABRT)", …
status_of() {
  local sig
  sig=$(grep -aoE 'terminated by signal [0-9]+' "$1" | grep -oE '[0-9]+$' || true)
  if [ -n "$sig" ]; then
    echo "signal $sig ($(kill -l "$sig" 2>/dev/null | sed 's/^/SIG/'))"
  elif [ "$2" = 124 ]; then
    echo "124 (timeout ${TIMEOUT}s)"
  elif [ "$2" = 101 ]; then
    echo "101 (panic)"
  else
    echo "$2"
  fi
}

time_of() { tail -1 "$1" | awk '{print $1 " s"}'; }
mem_of() { tail -1 "$1" | awk '{printf "%d MB", $3 / 1024}'; }

# run CASE DIR NOTE -- pitwall ARGS...  (runs in DIR; prints one row; NOTE stderr-bytes adds
# the size of stderr to the last cell)
run() {
  local name=$1 dir=$2 note=$3; shift 4
  N=$((N + 1))
  local out="$W/out.$N" err="$W/err.$N" tf="$W/time.$N" rc=0
  (cd "$dir" && /usr/bin/time -o "$tf" -f '%e s %M KB' \
     timeout "$TIMEOUT" prlimit --as="$MEM_CAP" -- "$BIN" "$@" >"$out" 2>"$err") || rc=$?
  local msg
  msg=$(first_error "$err")
  [ "$note" != stderr-bytes ] || msg="$msg — stderr $(wc -c <"$err") bytes"
  printf '| %s | `%s` | %s | %s | %s | %s |\n' "$name" "$(cell "pitwall $*")" "$(status_of "$tf" "$rc")" \
    "$(time_of "$tf")" "$(mem_of "$tf")" "$(cell "$msg")"
}

want() { [[ " $CASES " == *" $1 "* ]]; }
done_with() { [ -n "${KEEP:-}" ] || rm -rf "$1"; }

echo "pitwall hardening, $("$BIN" --version 2>/dev/null || echo "$BIN"), $(date -u +%Y-%m-%dT%H:%MZ), cap ${MEM_CAP} bytes AS, timeout ${TIMEOUT}s"
echo
echo '| case | command | exit status | time | peak memory | first line of the error pitwall printed |'
echo '|---|---|---|---|---|---|'

# 1. A commit whose subject is 10 MB on one line, touching 5,000 pages.
if want 1; then
  d=$(new_site c1)
  (cd "$d" && git init -q && gen pages content/guides 5000 1 && "${GIT[@]}" add -A \
     && "${GIT[@]}" commit -qm '五千页' && gen pages content/guides 5000 2 \
     && gen subject "$W/subject" 10000000 && "${GIT[@]}" commit -qa -F "$W/subject")
  run "1 10 MB subject × 5,000 pages" "$d" "" -- build
  done_with "$d"
fi

# 2. An xlsx with one cell at XFD1048576.
if want 2; then
  d=$(new_site c2); m=$(next_month_of "$d"); mkdir -p "$d/exports"; gen far "$d/exports/far.xlsx"
  run "2 xlsx cell at XFD1048576" "$d" "" -- import month "$m" exports/far.xlsx
  done_with "$d"
fi

# 3. An xlsx with one merged region A1:XFD1048576 over a small table.
if want 3; then
  d=$(new_site c3); m=$(next_month_of "$d"); mkdir -p "$d/exports"; gen merged "$d/exports/merged.xlsx"
  run "3 xlsx merged A1:XFD1048576" "$d" "" -- import month "$m" exports/merged.xlsx
  done_with "$d"
fi

# 4. An xlsx whose shared strings unpack to 300 MB (one string of spaces), small compressed.
if want 4; then
  d=$(new_site c4); m=$(next_month_of "$d"); mkdir -p "$d/exports"; gen bomb "$d/exports/bomb.xlsx" 300
  run "4 xlsx sharedStrings 300 MB ($(($(stat -c %s "$d/exports/bomb.xlsx") / 1024)) KB zip)" "$d" "" \
    -- import month "$m" exports/bomb.xlsx
  done_with "$d"
fi

# 5. A sheet of 1,000,000 rows.
if want 5; then
  d=$(new_site c5); m=$(next_month_of "$d"); mkdir -p "$d/exports"; gen million "$d/exports/rows.xlsx" 1000000
  run "5 xlsx 1,000,000 rows" "$d" "" -- import month "$m" exports/rows.xlsx
  # The xlsx is over the unpacked-size cap (about 100 MB of XML), so the row limit is reached
  # through the same million rows as CSV (10 MB).
  python3 -c 'import sys; f = open(sys.argv[1], "w"); f.write("门店,CSI\n"); f.write("".join(f"x-{i},1\n" for i in range(1, 1000001)))' "$d/exports/rows.csv"
  run "5b csv 1,000,000 rows" "$d" "" -- import month "$m" exports/rows.csv
  done_with "$d"
fi

# 6. An .ods with a row repeated 1,048,575 times, each with a cell repeated 16,384 times.
if want 6; then
  d=$(new_site c6); m=$(next_month_of "$d"); mkdir -p "$d/exports"; gen ods "$d/exports/repeat.ods"
  run "6 ods 1,048,575 × 16,384 repeats" "$d" "" -- import month "$m" exports/repeat.ods
  done_with "$d"
fi

# 7. A month figure of ±1.7976931348623157e308.
if want 7; then
  for v in 1.7976931348623157e308 -1.7976931348623157e308; do
    d=$(new_site c7)
    f=$(ls "$d"/data/scorecards/*.yaml | sort | tail -1)
    gen replace "$f" 'revenue_per_ro: 2936' "revenue_per_ro: $v"
    run "7 figure $v" "$d" "" -- check
    run "7 figure $v" "$d" "" -- build
    done_with "$d"
  done
fi

# 8. 10,000, 50,000 (and 200,000) broken anchors on one line.
if want 8; then
  for n in 10000 50000 200000; do # 200,000: time grows with the square of the links on one line
    d=$(new_site c8); gen anchors "$d/content/guides/anchors.md" "$n"
    run "8 $n broken anchors, one line" "$d" stderr-bytes -- check
    done_with "$d"
  done
fi

# 9. A 50 MB page of Chinese text; a page of 40,000 identical headings with broken anchors.
if want 9; then
  d=$(new_site c9a); gen chinese "$d/content/guides/big.md" 50
  run "9a 50 MB Chinese page" "$d" "" -- build --clean
  done_with "$d"
  d=$(new_site c9b); gen headings "$d/content/guides/headings.md" 40000
  run "9b 40,000 identical headings + broken anchors" "$d" stderr-bytes -- build --clean
  done_with "$d"
fi

# 10. A FIFO at .pitwall-cache/bodies.json (the build must not block on it).
if want 10; then
  d=$(new_site c10)
  "$BIN" build --root "$d" -q >/dev/null 2>&1 || true
  mkdir -p "$d/.pitwall-cache"; rm -f "$d/.pitwall-cache/bodies.json"; mkfifo "$d/.pitwall-cache/bodies.json"
  run "10 FIFO at .pitwall-cache/bodies.json" "$d" "" -- build
  done_with "$d"
fi

# 11. An outlet name of 40,000 characters.
if want 11; then
  d=$(new_site c11)
  gen replace "$d/data/outlets.yaml" 'name: 上海浦东服务中心' "name: $(python3 -c 'print("浦" * 40000)')"
  run "11 outlet name of 40,000 chars" "$d" "" -- check
  done_with "$d"
fi

# 12. serve: 200 idle TCP connections that send nothing; how many does the server close in 15 s?
if want 12; then
  d=$(new_site c12)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  N=$((N + 1)); out="$W/out.$N"; err="$W/err.$N"; tf="$W/time.$N"; rc=0
  (cd "$d" && exec /usr/bin/time -o "$tf" -f '%e s %M KB' \
     timeout "$TIMEOUT" prlimit --as="$MEM_CAP" -- "$BIN" serve --port "$port" >"$out" 2>"$err") &
  tpid=$!
  probe=$(python3 - "$port" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
deadline = time.time() + 60
while True:                                   # wait for the server to listen
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
    except OSError:
        if time.time() > deadline: print("server never listened"); sys.exit()
        time.sleep(0.2)
socks, refused = [], 0
for _ in range(200):
    try:
        socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
    except OSError:
        refused += 1
time.sleep(15)
closed = 0
for s in socks:
    s.setblocking(False)
    try:
        closed += s.recv(1) == b""
    except BlockingIOError:
        pass
    except OSError:
        closed += 1
t = time.time()
try:                                          # is the server still answering, with the idle ones still open?
    c = socket.create_connection(("127.0.0.1", port), timeout=10)
    c.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    status = c.recv(64).split(b"\r\n")[0].decode(errors="replace") or "no answer"
except OSError as e:
    status = f"GET / failed: {e}"
ms = int((time.time() - t) * 1000)
for s in socks: s.close()
print(f"closed {closed}/{len(socks)} idle connections after 15 s" + (f", {refused} refused" if refused else "")
      + f"; then GET / → {status} in {ms} ms")
PY
)
  # stop serve: SIGINT to pitwall itself (the child of `timeout`, which exec'd prlimit)
  tmo=$(pgrep -P "$tpid" -x timeout || true)
  pw=""; [ -z "$tmo" ] || pw=$(pgrep -P "$tmo" || true)
  if [ -n "$pw" ]; then kill -INT "$pw" 2>/dev/null || true; fi
  for _ in $(seq 50); do kill -0 "$tpid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$tpid" 2>/dev/null && [ -n "$tmo" ]; then kill -TERM "$tmo" 2>/dev/null || true; fi
  wait "$tpid" || rc=$?
  msg=$(first_error "$err"); [ "$msg" != — ] || msg=""
  printf '| %s | `%s` | %s | %s | %s | %s |\n' "12 serve, 200 idle connections" \
    "$(cell "pitwall serve --port $port")" "$(status_of "$tf" "$rc")" \
    "$(time_of "$tf")" "$(mem_of "$tf")" "$(cell "$probe; stopped by the script with SIGINT${msg:+ — $msg}")"
  done_with "$d"
fi
