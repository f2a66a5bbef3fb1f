#!/usr/bin/env bash
# Runs the Emacs end-to-end test: Debian's Emacs 28 with eglot and markdown-mode, as the
# README's Emacs section sets them up, driving the real server.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
if ! command -v emacs >/dev/null || [ ! -d /usr/share/emacs/site-lisp/elpa-src ] \
  || ! ls -d /usr/share/emacs/site-lisp/elpa-src/eglot-* /usr/share/emacs/site-lisp/elpa-src/markdown-mode-* >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq emacs-nox elpa-eglot elpa-markdown-mode >/dev/null
fi
cargo build --quiet --manifest-path "$repo/Cargo.toml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Emacs's own messages go to stderr; the test's verdicts to stdout.
timeout 120 emacs --batch -l "$repo/tests/emacs/e2e.el" "$repo/target/debug/factline" "$work" 2>"$work/emacs.log" \
  || { cat "$work/emacs.log" >&2; exit 1; }
