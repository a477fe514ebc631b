#!/usr/bin/env python3
"""Checks that pitwall's modules depend on each other in one direction only.

LAYERS below is the written order of the crate's top-level modules, bottom to top. A module may
name (`crate::x`, or `super::x` from a top-level module) modules of its own layer or of a layer
below it, never one above; and the graph of those names may have no cycle, not even inside one
layer. Inside every folder, the files (and sub-folders) beside each other may have no cycle
either: `data/kpi.rs` naming `data/aggregate.rs` and `data/aggregate.rs` naming `data/kpi.rs`
is a circle (a folder's `mod.rs` is the folder itself, and may name its parts). Unit tests (from a top-level `#[cfg(test)]` to the end of the file, and files named
`tests.rs`) are not counted: they may build what they test from higher layers.

    python3 tools/layers.py          # prints nothing and exits 0 when the layers hold
    python3 tools/layers.py --graph  # also prints who imports whom
    python3 tools/layers.py --src DIR  # checks another source tree (the tests use this)

Exit status 1 lists every upward import (file:line) and every cycle.
"""

import re
import sys
from pathlib import Path

# Bottom to top. Each line is one layer; modules on one line may use each other (without a cycle).
LAYERS = [
    ["embedded", "language", "source", "messages", "diagnostic", "hashing", "yaml", "i18n"],
    ["config"],
    ["load", "store"],
    ["frontmatter", "data", "markdown", "history"],
    ["output"],
    ["cache"],
    ["urls"],
    ["model"],
    ["check"],
    ["render"],
    ["write"],
    ["pipeline"],
    ["serve", "scaffold", "import", "init"],
    ["cli"],
]

# Names at the crate root that are not modules: the macros a module exports.
MACROS = {"msg": "messages"}

SRC = Path(__file__).resolve().parent.parent / "src"
# `crate::name` anywhere in code; `super::name` is resolved against the file's module path.
PATH = re.compile(r"\b(crate|super)((?:::super)*)::([a-z_][a-z0-9_]*)((?:::[a-z_][a-z0-9_]*)*)")
# `use crate::{a, b::c}` names several modules at once.
GROUP = re.compile(r"\bcrate::\{([^}]*)\}", re.S)


def module_path(file: Path) -> list[str]:
    """`src/render/scorecards/month.rs` -> ["render", "scorecards", "month"]."""
    parts = list(file.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return parts


def code_of(text: str) -> list[tuple[int, str]]:
    """The file's lines without comments, up to its unit tests."""
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#[cfg(test)]"):
            break
        line = re.sub(r"//.*", "", line)
        lines.append((number, line))
    return lines


def imports(file: Path) -> list[tuple[str, int]]:
    """The top-level modules a file names, with the line of each."""
    here = module_path(file)
    found = []
    code = code_of(file.read_text(encoding="utf-8"))
    for number, line in code:
        for match in PATH.finditer(line):
            root, supers, name, _ = match.groups()
            if root == "crate":
                found.append((MACROS.get(name, name), number))
                continue
            depth = 1 + supers.count("super")
            # `super` from a file's module is its parent; `mod.rs` is the module itself.
            base = here[: len(here) - depth]
            target = (base + [name])[0]
            found.append((target, number))
    text = "\n".join(line for _, line in code)
    for match in GROUP.finditer(text):
        number = text.count("\n", 0, match.start()) + 1
        for item in match.group(1).split(","):
            name = item.strip().split("::")[0]
            if name and name != "self":
                found.append((name, number))
    return found


def full_imports(file: Path, modules: set[tuple[str, ...]]) -> list[tuple[tuple[str, ...], int]]:
    """The modules a file names, as full module paths (the longest prefix that is a module)."""
    here = module_path(file)
    found = []
    code = code_of(file.read_text(encoding="utf-8"))

    def longest(path: list[str]) -> tuple[str, ...]:
        for n in range(len(path), 0, -1):
            if tuple(path[:n]) in modules:
                return tuple(path[:n])
        return tuple(path[:1])

    for number, line in code:
        for match in PATH.finditer(line):
            root, supers, name, rest = match.groups()
            tail = [name] + [p for p in rest.split("::") if p]
            if root == "crate":
                if name in MACROS:
                    tail = [MACROS[name]]
                found.append((longest(tail), number))
                continue
            depth = 1 + supers.count("super")
            base = here[: len(here) - depth]
            found.append((longest(base + tail), number))
    text = "\n".join(line for _, line in code)
    # `use crate::{a, b::c}` and `use super::{a, b}`
    for match in re.finditer(r"\b(crate|super)((?:::super)*)((?:::[a-z_][a-z0-9_]*)*)::\{([^}]*)\}", text, re.S):
        root, supers, prefix, items = match.groups()
        number = text.count("\n", 0, match.start()) + 1
        if root == "crate":
            base = []
        else:
            base = here[: len(here) - 1 - supers.count("super")]
        base = base + [p for p in prefix.split("::") if p]
        for item in items.split(","):
            parts = [p.strip() for p in item.strip().split("::") if p.strip()]
            if parts and parts[0] != "self" and re.fullmatch(r"[a-z_][a-z0-9_]*", parts[0]):
                found.append((longest(base + parts), number))
    return found


def folder_cycles(files: list[Path]) -> list[str]:
    """Cycles among the parts of each folder (files and sub-folders beside each other)."""
    modules = {tuple(module_path(f)) for f in files}
    graphs: dict[tuple[str, ...], dict[str, set[str]]] = {}
    for file in files:
        here = module_path(file)
        for target, _ in full_imports(file, modules):
            # Each folder holding both: the part of it the file is in, and the part named.
            for k in range(1, min(len(here), len(target))):
                if tuple(here[:k]) != target[:k]:
                    break
                a, b = here[k], target[k]
                if a != b:
                    graphs.setdefault(tuple(here[:k]), {}).setdefault(a, set()).add(b)
                    break
    found = []
    for folder in sorted(graphs):
        for cycle in cycles(graphs[folder]):
            found.append(f"in src/{'/'.join(folder)}/: {cycle}")
    return found


def main() -> int:
    global SRC
    if "--src" in sys.argv:
        SRC = Path(sys.argv[sys.argv.index("--src") + 1]).resolve()
    layer_of = {m: i for i, layer in enumerate(LAYERS) for m in layer}
    problems = []
    graph: dict[str, set[str]] = {}
    for file in sorted(SRC.rglob("*.rs")):
        if file.name in ("lib.rs", "main.rs", "tests.rs"):
            continue
        module = module_path(file)[0]
        if module not in layer_of:
            problems.append(f"src/{file.relative_to(SRC)}: module `{module}` is in no layer of tools/layers.py")
            continue
        for target, line in imports(file):
            if target == module:
                continue
            if target not in layer_of:
                problems.append(f"src/{file.relative_to(SRC)}:{line}: `{target}` is in no layer of tools/layers.py")
                continue
            graph.setdefault(module, set()).add(target)
            if layer_of[target] > layer_of[module]:
                problems.append(
                    f"src/{file.relative_to(SRC)}:{line}: `{module}` imports `{target}`, a layer above it"
                )
    problems.extend(cycles(graph))
    files = [f for f in sorted(SRC.rglob("*.rs")) if f.name not in ("lib.rs", "main.rs", "tests.rs")]
    problems.extend(folder_cycles(files))
    if "--graph" in sys.argv:
        for module in sorted(graph, key=lambda m: (layer_of[m], m)):
            print(f"{module} -> {', '.join(sorted(graph[module], key=lambda m: (layer_of[m], m)))}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def cycles(graph: dict[str, set[str]]) -> list[str]:
    """One line per cycle found by a depth-first search (each back edge closes one)."""
    found = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                loop = path[path.index(nxt):] + [nxt]
                found.append("import cycle: " + " -> ".join(loop))
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


if __name__ == "__main__":
    sys.exit(main())
