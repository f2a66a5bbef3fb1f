#!/usr/bin/env python3
"""Hostile inputs at sizes n and 2n: doubling an input must not much more than double the time.

Each generator writes a note (or a fact file) whose size is set by n; `factline check`
runs it at n and 2n, and the script prints the time, the peak memory and their ratios.
A ratio above --limit (default 3.0, for noise) fails the run, unless both times are below
--floor seconds (too short to compare). Absolute times are never compared.

    python3 tools/adversarial.py [--scale 1.0] [--limit 3.0] [--binary target/release/factline]
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

STATES = ["Russia", "Belarus", "Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"]


def note(body):
    return "---\nas_of: 2024-01-01\n---\n# The CSTO\n\n" + body


GENERATORS = {
    # name: (base n, writer(n) -> {filename: text}, extra args)
    "coordinated list": (2000, lambda n: {"n.md": note(
        "Its members are " + ", ".join(STATES[i % 6] for i in range(n)) + " and Russia.\n")}, []),
    "[[ repeated": (20000, lambda n: {"n.md": note("[[" * n + "\n")}, []),
    "[@ repeated": (20000, lambda n: {"n.md": note("[@" * n + "\n")}, []),
"[^ repeated": (20000, lambda n: {"n.md": note("[^" * n + "\n")}, []),
    "nested links": (20000, lambda n: {"n.md": note("[" * n + "x" + "](y)" * n + "\n")}, []),
    "unclosed comment": (20000, lambda n: {"n.md": note(
        "<!--\n" + "Uzbekistan is a member of the CSTO.\n" * n)}, []),
    "headings with claims": (5000, lambda n: {"n.md": note(
        "".join(f"## Uzbekistan is a member of the CSTO {i}\n\n" for i in range(n)))}, []),
    "long line, human output": (1000, lambda n: {"n.md": note(
        "Uzbekistan is a member of the CSTO. " * n + "\n")}, ["--format", "human"]),
    "many findings, json": (20000, lambda n: {"n.md": note(
        "Uzbekistan is a member of the CSTO.\n\n" * n)}, []),
    "unknown ids in facts": (2000, lambda n: {
        "n.md": note("Nothing here.\n"),
        "t.facts": "kind state\nrelation r \"r\"\n  subject state\n  value state\n"
        + "".join(f"entity e{i} state \"E{i}\"\n" for i in range(n))
        + "".join(f"x{i} r y{i}\n" for i in range(n)),
    }, ["--no-default-facts", "--facts", "t.facts"]),
    "optional words in a phrase": (3, lambda n: {
        "n.md": note("Alpha " + "very " * 40 + "likes Beta.\n"),
        "t.facts": "kind state\nentity a state \"Alpha\"\nentity b state \"Beta\"\n"
        + "relation r \"r\"\n  subject state\n  value state\n  phrase \"{subject} "
        + "very? " * n + "likes {value}\"\n",
    }, ["--no-default-facts", "--facts", "t.facts"]),
}


def run(binary, files, extra, tmp):
    for name, text in files.items():
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            f.write(text)
    args = [binary, "check", "--format", "json", *extra, "n.md"]
    if "--format" in extra:
        args = [binary, "check", *extra, "n.md"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # 2: the fact file's own errors, which is what the "did you mean" input is about.
    if proc.returncode not in (0, 1, 2) or (proc.returncode == 2 and "t.facts" not in files):
        raise SystemExit(f"factline failed ({proc.returncode}): {proc.stderr.decode()[:400]}")
    return elapsed, max(peak, before.ru_maxrss), len(proc.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/factline")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--limit", type=float, default=3.0)
    ap.add_argument("--floor", type=float, default=0.15)
    ap.add_argument("only", nargs="*")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    failed = []
    print(f"{'input':28} {'n':>8} {'t(n)':>8} {'t(2n)':>8} {'ratio':>6} {'out(2n)':>10}")
    for name, (base, gen, extra) in GENERATORS.items():
        if args.only and not any(o in name for o in args.only):
            continue
        n = max(1, int(base * args.scale)) if "optional" not in name else base
        times = []
        for size in (n, 2 * n):
            with tempfile.TemporaryDirectory() as tmp:
                # The best of three: the ratio is what matters, and noise only adds.
                best = min(run(binary, gen(size), extra, tmp) for _ in range(3))
                times.append(best)
        (t1, _, _), (t2, _, out2) = times
        ratio = t2 / max(t1, 1e-6)
        bad = ratio > args.limit and t2 > args.floor
        print(f"{name:28} {n:>8} {t1:8.3f} {t2:8.3f} {ratio:6.2f} {out2:>10}{'  TOO STEEP' if bad else ''}")
        if bad:
            failed.append(name)
    if failed:
        print("superlinear:", ", ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
