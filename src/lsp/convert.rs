//! Engine findings and loader problems as LSP diagnostics.

use super::analysis::Analysis;
use super::position::{self, Lines};
use factline_core::check::{Engine, Finding, FindingBody};
use factline_core::config::{Config, Severity};
use factline_core::facts::embedded;
use factline_core::facts::{self, Problem};
use factline_core::verdict::Verdict;
use std::ops::Range as Bytes;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

pub fn range(a: &Analysis, bytes: &Bytes<usize>) -> Range {
    position::rope_range(&a.rope, bytes)
}

pub fn severity(s: Severity) -> Option<DiagnosticSeverity> {
    match s {
        Severity::Error => Some(DiagnosticSeverity::ERROR),
        Severity::Warning => Some(DiagnosticSeverity::WARNING),
        Severity::Information => Some(DiagnosticSeverity::INFORMATION),
        Severity::Hint => Some(DiagnosticSeverity::HINT),
        Severity::Off => None,
    }
}

/// The diagnostics of a checked note: exactly the findings `factline check` reports.
pub fn note_diagnostics(
    engine: &Engine,
    file_uris: &[Option<Uri>],
    config: &Config,
    a: &Analysis,
) -> Vec<Diagnostic> {
    a.report
        .findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let mut d = finding_diagnostic(config, a, i, &f)?;
            d.related_information = related(engine, file_uris, &f);
            Some(d)
        })
        .collect()
}

/// The `publishDiagnostics` params of a checked note — [`note_diagnostics`] — as JSON,
/// written straight from the findings: a keystroke re-sends every diagnostic, and building
/// each as a `Diagnostic` (four strings) only to serialise and drop it would dominate a
/// publish.
pub fn note_publish_params(
    uri: &Uri,
    engine: &Engine,
    file_uris: &[Option<Uri>],
    config: &Config,
    a: &Analysis,
    lines: &Lines,
    messages: &mut Messages,
) -> Vec<u8> {
    // As long as the last one (plus a little): not grown from empty, a copy per doubling.
    let mut out = Vec::with_capacity(messages.last_len + messages.last_len / 16 + 256);
    out.extend_from_slice(br#"{"uri":"#);
    json(&mut out, uri);
    out.extend_from_slice(br#","diagnostics":"#);
    let mut positions = lines.cursor(&a.rope);
    // What follows the range, by verdict (`None`: not reported), made once per verdict.
    let mut middles: Vec<(Verdict, Option<Vec<u8>>)> = Vec::new();
    let mut first = true;
    let mut int = itoa::Buffer::new();
    let on_disk = file_uris.iter().any(Option::is_some);
    messages.generation += 1;
    out.push(b'[');
    // In place: cloning each finding would touch every body, a cache miss apiece.
    for (i, (range, f)) in a.report.findings.placed().enumerate() {
        let at = match middles.iter().position(|(v, _)| *v == f.verdict) {
            Some(at) => at,
            None => {
                middles.push((f.verdict, middle(config, f.verdict)));
                middles.len() - 1
            }
        };
        let Some(middle) = &middles[at].1 else {
            continue;
        };
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        // Field for field what serde writes for a `Diagnostic` (a test compares them).
        let Range { start, end } = positions.range(&range);
        let parts = [
            (&br#"{"range":{"start":{"line":"#[..], start.line),
            (br#","character":"#, start.character),
            (br#"},"end":{"line":"#, end.line),
            (br#","character":"#, end.character),
        ];
        for (text, n) in parts {
            out.extend_from_slice(text);
            out.extend_from_slice(int.format(n).as_bytes());
        }
        out.extend_from_slice(b"}},");
        out.extend_from_slice(middle);
        out.extend_from_slice(messages.json(f.body()));
        if let Some(related) = on_disk.then(|| related(engine, file_uris, f)).flatten() {
            out.extend_from_slice(br#","relatedInformation":"#);
            json(&mut out, &related);
        }
        out.extend_from_slice(br#","data":"#);
        out.extend_from_slice(int.format(i).as_bytes());
        out.push(b'}');
    }
    out.push(b']');
    messages.forget_unused();
    out.extend_from_slice(br#","version":"#);
    out.extend_from_slice(int.format(a.version).as_bytes());
    out.push(b'}');
    messages.last_len = out.len();
    out
}

/// `"severity":…,"code":…,"source":…,"message":` for a verdict code, if it is reported.
fn middle(config: &Config, verdict: Verdict) -> Option<Vec<u8>> {
    let level = severity(config.severity(verdict))?;
    let mut out = br#""severity":"#.to_vec();
    json(&mut out, &level);
    out.extend_from_slice(br#","code":"#);
    json(&mut out, verdict.code());
    out.extend_from_slice(br#","source":"factline","message":"#);
    Some(out)
}

/// Findings' messages as JSON strings, kept from one publish to the next: after an edit
/// nearly every finding is the one before, sharing its body, and escaping thousands of
/// messages was the largest part of writing a long note's diagnostics.
#[derive(Default)]
pub struct Messages {
    /// By the address of the finding's body: found without reading the body.
    by_address: rustc_hash::FxHashMap<usize, Message>,
    generation: u32,
    /// The length of the last publish's params.
    last_len: usize,
}

struct Message {
    /// Held so that its address, the key, is not reused while the entry exists.
    _held: Arc<FindingBody>,
    json: Box<[u8]>,
    /// The last publish that used it.
    used: u32,
}

impl Messages {
    fn json(&mut self, body: &Arc<FindingBody>) -> &[u8] {
        let generation = self.generation;
        let key = Arc::as_ptr(body) as usize;
        let entry = self.by_address.entry(key).or_insert_with(|| {
            let mut out = Vec::new();
            json(&mut out, &*body.message);
            Message {
                _held: body.clone(),
                json: out.into(),
                used: generation,
            }
        });
        entry.used = generation;
        &entry.json
    }

    /// Drops the messages this publish did not use, once they outnumber the used ones.
    fn forget_unused(&mut self) {
        let generation = self.generation;
        let used = self.by_address.values().filter(|e| e.used == generation);
        if self.by_address.len() > 2 * used.count() + 64 {
            self.by_address.retain(|_, e| e.used == generation);
        }
    }
}

fn json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(out, value).expect("plain data serialises");
}

/// The diagnostic of finding `i` (`None` when its severity is `off`).
pub fn diagnostic(config: &Config, a: &Analysis, i: usize) -> Option<Diagnostic> {
    finding_diagnostic(config, a, i, &a.report.findings.get(i)?)
}

/// The diagnostic of `f`, finding `i` of its report.
fn finding_diagnostic(config: &Config, a: &Analysis, i: usize, f: &Finding) -> Option<Diagnostic> {
    let severity = severity(config.severity(f.verdict))?;
    Some(Diagnostic {
        range: range(a, &f.range),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.verdict.code().into())),
        source: Some("factline".into()),
        message: f.message.to_string(),
        // The finding's index in its report, which code actions resolve the fixes from
        // (checked against the range, in case the note changed since). A number, not an
        // object: every keystroke re-sends every diagnostic, and an object each is costly.
        data: Some(serde_json::Value::from(i)),
        ..Diagnostic::default()
    })
}

/// The evidence statements that live in a fact file on disk.
/// For each file of a base, its URI when it is a file on disk; computed once per base.
pub fn file_uris(base: &facts::FactBase) -> Vec<Option<Uri>> {
    base.files
        .iter()
        .map(|file| {
            let on_disk = !file.path.starts_with(embedded::PREFIX)
                && std::path::Path::new(&file.path).is_file();
            on_disk
                .then(|| {
                    std::path::absolute(&file.path)
                        .ok()
                        .and_then(Uri::from_file_path)
                })
                .flatten()
        })
        .collect()
}

fn related(
    engine: &Engine,
    file_uris: &[Option<Uri>],
    f: &Finding,
) -> Option<Vec<DiagnosticRelatedInformation>> {
    // Without a fact file on disk (the embedded base) there is nothing to point at, and
    // no reason to visit each finding's evidence (thousands of scattered reads a keystroke).
    if file_uris.iter().all(Option::is_none) {
        return None;
    }
    let base = &engine.base;
    let out: Vec<DiagnosticRelatedInformation> = f
        .evidence
        .iter()
        .filter_map(|&s| {
            let st = base.statement_of(s);
            let file = &base.files[st.span.file.index()];
            let uri = file_uris.get(st.span.file.index())?.clone()?;
            let pos = |o: u32| {
                let p = file.lines.utf16(&file.text, o as usize);
                Position::new(p.line, p.col)
            };
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, Range::new(pos(st.span.start), pos(st.span.end))),
                message: "the fact base's statement".into(),
            })
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

pub fn problem_diagnostic(p: &&Problem) -> Diagnostic {
    let pos = |x: facts::problem::Position| Position::new(x.line, x.character);
    Diagnostic {
        range: Range::new(pos(p.range.start), pos(p.range.end)),
        severity: Some(if p.is_error() {
            DiagnosticSeverity::ERROR
        } else {
            DiagnosticSeverity::WARNING
        }),
        code: Some(NumberOrString::String(p.code.into())),
        source: Some("factline".into()),
        message: p.message.clone(),
        ..Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diagnostics written straight to JSON are the ones `note_diagnostics` builds,
    /// related information, escapes and non-ASCII text included.
    #[test]
    fn written_diagnostics_equal_built_ones() {
        use factline_core::check::{self, Engine, Settings};
        use factline_core::facts::{LoadOptions, load_embedded};
        let engine = Engine::new(load_embedded(&LoadOptions::default()).base);
        let settings = Settings {
            as_of: Some(jiff::civil::date(2026, 6, 1)),
            ..Settings::default()
        };
        let note = "# CSTO\n\nUzbekistan is a member of the CSTO. Ça va \"bien\" 😀.\r\n\
            Afghanistan is a member of the CSTO [@nowhere].\n\n\
            | Country | Member |\n|---|---|\n| Uzbekistan | yes |\n\n\
            The CSTO has seven member states. Stanislav Zas is the Secretary General of the CSTO.\n";
        let report = check::check(&engine, note, &settings);
        let a = Analysis::new(1, ropey::Rope::from_str(note), report);
        let on_disk: Uri = "file:///facts/base.facts".parse().unwrap();
        let mut related_seen = false;
        for uris in [vec![], vec![Some(on_disk); engine.base.files.len()]] {
            for config in [
                Config::default(),
                Config::parse(
                    std::path::Path::new("f.toml"),
                    "[severity]\nsupported = \"hint\"\noutdated = \"off\"\n",
                )
                .unwrap(),
            ] {
                let built = note_diagnostics(&engine, &uris, &config, &a);
                let lines = Lines::new(&a.rope);
                let mut messages = Messages::default();
                let uri: Uri = "file:///notes/a%20b.md".parse().unwrap();
                let mut params = || {
                    note_publish_params(&uri, &engine, &uris, &config, &a, &lines, &mut messages)
                };
                // Twice: the second time from the messages kept by the first.
                let (params, again) = (params(), params());
                assert_eq!(params, again);
                assert!(built.len() >= 2, "{built:#?}");
                related_seen |= built.iter().any(|d| d.related_information.is_some());
                let params: PublishDiagnosticsParams = serde_json::from_slice(&params).unwrap();
                assert_eq!(params, PublishDiagnosticsParams::new(uri, built, Some(1)));
            }
        }
        assert!(related_seen);
    }

    /// A message is escaped once while it is in use, and the kept ones stay bounded when
    /// messages come and go.
    #[test]
    fn messages_are_kept_while_used_and_dropped_after() {
        let mut messages = Messages::default();
        let body = |m: &str| Arc::new(FindingBody::new(m.into(), jiff::civil::date(2026, 1, 1)));
        let kept = body("said \"this\" — 😀");
        for round in 0..20 {
            messages.generation += 1;
            assert_eq!(
                messages.json(&kept),
                "\"said \\\"this\\\" — 😀\"".as_bytes()
            );
            for k in 0..100 {
                let passing = body(&format!("{round}-{k}"));
                assert_eq!(
                    messages.json(&passing),
                    format!("\"{round}-{k}\"").as_bytes()
                );
            }
            messages.forget_unused();
            assert!(
                messages.by_address.len() <= 3 * 101,
                "{}",
                messages.by_address.len()
            );
        }
    }
}
