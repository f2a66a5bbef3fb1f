#!/usr/bin/env bash
# Validates `factline check --format sarif` against the SARIF 2.1.0 JSON schema.
# The schema comes from an npm package (@microsoft/jest-sarif ships it), the validator
# from PyPI (jsonschema); both pinned, both into target/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$repo/target/sarif"
venv="$work/venv"
mkdir -p "$work"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" 2>/dev/null || {
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  }
  "$venv/bin/pip" install -q "jsonschema==4.23.0"
fi
schema="$work/package/lib/schemas/sarif-2.1.0-rtm.5.json"
if [ ! -f "$schema" ]; then
  command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
  (cd "$work" && npm pack --silent "@microsoft/jest-sarif@1.0.0-beta.0" >/dev/null \
    && tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas)
fi
cargo build --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/debug/factline"
cd "$repo"
notes=(examples/briefing.md tests/eval/csto/current-2026.md tests/eval/csto/history.md)
# Exit 1 means findings were reported: expected here.
"$bin" check --format sarif "${notes[@]}" > "$work/report.sarif" || [ $? -eq 1 ]
"$bin" check --format json "${notes[@]}" > "$work/report.json" || [ $? -eq 1 ]
"$venv/bin/python" - "$schema" "$work/report.sarif" "$work/report.json" <<'PY'
import json, sys
import jsonschema
schema, sarif, report = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:4])
errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(sarif))
for e in errors[:10]:
    print("invalid SARIF:", e.message[:300], list(e.absolute_path))
results = sarif["runs"][0]["results"]
expected = sum(len(f["diagnostics"]) for f in report["files"])
if len(results) != expected:
    errors.append(f"{len(results)} SARIF results, {expected} JSON diagnostics")
    print(errors[-1])
if errors:
    sys.exit(1)
print(f"ok   SARIF valid against the 2.1.0 schema, {len(results)} results")
PY
