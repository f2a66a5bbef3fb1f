#!/usr/bin/env python3
"""Imports a generated Wikidata dump slice and reports time, throughput and peak memory.

The slice has N entities in the dump's shape (`[`, one entity per line, `]`), each with
labels, aliases, descriptions in two languages, an `instance of`, and unmapped statements;
one in `--kept-every` (10) is a state with a `member of` NATO (Q7184) statement qualified
by a start time and referenced. It is imported with `--map facts/nato.facts`, so memory grows with what is
kept, not with the input.

    python3 tools/wikidata_bench.py [--entities 1000000] [--kept-every 10] [--gzip]
                                    [--binary target/release/factline]
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import tempfile
import time


def entity(i, every):
    q = f"Q{10_000_000 + i}"
    state = i % every == 0
    claims = {
        "P31": [{"mainsnak": {"snaktype": "value", "property": "P31", "datavalue": {
            "value": {"entity-type": "item", "id": "Q3624078" if state else "Q5"},
            "type": "wikibase-entityid"}}, "type": "statement", "rank": "normal"}],
        "P1082": [{"mainsnak": {"snaktype": "value", "property": "P1082", "datavalue": {
            "value": {"amount": f"+{i * 7 % 100000}", "unit": "1"}, "type": "quantity"}},
            "type": "statement", "rank": "normal"}],
    }
    if state:
        claims["P463"] = [{
            "mainsnak": {"snaktype": "value", "property": "P463", "datavalue": {
                "value": {"entity-type": "item", "id": "Q7184"}, "type": "wikibase-entityid"}},
            "type": "statement", "rank": "normal",
            "qualifiers": {"P580": [{"snaktype": "value", "property": "P580", "datavalue": {
                "value": {"time": f"+{1949 + i % 70}-04-04T00:00:00Z", "precision": 11,
                          "calendarmodel": "http://www.wikidata.org/entity/Q1985727"},
                "type": "time"}}]},
            "references": [{"hash": f"{i % 97:04x}", "snaks": {"P854": [{"snaktype": "value",
                "property": "P854", "datavalue": {"value": f"https://example.org/members/{i % 97}",
                                                  "type": "string"}}]}}],
        }]
    return {"type": "item", "id": q,
            "labels": {"en": {"language": "en", "value": f"Entity {i}"},
                       "fr": {"language": "fr", "value": f"Entité {i}"}},
            "descriptions": {"en": {"language": "en", "value": "a generated item"}},
            "aliases": {"en": [{"language": "en", "value": f"E{i}"}]},
            "claims": claims}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=1_000_000)
    ap.add_argument("--kept-every", type=int, default=10)
    ap.add_argument("--gzip", action="store_true")
    ap.add_argument("--binary", default="target/release/factline")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "slice.json" + (".gz" if args.gzip else ""))
        opener = gzip.open if args.gzip else open
        with opener(path, "wt", encoding="utf-8") as f:
            f.write("[\n")
            for i in range(args.entities):
                f.write(json.dumps(entity(i, args.kept_every), separators=(",", ":")))
                f.write(",\n" if i + 1 < args.entities else "\n")
            f.write("]\n")
        size = os.path.getsize(path)
        out = os.path.join(tmp, "out.facts")
        start = time.perf_counter()
        with open(out, "w") as o:
            run = subprocess.run(
                ["/usr/bin/time", "-v", args.binary, "facts", "import", "wikidata",
                 "--map", "facts/nato.facts", path],
                stdout=o, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
        summary = run.stderr.splitlines()[0] if run.stderr else ""
        print(f"entities        {args.entities}")
        print(f"input           {size / 1e6:.1f} MB{' (gzip)' if args.gzip else ''}")
        print(f"seconds         {elapsed:.2f}")
        print(f"entities/s      {args.entities / elapsed:,.0f}")
        print(f"MB/s (input)    {size / 1e6 / elapsed:.1f}")
        print(f"peak RSS        {int(rss.group(1)) / 1024:.0f} MB" if rss else "peak RSS        ?")
        print(f"output          {os.path.getsize(out) / 1e6:.1f} MB")
        print(f"summary         {summary}")


if __name__ == "__main__":
    main()
