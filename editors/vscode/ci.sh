#!/usr/bin/env bash
# Type-checks, lints, tests and packages the VS Code extension, offline after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
npm run --silent typecheck
npm run --silent lint
npm test
npm run --silent build
npm run --silent package
test -s factline.vsix
