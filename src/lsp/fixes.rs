//! Code actions on a note (the engine's fixes, the best one preferred; ignore a claim; cite
//! a supporting source; check as of a date) and inlay hints that preview the fixes.

use super::analysis::Analysis;
use super::convert;
use factline_core::check::{Engine, Finding};
use factline_core::config::{Config, Severity};
use factline_core::verdict::Verdict;
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

pub(super) fn edit(uri: &Uri, range: Range, new_text: String) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), vec![TextEdit { range, new_text }]);
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// The engine's fixes (best one preferred), "ignore this claim", "cite a supporting
/// source" and "check as of".
pub(super) fn code_actions(
    uri: &Uri,
    engine: &Engine,
    config: &Config,
    a: &Analysis,
    range: Range,
    context: &[Diagnostic],
) -> CodeActionResponse {
    let (lo, hi) = (a.offset(range.start), a.offset(range.end));
    // The findings the client's diagnostics name (by `data`, if still where they were),
    // and those under the cursor.
    let named: Vec<usize> = context
        .iter()
        .filter_map(|d| {
            let i = d.data.as_ref()?.as_u64()? as usize;
            let f = a.report.findings.get(i)?;
            (convert::range(a, &f.range) == d.range).then_some(i)
        })
        .collect();
    let mut out = Vec::new();
    let touching: Vec<(usize, Finding)> = a.report.findings.touching(lo, hi).collect();
    for (_, f) in &touching {
        if f.verdict == Verdict::Supported
            && f.citations.is_empty()
            && let Some(fix) = factline_core::check::cite::cite_fix(&engine.base, f)
        {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.to_string(),
                kind: Some(CodeActionKind::QUICKFIX),
                edit: Some(edit(
                    uri,
                    convert::range(a, &fix.range),
                    fix.new_text.to_string(),
                )),
                ..CodeAction::default()
            }));
        }
    }
    let named = named
        .iter()
        .filter_map(|&i| Some((i, a.report.findings.get(i)?)));
    let mut asked: Vec<(usize, Finding)> = touching.into_iter().chain(named).collect();
    asked.sort_by_key(|(i, _)| *i);
    asked.dedup_by_key(|(i, _)| *i);
    // Parsed once per request, not once per finding (a whole-note range asks for all).
    let blocks = if asked.is_empty() {
        Vec::new()
    } else {
        block_starts(a)
    };
    for (i, f) in asked {
        if f.verdict == Verdict::Supported || config.severity(f.verdict) == Severity::Off {
            continue;
        }
        // Only the findings asked about: editors ask for actions on every cursor move.
        let diagnostic = convert::diagnostic(config, a, i);
        for (i, fix) in f.fixes().enumerate() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.to_string(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: diagnostic.clone().map(|d| vec![d]),
                edit: Some(edit(
                    uri,
                    convert::range(a, &fix.range),
                    fix.new_text.to_string(),
                )),
                is_preferred: Some(i == 0),
                ..CodeAction::default()
            }));
        }
        let block_start = block_start(a, &blocks, f.range.start);
        let at = convert::range(a, &(block_start..block_start));
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: "Ignore this claim (factline)".into(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: diagnostic.map(|d| vec![d]),
            edit: Some(edit(uri, at, "<!-- factline: ignore -->\n".into())),
            ..CodeAction::default()
        }));
    }
    out.push(CodeActionOrCommand::CodeAction(as_of_action(uri, a)));
    out
}

/// Where each block of the note starts, in order.
pub(super) fn block_starts(a: &Analysis) -> Vec<usize> {
    let note = factline_core::markdown::parse(a.text());
    let mut starts: Vec<usize> = note.blocks.iter().map(|b| b.range.start).collect();
    starts.sort_unstable();
    starts
}

/// Where the block holding `offset` starts (the start of its first line).
pub(super) fn block_start(a: &Analysis, starts: &[usize], offset: usize) -> usize {
    let start = match starts.partition_point(|&s| s <= offset) {
        0 => offset,
        n => starts[n - 1],
    };
    a.lines().line_start(a.lines().line_of(start))
}

/// "Check this note as of <today>": sets `as_of` in the front matter.
pub(super) fn as_of_action(uri: &Uri, a: &Analysis) -> CodeAction {
    let today = jiff::Zoned::now().date();
    let title = format!("Check this note as of {today} (factline)");
    let text = a.text();
    let edit_for =
        |bytes: std::ops::Range<usize>, new: String| edit(uri, convert::range(a, &bytes), new);
    let workspace_edit = if let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    {
        let head = text.len() - rest.len();
        let end = rest.find("\n---").map_or(text.len(), |e| head + e + 1);
        let line = text[head..end]
            .match_indices("as_of:")
            .map(|(i, _)| head + i)
            .find(|&i| i == head || text.as_bytes()[i - 1] == b'\n');
        match line {
            Some(i) => {
                let eol = text[i..].find(['\r', '\n']).map_or(text.len(), |e| i + e);
                edit_for(i..eol, format!("as_of: {today}"))
            }
            None => edit_for(head..head, format!("as_of: {today}\n")),
        }
    } else {
        edit_for(0..0, format!("---\nas_of: {today}\n---\n"))
    };
    CodeAction {
        title,
        kind: Some(CodeActionKind::REFACTOR),
        edit: Some(workspace_edit),
        ..CodeAction::default()
    }
}

/// Beside each outdated or contradicted claim, what its preferred fix would write
/// ("→ Tasmagambetov", "→ was a member of the CSTO until 2012"), for claims in `range`.
pub(super) fn inlay_hints(config: &Config, a: &Analysis, range: Range) -> Vec<InlayHint> {
    // Only the findings in the range are converted (a fix sits inside its finding).
    let (lo, hi) = (a.offset(range.start), a.offset(range.end));
    a.report
        .findings
        .touching(lo, hi)
        .map(|(_, f)| f)
        .filter(|f| matches!(f.verdict, Verdict::Outdated | Verdict::Contradicted))
        .filter(|f| config.severity(f.verdict) != Severity::Off)
        .filter_map(|f| {
            let fix = f.fixes().next()?;
            let at = convert::range(a, &fix.range).end;
            (range.start <= at && at <= range.end).then(|| InlayHint {
                position: at,
                label: InlayHintLabel::String(format!("→ {}", fix.new_text)),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(format!(
                    "factline ({}): {}",
                    f.verdict.code(),
                    f.message
                ))),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}
