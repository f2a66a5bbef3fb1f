//! Engine findings and loader problems as LSP diagnostics.

use super::Analysis;
use factline::check::{Engine, Finding};
use factline::config::{Config, Severity};
use factline::facts::embedded;
use factline::facts::{self, Problem};
use std::ops::Range as Bytes;
use tower_lsp_server::ls_types::*;

pub fn range(a: &Analysis, bytes: &Bytes<usize>) -> Range {
    rope_range(&a.rope, bytes)
}

/// The LSP range of a byte range of `rope`.
pub fn rope_range(rope: &ropey::Rope, bytes: &Bytes<usize>) -> Range {
    let start = position(rope, bytes.start);
    let end = match line_tail(rope, bytes.start, bytes.end) {
        // Most ranges end on the line they start on: count on from the start.
        Some(units) => Position::new(start.line, start.character + units),
        None => position(rope, bytes.end),
    };
    Range::new(start, end)
}

/// The LSP position of a byte offset, through the rope (logarithmic: no line table
/// of the whole note is built per keystroke). Offsets past the end clamp to it; an
/// offset inside a char means that char (rounded down, as `LineIndex` does).
pub fn position(rope: &ropey::Rope, offset: usize) -> Position {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let start = rope.line_to_byte(line);
    let col = utf16_len(rope.byte_slice(start..floor(rope, offset)));
    Position::new(line as u32, col as u32)
}

/// UTF-16 units from `from` to `to` when both lie on one line (no line break between).
fn line_tail(rope: &ropey::Rope, from: usize, to: usize) -> Option<u32> {
    let (from, to) = (from.min(rope.len_bytes()), to.min(rope.len_bytes()));
    if to < from || to - from > 4096 {
        return None;
    }
    let slice = rope.byte_slice(floor(rope, from)..floor(rope, to));
    let breaks = slice.chunks().any(|c| c.contains(['\n', '\r']));
    (!breaks).then(|| utf16_len(slice) as u32)
}

fn floor(rope: &ropey::Rope, offset: usize) -> usize {
    // Findings' offsets are char boundaries: one byte lookup says so, and saves
    // two tree walks per position (thousands of positions per keystroke).
    let boundary = offset >= rope.len_bytes() || (rope.byte(offset) & 0xC0) != 0x80;
    if boundary {
        return offset;
    }
    rope.char_to_byte(rope.byte_to_char(offset))
}

fn utf16_len(slice: ropey::RopeSlice) -> usize {
    let units = |c: &str| match c.is_ascii() {
        true => c.len(),
        false => c.chars().map(char::len_utf16).sum(),
    };
    slice.chunks().map(units).sum()
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
            let mut d = diagnostic(config, a, i)?;
            d.related_information = related(engine, file_uris, f);
            Some(d)
        })
        .collect()
}

/// The diagnostic of finding `i` (`None` when its severity is `off`).
pub fn diagnostic(config: &Config, a: &Analysis, i: usize) -> Option<Diagnostic> {
    let f = &a.report.findings[i];
    let severity = severity(config.severity(f.verdict.code()))?;
    Some(Diagnostic {
        range: range(a, &f.range),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.verdict.code().into())),
        source: Some("factline".into()),
        message: f.message.to_string(),
        // The finding's index in its report, which code actions resolve the fixes from
        // (checked against the range, in case the note changed since). A number, not an
        // object: every keystroke re-sends every diagnostic, and an object per diagnostic
        // cost a fifth of a keystroke with 2,000 of them.
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
    use factline::text::LineIndex;

    proptest::proptest! {
        /// The rope's positions (the server's) equal `LineIndex`'s (the CLI's and the
        /// client model's) at every byte offset, inside chars too (both round down).
        #[test]
        fn rope_positions_equal_the_line_index(text in "[a-z😀中é\r\n ]{0,40}", cut in 0usize..200) {
            let rope = ropey::Rope::from_str(&text);
            let lines = LineIndex::new(&text);
            for offset in (0..=text.len() + 2).chain([cut]) {
                let want = lines.utf16(&text, offset);
                let got = position(&rope, offset);
                proptest::prop_assert_eq!((got.line, got.character), (want.line, want.col), "at {}", offset);
            }
            let end = cut.min(text.len());
            for start in 0..=end {
                let (a, b) = (lines.utf16(&text, start), lines.utf16(&text, end));
                let r = rope_range(&rope, &(start..end));
                proptest::prop_assert_eq!((r.start.line, r.start.character, r.end.line, r.end.character), (a.line, a.col, b.line, b.col));
            }
        }
    }
}
