#!/usr/bin/env python3
"""An mdBook book as a pitwall site, without mdBook: what bench/book.sh does, with the
`{{#include}}` / `{{#rustdoc_include}}` expansion of mdBook's `links` preprocessor (0.5)
reproduced here.

    python3 bench/search/book_site.py BOOK SITE

BOOK is an mdBook folder (book.toml, src/SUMMARY.md), e.g. the Chinese Rust book
(github.com/KaiserY/trpl-zh-cn); SITE is made anew: site.yaml and content/guides/<file>.md for
each chapter of SUMMARY.md, with front matter `title` (the SUMMARY entry) and `weight` (its
order), links in mdBook's URL form (`ch04-01-x.html#a`) turned into pitwall's source-file form
(`ch04-01-x.md#a`), as book.sh does.

The expansion follows mdBook's `links.rs`: `{{#include path[:range|:anchor]}}` inserts the file's
lines (a range `a:b` of line numbers from 1, `a`, `a:`, `:b`), or those between
`ANCHOR: name` and `ANCHOR_END: name`; `{{#rustdoc_include ...}}` inserts the whole file with the
lines outside the range or anchor behind `# ` (mdBook's markdown output keeps them so; its HTML
hides them); the text before the directive on its line is repeated before each inserted line;
included files are expanded in turn (relative to their own folder); `\\{{#...}}` is an escaped
directive; `{{#title x}}` sets nothing here and is removed. A file that cannot be read leaves the
directive as it is, as mdBook does.
"""
import json
import os
import re
import sys
import tomllib

LINK = re.compile(r"\\\{\{#.*\}\}|\{\{\s*#([a-zA-Z0-9_]+)\s+([^}]+)\}\}")
ANCHOR_START = re.compile(r"ANCHOR:\s*(?P<name>[\w_-]+)")
ANCHOR_END = re.compile(r"ANCHOR_END:\s*(?P<name>[\w_-]+)")
MAX_DEPTH = 10


def lines(s):
    # Rust's str::lines: split on \n, drop a final empty line, strip a trailing \r.
    out = s.split("\n")
    if out and out[-1] == "":
        out.pop()
    return [l[:-1] if l.endswith("\r") else l for l in out]


def parse_range(spec):
    """(start, end) of 0-based line indexes (end exclusive, None: open), or an anchor name."""
    parts = (spec or "").split(":", 2)
    first = parts[0]
    if first.isdigit():
        start = max(int(first) - 1, 0)
    elif first == "":
        start = None
    else:
        return first
    end = parts[1] if len(parts) > 1 else None
    end_num = int(end) if end is not None and end.isdigit() else None
    if start is not None and end is not None and end_num is not None:
        return (start, end_num)
    if start is not None and end is not None:
        return (start, None)
    if start is not None:
        return (start, start + 1)
    if end_num is not None:
        return (None, end_num)
    return (None, None)


def take_lines(s, rng):
    ls = lines(s)
    start, end = rng
    start = start or 0
    return "\n".join(ls[start:end] if end is not None else ls[start:])


def take_anchored(s, anchor):
    kept, found = [], False
    for l in lines(s):
        if found:
            m = ANCHOR_END.search(l)
            if m:
                if m.group("name") == anchor:
                    break
            elif not ANCHOR_START.search(l):
                kept.append(l)
        else:
            m = ANCHOR_START.search(l)
            if m and m.group("name") == anchor:
                found = True
    return "\n".join(kept)


def rustdoc_lines(s, rng):
    start, end = rng
    out = []
    for i, l in enumerate(lines(s)):
        inside = (start is None or i >= start) and (end is None or i < end)
        out.append(l if inside else "# " + l)
    return "\n".join(out)


def rustdoc_anchored(s, anchor):
    out, within = [], False
    for l in lines(s):
        if within:
            m = ANCHOR_END.search(l)
            if m:
                if m.group("name") == anchor:
                    within = False
            elif not ANCHOR_START.search(l):
                out.append(l)
        else:
            m = ANCHOR_START.search(l)
            if m:
                if m.group("name") == anchor:
                    within = True
            elif not ANCHOR_END.search(l):
                out.append("# " + l)
    return "\n".join(out)


def split_target(rest):
    rest = rest.strip()
    if rest.startswith('"'):
        m = re.match(r'"((?:[^"\\]|\\.)*)"\s*(?::(.*))?', rest)
        if not m:
            return None
        return re.sub(r"\\(.)", r"\1", m.group(1)), m.group(2)
    arg = rest.split()[0]
    path, _, spec = arg.partition(":")
    return path, (spec if ":" in arg else None)


def expand(text, base, depth=0):
    out, last = [], 0
    for m in LINK.finditer(text):
        whole, kind, rest = m.group(0), m.group(1), m.group(2)
        if kind is None:  # escaped: drop the backslash
            out.append(text[last:m.start()])
            out.append(whole[1:])
            last = m.end()
            continue
        if kind == "title":
            out.append(text[last:m.start()])
            last = m.end()
            continue
        if kind not in ("include", "rustdoc_include"):
            continue  # playground and unknown directives are not used by the book
        target = split_target(rest)
        if target is None:
            continue
        path, spec = target
        full = os.path.join(base, path)
        try:
            content = open(full, encoding="utf-8").read()
        except OSError as e:
            print(f"warning: {whole}: {e}", file=sys.stderr)
            continue  # left as it is
        rng = parse_range(spec)
        if kind == "include":
            new = take_anchored(content, rng) if isinstance(rng, str) else take_lines(content, rng)
        else:
            new = rustdoc_anchored(content, rng) if isinstance(rng, str) else rustdoc_lines(content, rng)
        before = "".join(out) + text[last:m.start()]
        prefix = before.split("\n")[-1]
        if depth < MAX_DEPTH:
            new = expand(new, os.path.dirname(full), depth + 1)
        out.append(text[last:m.start()])
        out.append(("\n" + prefix).join(lines(new)))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def main():
    book, site = sys.argv[1:3]
    src = os.path.join(book, "src")
    title = tomllib.load(open(os.path.join(book, "book.toml"), "rb")).get("book", {}).get("title", "book")
    # Chapters in SUMMARY order, as book.sh: `[title](file.md)`; drafts `[title]()` skipped.
    chapters = []
    summary = open(os.path.join(src, "SUMMARY.md"), encoding="utf-8").read()
    for m in re.finditer(r"\[((?:[^\]\\]|\\.)+)\]\(([^)\s]+\.md)\)", summary):
        if m.group(2) not in [c[1] for c in chapters]:
            chapters.append((m.group(1), m.group(2)))
    files = {c[1] for c in chapters}

    def fix(target):
        m = re.fullmatch(r"([^:#?]+)\.html(#.*)?", target)
        if m and m.group(1) + ".md" in files:
            return m.group(1) + ".md" + (m.group(2) or "")
        return target

    inline = re.compile(r"(\]\()([^)\s]+)(\))")
    refdef = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*\n?[ \t]*)(\S+)", re.M)
    os.makedirs(os.path.join(site, "content", "guides"), exist_ok=True)
    size = 0
    for weight, (t, f) in enumerate(chapters, 1):
        path = os.path.join(src, f)
        body = expand(open(path, encoding="utf-8").read(), os.path.dirname(path))
        body = inline.sub(lambda m: m.group(1) + fix(m.group(2)) + m.group(3), body)
        body = refdef.sub(lambda m: m.group(1) + fix(m.group(2)), body)
        out = os.path.join(site, "content", "guides", f)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        text = f"---\ntitle: {json.dumps(t.replace(chr(92), ''), ensure_ascii=False)}\nweight: {weight}\n---\n\n{body}"
        open(out, "w", encoding="utf-8").write(text)
        size += len(body.encode())
    with open(os.path.join(site, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(f"title: {json.dumps(title, ensure_ascii=False)}\nlanguage: zh-CN\n")
    print(f"converted {len(chapters)} chapters, {size / 1e6:.2f} MB of Markdown (includes expanded)", file=sys.stderr)


if __name__ == "__main__":
    main()
