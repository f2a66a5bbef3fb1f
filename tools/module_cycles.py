#!/usr/bin/env python3
"""Fails when modules import each other in a cycle.

Two levels are checked in each crate: the crate's top-level modules (`check`, `facts`,
`lsp`...), and the sibling submodules inside each directory module (`facts::model`,
`facts::template`...; the directory's own `mod.rs`, which declares and re-exports them,
is left out). An edge is any `crate::`, `super::` or sibling path a file names outside
comments. Prints each cycle and exits 1 if there is one.

    python3 tools/module_cycles.py crates/factline-core/src src
"""

import re
import sys
from pathlib import Path


def module_of(root: Path, file: Path) -> list[str]:
    parts = list(file.relative_to(root).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return parts


def code(text: str) -> str:
    """The text without comments and without its test module (tests may reach anywhere)."""
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return text.split("#[cfg(test)]\nmod tests", 1)[0]


def references(mod: list[str], text: str, is_dir: bool, known: set) -> set:
    """Absolute module paths this file names."""
    out = set()
    here = mod if is_dir else mod[:-1]  # what `super` is relative to, and sibling scope
    for m in re.finditer(r"\bcrate((?:::\w+)+)", text):
        out.add(tuple(m.group(1).strip(":").split("::")))
    for m in re.finditer(r"\b((?:super::)+)(\w+(?:::\w+)*)", text):
        ups = m.group(1).count("super")
        base = (mod if not is_dir else mod)[: len(mod) - ups]
        out.add(tuple(base) + tuple(m.group(2).split("::")))
    # `use x::...` / `x::f()` where x is a sibling module
    for m in re.finditer(r"(?<![\w:])(\w+)::", text):
        cand = tuple(here) + (m.group(1),)
        if cand in known:
            out.add(cand)
    return out


def cycles(edges: dict) -> list:
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def check_crate(root: Path) -> list:
    files = {f: module_of(root, f) for f in root.rglob("*.rs")}
    known = {tuple(m) for m in files.values()}
    found = []
    graph_top, graph_sib = {}, {}
    for f, mod in files.items():
        if not mod:
            continue
        is_dir = f.name == "mod.rs"
        refs = references(mod, code(f.read_text()), is_dir, known)
        for r in refs:
            # the longest known module the path starts with
            target = next((r[:k] for k in range(len(r), 0, -1) if r[:k] in known), None)
            if target is None:
                continue
            if target[0] != mod[0]:
                graph_top.setdefault(mod[0], set()).add(target[0])
            # siblings: same parent, both below it, the parent's mod.rs left out
            parent = mod[:-1]
            if parent:
                src = tuple(mod) if not is_dir else tuple(mod)
                if len(target) > len(parent) and tuple(target[: len(parent)]) == tuple(parent):
                    sib = tuple(target[: len(parent) + 1])
                    if sib != src and len(src) == len(parent) + 1 and sib != tuple(parent):
                        graph_sib.setdefault(src, set()).add(sib)
    for comp in cycles(graph_top) + cycles(graph_sib):
        found.append(" <-> ".join("::".join(c) if isinstance(c, tuple) else c for c in comp))
    return found


def main():
    bad = []
    for root in sys.argv[1:]:
        bad += [f"{root}: {c}" for c in check_crate(Path(root))]
    for b in bad:
        print("import cycle:", b)
    if not bad:
        print("no import cycles")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
