#!/usr/bin/env python3
"""Time from saving a playbook to the rebuilt page being served by `pitwall serve`.

    python3 bench/serve_latency.py SITE_DIR [content/path.md] [runs]
    TITLE=1 python3 bench/serve_latency.py SITE_DIR ...   # edit the title instead of the body

Starts the release binary on a free port, then `runs` times appends a unique marker to the
playbook (to its body, or with TITLE=1 to its `title:`) and polls the page until the marker is
served; prints each latency and the median. The playbook is restored afterwards.
"""
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

site = Path(sys.argv[1]).resolve()
page = sys.argv[2] if len(sys.argv) > 2 else None
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
binary = Path(os.environ.get("PITWALL") or Path(__file__).resolve().parent.parent / "target/release/pitwall")

if page is None:
    page = str(sorted((site / "content").rglob("*.md"), key=lambda p: (p.name == "_index.md", str(p)))[0].relative_to(site))
source = site / page
url_path = "/" + str(Path(page).relative_to("content").with_suffix("")).replace("\\", "/") + "/"
original = source.read_text(encoding="utf-8")

server = subprocess.Popen([str(binary), "serve", "--lang", "en", "--port", "0", "--root", str(site)], stderr=subprocess.PIPE, text=True)
try:
    port = None
    for line in server.stderr:
        m = re.match(r"serving http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
            break
    import threading
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    latencies = []
    for i in range(runs):
        marker = f"latency-marker-{i}-{time.time_ns()}"
        time.sleep(float(os.environ.get("PAUSE", "0.3")))  # between saves; PAUSE=3 lets the background index finish
        start = time.perf_counter()
        if os.environ.get("TITLE"):
            edited = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} {marker}", original, count=1, flags=re.M)
        else:
            edited = original + f"\n\n{marker}\n"
        source.write_text(edited, encoding="utf-8")
        while True:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{url_path}") as r:
                if marker in r.read().decode("utf-8", "replace"):
                    break
            time.sleep(0.002)
        latencies.append((time.perf_counter() - start) * 1000)
        print(f"run {i + 1}: {latencies[-1]:.0f} ms")
    print(f"median {statistics.median(latencies):.0f} ms over {runs} saves of {page}")
finally:
    source.write_text(original, encoding="utf-8")
    server.terminate()
    server.wait()
