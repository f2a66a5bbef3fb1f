//! Hovers, code actions and client options: the editor-facing views of a checked note.

use super::Analysis;
use super::convert;
use factline_core::check::{Engine, Finding};
use factline_core::claims::ClaimValue;
use factline_core::config::{Config, Severity};
use factline_core::date::PartialDate;
use factline_core::evidence::{self, Cited, Side};
use factline_core::facts::FactBase;
use factline_core::facts::model::{EntityId, Value};
use factline_core::say::{self, Say};
use factline_core::verdict::Verdict;
use std::collections::HashMap;
use std::path::PathBuf;
use tower_lsp_server::ls_types::*;

fn offset(a: &Analysis, pos: Position) -> usize {
    a.lines()
        .offset_utf16(a.text(), pos.line as usize, pos.character as usize)
}

fn markdown(value: String) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    }
}

/// The source id of a `[@id]` citation under `at`, with its byte range.
pub fn citation_at(text: &str, at: usize) -> Option<(String, std::ops::Range<usize>)> {
    let is_key = |c: char| c.is_alphanumeric() || "_-:.".contains(c);
    let at = at.min(text.len());
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_key(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .find(|c: char| !is_key(c))
        .map_or(text.len(), |i| at + i);
    let key = text[start..end].trim_end_matches(['.', ':']);
    let cited = text[..start].ends_with('@')
        && text[..start]
            .rfind('[')
            .is_some_and(|b| !text[b..start].contains(']'));
    (cited && !key.is_empty()).then(|| (key.to_string(), start..start + key.len()))
}

/// A source's card: title, publisher, date, link, and the statements it supports.
pub fn source_card(base: &FactBase, id: &str, as_of: jiff::civil::Date) -> Option<String> {
    let source = base.source(id)?;
    let src = base.source_of(source);
    let title = match &src.url {
        Some(url) => format!("[{}]({url})", src.title),
        None => src.title.to_string(),
    };
    let mut out = format!("**{title}** — source `{id}`\n\n");
    for field in [
        src.publisher.as_deref().map(str::to_string),
        src.date.map(|d| d.to_string()),
    ]
    .into_iter()
    .flatten()
    {
        out.push_str(&format!("- {field}\n"));
    }
    let supports: Vec<String> = base
        .statements
        .iter()
        .filter(|s| !s.is_deprecated() && s.citations.iter().any(|c| c.source == source))
        .map(|s| {
            format!(
                "- {}",
                say::sentence(&Say { base, text: "" }.fact(s, as_of))
            )
        })
        .collect();
    if !supports.is_empty() {
        out.push_str(&format!(
            "\nSupports {} statements:\n\n{}\n",
            supports.len(),
            supports
                .iter()
                .take(8)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    Some(out)
}

/// Completion in a note: sources after `[@` (newest first), entities after `[[`.
pub fn note_completions(base: &FactBase, line_prefix: &str) -> Option<Vec<CompletionItem>> {
    let after = |open: &str| {
        let i = line_prefix.rfind(open)?;
        let rest = &line_prefix[i + open.len()..];
        (!rest.contains([']', ' '])).then_some(rest)
    };
    if after("[@").is_some() || (line_prefix.contains("[@") && after("@").is_some()) {
        let mut sources: Vec<_> = base.sources.iter().collect();
        sources.sort_by_key(|s| std::cmp::Reverse(s.date));
        return Some(
            sources
                .iter()
                .enumerate()
                .map(|(i, s)| CompletionItem {
                    label: s.id.to_string(),
                    kind: Some(CompletionItemKind::REFERENCE),
                    detail: Some(match s.date {
                        Some(d) => format!("{} ({d})", s.title),
                        None => s.title.to_string(),
                    }),
                    sort_text: Some(format!("{i:06}")),
                    ..CompletionItem::default()
                })
                .collect(),
        );
    }
    if after("[[").is_some() {
        return Some(
            base.entities
                .iter()
                .map(|e| CompletionItem {
                    label: e.label.to_string(),
                    kind: Some(CompletionItemKind::CONSTANT),
                    detail: Some(format!("{} ({})", e.id, e.kind)),
                    ..CompletionItem::default()
                })
                .collect(),
        );
    }
    None
}

/// A claim's verdict, timeline and sources; a citation's source card; else an entity's card.
pub fn hover(engine: &Engine, a: &Analysis, pos: Position) -> Option<Hover> {
    let at = offset(a, pos);
    if let Some((id, range)) = citation_at(a.text(), at)
        && let Some(card) = source_card(&engine.base, &id, a.report.as_of)
    {
        // What is wrong with the citation (unsupported, stale), above the source it names.
        let about = a
            .report
            .findings
            .touching(range.start, range.end)
            .map(|(_, f)| f)
            .find(|f| f.range == range && f.claim.is_some() && f.verdict != Verdict::Supported)
            .map(|f| format!("**factline: {}** — {}\n\n", f.verdict.code(), f.message))
            .unwrap_or_default();
        let mut h = markdown(format!("{about}{card}"));
        h.range = Some(convert::range(a, &range));
        return Some(h);
    }
    let finding = a
        .report
        .findings
        .touching(at, at)
        .map(|(_, f)| f)
        .min_by_key(|f| (f.verdict == Verdict::Supported, f.range.len()));
    if let Some(f) = finding {
        let mut h = markdown(claim_card(engine, &f));
        h.range = Some(convert::range(a, &f.range));
        return Some(h);
    }
    entity_hover(engine, a, at)
}

fn claim_card(engine: &Engine, f: &Finding) -> String {
    let base = &engine.base;
    let mut out = format!("**factline: {}** (as of {})\n\n", f.verdict.code(), f.as_of);
    if !f.message.is_empty() {
        out.push_str(&format!("{}\n\n", f.message));
    }
    let timeline = timeline(base, f);
    if !timeline.is_empty() {
        out.push_str(&format!("**Timeline:** {timeline}\n\n"));
    }
    let cited = evidence::cited(base, f.verdict, f.claim.as_deref(), &f.evidence);
    let (settles, claims): (Vec<_>, Vec<_>) =
        cited.into_iter().partition(|c| c.side == Side::Settles);
    for (heading, list) in [("Sources", settles), ("Claimed otherwise by", claims)] {
        if !list.is_empty() {
            out.push_str(&format!("**{heading}**\n\n"));
            out.push_str(&sources(base, &list));
            out.push('\n');
        }
    }
    out
}

/// "Uzbekistan was a member of the CSTO from 2006-08-16 to 2012-12-18" for the claimed
/// pair (every holder, for a one-at-a-time relation), oldest first.
fn timeline(base: &FactBase, f: &Finding) -> String {
    let Some(claim) = &f.claim else {
        return String::new();
    };
    let Some(subject) = claim.subject else {
        return String::new();
    };
    let relation = base.relation_of(claim.relation);
    let same_value = |v: &Value| match (&claim.value, v) {
        (ClaimValue::Entity(e), Value::Entity(x)) => relation.functional || e == x,
        _ => true,
    };
    let say = Say { base, text: "" };
    let parts: Vec<String> = base
        .statements_about(subject, claim.relation)
        .iter()
        .map(|&s| base.statement_of(s))
        .filter(|s| !s.is_deprecated() && !s.unconfirmed && same_value(&s.value))
        .map(|s| say::sentence(&say.fact(s, f.as_of)))
        .collect();
    parts.join("; ")
}

/// Markdown links to some sources, with dates and quotes, one per line.
pub fn sources(base: &FactBase, cited: &[Cited]) -> String {
    let mut out = String::new();
    for c in cited {
        let src = base.source_of(c.citation.source);
        let title = match &src.url {
            Some(url) => format!("[{}]({url})", src.title),
            None => src.title.to_string(),
        };
        let mut line = format!("- {title}");
        if let Some(p) = &src.publisher {
            line.push_str(&format!(", {p}"));
        }
        if let Some(d) = src.date {
            line.push_str(&format!(", {d}"));
        }
        if let Some(q) = &c.citation.quote {
            line.push_str(&format!(": “{q}”"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn entity_hover(engine: &Engine, a: &Analysis, at: usize) -> Option<Hover> {
    let line = a.lines().line_of(at);
    let start = a.lines().line_start(line);
    let text = a.lines().line_text(a.text(), line);
    let mention = engine.mentions(text).into_iter().find(|m| {
        m.range.start + start <= at && at <= m.range.end + start && m.entities.len() == 1
    })?;
    let card = entity_card(&engine.base, mention.entities[0], a.report.as_of);
    let mut h = markdown(card);
    h.range = Some(convert::range(
        a,
        &(mention.range.start + start..mention.range.end + start),
    ));
    Some(h)
}

fn entity_card(base: &FactBase, e: EntityId, day: jiff::civil::Date) -> String {
    let entity = base.entity_of(e);
    let mut out = format!("**{}** ({})\n\n", entity.label, entity.kind);
    if let Some(about) = &entity.description {
        out.push_str(&format!("{about}\n\n"));
    }
    let facts: Vec<String> = base
        .statements
        .iter()
        .filter(|s| {
            let involved = s.subject == e || s.value == Value::Entity(e);
            involved && !s.is_deprecated() && !s.unconfirmed && s.validity.holds_on(day)
        })
        .take(8)
        .map(|s| format!("- {}", say::sentence(&Say { base, text: "" }.fact(s, day))))
        .collect();
    if !facts.is_empty() {
        out.push_str(&format!("On {day}:\n\n{}\n", facts.join("\n")));
    }
    out
}

fn edit(uri: &Uri, range: Range, new_text: String) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), vec![TextEdit { range, new_text }]);
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// The engine's fixes (best one preferred), "ignore this claim", "cite a supporting
/// source" and "check as of".
pub fn code_actions(
    uri: &Uri,
    engine: &Engine,
    config: &Config,
    a: &Analysis,
    range: Range,
    context: &[Diagnostic],
) -> CodeActionResponse {
    let (lo, hi) = (offset(a, range.start), offset(a, range.end));
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
            && let Some(fix) = factline_core::cite::cite_fix(&engine.base, f)
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
        if f.verdict == Verdict::Supported || config.severity(f.verdict.code()) == Severity::Off {
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
fn block_starts(a: &Analysis) -> Vec<usize> {
    let note = factline_core::markdown::parse(a.text());
    let mut starts: Vec<usize> = note.blocks.iter().map(|b| b.range.start).collect();
    starts.sort_unstable();
    starts
}

/// Where the block holding `offset` starts (the start of its first line).
fn block_start(a: &Analysis, starts: &[usize], offset: usize) -> usize {
    let start = match starts.partition_point(|&s| s <= offset) {
        0 => offset,
        n => starts[n - 1],
    };
    a.lines().line_start(a.lines().line_of(start))
}

/// "Check this note as of <today>": sets `as_of` in the front matter.
fn as_of_action(uri: &Uri, a: &Analysis) -> CodeAction {
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

/// Applies `initializationOptions` (`as_of`, `facts`, `default_facts`, `severity`)
/// over `config`; bad keys or types become messages, and the rest still applies.
pub fn apply_options(
    config: &mut Config,
    root: Option<&PathBuf>,
    options: &serde_json::Value,
    messages: &mut Vec<String>,
) {
    let Some(map) = options.as_object() else {
        messages
            .push("factline: initializationOptions must be an object; using the defaults".into());
        return;
    };
    for (key, value) in map {
        let bad =
            |what: &str| format!("factline: initializationOptions.{key}: expected {what}; ignored");
        match key.as_str() {
            "as_of" => match value.as_str().map(PartialDate::parse) {
                Some(Ok(d)) => config.as_of = Some(d.latest()),
                Some(Err(e)) => messages.push(format!(
                    "factline: initializationOptions.as_of: {e}; ignored"
                )),
                None => messages.push(bad("a date string")),
            },
            "default_facts" => match value.as_bool() {
                Some(b) => config.default_facts = b,
                None => messages.push(bad("true or false")),
            },
            "facts" => match value
                .as_array()
                .and_then(|a| a.iter().map(|v| v.as_str()).collect::<Option<Vec<_>>>())
            {
                Some(files) => {
                    let base = root.cloned().unwrap_or_default();
                    config.facts = files.iter().map(|f| base.join(f)).collect();
                }
                None => messages.push(bad("an array of paths")),
            },
            "severity" => {
                let parsed: Result<std::collections::BTreeMap<String, Severity>, _> =
                    serde_json::from_value(value.clone());
                match parsed {
                    Ok(map) => config.severity.extend(map),
                    Err(e) => messages.push(format!(
                        "factline: initializationOptions.severity: {e}; ignored"
                    )),
                }
            }
            _ => messages.push(format!(
                "factline: unknown initializationOptions key `{key}`; ignored"
            )),
        }
    }
}

/// Beside each outdated or contradicted claim, what its preferred fix would write
/// ("→ Tasmagambetov", "→ was a member of the CSTO until 2012"), for claims in `range`.
pub fn inlay_hints(config: &Config, a: &Analysis, range: Range) -> Vec<InlayHint> {
    // Only the findings in the range are converted (a fix sits inside its finding).
    let (lo, hi) = (offset(a, range.start), offset(a, range.end));
    a.report
        .findings
        .touching(lo, hi)
        .map(|(_, f)| f)
        .filter(|f| matches!(f.verdict, Verdict::Outdated | Verdict::Contradicted))
        .filter(|f| config.severity(f.verdict.code()) != Severity::Off)
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
