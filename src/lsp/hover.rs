//! Hover cards on a note: a finding's verdict, claim, timeline and sources; a named
//! entity's card; a citation's source.

use super::analysis::Analysis;
use super::citations::{citation_at, source_card};
use super::convert;
use factline_core::check::{Engine, Finding};
use factline_core::claims::ClaimValue;
use factline_core::evidence::{self, Cited, Link, Side};
use factline_core::facts::FactBase;
use factline_core::facts::model::{EntityId, Value};
use factline_core::say::{self, Say};
use factline_core::verdict::Verdict;
use tower_lsp_server::ls_types::*;

pub(super) fn markdown(value: String) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    }
}

/// A claim's verdict, timeline and sources; a citation's source card; else an entity's card.
pub(super) fn hover(engine: &Engine, a: &Analysis, pos: Position) -> Option<Hover> {
    let at = a.offset(pos);
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

pub(super) fn claim_card(engine: &Engine, f: &Finding) -> String {
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
pub(super) fn timeline(base: &FactBase, f: &Finding) -> String {
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
pub(super) fn sources(base: &FactBase, cited: &[Cited]) -> String {
    let mut out = String::new();
    for c in cited {
        let src = base.source_of(c.citation.source);
        let quote = c.citation.quote.as_deref();
        out.push_str(&format!(
            "- {}\n",
            evidence::reference(src, quote, Link::Markdown)
        ));
    }
    out
}

pub(super) fn entity_hover(engine: &Engine, a: &Analysis, at: usize) -> Option<Hover> {
    let (entity, range) = a.mention_at(engine, at)?;
    let mut h = markdown(entity_card(&engine.base, entity, a.report.as_of));
    h.range = Some(convert::range(a, &range));
    Some(h)
}

pub(super) fn entity_card(base: &FactBase, e: EntityId, day: jiff::civil::Date) -> String {
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
