#!/usr/bin/env python3
"""Mutation fuzzer for `pitwall check` and `pitwall build`.

Copies a site (default: the example site at the repository root) into a temporary folder, makes
one to three random edits of the kinds authors make by accident (a full-width colon, a tab, a
deleted or doubled line, a stray `---`, a cut-off file, a changed digit, text where a number
belongs, odd Unicode, a huge value, a link to nowhere, ...), runs pitwall on it and checks what
must hold whatever the input:

* no panic (exit status 101 or "panicked" on stderr), no signal, no time-out;
* the exit status is 0, 1 or 2, and 1 or 2 comes with at least one `error:` line;
* every diagnostic line names a file of the site (`path:line:col:` or `path:`);
* JSON diagnostics (`check --format json`) parse and have every key;
* a build never changes a source file, writes only inside `--out`, and leaves no
  `.pitwall-build-*` / `.pitwall-old-*` folder behind;
* a failed build leaves the previous output exactly as it was;
* every run stays within a memory limit (`--mem-limit`, 4 GiB by default) and the time-out.

Besides small edits, runs make the large and extreme inputs a hostile pull request can commit:
numbers near the largest float, names of 40,000 characters, thousands of identical headings or
broken anchors on one line, control characters. Every `--import-every`th run also writes a CSV
export (the site's outlets and KPIs, then mutated: extreme and odd cells, control characters,
tens of thousands of rows) and runs `pitwall import month` on it: the month file is written only
when the import succeeds, and then the site still checks without a panic.

Every failure is kept in `--keep DIR` (default `target/fuzz-failures/`) as the mutated site
with a `FAILURE.txt` that says what broke and how to rerun it. Runs are reproducible: run N of
seed S always makes the same edits. This is a tool to run by hand (it is not a timed CI test):

    cargo build --release
    python3 tools/fuzz.py --runs 2000                # check on every run, build on every 4th
    python3 tools/fuzz.py --runs 200 --seed 7 --bin target/debug/pitwall
"""

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE_PARTS = ["content", "data", "themes", "static", "site.yaml"]
TIMEOUT = 60

# Text authors paste or mistype, and text meant to break parsers.
ODD_TEXT = [
    "：", "\t", "　", "---", "```", "```dialogue", "~~~", "**", "__", "_", "*", "[", "]", "(", ")",
    "](", "[x](nowhere.md)", "[x](../no/where/)", "[x](@/kpis/nope)", "#", "&", "<script>", "{{",
    "{%", "%}", "}}", "&amp;", "\u0000", "\ufeff", "\u200b", "\u202e", "é", "e\u0301", "〽︎", "🈂",
    "𠀀", "null", "~", "-", "- ", ": ", "!!str", "&a", "*a", "<<: *a", "? ", "|", ">", "'", '"',
    "\\", "%YAML 1.2", "1e309", "-0", "NaN", ".inf", "99999999999999999999", "0x1F", "0.949",
    "92,5", "4小时", "重大投诉", "Major", "2026-13", "2026-02-30", "../../etc/passwd", "CON",
    "\r", "\r\n", "\n\n\n", " " * 200, "a" * 5000,
    "\x1b[31m", "\x07", "\x0b", '"yes"', '"on"', ".nan",
    # Figure components (issue 31), whole, broken and odd.
    "{{ value csi }}", "{{ trend csi months=60 }}", "{{ below csi status=red }}",
    "{{ ranking csi bottom=50 }}", "{{ spread csi region=华东 }}", "{{ value csi outlet=sh-01 month=2026-09 }}",
    "{{ value", "{{ trend csi months=99999999999999999999 }}", "{{ 数值 csx 门店：bj-1 }}", "｛｛ value csi ｝｝",
    "{{ below csi region=华东 outlet=sh-01 }}", "{{ value csi month=0000-00 }}", "\\{{ value csi }}",
    "{{}}", "{{ value csi }}{{ value csi }}{{ value csi }}",
]

# Values at and past the limits of numbers (docs/contract.md, "Limits").
EXTREME = [
    "1.7976931348623157e308", "-1.7976931348623157e308", "1e12", "1e13", "-1e13", "4000000000",
    "1e-320", ".nan", ".inf", "-.inf", "18446744073709551616",
]


def large(rng: random.Random) -> str:
    """A large input of one of the shapes that once took unbounded time or memory."""
    shape = rng.choice(["name", "anchors", "headings", "line"])
    if shape == "name":
        return "长" * 40_000
    if shape == "anchors":
        return "".join(f"[a](#no-{i}) " for i in range(3_000))
    if shape == "headings":
        return "".join(f"\n## 步骤\n\n[回](#步骤-{i}x)\n" for i in range(3_000))
    return "客户满意度" * 200_000



def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(root: Path, skip: set) -> dict:
    """Every file under root (except the folders in `skip`) with its hash."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir.parts and rel_dir.parts[0] in skip:
            dirnames[:] = []
            continue
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            files[str(path.relative_to(root))] = sha(path)
    return files


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    """One random edit; returns the new text and a description of the edit."""
    lines = text.split("\n")
    kind = rng.choice([
        "insert", "insert", "replace-char", "delete-line", "double-line", "swap-lines",
        "truncate", "indent", "digit", "colon", "empty-value", "quote-number", "join-lines",
        "extreme", "large",
    ])
    if not text:
        kind = "insert"
    pos = rng.randrange(len(text) + 1)
    i = rng.randrange(len(lines))
    if kind == "insert":
        odd = rng.choice(ODD_TEXT)
        return text[:pos] + odd + text[pos:], f"insert {odd!r} at byte {pos}"
    if kind == "replace-char" and text:
        pos = min(pos, len(text) - 1)
        odd = rng.choice(ODD_TEXT)
        return text[:pos] + odd + text[pos + 1:], f"replace char {pos} with {odd!r}"
    if kind == "delete-line":
        del lines[i]
        return "\n".join(lines), f"delete line {i + 1}"
    if kind == "double-line":
        lines.insert(i, lines[i])
        return "\n".join(lines), f"double line {i + 1}"
    if kind == "swap-lines" and len(lines) > 1:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines), f"swap lines {i + 1} and {j + 1}"
    if kind == "truncate":
        return text[:pos], f"truncate at byte {pos}"
    if kind == "indent":
        pad = rng.choice([" ", "   ", "\t", "    "])
        lines[i] = pad + lines[i]
        return "\n".join(lines), f"indent line {i + 1} with {pad!r}"
    if kind == "digit":
        digits = [m.start() for m in re.finditer(r"\d", text)]
        if digits:
            at = rng.choice(digits)
            new = rng.choice(["0", "9", "-", ".", "", "00", "1e9"])
            return text[:at] + new + text[at + 1:], f"digit at byte {at} -> {new!r}"
    if kind == "colon":
        colons = [m.start() for m in re.finditer(":", text)]
        if colons:
            at = rng.choice(colons)
            new = rng.choice(["：", "", " :", "::"])
            return text[:at] + new + text[at + 1:], f"colon at byte {at} -> {new!r}"
    if kind == "empty-value":
        m = list(re.finditer(r":[ \t]+\S[^\n]*", text))
        if m:
            hit = rng.choice(m)
            new = rng.choice([":", ": -", ": []", ": {}", ": ~", ': ""'])
            return text[:hit.start()] + new + text[hit.end():], f"value at byte {hit.start()} -> {new!r}"
    if kind == "quote-number":
        m = list(re.finditer(r"(?<=: )-?\d+(\.\d+)?", text))
        if m:
            hit = rng.choice(m)
            return text[:hit.start()] + f'"{hit.group()}%"' + text[hit.end():], f"quote number at {hit.start()}"
    if kind == "extreme":
        m = list(re.finditer(r"(?<=[: ,\[])-?\d+(\.\d+)?(?=[\s,\]}#]|$)", text))
        if m:
            hit = rng.choice(m)
            new = rng.choice(EXTREME)
            return text[:hit.start()] + new + text[hit.end():], f"number at byte {hit.start()} -> {new}"
    if kind == "large":
        new = large(rng)
        return text[:pos] + new + text[pos:], f"insert {len(new)} characters ({new[:20]!r}…) at byte {pos}"
    if kind == "join-lines" and len(lines) > 1 and i + 1 < len(lines):
        lines[i] = lines[i] + " " + lines.pop(i + 1)
        return "\n".join(lines), f"join lines {i + 1} and {i + 2}"
    odd = rng.choice(ODD_TEXT)
    return text[:pos] + odd + text[pos:], f"insert {odd!r} at byte {pos}"


DIAGNOSTIC = re.compile(r"^(\S[^:\n]*?)(?::(\d+):(\d+))?: (error|warning): ")


def check_output(run, site: Path, problems: list, json_mode=False):
    stderr = run.stderr.decode("utf-8", "replace")
    if run.returncode < 0:
        problems.append(f"killed by signal {-run.returncode}")
    if "memory allocation of" in stderr:
        problems.append("ran out of memory (past --mem-limit)")
    if run.returncode == 101 or "panicked" in stderr:
        problems.append("panic")
    if run.returncode not in (0, 1, 2):
        problems.append(f"exit status {run.returncode}")
    if json_mode:
        try:
            items = json.loads(run.stdout.decode("utf-8"))
            for item in items:
                missing = {"path", "line", "column", "severity", "code", "message", "hint"} - item.keys()
                if missing:
                    problems.append(f"JSON diagnostic without {sorted(missing)}: {item}")
                if item.get("line") == 0:
                    problems.append(f"JSON diagnostic with line 0: {item}")
            if run.returncode == 1 and not any(i.get("severity") == "error" for i in items):
                problems.append("exit status 1 without an error in the JSON")
        except (ValueError, AttributeError) as e:
            problems.append(f"JSON output does not parse: {e}")
        return
    lines = [l for l in stderr.splitlines() if DIAGNOSTIC.match(l)]
    if run.returncode in (1, 2) and not any(": error: " in l or l.startswith("error") for l in stderr.splitlines()):
        problems.append(f"exit status {run.returncode} without an error line")
    for line in lines:
        path = DIAGNOSTIC.match(line).group(1)
        if not (site / path).exists() and not path.startswith(("pagefind", "public", "/")):
            # Paths are relative to the site; an absolute path is allowed for folders given on
            # the command line.
            problems.append(f"diagnostic names a path that is not in the site: {line}")


def limited(args):
    """A pre-exec function that holds the child to `--mem-limit` bytes of address space."""
    import resource

    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (args.mem_limit, args.mem_limit))
    return apply


def export_csv(site: Path, rng: random.Random) -> tuple[str, str]:
    """A CSV export of the site's outlets and KPIs, with odd cells; and what was done."""
    outlets = re.findall(r"^- id: (\S+)", (site / "data/outlets.yaml").read_text("utf-8"), re.M)
    kpis = re.findall(r"^- id: (\S+)", (site / "data/kpis.yaml").read_text("utf-8"), re.M)
    rows = [["门店"] + kpis]
    for outlet in outlets:
        rows.append([outlet] + [f"{rng.uniform(0, 100):.1f}" for _ in kpis])
    done = []
    for _ in range(rng.randint(1, 4)):
        shape = rng.choice(["extreme", "odd", "control", "rows", "long"])
        r, c = rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))
        if shape == "extreme":
            rows[r][c] = rng.choice(EXTREME)
        elif shape == "odd":
            rows[r][c] = rng.choice(ODD_TEXT)
        elif shape == "control":
            rows[r][c] = "\x1b]0;x\x07\x00" + rows[r][c]
        elif shape == "rows":
            rows += [[f"x-{i}"] + ["1"] * len(kpis) for i in range(rng.choice([100, 20_000, 60_000]))]
        else:
            rows[r][c] = "长" * 40_000
        done.append(f"{shape} at row {r + 1}, column {c + 1}")
    text = "\n".join(",".join(f'"{v}"' if "," in v else v for v in row) for row in rows)
    return text + "\n", "; ".join(done)


def import_run(args, site: Path, rng: random.Random, env: dict, problems: list, edits: list):
    """Writes a mutated export and imports it as the month after the last one."""
    months = sorted(p.stem for p in (site / "data/scorecards").glob("*.yaml"))
    year, month = map(int, months[-1].split("-")) if months else (2026, 1)
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    name = f"{year}-{month:02}"
    text, what = export_csv(site, rng)
    (site / "exports").mkdir(exist_ok=True)
    (site / "exports/fuzz.csv").write_text(text, "utf-8")
    edits.append(f"exports/fuzz.csv: {what}")
    target = site / f"data/scorecards/{name}.yaml"
    try:
        run = subprocess.run([str(args.bin), "import", "month", name, "exports/fuzz.csv"],
                             cwd=site, capture_output=True, timeout=TIMEOUT, env=env,
                             preexec_fn=limited(args))
        check_output(run, site, problems)
        if run.returncode != 0 and target.exists():
            problems.append(f"import exited {run.returncode} but wrote {target.name}")
        if run.returncode == 0:
            run = subprocess.run([str(args.bin), "check", "--quiet"], cwd=site, capture_output=True,
                                 timeout=TIMEOUT, env=env, preexec_fn=limited(args))
            check_output(run, site, problems)
    except subprocess.TimeoutExpired:
        problems.append(f"import (or the check after it) did not finish in {TIMEOUT} s")
    return run


def one_run(args, n: int, base: Path, work: Path) -> list:
    rng = random.Random(f"{args.seed}-{n}")
    site = work / "site"
    if site.exists():
        shutil.rmtree(site)
    building = n % args.build_every == 0
    # Build runs start from the base's built output, so a failed build can be checked against it.
    ignore = None if building else shutil.ignore_patterns("public", ".pitwall-cache")
    shutil.copytree(base, site, symlinks=True, ignore=ignore)
    candidates = sorted(
        p for p in site.rglob("*")
        if p.is_file() and p.suffix in (".md", ".yaml", ".yml", ".html", ".css")
        and not {"exports", "public", ".pitwall-cache"} & set(p.relative_to(site).parts)
    )
    weights = [5 if p.suffix in (".md", ".yaml") else 1 for p in candidates]
    edits = []
    for _ in range(rng.randint(1, 3)):
        target = rng.choices(candidates, weights)[0]
        text = target.read_text("utf-8", errors="replace")
        new, what = mutate(text, rng)
        target.write_text(new, "utf-8", errors="surrogatepass")
        edits.append(f"{target.relative_to(site)}: {what}")

    problems = []
    env = dict(os.environ, SOURCE_DATE_EPOCH="1790000000")
    json_mode = rng.random() < 0.3
    cmd = [str(args.bin), "check", "--quiet"] + (["--format", "json"] if json_mode else [])
    try:
        run = subprocess.run(cmd, cwd=site, capture_output=True, timeout=TIMEOUT, env=env,
                             preexec_fn=limited(args))
        check_output(run, site, problems, json_mode)
    except subprocess.TimeoutExpired:
        problems.append(f"check did not finish in {TIMEOUT} s")
    check_status = None if problems else run.returncode
    args.statuses[check_status] = args.statuses.get(check_status, 0) + 1

    if building:
        before = snapshot(site, {"public", ".pitwall-cache"})
        out = site / "public"
        previous = snapshot(out, set()) if out.exists() else None
        try:
            run = subprocess.run([str(args.bin), "build", "--quiet"], cwd=site, capture_output=True,
                                 timeout=TIMEOUT, env=env, preexec_fn=limited(args))
            check_output(run, site, problems)
            if check_status is not None and (run.returncode == 0) != (check_status == 0) and run.returncode != 2:
                problems.append(f"check exited {check_status} but build exited {run.returncode}")
            if run.returncode != 0 and previous is not None and snapshot(out, set()) != previous:
                problems.append("a failed build changed the previous output")
        except subprocess.TimeoutExpired:
            problems.append(f"build did not finish in {TIMEOUT} s")
        after = snapshot(site, {"public", ".pitwall-cache"})
        if before != after:
            changed = sorted(set(before.items()) ^ set(after.items()))
            problems.append(f"the build touched files outside public/: {changed[:5]}")
        leftovers = [p.name for p in site.iterdir() if p.name.startswith((".pitwall-build-", ".pitwall-old-"))]
        if leftovers:
            problems.append(f"leftover folders: {leftovers}")

    if args.import_every and n % args.import_every == 0 and not problems:
        run = import_run(args, site, rng, env, problems, edits)

    if problems:
        keep = args.keep / f"seed{args.seed}-run{n}"
        if keep.exists():
            shutil.rmtree(keep)
        shutil.copytree(site, keep, symlinks=True, ignore=shutil.ignore_patterns("public", ".pitwall-cache"))
        (keep / "FAILURE.txt").write_text(
            "edits:\n  " + "\n  ".join(edits) + "\nproblems:\n  " + "\n  ".join(problems)
            + f"\nrerun: python3 tools/fuzz.py --seed {args.seed} --only {n}\n"
            + f"stderr of the last command:\n{run.stderr.decode('utf-8', 'replace')[-4000:]}\n",
            "utf-8",
        )
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", type=int, help="run only this run number (to reproduce one)")
    parser.add_argument("--site", type=Path, default=REPO, help="site to mutate (default: the example site)")
    parser.add_argument("--bin", type=Path, default=REPO / "target/release/pitwall")
    parser.add_argument("--build-every", type=int, default=4, help="also build on every Nth run")
    parser.add_argument("--keep", type=Path, default=REPO / "target/fuzz-failures")
    parser.add_argument("--import-every", type=int, default=5,
                        help="also import a mutated CSV export on every Nth run (0: never)")
    parser.add_argument("--mem-limit", type=int, default=4 << 30,
                        help="address space each pitwall run may use, in bytes")
    args = parser.parse_args()
    if not args.bin.exists():
        sys.exit(f"no pitwall binary at {args.bin}: run `cargo build --release` or pass --bin")
    args.bin = args.bin.resolve()
    args.keep.mkdir(parents=True, exist_ok=True)
    args.statuses = {}
    with tempfile.TemporaryDirectory(prefix="pitwall-fuzz-") as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        for part in SOURCE_PARTS:
            src = args.site / part
            if src.is_dir():
                shutil.copytree(src, base / part, symlinks=True)
            elif src.is_file():
                shutil.copy2(src, base / part)
        built = subprocess.run([str(args.bin), "build", "--quiet"], cwd=base, capture_output=True,
                               env=dict(os.environ, SOURCE_DATE_EPOCH="1790000000"))
        if built.returncode != 0:
            sys.exit(f"the unmutated site does not build:\n{built.stderr.decode('utf-8', 'replace')}")
        runs = [args.only] if args.only is not None else range(args.runs)
        failures = 0
        for n in runs:
            problems = one_run(args, n, base, Path(tmp))
            if problems:
                failures += 1
                print(f"run {n}: " + "; ".join(problems), flush=True)
            elif (n + 1) % 100 == 0:
                print(f"{n + 1} runs, {failures} failing", flush=True)
        total = len(runs)
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(args.statuses.items(), key=str))
        print(f"fuzz: {total} runs (seed {args.seed}), {failures} failing; check exit statuses "
              f"{{{statuses}}}; failures kept in {args.keep}")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
