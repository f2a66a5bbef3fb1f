//! Orders the sources behind a finding: those that settle it first, then who claimed
//! otherwise.
//!
//! A verdict's evidence is a list of statements, most relevant first. A reader needs the
//! sources in the same order, with the statements that refute a known error (its
//! `refuted_by`) before the error itself, the sources of a closed list (`complete … [src]`)
//! when absence decided, and the error's own sources last, marked as a claim.

use crate::claims::Claim;
use crate::facts::FactBase;
use crate::facts::model::{Citation, Source, StatementId};
use crate::verdict::Verdict;

/// Which side of the question a source is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Backs what the base holds.
    Settles,
    /// Made the claim the base records as wrong (a deprecated statement).
    ClaimedBy,
}

/// One citation behind a finding.
#[derive(Clone, Copy, Debug)]
pub struct Cited<'b> {
    /// The citation.
    pub citation: &'b Citation,
    /// Which side of the question it is on.
    pub side: Side,
}

/// The citations behind a finding, each source and quote once: the settling ones first
/// (statement by statement, the newest source first within one), then the claimers.
pub fn cited<'b>(
    base: &'b FactBase,
    verdict: Verdict,
    claim: Option<&Claim>,
    evidence: &[StatementId],
) -> Vec<Cited<'b>> {
    let (settling, claimers) = statements_by_side(base, evidence);
    let mut out: Vec<Cited<'b>> = Vec::new();
    let mut push = |citation: &'b Citation, side: Side| {
        let same =
            |c: &Cited| c.citation.source == citation.source && c.citation.quote == citation.quote;
        if !out.iter().any(same) {
            out.push(Cited { citation, side });
        }
    };
    // A refutation no statement records comes first, in the curator's order: it is about
    // the very error repeated.
    for &s in &claimers {
        for c in &base.statement_of(s).refuted_in {
            push(c, Side::Settles);
        }
    }
    for s in settling {
        for c in newest_first(&base.statement_of(s).citations, base) {
            push(c, Side::Settles);
        }
    }
    // Absence decides a contradiction, and a denial the base bears out.
    let denial = verdict == Verdict::Supported && claim.is_some_and(|c| !c.positive);
    if verdict == Verdict::Contradicted || denial {
        for c in closing(base, claim) {
            push(c, Side::Settles);
        }
    }
    for s in claimers {
        for c in &base.statement_of(s).citations {
            push(c, Side::ClaimedBy);
        }
    }
    out
}

/// The evidence split into statements that count (a deprecated statement's refuters
/// first) and deprecated ones.
fn statements_by_side(
    base: &FactBase,
    evidence: &[StatementId],
) -> (Vec<StatementId>, Vec<StatementId>) {
    let (claimers, counting): (Vec<StatementId>, Vec<StatementId>) = evidence
        .iter()
        .partition(|&&s| base.statement_of(s).is_deprecated());
    let mut settling: Vec<StatementId> = Vec::new();
    let refuters = claimers
        .iter()
        .flat_map(|&s| base.statement_of(s).refuted_by.iter().copied());
    for s in refuters.chain(counting) {
        if !settling.contains(&s) {
            settling.push(s);
        }
    }
    (settling, claimers)
}

/// A statement's citations, newest source first (undated ones last, in file order).
fn newest_first<'b>(citations: &'b [Citation], base: &FactBase) -> Vec<&'b Citation> {
    let mut sorted: Vec<&Citation> = citations.iter().collect();
    sorted.sort_by_key(|c| {
        let date = base.source_of(c.source).date;
        (date.is_none(), std::cmp::Reverse(date))
    });
    sorted
}

/// The sources saying that the list the claim is judged against is whole.
fn closing<'b>(base: &'b FactBase, claim: Option<&Claim>) -> Vec<&'b Citation> {
    let Some(claim) = claim else {
        return Vec::new();
    };
    let relation = base.relation_of(claim.relation);
    let mut out: Vec<&Citation> = Vec::new();
    for e in claim.value.entity().into_iter().chain(claim.subject) {
        if relation.is_complete_for(e) {
            out.extend(relation.citations_closing(e));
        }
    }
    out
}

/// How a reference line writes its link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// `[title](url)`, for Markdown (hovers).
    Markdown,
    /// `title … <url>`, for a terminal.
    Angled,
}

/// A source as one line: title, publisher, date, link, and the quote when there is one
/// ("Title, Publisher, 2022-05-18 <url>: “quote”"). Every report writes sources so.
pub fn reference(src: &Source, quote: Option<&str>, link: Link) -> String {
    let mut line = match (&src.url, link) {
        (Some(url), Link::Markdown) => format!("[{}]({url})", src.title),
        _ => src.title.to_string(),
    };
    if let Some(p) = &src.publisher {
        line.push_str(&format!(", {p}"));
    }
    if let Some(d) = src.date {
        line.push_str(&format!(", {d}"));
    }
    if let (Some(url), Link::Angled) = (&src.url, link) {
        line.push_str(&format!(" <{url}>"));
    }
    if let Some(q) = quote {
        line.push_str(&format!(": “{q}”"));
    }
    line
}
