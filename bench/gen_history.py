#!/usr/bin/env python3
"""A site in a git repository with a long history, for timing pitwall's page history.

    python3 bench/gen_history.py DIR [--pages 2000] [--commits 5000]

Writes DIR as a git repository (with `git fast-import`, so it takes seconds): the first commit
adds PAGES playbooks (compensation rules, syllabus parts, complaint scripts and plain pages,
a quarter each); every later commit changes one to three of them (a cap, an approval limit, a
module's hours, a response time, a severity, or the text), every 50th renames a page and
every 200th removes one. Commit times are fixed (one hour apart from 2024-01-01), so the
repository is the same on every run. Then time the history (see bench/README.md):

    cd DIR && pitwall build --verbose --out /tmp/h-out      # first build: reads every commit
    cd DIR && pitwall build --verbose --out /tmp/h-out      # next build: from the cache
"""

import argparse
import random
import subprocess
import sys
from pathlib import Path

KINDS = ["compensation", "training", "complaints", "guides"]


def page(kind, i, rev):
    """The text of page `i` of `kind` at revision `rev` (a dict of its varying fields)."""
    if kind == "compensation":
        return (
            f"---\ntitle: 补偿规则 {i}\nkind: compensation-rule\ntrigger: 情形 {i}\n"
            f"offers:\n  - item: 代金券\n    value_cny: {rev['offer']}\n"
            f"cap_cny: {rev['cap']}\napproval:\n  - up_to_cny: {rev['limit']}\n    role: 服务经理\n"
            f"  - role: 服务总监\n---\n## 规则\n\n{rev['body']}\n"
        )
    if kind == "training":
        modules = "".join(
            f"  - {{id: m{m}, title: 模块 {m}, hours: {h}, format: classroom, objectives: [目标]}}\n"
            for m, h in enumerate(rev["hours"], 1)
        )
        return (
            f"---\ntitle: 培训 {i}\nkind: syllabus\npart: {i + 1}\nmodules:\n{modules}"
            f"assessment: [理论考核]\n---\n## 课程\n\n{rev['body']}\n"
        )
    if kind == "complaints":
        return (
            f"---\ntitle: 投诉话术 {i}\nkind: complaint-script\nseverity: {rev['severity']}\n"
            f"first_response_hours: {rev['response']}\nescalation: [服务顾问, 服务经理]\n---\n"
            f"## 场景\n\n{rev['body']}\n"
        )
    return f"---\ntitle: 指南 {i}\n---\n## 指南\n\n{rev['body']}\n"


def first_revision(kind, rng):
    return {
        "offer": 300,
        "cap": rng.choice([800, 1000, 2000]),
        "limit": 500,
        "hours": [4, 3],
        "severity": "ordinary",
        "response": 24,
        "body": "第一版正文。" * 20,
    }


def change(kind, rev, n, rng):
    rev = dict(rev, hours=list(rev["hours"]))
    what = rng.randrange(3)
    if kind == "compensation" and what == 0:
        rev["cap"] += 500
    elif kind == "compensation" and what == 1:
        rev["limit"] += 500
    elif kind == "training" and what == 0:
        rev["hours"][0] += 1
    elif kind == "training" and what == 1 and len(rev["hours"]) < 8:
        rev["hours"].append(2)
    elif kind == "complaints" and what == 0:
        rev["response"] = max(1, rev["response"] - 1)
    elif kind == "complaints" and what == 1:
        rev["severity"] = {"ordinary": "major", "major": "crisis", "crisis": "ordinary"}[rev["severity"]]
    else:
        rev["body"] = f"第 {n} 次修订的正文。" * 20
    return rev


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=5000)
    args = parser.parse_args()
    root = Path(args.dir)
    if root.exists():
        sys.exit(f"{root} exists; give a new folder")
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    rng = random.Random(16)
    pages = {}  # path -> (kind, i, revision)
    for i in range(args.pages):
        kind = KINDS[i % 4]
        pages[f"content/{kind}/p{i:05}.md"] = (kind, i, first_revision(kind, rng))
    out = []

    def blob(text):
        data = text.encode()
        out.append(b"data %d\n" % len(data) + data + b"\n")

    time = 1704067200  # 2024-01-01T00:00:00Z
    for n in range(args.commits):
        time += 3600
        lines = []
        if n == 0:
            subject = "Playbooks"
            lines.append(("M", "content/_index.md", "---\ntitle: 首页\n---\n"))
            lines.append(("M", ".gitignore", "public/\n.pitwall-cache/\n"))
            for path, (kind, i, rev) in pages.items():
                lines.append(("M", path, page(kind, i, rev)))
        elif n % 200 == 0 and len(pages) > 1:
            path = rng.choice(sorted(pages))
            del pages[path]
            subject = f"Remove {path}"
            lines.append(("D", path, None))
        elif n % 50 == 0:
            path = rng.choice(sorted(pages))
            kind, i, rev = pages.pop(path)
            new = path.replace(".md", f"-r{n}.md")
            pages[new] = (kind, i, rev)
            subject = f"Rename {path}"
            lines.append(("R", path, new))
        else:
            subject = f"Revision {n}"
            for path in rng.sample(sorted(pages), rng.randint(1, 3)):
                kind, i, rev = pages[path]
                rev = change(kind, rev, n, rng)
                pages[path] = (kind, i, rev)
                lines.append(("M", path, page(kind, i, rev)))
        out.append(b"commit refs/heads/main\n")
        out.append(b"committer Trainer <trainer@example.com> %d +0800\n" % time)
        message = subject.encode()
        out.append(b"data %d\n" % len(message) + message + b"\n")
        for op, path, text in lines:
            if op == "M":
                out.append(f"M 100644 inline {path}\n".encode())
                blob(text)
            elif op == "D":
                out.append(f"D {path}\n".encode())
            else:
                out.append(f"R {path} {text}\n".encode())
        out.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    print(f"{root}: {len(pages)} pages, {args.commits} commits")


if __name__ == "__main__":
    main()
