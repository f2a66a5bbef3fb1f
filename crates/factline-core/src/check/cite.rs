//! Holds a note's own citations to account: unknown source ids, citations that do not
//! support their claim, citations older than a change of the fact they are cited for.
//!
//! A claim's citations are the `[@id]` keys in its sentence (from the claim's start to
//! the sentence's end) and in the footnotes referenced there.

use super::findings::{Finding, FindingBody, NoteFix};
use crate::claims::When;
use crate::facts::FactBase;
use crate::facts::model::{Aspect, SourceId, StatementId};
use crate::markdown::{Annotation, Note};
use crate::verdict::Verdict;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// A citation key in the note: the id and where it is written.
#[derive(Clone, Debug)]
pub struct Key {
    /// The cited source id, as written.
    pub id: String,
    /// Where the key is in the note.
    pub range: Range<usize>,
}

/// Every citation key and footnote reference of a note, in note coordinates.
#[derive(Debug, Default)]
pub struct Citations {
    /// Keys written in prose (not in a footnote definition).
    pub prose: Vec<Key>,
    /// Footnote references in prose: (label, position).
    pub refs: Vec<(String, usize)>,
    /// Keys cited by each footnote definition.
    pub footnotes: HashMap<String, Vec<Key>>,
}

impl Citations {
    /// Every citation key of `note`, with the claims each block makes.
    pub fn of(note: &Note) -> Citations {
        let mut c = Citations::default();
        for b in &note.blocks {
            for a in b.annotations.iter() {
                match a {
                    Annotation::Cite { keys, .. } => {
                        for (id, _, range) in keys {
                            let key = Key {
                                id: id.clone(),
                                range: b.source_range(range.clone()),
                            };
                            match &b.footnote {
                                Some(label) => {
                                    c.footnotes.entry(label.to_string()).or_default().push(key)
                                }
                                None => c.prose.push(key),
                            }
                        }
                    }
                    Annotation::Footnote { range, label } if b.footnote.is_none() => {
                        c.refs
                            .push((label.clone(), b.source_range(range.clone()).start));
                    }
                    _ => {}
                }
            }
        }
        c
    }

    /// Every key, in prose and in footnotes.
    pub fn all(&self) -> impl Iterator<Item = &Key> {
        self.prose.iter().chain(self.footnotes.values().flatten())
    }
}

/// The keys attached to a claim at `claim` in `text` (coordinates of `text`): keys
/// from the claim to its sentence's end and the footnotes referenced there (from
/// `footnotes`, in note coordinates). Returned in note coordinates (`text` starts at `shift`).
pub fn attached(
    cites: &Citations,
    text: &str,
    claim: &Range<usize>,
    footnotes: &HashMap<String, Vec<Key>>,
    shift: usize,
) -> Vec<Key> {
    let (end, stop) = sentence_end(text, claim.end);
    // A footnote mark or citation right after the full stop still belongs to the sentence.
    let end = if stop { end + 2 } else { end };
    let inside = |at: usize| claim.start <= at && at <= end;
    let mut out: Vec<Key> = cites
        .prose
        .iter()
        .filter(|k| inside(k.range.start))
        .map(|k| Key {
            id: k.id.clone(),
            range: k.range.start + shift..k.range.end + shift,
        })
        .collect();
    for (label, at) in &cites.refs {
        if inside(*at) {
            out.extend(footnotes.get(label).into_iter().flatten().cloned());
        }
    }
    out
}

/// Where the sentence holding a claim ends, and whether at a stop: the next `.`,
/// `!` or `?` followed by a space or a line break; else a blank line (which ends
/// a paragraph, so the sentence stays in its chunk); else the text's end.
pub(crate) fn sentence_end(text: &str, from: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut i = from.min(text.len());
    while i < bytes.len() {
        match bytes[i] {
            b'.' | b'!' | b'?' if bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()) => {
                return (i, true);
            }
            b'\n' if next_line_blank(&bytes[i + 1..]) => return (i, false),
            _ => {}
        }
        i += 1;
    }
    (text.len(), false)
}

fn next_line_blank(rest: &[u8]) -> bool {
    let line = rest.split(|&c| c == b'\n').next().unwrap_or_default();
    rest.contains(&b'\n') && line.iter().all(u8::is_ascii_whitespace)
}

/// The sources cited by some statements.
fn sources_of(base: &FactBase, statements: &[StatementId]) -> HashSet<SourceId> {
    statements
        .iter()
        .flat_map(|&s| base.statement_of(s).citations.iter().map(|c| c.source))
        .collect()
}

fn finding(
    verdict: Verdict,
    message: String,
    range: Range<usize>,
    as_of: jiff::civil::Date,
) -> Finding {
    let body = FindingBody::new(message.into(), as_of);
    Finding::new(range, verdict, body, Vec::new())
}

/// `unknown-source` findings for keys (in note coordinates) that name no source.
pub fn unknown_sources<'a>(
    base: &FactBase,
    keys: impl Iterator<Item = &'a Key>,
    as_of: jiff::civil::Date,
) -> Vec<Finding> {
    let hints = crate::suggest::Hints::default();
    keys.filter(|key| base.source(&key.id).is_none())
        .map(|key| {
            let hint = hints.hint(&key.id, base.sources.iter().map(|s| &*s.id));
            finding(
                Verdict::UnknownSource,
                format!("unknown source `{}`{hint}", key.id),
                key.range.clone(),
                as_of,
            )
        })
        .collect()
}

/// Records a claim finding's citations (`attached`) and returns the findings about them:
/// `uncited`, `unsupported-citation`, `stale-citation`.
pub fn claim_citations(base: &FactBase, f: &mut Finding, attached: &[Key]) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(claim) = f.claim.clone() else {
        return out;
    };
    let citations: Vec<Arc<str>> = attached.iter().map(|k| Arc::from(k.id.as_str())).collect();
    if f.citations != citations {
        f.body_mut().citations = citations;
    }
    let claim = &claim;
    if f.verdict != Verdict::Supported {
        return out;
    }
    if attached.is_empty() {
        let body = FindingBody {
            claim: Some(claim.clone()),
            evidence: f.evidence.clone(),
            ..FindingBody::new("no citation for this claim".into(), f.as_of)
        };
        let fixes = cite_fix(base, f).into_iter().collect();
        out.push(Finding::new(f.range.clone(), Verdict::Uncited, body, fixes));
        return out;
    }
    // Every source behind the verdict, a closed list's included.
    let backing: HashSet<SourceId> =
        crate::evidence::cited(base, f.verdict, Some(claim), &f.evidence)
            .iter()
            .map(|c| c.citation.source)
            .collect();
    for key in attached {
        let Some(source) = base.source(&key.id) else {
            continue;
        };
        // With nothing behind the verdict, no citation can be told unsupported.
        let mut x = if backing.is_empty() {
            continue;
        } else if !backing.contains(&source) {
            unsupported(base, f, key, &backing)
        } else if let Some(change) = later_change(base, claim, source, f.as_of) {
            finding(
                Verdict::StaleCitation,
                format!(
                    "cited source `{}` is dated {}; {} changed on {change}",
                    key.id,
                    base.source_of(source)
                        .date
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    describe(base, claim),
                ),
                key.range.clone(),
                f.as_of,
            )
        } else {
            continue;
        };
        let body = x.body_mut();
        body.claim = Some(claim.clone());
        body.evidence = f.evidence.clone();
        out.push(x);
    }
    out
}

fn unsupported(base: &FactBase, f: &Finding, key: &Key, backing: &HashSet<SourceId>) -> Finding {
    let mut others: Vec<&str> = backing.iter().map(|&s| &*base.source_of(s).id).collect();
    others.sort();
    let listed: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
    let message = format!(
        "`{}` does not support this claim; the fact base cites {} for it",
        key.id,
        listed.join(", ")
    );
    let fixes = best_source(base, &f.evidence).map(|best| NoteFix {
        title: format!("Cite `{}` instead", base.source_of(best).id).into(),
        range: key.range.clone(),
        new_text: Arc::from(&*base.source_of(best).id),
    });
    let body = FindingBody::new(message.into(), f.as_of);
    let fixes = fixes.into_iter().collect();
    Finding::new(key.range.clone(), Verdict::UnsupportedCitation, body, fixes)
}

/// "the Secretary General of the CSTO" (one holder at a time), "what the CSTO is deployed
/// to" (many).
fn describe(base: &FactBase, claim: &crate::claims::Claim) -> String {
    let relation = base.relation_of(claim.relation);
    let label = &relation.label;
    match (claim.subject, relation.functional) {
        (Some(s), true) => format!("the {label} of {}", base.entity_of(s).label),
        (Some(s), false) => format!("what {} is {label}", base.entity_of(s).label),
        (None, _) => format!("the {label}"),
    }
}

/// The first change of the claim's relation for its subject (a start or an end) after
/// the source's date and by the note's date: the source may describe an earlier state.
/// Only a claim about the present can be outdated by a later change: a dated claim, or
/// one about an event ("left in 2012", cited to the report of it), is not.
fn later_change(
    base: &FactBase,
    claim: &crate::claims::Claim,
    source: SourceId,
    as_of: jiff::civil::Date,
) -> Option<jiff::civil::Date> {
    let present = matches!(claim.when, When::Present | When::Since(_));
    if claim.aspect != Aspect::Holds || !present || claim.past {
        return None;
    }
    let dated = base.source_of(source).date?.latest();
    let subject = claim.subject?;
    base.statements_about(subject, claim.relation)
        .iter()
        .filter(|&&s| !base.statement_of(s).is_deprecated() && !base.statement_of(s).unconfirmed)
        .flat_map(|&s| {
            let (from, until) = base.statement_of(s).validity.bounds();
            [from, until.and_then(|u| u.tomorrow().ok())]
        })
        .flatten()
        .filter(|&d| dated < d && d <= as_of)
        .min()
}

/// The best source behind some statements: one with a URL, newest first.
pub fn best_source(base: &FactBase, evidence: &[StatementId]) -> Option<SourceId> {
    let mut sources: Vec<SourceId> = sources_of(base, evidence).into_iter().collect();
    sources.sort_by_key(|&s| {
        let src = base.source_of(s);
        (src.url.is_none(), std::cmp::Reverse(src.date), s)
    });
    sources.first().copied()
}

/// "Cite a supporting source": ` [@id]` right after the claim.
pub fn cite_fix(base: &FactBase, f: &Finding) -> Option<NoteFix> {
    let best = best_source(base, &f.evidence)?;
    let id = &base.source_of(best).id;
    Some(NoteFix {
        title: format!(
            "Cite a supporting source: [@{id}] ({})",
            base.source_of(best).title
        )
        .into(),
        range: f.range.end..f.range.end,
        new_text: format!(" [@{id}]").into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends() {
        let t = "Zas is SG [@a]. Next one\n  \nPara\nmore";
        assert_eq!(sentence_end(t, 0), (14, true));
        // A line of spaces is a blank line: the paragraph, and the sentence, end there.
        assert_eq!(sentence_end(t, 15), (24, false));
        assert_eq!(sentence_end(t, 28), (t.len(), false));
    }
}
