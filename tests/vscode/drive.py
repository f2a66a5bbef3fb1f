"""End-to-end: the packaged extension in a real VS Code (code-server), driven in headless
Chromium over the DevTools protocol as a user would: open a note, wait for the squiggles,
hover one, apply the quick fix from the keyboard, and save screenshots as evidence.

Run by tests/vscode/run.sh:
    drive.py <code-server url> <workspace> <screenshot dir> <DevTools url>
"""

import base64
import json
import sys
import time
import urllib.request

import websocket

URL, WORK, SHOTS, DEVTOOLS = sys.argv[1:5]
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    failures += 0 if ok else 1
    return ok


class Page:
    """One browser tab, spoken to over the DevTools protocol."""

    def __init__(self):
        deadline = time.time() + 30
        while True:
            try:
                tabs = json.load(urllib.request.urlopen(DEVTOOLS + "/json"))
                tab = next(t for t in tabs if t["type"] == "page")
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        self.ws = websocket.create_connection(
            tab["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait(self, what, expression, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            value = self.js(expression)
            if value:
                check(True, what)
                return value
            time.sleep(0.25)
        check(False, what)
        return None

    def key(self, key, code, keycode, modifiers=0, text=None):
        base = {"key": key, "code": code, "windowsVirtualKeyCode": keycode, "modifiers": modifiers}
        self.call("Input.dispatchKeyEvent", type="keyDown", text=text or "", **base)
        self.call("Input.dispatchKeyEvent", type="keyUp", **base)

    def type(self, text):
        self.call("Input.insertText", text=text)

    def mouse(self, kind, x, y):
        extra = {"button": "left", "clickCount": 1} if kind != "mouseMoved" else {}
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def screenshot(self, name):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path = f"{SHOTS}/{name}"
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print(f"     screenshot: {path}", flush=True)


# The text of the editor's visible lines, in order (VS Code renders spaces as U+00A0).
LINES = """[...document.querySelectorAll('.editor-instance .view-lines .view-line')]
  .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
  .map(l => l.textContent.replace(/\\u00a0/g, ' '))"""


def centre(selector):
    return f"""(() => {{ const e = document.querySelector('{selector}');
      if (!e) return null; const r = e.getBoundingClientRect();
      return r.width > 0 ? [r.x + r.width / 2, r.y + r.height / 2] : null; }})()"""


page = Page()
page.call("Page.enable")
page.call("Page.navigate", url=f"{URL}/?folder={WORK}")
page.wait("the VS Code workbench loads", "!!document.querySelector('.monaco-workbench .part.editor')")
page.wait("the file explorer lists the note", "document.body.innerText.includes('note.md')")

page.key("p", "KeyP", 80, modifiers=2)  # Ctrl+P: quick open
page.wait("quick open appears", "!!document.querySelector('.quick-input-widget:not([style*=\"display: none\"]) input')")
page.type("note.md")
page.wait("quick open finds the note", "document.querySelector('.quick-input-list')?.innerText.includes('note.md')")
page.key("Enter", "Enter", 13, text="\r")
page.wait("the note opens in an editor", f"{LINES}.some(l => l.includes('Uzbekistan'))")

page.wait("the outdated claim gets a warning squiggle", "!!document.querySelector('.squiggly-warning')", 90)
page.wait("the contradicted claim gets an error squiggle", "!!document.querySelector('.squiggly-error')")
page.screenshot("vscode-squiggles.png")

at = page.js(centre(".squiggly-warning"))
page.mouse("mouseMoved", at[0] - 40, at[1])
page.mouse("mouseMoved", at[0], at[1])
page.wait(
    "hovering the warning shows factline's verdict",
    "(() => { const h = [...document.querySelectorAll('.monaco-hover')].map(e => e.innerText)"
    ".find(t => t.includes('factline: outdated')); return h || null; })()",
)
links = page.js("[...document.querySelectorAll('.monaco-hover a')].map(a => a.href || a.dataset.href || '')")
check(bool(links) and any("http" in (l or "") for l in links), f"the hover links a source: {links[:3] if links else links}")
page.screenshot("vscode-hover.png")

# Put the cursor on the outdated claim, then Auto Fix (Shift+Alt+.) applies the preferred fix.
page.mouse("mousePressed", at[0], at[1])
page.mouse("mouseReleased", at[0], at[1])
page.key("Escape", "Escape", 27)
page.key(">", "Period", 190, modifiers=1 | 8)
fixed = page.wait(
    "Auto Fix rewrites the line with the preferred fix",
    f"{LINES}.includes('Uzbekistan was a member of the CSTO until 2012.')",
)
if not fixed:
    print("     lines:", page.js(LINES))
page.wait("the fixed line's squiggle goes away", "!document.querySelector('.squiggly-warning')")
page.screenshot("vscode-fixed.png")

print("all passed" if failures == 0 else f"{failures} failed", flush=True)
sys.exit(1 if failures else 0)
