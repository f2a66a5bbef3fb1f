//! A note's `[@id]` citations: the one under the cursor, a source's card, and completions
//! of source ids after `[@`.

use factline_core::facts::FactBase;
use factline_core::say::{self, Say};
use tower_lsp_server::ls_types::*;

/// The source id of a `[@id]` citation under `at`, with its byte range.
pub(super) fn citation_at(text: &str, at: usize) -> Option<(String, std::ops::Range<usize>)> {
    let is_key = |c: char| c.is_alphanumeric() || "_-:.".contains(c);
    let std::ops::Range { start, end } = super::fact_ids::span_around(text, at, is_key);
    let key = text[start..end].trim_end_matches(['.', ':']);
    let cited = text[..start].ends_with('@')
        && text[..start]
            .rfind('[')
            .is_some_and(|b| !text[b..start].contains(']'));
    (cited && !key.is_empty()).then(|| (key.to_string(), start..start + key.len()))
}

/// A source's card: title, publisher, date, link, and the statements it supports.
pub(super) fn source_card(base: &FactBase, id: &str, as_of: jiff::civil::Date) -> Option<String> {
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
pub(super) fn note_completions(base: &FactBase, line_prefix: &str) -> Option<Vec<CompletionItem>> {
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
