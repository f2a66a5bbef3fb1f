//! `factline lsp` driven over stdio as an editor would drive it.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

struct Client {
    child: Child,
    stdin: ChildStdin,
    inbox: Receiver<Value>,
    /// Messages read while waiting for something else.
    seen: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(root: &Path, options: Value) -> Client {
        Client::start_with(root, options, json!({}))
    }

    fn start_with(root: &Path, options: Value, capabilities: Value) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_factline"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start factline lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, inbox) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            inbox,
            seen: Vec::new(),
            next_id: 1,
        };
        let uri = uri(root);
        let result = client.request(
            "initialize",
            json!({"processId": null, "rootUri": uri, "capabilities": capabilities, "initializationOptions": options,
                   "workspaceFolders": [{"uri": uri, "name": "w"}]}),
        );
        assert_eq!(result["capabilities"]["textDocumentSync"], 2, "{result}");
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let reply = self.wait(|m| m["id"] == id && m.get("method").is_none());
        assert!(reply.get("error").is_none(), "{reply}");
        reply["result"].clone()
    }

    /// The first message (already seen or arriving within 60 s) that matches.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self
                .inbox
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("timed out; seen: {:#?}", self.seen));
            if pred(&m) {
                return m;
            }
            self.seen.push(m);
        }
    }

    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The messages of the window notifications `methods` seen so far.
    fn said(&self, methods: &[&str]) -> Vec<String> {
        self.seen
            .iter()
            .filter(|m| methods.iter().any(|&method| m["method"] == method))
            .map(|m| {
                m["params"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert_eq!(status.code(), Some(0));
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn codes_and_lines(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Applies LSP text edits (UTF-16 positions) to `text`, last first.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| {
        let line = pos["line"].as_u64().unwrap() as usize;
        byte_offset(text, line, pos["character"].as_u64().unwrap() as usize)
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, &t);
    }
    out
}

const NOTE: &str = "---\nas_of: 2026-06-01\n---\n# The CSTO\n\nUzbekistan is a member of the CSTO.\n\nRussia held talks.\n\nThe CSTO was founded in 1992.\n";

#[test]
fn a_note_gets_diagnostics_hover_fixes_and_updates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("note.md");
    std::fs::write(&path, NOTE).unwrap();
    let note_uri = uri(&path);
    let mut c = Client::start(dir.path(), json!({}));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": NOTE}}));
    let diags = c.diagnostics(&note_uri, Some(1));
    assert_eq!(
        codes_and_lines(&diags),
        [("outdated".into(), 5), ("contradicted".into(), 9)]
    );
    assert_eq!(diags[0]["severity"], 2);
    assert_eq!(diags[1]["severity"], 1);
    assert_eq!(diags[0]["source"], "factline");

    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": note_uri}, "position": {"line": 5, "character": 3}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**factline: outdated**"), "{text}");
    assert!(text.contains("2006-08-16"), "{text}");
    assert!(text.contains("](http"), "cites a source as a link: {text}");

    let entity = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": note_uri}, "position": {"line": 7, "character": 2}}),
    );
    let text = entity["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**Russia** (state)"), "{text}");

    // Inlay hints: what the preferred fix would write, at its end.
    let hints = c.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": note_uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}}),
    );
    let hints: Vec<(u64, String)> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(hints.len(), 2, "{hints:?}");
    assert_eq!(
        hints[0],
        (5, "→ was a member of the CSTO until 2012".to_string())
    );
    assert_eq!(hints[1].0, 9);

    // A diagnostic sent back as the code action's context resolves its fixes through
    // `data`, wherever the cursor is.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": note_uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [diags[1]]}}),
    );
    let lines: Vec<u64> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["isPreferred"] == true)
        .map(|a| {
            a["edit"]["changes"][&note_uri][0]["range"]["start"]["line"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [9], "{actions}");

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": note_uri}, "range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 5}},
               "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    let preferred = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a preferred fix");
    assert!(actions.iter().any(|a| {
        a["title"]
            .as_str()
            .unwrap()
            .starts_with("Ignore this claim")
    }));
    let edits = preferred["edit"]["changes"][&note_uri].as_array().unwrap();
    let fixed = apply(NOTE, edits);
    assert!(
        fixed.contains("Uzbekistan was a member of the CSTO until 2012."),
        "{fixed}"
    );

    // The editor applies the edit and tells the server incrementally.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": note_uri, "version": 2}, "contentChanges": [{"range": edits[0]["range"], "text": edits[0]["newText"]}]}),
    );
    let diags = c.diagnostics(&note_uri, Some(2));
    assert_eq!(codes_and_lines(&diags), [("contradicted".into(), 9)]);
    // Typing fixes the other one.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": note_uri, "version": 3},
               "contentChanges": [{"range": {"start": {"line": 9, "character": 24}, "end": {"line": 9, "character": 25}}, "text": "2"},
                                  {"range": {"start": {"line": 9, "character": 25}, "end": {"line": 9, "character": 27}}, "text": "00"}]}),
    );
    assert!(c.diagnostics(&note_uri, Some(3)).is_empty());
    c.shutdown();
}

/// A workspace whose only base is `mini.facts` (with `good` in it, over common.facts),
/// served to a started client; returns the directory, the fact file's path and the client.
fn mini_base_workspace(good: &str) -> (tempfile::TempDir, std::path::PathBuf, Client) {
    mini_base_workspace_with(good, json!({}))
}

fn mini_base_workspace_with(
    good: &str,
    capabilities: Value,
) -> (tempfile::TempDir, std::path::PathBuf, Client) {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("facts/common.facts"),
        dir.path().join("common.facts"),
    )
    .unwrap();
    let facts_path = dir.path().join("mini.facts");
    std::fs::write(&facts_path, good).unwrap();
    let client = Client::start_with(
        dir.path(),
        json!({"facts": ["mini.facts"], "default_facts": false, "as_of": "2024-01-01"}),
        capabilities,
    );
    (dir, facts_path, client)
}

#[test]
fn a_fact_file_error_then_fixed_and_disk_changes_recheck_notes() {
    let good = "include \"common.facts\"\nsource s \"A source\"\n  publisher \"P\"\n  date 2020\nentity nato organization \"NATO\"\nentity utopia state \"Utopia\"\ncomplete member_of nato\n";
    let (dir, facts_path, mut c) = mini_base_workspace(good);
    let note_path = dir.path().join("n.md");
    let note = "Utopia is a member of NATO.\n";
    std::fs::write(&note_path, note).unwrap();
    let (facts_uri, note_uri) = (uri(&facts_path), uri(&note_path));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    let diags = c.diagnostics(&note_uri, Some(1));
    assert_eq!(codes_and_lines(&diags), [("contradicted".into(), 0)]);

    // The curator opens the fact file and makes a typo: an error, the old base still serves.
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": facts_uri, "languageId": "facts", "version": 1, "text": good}}));
    // Opening a fact file reloads the base and re-checks open notes.
    assert_eq!(
        codes_and_lines(&c.diagnostics(&note_uri, Some(1))),
        [("contradicted".into(), 0)]
    );
    let broken = format!("{good}utopia member_of nato from 2000 [zz]\n");
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": facts_uri, "version": 2}, "contentChanges": [{"text": broken}]}));
    let problems = c.diagnostics(&facts_uri, Some(2));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["code"], "unknown-source");
    assert_eq!(problems[0]["range"]["start"]["line"], 7);

    // Fixed: the problem clears and the note is re-checked against the new base.
    let fixed = format!("{good}utopia member_of nato from 2000 [s]\n");
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": facts_uri, "version": 3}, "contentChanges": [{"text": fixed}]}));
    assert!(c.diagnostics(&facts_uri, Some(3)).is_empty());
    assert!(c.diagnostics(&note_uri, Some(1)).is_empty());

    // Closed in the editor, then changed on disk: the watched-file event reloads it.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": facts_uri}}),
    );
    let _ = c.diagnostics(&note_uri, Some(1));
    std::fs::write(&facts_path, good).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": facts_uri, "type": 2}]}),
    );
    assert_eq!(
        codes_and_lines(&c.diagnostics(&note_uri, Some(1))),
        [("contradicted".into(), 0)]
    );
    c.shutdown();
}

#[test]
fn utf16_positions_and_incremental_text_stay_in_sync() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.md");
    let text =
        "---\r\nas_of: 2026-06-01\r\n---\r\n中文 🙂 Zas is the Secretary General of the CSTO.\r\n";
    let note_uri = uri(&path);
    let mut c = Client::start(dir.path(), json!({}));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": text}}));
    let diags = c.diagnostics(&note_uri, Some(1));
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 3, "character": 6})
    );
    // Insert an emoji before the claim: the claim moves by two UTF-16 units.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": note_uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 3, "character": 5}, "end": {"line": 3, "character": 5}}, "text": "🇺"}]}),
    );
    let diags = c.diagnostics(&note_uri, Some(2));
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 3, "character": 8})
    );
    c.shutdown();
}

#[test]
fn fact_files_have_hover_definition_references_completion_and_symbols() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("facts/common.facts"),
        dir.path().join("common.facts"),
    )
    .unwrap();
    let facts_path = dir.path().join("mini.facts");
    let facts = "include \"common.facts\"\nsource s \"A source\"\n  publisher \"P\"\n  date 2020\nentity nato organization \"NATO\"\nentity utopia state \"Utopia\"\n  about \"An imaginary state\"\nutopia member_of nato from 2000 [s]\n";
    std::fs::write(&facts_path, facts).unwrap();
    let note_path = dir.path().join("n.md");
    let note = "Utopia is a member of NATO.\n";
    let (facts_uri, note_uri) = (uri(&facts_path), uri(&note_path));
    let mut c = Client::start(
        dir.path(),
        json!({"facts": ["mini.facts"], "default_facts": false}),
    );
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": facts_uri, "languageId": "facts", "version": 1, "text": facts}}));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    let _ = c.diagnostics(&note_uri, Some(1));

    let at = |line: u32, character: u32, u: &str| json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}});
    let hover = c.request("textDocument/hover", at(7, 2, &facts_uri));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("entity `utopia` (state)") && text.contains("An imaginary state"),
        "{text}"
    );
    let hover = c.request("textDocument/hover", at(7, 9, &facts_uri));
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("relation `member_of`"),
        "{hover}"
    );

    let def = c.request("textDocument/definition", at(7, 33, &facts_uri));
    assert_eq!(
        (def["uri"].as_str(), def["range"]["start"]["line"].as_u64()),
        (Some(facts_uri.as_str()), Some(1))
    );
    let def = c.request("textDocument/definition", at(0, 2, &note_uri));
    assert_eq!(
        (def["uri"].as_str(), def["range"]["start"]["line"].as_u64()),
        (Some(facts_uri.as_str()), Some(5))
    );

    let mut params = at(4, 8, &facts_uri);
    params["context"] = json!({"includeDeclaration": true});
    let refs = c.request("textDocument/references", params);
    let lines: Vec<u64> = refs
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["uri"] == facts_uri)
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4, 7]);

    let items = c.request("textDocument/completion", at(8, 0, &facts_uri));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"utopia") && labels.contains(&"member_of") && labels.contains(&"s"),
        "{labels:?}"
    );

    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": facts_uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"utopia (Utopia)") && names.contains(&"s (A source)"),
        "{names:?}"
    );
    c.shutdown();
}

#[test]
fn bad_messages_get_errors_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_factline"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // A request before `initialize` is refused with an error, not a crash.
    let mut raw = child.stdin.take().unwrap();
    let body = json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover",
                      "params": {"textDocument": {"uri": "file:///x.md"}, "position": {"line": 0, "character": 0}}})
    .to_string();
    write!(raw, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    raw.flush().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut header = String::new();
    out.read_line(&mut header).unwrap();
    let length: usize = header
        .trim()
        .strip_prefix("Content-Length: ")
        .unwrap()
        .parse()
        .unwrap();
    let mut blank = String::new();
    out.read_line(&mut blank).unwrap();
    let mut reply = vec![0; length];
    out.read_exact(&mut reply).unwrap();
    let reply: Value = serde_json::from_slice(&reply).unwrap();
    assert_eq!(reply["id"], 99);
    assert_eq!(reply["error"]["code"], -32002, "{reply}");
    // `exit` without `shutdown`: exit code 1, as the specification says.
    let body = json!({"jsonrpc": "2.0", "method": "exit"}).to_string();
    write!(raw, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    raw.flush().unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(1));

    let mut c = Client::start(dir.path(), json!({"as_of": "not a date", "bogus": 1}));
    // Bad initializationOptions: one message each, then the defaults.
    let m = c.wait(|m| m["method"] == "window/showMessage");
    assert!(
        m["params"]["message"].as_str().unwrap().contains("as_of"),
        "{m}"
    );
    // Wrong parameter types: an error reply.
    let id = 1000;
    c.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"textDocument": 5}}));
    let reply = c.wait(|m| m["id"] == id);
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
    // Unknown documents and positions past the end: no answer, no crash.
    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 9, "character": 9}}));
    assert!(hover.is_null());
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nowhere.md", "version": 2}, "contentChanges": [{"text": "x"}]}));
    let note_uri = uri(&dir.path().join("n.md"));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": "\u{0}\u{feff}# \r\r\n|||\n> > > > -"}}));
    let _ = c.diagnostics(&note_uri, Some(1));
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": note_uri}, "position": {"line": 999, "character": 999}}),
    );
    assert!(hover.is_null());
    c.shutdown();
}

#[test]
fn pull_diagnostics_and_configuration_changes() {
    let dir = tempfile::tempdir().unwrap();
    let note_uri = uri(&dir.path().join("n.md"));
    let note = "Uzbekistan is a member of the CSTO.\n";
    let mut c = Client::start_with(
        dir.path(),
        json!({"as_of": "2026-06-01"}),
        json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}}),
    );
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": note_uri}}),
    );
    assert_eq!(report["kind"], "full");
    assert_eq!(
        codes_and_lines(report["items"].as_array().unwrap()),
        [("outdated".into(), 0)]
    );
    // Asked again with what it has: told it is unchanged, until the diagnostics change.
    let id = report["resultId"]
        .as_str()
        .expect("a result id")
        .to_string();
    let again = |c: &mut Client, previous: &str| {
        c.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": note_uri}, "previousResultId": previous}),
        )
    };
    let unchanged = again(&mut c, &id);
    assert_eq!(unchanged["kind"], "unchanged", "{unchanged}");
    assert_eq!(unchanged["resultId"], id.as_str());
    assert_eq!(again(&mut c, "stale")["kind"], "full");
    let typed = "Uzbekistan is a member of the CSTO.\nMore words.\n";
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": note_uri, "version": 2}, "contentChanges": [{"text": typed}]}));
    let same = again(&mut c, &id);
    assert_eq!(
        same["kind"], "unchanged",
        "prose typed, no diagnostic moved: {same}"
    );
    let moved = "\nUzbekistan is a member of the CSTO.\n";
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": note_uri, "version": 3}, "contentChanges": [{"text": moved}]}));
    let full = again(&mut c, &id);
    assert_eq!(full["kind"], "full", "{full}");
    assert_ne!(full["resultId"], id.as_str());
    assert_eq!(
        codes_and_lines(full["items"].as_array().unwrap()),
        [("outdated".into(), 1)]
    );
    // Settings from the client: the same note checked in 2010 is fine.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"factline": {"as_of": "2010-06-01"}}}),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let report = c.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": note_uri}}),
        );
        if report["items"].as_array().unwrap().is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "configuration never applied: {report}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!c.seen.iter().any(
        |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == note_uri
    ));
    // The client is told to pull again after the reload (and answers, as clients do).
    let refresh = c.wait(|m| m["method"] == "workspace/diagnostic/refresh");
    c.send(json!({"jsonrpc": "2.0", "id": refresh["id"], "result": null}));
    c.shutdown();
}

/// A client that pulls but cannot be told to pull again (Neovim 0.11) gets the lists
/// pushed: a settings change would otherwise never reach its screen.
#[test]
fn a_pull_client_without_refresh_gets_diagnostics_pushed() {
    let dir = tempfile::tempdir().unwrap();
    let note_uri = uri(&dir.path().join("n.md"));
    let note = "Uzbekistan is a member of the CSTO.\n";
    let mut c = Client::start_with(
        dir.path(),
        json!({"as_of": "2026-06-01"}),
        json!({"textDocument": {"diagnostic": {}}}),
    );
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    assert_eq!(
        codes_and_lines(&c.diagnostics(&note_uri, Some(1))),
        [("outdated".into(), 0)]
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"factline": {"as_of": "2010-06-01"}}}),
    );
    assert!(
        c.diagnostics(&note_uri, Some(1)).is_empty(),
        "the new list is pushed"
    );
    c.shutdown();
}

/// Converts an LSP position to a byte offset the way a client does (UTF-16, clamped to the line).
fn byte_offset(text: &str, line: usize, ch: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    if start >= text.len() {
        return text.len();
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        units += c.len_utf16();
        if units > ch || c == '\n' || c == '\r' {
            return start + i;
        }
    }
    text.len()
}

#[test]
fn random_incremental_edits_leave_the_server_text_equal_to_the_clients() {
    let dir = tempfile::tempdir().unwrap();
    let edited = uri(&dir.path().join("edited.md"));
    let fresh = uri(&dir.path().join("fresh.md"));
    let mut text = String::from(
        "---\nas_of: 2026-06-01\n---\n# CSTO 🇺🇿\n\nUzbekistan is a member of the CSTO.\n\n中文 Zas is the Secretary General of the CSTO.\r\n",
    );
    let mut c = Client::start(dir.path(), json!({}));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": edited, "languageId": "markdown", "version": 1, "text": text}}));
    let pieces = [
        "Armenia",
        " is a member of the CSTO.",
        "🙂",
        "é",
        "\n",
        "\r\n",
        "\n\n",
        "",
        "x",
        "中",
        "Georgia left the CSTO in 1999. ",
        "Uzbekistan is a member of the CSTO. ",
    ];
    // One edit script from proptest's deterministic generator (one server session, so
    // not one proptest case per script): line, column, how far to extend, what to insert.
    use proptest::strategy::{Strategy, ValueTree};
    // A quarter of the inserts are a whole outdated claim, so the end text has findings.
    let claim = proptest::strategy::Just(pieces.len() - 1);
    let piece = proptest::prop_oneof![3 => 0..pieces.len(), 1 => claim];
    let edit = (
        0usize..1000,
        0usize..12,
        proptest::option::weighted(0.33, 0usize..4),
        piece,
    );
    let script = proptest::collection::vec(edit, 58)
        .new_tree(&mut proptest::test_runner::TestRunner::deterministic())
        .unwrap()
        .current();
    for (version, (line, c1, extend, piece)) in (2..60).zip(script) {
        let lines = text.split_inclusive('\n').count().max(1);
        let l1 = line % lines;
        let (l2, c2) = (l1, c1 + extend.unwrap_or(0));
        let insert = pieces[piece];
        let (a, b) = (byte_offset(&text, l1, c1), byte_offset(&text, l2, c2));
        // Both ends must be where the client would put them: never inside a char.
        let (a, b) = (a.min(b), a.max(b));
        text.replace_range(a..b, insert);
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": edited, "version": version},
                   "contentChanges": [{"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": insert}]}),
        );
    }
    let from_edits = c.diagnostics(&edited, Some(59));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": fresh, "languageId": "markdown", "version": 1, "text": text}}));
    let from_scratch = c.diagnostics(&fresh, Some(1));
    let view = |d: &[Value]| {
        d.iter()
            .map(|x| (x["range"].clone(), x["code"].clone(), x["message"].clone()))
            .collect::<Vec<_>>()
    };
    assert!(
        !from_scratch.is_empty(),
        "the final text should have findings: {text:?}"
    );
    assert_eq!(view(&from_edits), view(&from_scratch), "text: {text:?}");
    c.shutdown();
}

#[test]
fn citations_complete_hover_jump_and_get_cited() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("facts/common.facts"),
        dir.path().join("common.facts"),
    )
    .unwrap();
    let facts_path = dir.path().join("mini.facts");
    let facts = "include \"common.facts\"\nsource old \"Old report\"\n  publisher \"P\"\n  date 2001\nsource new \"New report\"\n  publisher \"P\"\n  date 2020\n  url \"https://example.org/new\"\nentity nato organization \"NATO\"\nentity utopia state \"Utopia\"\nutopia member_of nato from 2000 [old] [new]\n";
    std::fs::write(&facts_path, facts).unwrap();
    let facts_uri = uri(&facts_path);
    let note_uri = uri(&dir.path().join("n.md"));
    let note = "Utopia is a member of NATO.\nSee [@new] and [[Utopia]].\n";
    let mut c = Client::start(
        dir.path(),
        json!({"facts": ["mini.facts"], "default_facts": false, "as_of": "2024-01-01"}),
    );
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    let _ = c.diagnostics(&note_uri, Some(1));

    let at = |line: u32, character: u32| json!({"textDocument": {"uri": note_uri}, "position": {"line": line, "character": character}});
    // Completion after `[@`: sources, newest first; after `[[`: entities.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": note_uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "x [@"}]}));
    let _ = c.diagnostics(&note_uri, Some(2));
    let items = c.request("textDocument/completion", at(2, 4));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["new", "old"]);
    assert_eq!(items[0]["detail"], "New report (2020)");
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": note_uri, "version": 3},
        "contentChanges": [{"range": {"start": {"line": 2, "character": 2}, "end": {"line": 2, "character": 4}}, "text": "[["}]}));
    let _ = c.diagnostics(&note_uri, Some(3));
    let items = c.request("textDocument/completion", at(2, 4));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"Utopia") && labels.contains(&"NATO"),
        "{labels:?}"
    );

    // Hover on a citation: the source card; definition: the source in its fact file.
    let hover = c.request("textDocument/hover", at(1, 7));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("[New report](https://example.org/new)")
            && text.contains("Supports 1 statements"),
        "{text}"
    );
    let def = c.request("textDocument/definition", at(1, 7));
    assert_eq!(
        (def["uri"].as_str(), def["range"]["start"]["line"].as_u64()),
        (Some(facts_uri.as_str()), Some(4))
    );
    // A wiki link is a mention: go to its entity.
    let def = c.request("textDocument/definition", at(1, 19));
    assert_eq!(def["range"]["start"]["line"], 9);

    // "Cite a supporting source" on the uncited, supported claim: the newest source with a URL.
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": note_uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}}, "context": {"diagnostics": []}}));
    let cite = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Cite a supporting source")
        })
        .expect("a cite action");
    let edits = cite["edit"]["changes"][&note_uri].as_array().unwrap();
    let current = "Utopia is a member of NATO.\nSee [@new] and [[Utopia]].\nx [[\n";
    assert_eq!(
        apply(current, edits),
        "Utopia is a member of NATO [@new].\nSee [@new] and [[Utopia]].\nx [[\n"
    );
    c.shutdown();
}

#[test]
fn fact_files_outside_the_workspace_are_refused_even_through_symlinks() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.facts"), "kind state\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.facts"),
        dir.path().join("escape.facts"),
    )
    .unwrap();
    let escape_uri = uri(&dir.path().join("escape.facts"));
    let mut c = Client::start(dir.path(), json!({"facts": ["escape.facts"]}));
    let m = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == escape_uri
    });
    let message = m["params"]["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("refused") && message.contains("outside the workspace"),
        "{message}"
    );
    c.shutdown();
}

#[test]
fn malformed_frames_and_json_do_not_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(dir.path(), json!({}));
    // Invalid JSON in a well-framed message, then an unknown method, then a notification
    // with wrong types: the server answers what it must and keeps serving.
    write!(c.stdin, "Content-Length: 9\r\n\r\n{{\"bad\": }}").unwrap();
    c.stdin.flush().unwrap();
    c.send(json!({"jsonrpc": "2.0", "id": 500, "method": "factline/unknown", "params": {}}));
    let reply = c.wait(|m| m["id"] == 500);
    assert_eq!(reply["error"]["code"], -32601, "{reply}");
    c.notify("textDocument/didOpen", json!({"textDocument": 42}));
    let note_uri = uri(&dir.path().join("n.md"));
    let big = format!(
        "{}Uzbekistan is a member of the CSTO.\n",
        "lorem ipsum ".repeat(900_000)
    );
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": big}}));
    let diags = c.diagnostics(&note_uri, Some(1));
    assert_eq!(
        codes_and_lines(&diags),
        [("outdated".into(), 0)],
        "a 10 MB single line is checked"
    );
    let nested = format!(
        "{}Uzbekistan is a member of the CSTO.\n",
        "> ".repeat(10_000)
    );
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": note_uri, "version": 2}, "contentChanges": [{"text": nested}]}));
    let _ = c.diagnostics(&note_uri, Some(2));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": note_uri, "version": 3}, "contentChanges": [{"text": ""}]}),
    );
    assert!(c.diagnostics(&note_uri, Some(3)).is_empty());
    c.shutdown();
}

#[test]
fn fact_files_deleted_garbled_or_unreadable_keep_the_last_good_base_and_say_so_once() {
    let good = "include \"common.facts\"\nentity nato organization \"NATO\"\nentity utopia state \"Utopia\"\ncomplete member_of nato\n";
    let (dir, facts_path, mut c) = mini_base_workspace(good);
    let note_path = dir.path().join("n.md");
    let (facts_uri, note_uri) = (uri(&facts_path), uri(&note_path));
    let note = "Utopia is a member of NATO.\n";
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    let expected = [("contradicted".to_string(), 0)];
    assert_eq!(
        codes_and_lines(&c.diagnostics(&note_uri, Some(1))),
        expected
    );

    let mut version = 1;
    type Fault<'a> = (&'a str, &'a dyn Fn(&Path));
    let faults: [Fault; 3] = [
        ("garbage", &|p| {
            std::fs::write(p, b"\xff\xfe\x00 not a fact file").unwrap()
        }),
        ("deleted", &|p| std::fs::remove_file(p).unwrap()),
        ("unreadable", &|p| {
            std::fs::remove_file(p).unwrap();
            // Tests run as root in CI, where permissions do not stop a read: a directory does.
            std::fs::create_dir(p).unwrap()
        }),
    ];
    for (name, fault) in faults {
        fault(&facts_path);
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": facts_uri, "type": 2}]}),
        );
        // The fact file shows what is wrong with it...
        let problems = c.diagnostics(&facts_uri, None);
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!(problems[0]["code"], "unreadable", "{name}: {problems:?}");
        // ...and the notes keep being checked against the last good base, keystroke after keystroke.
        for _ in 0..3 {
            version += 1;
            c.notify("textDocument/didChange", json!({"textDocument": {"uri": note_uri, "version": version}, "contentChanges": [{"text": note}]}));
            assert_eq!(
                codes_and_lines(&c.diagnostics(&note_uri, Some(version))),
                expected,
                "{name}"
            );
        }
        // Put back quietly (no event): the next fault starts from a good file.
        if facts_path.is_dir() {
            std::fs::remove_dir(&facts_path).unwrap();
        }
        std::fs::write(&facts_path, good).unwrap();
    }
    // Said once per broken load in the log, not once per keystroke.
    let warnings = c
        .said(&["window/logMessage", "window/showMessage"])
        .iter()
        .filter(|m| m.contains("last good base"))
        .count();
    assert_eq!(warnings, 3);

    // Restored: the problem clears and the note is re-checked against it.
    std::fs::write(&facts_path, good.replace("complete member_of nato\n", "")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": facts_uri, "type": 1}]}),
    );
    assert!(c.diagnostics(&facts_uri, None).is_empty());
    assert!(codes_and_lines(&c.diagnostics(&note_uri, Some(version))).is_empty());
    c.shutdown();
}

#[test]
fn a_factline_toml_with_wrong_types_is_reported_once_and_defaults_serve() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("factline.toml"),
        "as_of = 2024\ndefault_facts = \"yes\"\n[severity]\noutdated = 3\n",
    )
    .unwrap();
    let note_uri = uri(&dir.path().join("n.md"));
    let mut c = Client::start(dir.path(), json!({}));
    let note = "---\nas_of: 2026-06-01\n---\nUzbekistan is a member of the CSTO.\n";
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    // The embedded base and default severities serve.
    assert_eq!(
        codes_and_lines(&c.diagnostics(&note_uri, Some(1))),
        [("outdated".into(), 3)]
    );
    for version in 2..5 {
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": note_uri, "version": version}, "contentChanges": [{"text": note}]}));
        let _ = c.diagnostics(&note_uri, Some(version));
    }
    let said = c.said(&["window/showMessage"]);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].contains("factline.toml:1: `as_of`: invalid type"),
        "{said:?}"
    );
    c.shutdown();
}

#[test]
fn wrong_content_lengths_and_a_truncated_body_neither_stop_nor_hang_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(dir.path(), json!({}));
    let frame =
        |id: i64| json!({"jsonrpc": "2.0", "id": id, "method": "factline/unknown"}).to_string();
    // Too short: the body is cut (invalid JSON) and its tail is garbage before the next header.
    let body = frame(600);
    write!(c.stdin, "Content-Length: 5\r\n\r\n{body}").unwrap();
    // Too long: the body swallows the start of the next frame, whose tail is then garbage.
    let body = frame(601);
    write!(c.stdin, "Content-Length: {}\r\n\r\n{body}", body.len() + 30).unwrap();
    let swallowed = frame(602);
    write!(
        c.stdin,
        "Content-Length: {}\r\n\r\n{swallowed}",
        swallowed.len()
    )
    .unwrap();
    c.stdin.flush().unwrap();
    // A well-formed request after all that is answered.
    c.send(json!({"jsonrpc": "2.0", "id": 603, "method": "factline/unknown", "params": {}}));
    let reply = c.wait(|m| m["id"] == 603);
    assert_eq!(reply["error"]["code"], -32601, "{reply}");
    assert!(
        c.seen.iter().all(|m| m["id"] != 600 && m["id"] != 601),
        "mangled frames are not answered as if whole: {:?}",
        c.seen
    );
    // A body cut short by the end of input: the server ends (no `exit`: code 1), it does not hang.
    write!(c.stdin, "Content-Length: 500\r\n\r\n{{\"jsonrpc\": \"2.0\"").unwrap();
    c.stdin.flush().unwrap();
    let Client {
        mut child, stdin, ..
    } = c;
    drop(stdin);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server hung on a truncated body"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
}

#[test]
fn cancelled_requests_are_answered_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let note_uri = uri(&dir.path().join("n.md"));
    let mut c = Client::start(dir.path(), json!({}));
    let note = "Uzbekistan is a member of the CSTO.\n".repeat(2000);
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    let _ = c.diagnostics(&note_uri, Some(1));
    // A request cancelled at once, and a cancellation for a request that never was.
    c.send(json!({"jsonrpc": "2.0", "id": 700, "method": "textDocument/hover",
                  "params": {"textDocument": {"uri": note_uri}, "position": {"line": 1500, "character": 3}}}));
    c.notify("$/cancelRequest", json!({"id": 700}));
    c.notify("$/cancelRequest", json!({"id": 9999}));
    // Either answered or cancelled (-32800), but answered exactly once.
    let reply = c.wait(|m| m["id"] == 700);
    assert!(
        reply.get("result").is_some() || reply["error"]["code"] == -32800,
        "{reply}"
    );
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": note_uri}, "position": {"line": 3, "character": 3}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("outdated")
    );
    assert!(
        c.seen.iter().all(|m| m["id"] != 700),
        "one reply per request"
    );
    c.shutdown();
}

#[test]
fn every_json_value_that_is_not_json_rpc_is_refused_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(dir.path(), json!({}));
    let bodies = [
        "{}",
        "[]",
        "5",
        "null",
        "true",
        r#"[{"jsonrpc":"2.0","id":7,"method":"shutdown"}]"#,
        r#"{"jsonrpc":"1.0","id":7,"method":"shutdown"}"#,
        r#"{"id":7,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","id":7,"method":5}"#,
        r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","id":true,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","id":{},"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"shutdown"}"#,
    ];
    for (i, body) in bodies.iter().enumerate() {
        write!(c.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        c.stdin.flush().unwrap();
        let reply = c.wait(|m| m["error"]["code"] == -32600);
        assert_eq!(reply["id"], Value::Null, "{body}: {reply}");
        // The session still answers a real request after each one.
        let id = 2000 + i as i64;
        c.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}}}));
        let answer = c.wait(|m| m["id"] == id);
        assert!(answer.get("error").is_none(), "after {body}: {answer}");
    }
    c.shutdown();
}

#[test]
fn source_texts_are_read_only_through_the_workspace_policy() {
    for target in ["/etc/passwd", "/dev/stdin", "/dev/zero"] {
        let facts = format!(
            "include \"common.facts\"\nsource leak \"A source\"\n  publisher \"P\"\n  date 2020\n  text \"{target}\"\nentity nato organization \"NATO\"\nentity utopia state \"Utopia\"\nu1: utopia member_of nato [leak \"root:x:0:0\"]\n"
        );
        let (dir, facts_path, mut c) = mini_base_workspace(&facts);
        let facts_uri = uri(&facts_path);
        c.notify("textDocument/didOpen", json!({"textDocument": {"uri": facts_uri, "languageId": "facts", "version": 1, "text": facts}}));
        let m = c.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == facts_uri
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty())
        });
        let messages = m["params"]["diagnostics"].to_string();
        // `/dev/stdin` is a pipe here, which does not even resolve; the others are refused.
        let refused = messages.contains("refused") || target == "/dev/stdin";
        assert!(
            messages.contains("not readable") && refused,
            "{target}: {messages}"
        );
        // The session still reads its own input (`/dev/stdin` did not swallow it).
        let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri(&dir.path().join("n.md"))}, "position": {"line": 0, "character": 0}}));
        assert!(hover.is_null());
        c.shutdown();
    }
}

#[test]
fn factline_toml_cannot_widen_reads_but_editor_settings_can() {
    let parent = tempfile::tempdir().unwrap();
    let shared = parent.path().join("shared");
    let work = parent.path().join("work");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("facts/common.facts"), shared.join("common.facts")).unwrap();
    std::fs::write(
        shared.join("x.facts"),
        "include \"common.facts\"\nentity utopia state \"Utopia\"\n",
    )
    .unwrap();
    std::fs::write(
        work.join("factline.toml"),
        "facts = [\"../shared/x.facts\"]\ndefault_facts = false\n",
    )
    .unwrap();
    // From the repository's own file: refused, with a hint naming the way to allow it.
    let mut c = Client::start(&work, json!({}));
    let m = c.wait(|m| m["method"] == "textDocument/publishDiagnostics");
    let message = m["params"]["diagnostics"].to_string();
    assert!(
        message.contains("refused") && message.contains("editor"),
        "{message}"
    );
    c.shutdown();
    // Named in the editor's settings (`..` included): read like the CLI reads it.
    let mut c = Client::start(
        &work,
        json!({"facts": ["../shared/x.facts"], "default_facts": false}),
    );
    let note_uri = uri(&work.join("n.md"));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": "[[utopia]]\n"}}));
    let _ = c.diagnostics(&note_uri, Some(1));
    let refused = c.seen.iter().any(|m| m.to_string().contains("refused"));
    assert!(!refused, "{:#?}", c.seen);
    c.shutdown();
}

#[test]
fn typing_in_a_fact_file_reloads_once_the_keys_rest() {
    let good = "include \"common.facts\"\nsource s \"A source\"\n  publisher \"P\"\n  date 2020\nentity nato organization \"NATO\"\nentity utopia state \"Utopia\"\ncomplete member_of nato\n";
    // A client that shows progress: the server announces each load it starts.
    let capabilities = json!({"window": {"workDoneProgress": true}});
    let (_dir, facts_path, mut c) = mini_base_workspace_with(good, capabilities);
    let facts_uri = uri(&facts_path);
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": facts_uri, "languageId": "facts", "version": 1, "text": good}}));
    // Ten keystrokes in a row, each leaving an unknown source; the last one's id is `zzzzzzzzzz`.
    for k in 1..=10 {
        let text = format!(
            "{good}utopia member_of nato from 2000 [{}]\n",
            "z".repeat(k)
        );
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": facts_uri, "version": k + 1}, "contentChanges": [{"text": text}]}));
    }
    let mut loads = 0;
    let last = loop {
        let m = c.wait(|m| {
            m["method"] == "window/workDoneProgress/create"
                || (m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == facts_uri
                    && m["params"]["version"] == 11)
        });
        if m["method"] == "window/workDoneProgress/create" {
            loads += 1;
            c.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
            continue;
        }
        break m["params"]["diagnostics"].as_array().unwrap().clone();
    };
    assert_eq!(last.len(), 1, "{last:?}");
    assert!(
        last[0]["message"].as_str().unwrap().contains("zzzzzzzzzz"),
        "{last:?}"
    );
    // The load at start-up, the one on opening, and one after the ten keystrokes.
    assert!(loads <= 3, "{loads} loads");
    c.shutdown();
}

#[test]
fn editing_the_embedded_bases_own_file_replaces_the_embedded_copy() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let facts_dir = dir.path().join("facts");
    std::fs::create_dir(&facts_dir).unwrap();
    for name in ["csto.facts", "common.facts", "csto-sources.facts"] {
        std::fs::copy(root.join("facts").join(name), facts_dir.join(name)).unwrap();
    }
    let mut c = Client::start(dir.path(), json!({"as_of": "2026-06-01"}));
    let path = facts_dir.join("csto.facts");
    let facts_uri = uri(&path);
    let text = std::fs::read_to_string(&path).unwrap();
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": facts_uri, "languageId": "facts", "version": 1, "text": text}}));
    // One slip in the curator's copy: exactly one problem, on that file, not a clash of
    // every id with the embedded copy of itself.
    let edited = format!("{text}\nnowhere member_of csto [W38]\n");
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": facts_uri, "version": 2}, "contentChanges": [{"text": edited}]}));
    // (Quotes whose source texts are not beside the file stay unverified: warnings.)
    let problems = c.diagnostics(&facts_uri, Some(2));
    let errors: Vec<&str> = problems
        .iter()
        .filter(|p| p["severity"] == 1)
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["unknown-id"], "{problems:#?}");
    c.shutdown();
}

#[test]
fn a_hover_is_answered_while_a_long_note_is_being_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(dir.path(), json!({"as_of": "2026-06-01"}));
    let path = dir.path().join("long.md");
    // About 1.7 MB of claims: checking it takes far longer than answering a hover.
    let text =
        "Uzbekistan is a member of the CSTO. Russia is a member of the CSTO.\n\n".repeat(25_000);
    let note_uri = uri(&path);
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": text}}));
    let hover = json!({"textDocument": {"uri": note_uri}, "position": {"line": 0, "character": 3}});
    c.request("textDocument/hover", hover);
    let published_before = c.seen.iter().any(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == note_uri
    });
    assert!(!published_before, "the hover waited for the whole check");
    // The check still completes.
    assert!(!c.diagnostics(&note_uri, Some(1)).is_empty());
    c.shutdown();
}

#[test]
fn a_fact_file_pulled_at_once_gets_its_problems_not_an_empty_list() {
    // A client that pulls as soon as it opens a file (Neovim does) and cannot be asked to
    // refresh: the answer waits for the load the opening started.
    let good = "include \"common.facts\"\nsource s \"A source\"\n  publisher \"P\"\n  date 2020\nentity nato organization \"NATO\"\nentity utopia state \"Utopia\"\n";
    let pull = json!({"textDocument": {"diagnostic": {}}});
    let (_dir, facts_path, mut c) = mini_base_workspace_with(good, pull);
    let facts_uri = uri(&facts_path);
    let broken = format!("{good}utopia member_of nato from 2000 [zz]\n");
    for _ in 0..3 {
        c.notify("textDocument/didOpen", json!({"textDocument": {"uri": facts_uri, "languageId": "facts", "version": 1, "text": broken}}));
        let report = c.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": facts_uri}}),
        );
        let codes: Vec<&str> = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["unknown-source"], "{report}");
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": facts_uri}}),
        );
    }
    c.shutdown();
}

/// The hover of one claim of each verdict kind, as a reader sees it: plain English, the
/// sources that settle it first, the claimers apart. Reviewed by eye when it changes.
#[test]
fn hovers_read_as_plain_english_for_each_verdict() {
    let note = "---\nas_of: 2026-11-23\n---\n# CSTO\n\n\
        Russia is a member of the CSTO [@W86].\n\n\
        Azerbaijan quit the CSTO in 1999.\n\n\
        Uzbekistan is a member of the CSTO.\n\n\
        Armenia left the CSTO in 2025.\n\n\
        Iran is an observer at the CSTO.\n\n\
        The CSTO mission in Kazakhstan had about 2,500 troops.\n\n\
        Stanislav Zas is the CSTO Secretary General [@W08].\n\n\
        The CSTO has six members [@nope].\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("note.md");
    std::fs::write(&path, note).unwrap();
    let note_uri = uri(&path);
    let mut c = Client::start(dir.path(), json!({}));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": note}}));
    let diags = c.diagnostics(&note_uri, Some(1));
    let codes: Vec<String> = codes_and_lines(&diags)
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    for kind in [
        "contradicted",
        "outdated",
        "disputed",
        "unsupported-citation",
        "unknown-source",
    ] {
        assert!(codes.iter().any(|c| c == kind), "no {kind} in {codes:?}");
    }
    let mut shown = Vec::new();
    for (line, text) in note.lines().enumerate().filter(|(_, l)| l.ends_with('.')) {
        let hover = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": note_uri}, "position": {"line": line, "character": 1}}),
        );
        let card = hover["contents"]["value"].as_str().unwrap_or("(no hover)");
        shown.push(format!("## {text}\n\n{card}"));
        // A citation key's own finding (unsupported, unknown source).
        if let Some(at) = text.find("[@") {
            let character = text[..at + 2].encode_utf16().count();
            let hover = c.request(
                "textDocument/hover",
                json!({"textDocument": {"uri": note_uri}, "position": {"line": line, "character": character}}),
            );
            let card = hover["contents"]["value"].as_str().unwrap_or("(no hover)");
            shown.push(format!("## {} (the citation)\n\n{card}", &text[at..]));
        }
    }
    insta::assert_snapshot!("hovers_by_verdict", shown.join("\n\n"));
}
