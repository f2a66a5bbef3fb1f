//! Ids across the fact base: definitions, references, hovers, completion and symbols.
//!
//! Works on the served base's own files and spans, so it needs no second
//! parser: an id under the cursor is read lexically, then resolved.

use factline_core::facts::FactBase;
use factline_core::facts::embedded;
use factline_core::facts::model::{Span, ValueType};
use std::ops::Range as Bytes;
use tower_lsp_server::ls_types::*;

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The id-like word around `offset` in `text`, with its byte range.
pub fn word_at(text: &str, offset: usize) -> Option<(String, Bytes<usize>)> {
    let span = span_around(text, offset, is_id_char);
    (!span.is_empty()).then(|| (text[span.clone()].to_string(), span))
}

/// The run of chars that `keep` accepts around byte `offset` (clamped to the text).
pub(super) fn span_around(text: &str, offset: usize, keep: impl Fn(char) -> bool) -> Bytes<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| keep(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !keep(c))
        .map_or(text.len(), |(i, _)| offset + i);
    start..end
}

/// Where something is declared, if in a file on disk.
pub fn location(base: &FactBase, span: Span) -> Option<Location> {
    let file = base.files.get(span.file.index())?;
    if file.path.starts_with(embedded::PREFIX) {
        return None;
    }
    let path = std::path::absolute(&file.path).ok()?;
    let uri = Uri::from_file_path(path)?;
    let pos = |o: u32| {
        let p = file.lines.utf16(&file.text, o as usize);
        Position::new(p.line, p.col)
    };
    Some(Location::new(
        uri,
        Range::new(pos(span.start), pos(span.end)),
    ))
}

/// The declaration of an id: entity, relation, source, statement or kind.
pub fn declaration(base: &FactBase, id: &str) -> Option<Span> {
    if let Some(e) = base.entity(id) {
        return Some(base.entity_of(e).span);
    }
    if let Some(r) = base.relation(id) {
        return Some(base.relation_of(r).span);
    }
    if let Some(s) = base.source(id) {
        return Some(base.source_of(s).span);
    }
    if let Some(s) = base.statement(id) {
        return Some(base.statement_of(s).span);
    }
    base.kinds.iter().find(|k| &*k.name == id).map(|k| k.span)
}

/// Every whole-word occurrence of `id` in the base's files on disk.
pub fn references(base: &FactBase, id: &str) -> Vec<Location> {
    let mut out = Vec::new();
    for (i, file) in base.files.iter().enumerate() {
        for (at, _) in file.text.match_indices(id) {
            let before = file.text[..at].chars().next_back();
            let after = file.text[at + id.len()..].chars().next();
            if before.is_some_and(is_id_char) || after.is_some_and(is_id_char) {
                continue;
            }
            let span = Span {
                file: factline_core::facts::model::FileId(i as u32),
                start: at as u32,
                end: (at + id.len()) as u32,
            };
            out.extend(location(base, span));
        }
    }
    out
}

/// Markdown describing an id.
pub fn describe(base: &FactBase, id: &str) -> Option<String> {
    if let Some(e) = base.entity(id) {
        let e = base.entity_of(e);
        let mut out = format!("**{}** — entity `{}` ({})\n\n", e.label, e.id, e.kind);
        if !e.aliases.is_empty() {
            out.push_str(&format!("Also: {}\n\n", e.aliases.join(", ")));
        }
        if let Some(about) = &e.description {
            out.push_str(about);
        }
        return Some(out);
    }
    if let Some(r) = base.relation(id) {
        let r = base.relation_of(r);
        let value = match &r.value {
            ValueType::Entity(kinds) => kinds.join(" | "),
            ValueType::Date => "date".into(),
            ValueType::Quantity(unit) => format!("quantity {}", unit.as_deref().unwrap_or("")),
            ValueType::Text => "text".into(),
        };
        let arity = if r.functional { "functional" } else { "many" };
        return Some(format!(
            "**{}** — relation `{}`\n\nsubject: {}; value: {value}; {arity}; {} phrasings",
            r.label,
            r.id,
            r.subject_kinds.join(" | "),
            r.phrases.len()
        ));
    }
    if let Some(s) = base.source(id) {
        let s = base.source_of(s);
        let mut out = format!("**{}** — source `{}`\n\n", s.title, s.id);
        for field in [
            s.publisher.as_deref().map(str::to_string),
            s.date.map(|d| d.to_string()),
            s.url.as_deref().map(str::to_string),
        ]
        .into_iter()
        .flatten()
        {
            out.push_str(&format!("- {field}\n"));
        }
        return Some(out);
    }
    if let Some(st) = base.statement(id) {
        let s = base.statement_of(st);
        return Some(format!(
            "statement `{id}`: {} {} … {} ({} citations)",
            base.entity_of(s.subject).label,
            base.relation_of(s.relation).label,
            s.validity,
            s.citations.len()
        ));
    }
    None
}

/// Ids to complete in a `.facts` file: entities, relations, sources.
pub fn completions(base: &FactBase) -> Vec<CompletionItem> {
    let item = |label: &str, kind, detail: String| CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail),
        ..CompletionItem::default()
    };
    let mut out: Vec<CompletionItem> = Vec::new();
    out.extend(base.entities.iter().map(|e| {
        item(
            &e.id,
            CompletionItemKind::CONSTANT,
            format!("{} ({})", e.label, e.kind),
        )
    }));
    out.extend(
        base.relations
            .iter()
            .map(|r| item(&r.id, CompletionItemKind::FUNCTION, r.label.to_string())),
    );
    out.extend(base.sources.iter().map(|s| {
        let date = s.date.map(|d| format!(", {d}")).unwrap_or_default();
        item(
            &s.id,
            CompletionItemKind::REFERENCE,
            format!("{}{date}", s.title),
        )
    }));
    out
}

/// The declarations in one file of the base, as document symbols.
#[allow(deprecated)]
pub fn symbols(base: &FactBase, path: &str) -> Vec<SymbolInformation> {
    let Some(file) = base.files.iter().position(|f| f.path == path) else {
        return Vec::new();
    };
    let in_file = |span: &Span| span.file.index() == file;
    let mut out = Vec::new();
    let mut push = |name: String, kind, span: Span| {
        if let Some(location) = location(base, span) {
            out.push(SymbolInformation {
                name,
                kind,
                tags: None,
                deprecated: None,
                location,
                container_name: None,
            });
        }
    };
    for k in base.kinds.iter().filter(|k| in_file(&k.span)) {
        push(k.name.to_string(), SymbolKind::CLASS, k.span);
    }
    for r in base.relations.iter().filter(|r| in_file(&r.span)) {
        push(r.id.to_string(), SymbolKind::FUNCTION, r.span);
    }
    for e in base.entities.iter().filter(|e| in_file(&e.span)) {
        push(
            format!("{} ({})", e.id, e.label),
            SymbolKind::OBJECT,
            e.span,
        );
    }
    for s in base.sources.iter().filter(|s| in_file(&s.span)) {
        push(format!("{} ({})", s.id, s.title), SymbolKind::FILE, s.span);
    }
    for s in base.statements.iter().filter(|s| in_file(&s.span)) {
        if let Some(id) = &s.id {
            push(id.to_string(), SymbolKind::EVENT, s.span);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_at_offsets() {
        let text = "uz_csto: uzbekistan member_of csto";
        assert_eq!(word_at(text, 12).unwrap().0, "uzbekistan");
        assert_eq!(word_at(text, 0).unwrap().0, "uz_csto");
        assert_eq!(word_at(text, text.len()).unwrap().0, "csto");
        assert!(word_at("a : b", 2).is_none());
    }
}
