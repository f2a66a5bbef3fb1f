#!/usr/bin/env python3
"""Writes a synthetic fact base for load benchmarks: N statements about N/10 entities,
each entity with ten names (so 1,000,000 statements come with 1,000,000 aliases).

    python3 tools/gen_facts.py 1000000 > /tmp/base-1m.facts
    cargo run --release --example load_time /tmp/base-1m.facts
"""

import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    entities = max(1, n // 10)
    out = sys.stdout
    out.write('kind state\nkind organization\nsource S "s"\n  publisher "p"\n  date 2020\n')
    out.write('relation member_of "m"\n  subject state\n  value organization\n  many\n')
    for e in range(entities):
        names = " ".join(f'"{w} {e}"' for w in ["Alias", "Other", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth"])
        out.write(f'entity e{e} state "Entity {e}"\n  alias {names}\n')
    orgs = max(1, entities // 100)
    for o in range(orgs):
        out.write(f'entity o{o} organization "Org {o}"\n')
    for s in range(n):
        year = 1950 + s % 70
        out.write(f"e{s % entities} member_of o{s % orgs} from {year} until {year + 1} [S]\n")


if __name__ == "__main__":
    main()
