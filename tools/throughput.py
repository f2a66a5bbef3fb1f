#!/usr/bin/env python3
"""End-to-end check throughput as a user runs it.

Each seed article is repeated to 1 MB under `as_of: 2024-01-01` front matter, then
`factline check --format json NOTE` is run N times (process start and output included);
the median time and MB/s are printed per seed.

    python3 tools/throughput.py [--runs 7] [--binary target/release/factline] [SEEDS_DIR]
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seeds", nargs="?", default="../shared/seeds")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--binary", default="target/release/factline")
    args = ap.parse_args()
    seeds = sorted(f for f in os.listdir(args.seeds) if f.endswith(".txt"))
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            text = open(os.path.join(args.seeds, seed), encoding="utf-8").read()
            body = text
            while len(body.encode()) < 1_000_000:
                body += "\n\n" + text
            note = os.path.join(tmp, seed.replace(".txt", ".md"))
            with open(note, "w", encoding="utf-8") as f:
                f.write("---\nas_of: 2024-01-01\n---\n" + body)
            size = os.path.getsize(note)
            times = []
            findings = 0
            for _ in range(args.runs):
                start = time.perf_counter()
                out = subprocess.run([args.binary, "check", "--format", "json", note],
                                     capture_output=True)
                times.append(time.perf_counter() - start)
                findings = out.stdout.count(b'"code"')
            t = statistics.median(times)
            print(f"{seed[:3]}: {size / 1e6:.2f} MB, {findings} findings, "
                  f"median {t * 1000:.0f} ms, {size / 1e6 / t:.1f} MB/s")


if __name__ == "__main__":
    main()
