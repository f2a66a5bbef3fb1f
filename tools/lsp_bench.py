#!/usr/bin/env python3
"""Plays an editor against a language server over stdio and measures what a writer feels.

Reports: server start to `initialize` reply; `didOpen` to first diagnostics; per-keystroke
`didChange` to `publishDiagnostics` latency (p50, p99); resident memory after opening ten
notes. Works with `factline lsp` and, for comparison, any server that publishes diagnostics
for Markdown (e.g. `harper-ls --stdio`).

    python3 tools/lsp_bench.py --lines 10000 --keystrokes 200
    python3 tools/lsp_bench.py --server "harper-ls --stdio" --lines 10000 --keystrokes 200

Standard library only.
"""

import argparse
import json
import os
import queue
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time

LINES = [
    "Uzbekistan is a member of the CSTO.",
    "The delegations met in the afternoon and discussed the agenda at length.",
    "Observers noted that the talks went on late into the evening.",
    "Stanislav Zas is the Secretary General of the CSTO.",
    "",
    "The weather in Minsk was mild, and the press was kept waiting.",
    "Analysts disagreed about what the summit would change in practice.",
    "Several ministers gave short statements to reporters outside.",
    "The CSTO has six member states.",
    "",
]


# A sparser mix: one claim in 25 lines, one finding in 50.
SPARSE = LINES[1:3] * 12 + ["Uzbekistan is a member of the CSTO.", ""] + LINES[5:8] * 7 + ["The CSTO has six member states.", ""]


def note(lines, tag, mix=LINES, claims_in_first=None):
    body = []
    prose = [l for l in LINES if l and "CSTO" not in l]
    for i in range(lines):
        line = mix[i % len(mix)]
        if claims_in_first is not None and i >= claims_in_first and line:
            line = prose[i % len(prose)]
        body.append(f"{line} ({tag} {i})" if line else "")
    return "---\nas_of: 2026-06-01\n---\n" + "\n".join(body) + "\n"


class Server:
    def __init__(self, command):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            # Stamped on arrival: decoding the JSON is the client's cost, not the server's.
            arrived = time.perf_counter()
            self.inbox.put((arrived, json.loads(body)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)

    def wait(self, pred, timeout=60):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching message")
            at, m = self.inbox.get(timeout=left)
            if "method" in m and "id" in m:
                # A request from the server (progress, configuration...): answer it.
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            if pred(m):
                return at, m

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def published(uri, version=None):
    def pred(m):
        if m.get("method") != "textDocument/publishDiagnostics":
            return False
        p = m["params"]
        if p["uri"] != uri:
            return False
        return version is None or p.get("version") in (None, version)

    return pred


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(args):
    work = tempfile.mkdtemp()
    root = "file://" + work
    server = Server(shlex.split(args.server))
    server.request(
        "initialize",
        {"processId": os.getpid(), "rootUri": root, "capabilities": {}, "workspaceFolders": [{"uri": root, "name": "bench"}]},
    )
    ready = time.perf_counter()
    server.notify("initialized", {})
    result = {"server": args.server, "lines": args.lines, "startup_ms": (ready - server.started) * 1000}

    mix = SPARSE if args.sparse else LINES
    result["claim_mix"] = "sparse" if args.sparse else "dense"
    text = note(args.lines, "main", mix, args.claims_in_first)
    result["claims_in_first"] = args.claims_in_first
    uri = root + "/main.md"
    sent = time.perf_counter()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    at, first = server.wait(published(uri))
    result["first_diagnostics_ms"] = (at - sent) * 1000
    result["first_diagnostics_from_start_ms"] = (at - server.started) * 1000
    result["diagnostics"] = len(first["params"]["diagnostics"])

    # Type into the middle of the note: one character per change, as an editor sends them.
    line = (args.lines // 2) + 3
    latencies = []
    version = 1
    for k in range(args.keystrokes):
        version += 1
        change = {"range": {"start": {"line": line, "character": k}, "end": {"line": line, "character": k}}, "text": "x"}
        sent = time.perf_counter()
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        at, _ = server.wait(published(uri, version))
        latencies.append((at - sent) * 1000)
        time.sleep(args.pause / 1000)
    if latencies:
        result["keystroke_p50_ms"] = statistics.median(latencies)
        result["keystroke_p99_ms"] = pct(latencies, 99)
        result["keystroke_max_ms"] = max(latencies)

    # Requests over the whole note: their cost must follow the findings, not their square.
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": args.lines + 10, "character": 0}}
    doc = {"uri": uri}
    for name, method, params in [
        ("code_actions_whole_note_ms", "textDocument/codeAction",
         {"textDocument": doc, "range": whole, "context": {"diagnostics": []}}),
        ("inlay_hints_whole_note_ms", "textDocument/inlayHint", {"textDocument": doc, "range": whole}),
    ]:
        sent = time.perf_counter()
        at, _ = server.request(method, params)
        result[name] = (at - sent) * 1000

    for i in range(args.notes - 1):
        other = f"{root}/note{i}.md"
        server.notify("textDocument/didOpen", {"textDocument": {"uri": other, "languageId": "markdown", "version": 1, "text": note(args.lines // 10 or 1, f"n{i}")}})
        server.wait(published(other))
    result["rss_mib_after_notes"] = server.rss_kib() / 1024
    result["notes_open"] = args.notes
    server.stop()
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", default="target/release/factline lsp")
    p.add_argument("--lines", type=int, default=10000)
    p.add_argument("--keystrokes", type=int, default=200)
    p.add_argument("--pause", type=float, default=20, help="milliseconds between keystrokes")
    p.add_argument("--notes", type=int, default=10, help="notes open when memory is read")
    p.add_argument("--sparse", action="store_true", help="one finding per 50 lines instead of 2 per 10")
    p.add_argument("--claims-in-first", type=int, help="only the first N lines make claims (findings stay constant as the note grows)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:32} {v:.2f}" if isinstance(v, float) else f"{k:32} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
