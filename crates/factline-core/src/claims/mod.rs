//! Finds claims in prose: (subject, relation, value, time, polarity) with their spans.
//!
//! Relation phrasings are templates from the fact base; this module supplies
//! only generic English machinery: auxiliaries and tense ([`words`]), times,
//! quantities, negation, hedges, coordination and pronouns ([`matcher`]).
//! A sentence that matches no phrasing yields no claim.

pub(crate) mod clauses;
pub(crate) mod lex;
pub(crate) mod matcher;
pub(crate) mod words;

use crate::date::PartialDate;
use crate::facts::FactBase;
use crate::facts::model::{Aspect, EntityId, Quantity, RelationId};
use crate::facts::template::{Part, Slot};
use crate::mentions::Mention;
use std::ops::Range;

/// When a claim says its relation held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Present tense, no time given: at the note's date.
    Present,
    /// Past tense, no time given: at some time before the note's date.
    Past,
    /// "in 2010", "on 5 January 2022".
    At(PartialDate),
    /// "from 2006 to 2012", "between 2006 and 2012".
    Between(PartialDate, PartialDate),
    /// "since 2012": from then to the note's date.
    Since(PartialDate),
    /// "until 1999".
    Until(PartialDate),
}

impl When {
    /// Whether the claim names its time (a date or a period), rather than a tense alone.
    pub fn is_explicit(&self) -> bool {
        !matches!(self, When::Present | When::Past)
    }
}

/// What a claim says the relation's value is.
#[derive(Clone, Debug, PartialEq)]
pub enum ClaimValue {
    /// An entity of the base.
    Entity(EntityId),
    /// A date.
    Date(PartialDate),
    /// An amount.
    Quantity(Quantity),
    /// `n` subjects hold the relation to `of` ("the CSTO has six members").
    Count {
        /// How many.
        n: u32,
        /// Of what ("members of the CSTO").
        of: EntityId,
    },
    /// A capitalised name the base does not know, where a one-at-a-time relation wants an
    /// entity ("Sergei Lavrov is the CSTO Secretary General").
    Name(Box<str>),
}

impl ClaimValue {
    /// The entity the value names: its own, or the one a count counts members of.
    pub fn entity(&self) -> Option<EntityId> {
        match *self {
            ClaimValue::Entity(e) | ClaimValue::Count { of: e, .. } => Some(e),
            _ => None,
        }
    }
}

/// The auxiliary carrying tense: what a tense rewrite replaces.
#[derive(Clone, Debug, PartialEq)]
pub struct Aux {
    /// Where the auxiliary is in the text.
    pub range: Range<usize>,
    /// `{have}` rather than `{be}`.
    pub have: bool,
    /// It agrees with a plural subject ("are", "have").
    pub plural: bool,
}

/// A claim read from prose: subject, relation, value, time and polarity.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// The relation claimed.
    pub relation: RelationId,
    /// Whether the relation holds, starts or ends, or how many hold it.
    pub aspect: Aspect,
    /// `None` for a count over subjects ("the CSTO has six members").
    pub subject: Option<EntityId>,
    /// The value claimed.
    pub value: ClaimValue,
    /// The time the claim is about.
    pub when: When,
    /// `false` for "is not", "never joined", "neither ... nor".
    pub positive: bool,
    /// "no longer", "former", "ceased to be", "used to be": held before, not now.
    pub no_longer: bool,
    /// "never": at no time.
    pub never: bool,
    /// Written in a past tense ("was", "had led"): "since 2003" then ends in the past.
    pub past: bool,
    /// "a founding member", "an original signatory": held from the very start.
    pub founding: bool,
    /// Byte range in the text the claim was found in.
    pub range: Range<usize>,
    /// The auxiliary that carries the tense, if any.
    pub aux: Option<Aux>,
    /// The value's text (a name, a date, a number): what a correction replaces.
    pub value_range: Option<Range<usize>>,
    /// The value was written in words ("six"), so a correction should be too.
    pub spelled: bool,
    /// The first date of the claim's time expression: what a wrong year's correction replaces.
    pub time_range: Option<Range<usize>>,
    /// "its 32nd member": the rank before the role noun, its byte range, and whether it
    /// was written in words.
    pub ordinal: Option<(u32, Range<usize>, bool)>,
    /// Said with a verb of choosing ("appointed", "elected"): the choice may come up to a
    /// year before the holding starts.
    pub chosen: bool,
}

/// A relation phrasing, ready to match.
#[derive(Clone, Debug)]
pub struct Phrase {
    /// The relation it expresses.
    pub relation: RelationId,
    /// What it says about the relation's interval.
    pub aspect: Aspect,
    /// The template's parts, in order.
    pub parts: Vec<Part>,
    /// For each mandatory word part, its alternatives and their verb forms (as ids
    /// in [`Phrases::forms`]): a phrase is tried only if each part has one in the sentence.
    pub(crate) required: Vec<Vec<u32>>,
    /// See [`crate::facts::model::Phrase::unnamed`].
    pub unnamed: bool,
}

/// Every phrasing of a fact base.
pub struct Phrases {
    /// Every phrasing, in the base's order.
    pub list: Vec<Phrase>,
    /// Every word form a phrasing requires, numbered: a sentence looks each of its
    /// words up once, then phrasings test numbers.
    pub(crate) forms: rustc_hash::FxHashMap<Box<str>, u32>,
    /// By form id, the phrasings whose first required word may be that form: a sentence
    /// visits only the phrasings its own words point to, not all of them.
    pub(crate) by_form: Vec<Vec<u32>>,
    /// Phrasings that require no word (tried on every sentence).
    pub(crate) always: Vec<u32>,
    /// Relations that say where their subject took place (`locates`), so a place may name it.
    pub(crate) locating: Vec<RelationId>,
}

impl Phrases {
    /// Compiles every phrasing of `base`.
    pub fn new(base: &FactBase) -> Phrases {
        let mut list = Vec::new();
        let mut forms = rustc_hash::FxHashMap::default();
        for (i, r) in base.relations.iter().enumerate() {
            for p in &r.phrases {
                let parts = &p.template.parts;
                // Prepositions before a final name may be left out ("is a member."):
                // they are not required by the pre-filter. A final word never is.
                let tail_start = match parts.split_last() {
                    Some((Part::Slot(Slot::Subject | Slot::Value), before)) => (0..before.len())
                        .rev()
                        .take_while(|&i| matches!(&parts[i], Part::Words { alternatives, .. } if alternatives.iter().all(|a| matcher::PREPOSITIONS.contains(&&**a))))
                        .last()
                        .unwrap_or(before.len()),
                    _ => parts.len(),
                };
                let required = parts[..tail_start]
                    .iter()
                    .filter_map(|part| match part {
                        Part::Words {
                            alternatives,
                            optional: false,
                        } => Some(
                            alternatives
                                .iter()
                                .flat_map(|a| words::verb_forms(a))
                                .map(|form| {
                                    let next = forms.len() as u32;
                                    *forms.entry(Box::from(form)).or_insert(next)
                                })
                                .collect(),
                        ),
                        _ => None,
                    })
                    .collect();
                list.push(Phrase {
                    relation: RelationId(i as u32),
                    aspect: p.aspect,
                    parts: p.template.parts.clone(),
                    required,
                    unnamed: p.unnamed,
                });
            }
        }
        let mut by_form = vec![Vec::new(); forms.len()];
        let mut always = Vec::new();
        for (i, phrase) in list.iter().enumerate() {
            match phrase.required.first() {
                Some(first) => {
                    for &form in first {
                        let entry: &mut Vec<u32> = &mut by_form[form as usize];
                        if entry.last() != Some(&(i as u32)) {
                            entry.push(i as u32);
                        }
                    }
                }
                None => always.push(i as u32),
            }
        }
        Phrases {
            list,
            forms,
            by_form,
            always,
            locating: (0..base.relations.len() as u32)
                .map(RelationId)
                .filter(|&r| base.relation_of(r).locates)
                .collect(),
        }
    }
}

impl Phrase {
    /// Whether the phrasing has `slot`.
    pub fn has_slot(&self, slot: Slot) -> bool {
        self.parts.contains(&Part::Slot(slot))
    }
}

/// What a block's claims depend on besides its text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// The note's topic entity: what "the alliance" and a lead-in's missing subject mean.
    pub topic: Option<EntityId>,
    /// Another entity the note's title names ("CSTO troops in Kazakhstan"): what a table
    /// row or fact box leaves out when the topic is not of the kind the slot takes.
    pub also: Option<EntityId>,
    /// The text is synthesized from a lead-in and a list item or a table row:
    /// a missing first slot means the topic.
    pub synthetic: bool,
    /// The note's date: what "last year" and "two years ago" count from.
    pub as_of: Option<PartialDate>,
}

/// The claims made in `text`, given its entity mentions.
pub fn extract(
    base: &FactBase,
    phrases: &Phrases,
    text: &str,
    mentions: &[Mention],
    cx: Context,
) -> Vec<Claim> {
    if mentions.is_empty() && !cx.synthetic && !has_pronoun(text) {
        return Vec::new();
    }
    let tokens = lex::tokens(text, mentions);
    let reader = clauses::Reader {
        tokens: &tokens,
        text,
        mentions,
        as_of: cx.as_of,
    };
    let mut claims = Vec::new();
    for sentence in lex::sentences(text, &tokens, cx.synthetic) {
        // Where "it" looks for its name: the block's last few hundred tokens, not all of it.
        let before = &tokens[sentence.tokens.start.saturating_sub(400)..sentence.tokens.start];
        let Some(clauses) = reader.clauses(&sentence) else {
            let m = matcher::Matcher {
                base,
                text,
                tokens: &tokens,
                before: &[],
                mentions,
                sentence: &sentence,
                cx,
                locating: &phrases.locating,
                gap_memo: Default::default(),
            };
            claims.extend(m.claims(phrases));
            continue;
        };
        // A clause and the aside it came from may say the same thing: kept once (by a
        // key, so a sentence with thousands of claims is not compared pairwise).
        let mut seen: rustc_hash::FxHashMap<(u32, Option<u32>, usize, usize), Vec<usize>> =
            Default::default();
        for clause in &clauses {
            let whole = lex::Sentence {
                tokens: 0..clause.len(),
                ..sentence.clone()
            };
            let m = matcher::Matcher {
                base,
                text,
                tokens: clause,
                before,
                mentions,
                sentence: &whole,
                cx,
                locating: &phrases.locating,
                gap_memo: Default::default(),
            };
            for claim in m.claims(phrases) {
                let key = (
                    claim.relation.0,
                    claim.subject.map(|e| e.0),
                    claim.range.start,
                    claim.range.end,
                );
                let same = seen.entry(key).or_default();
                if !same.iter().any(|&i| claims[i] == claim) {
                    same.push(claims.len());
                    claims.push(claim);
                }
            }
        }
    }
    claims
}

fn has_pronoun(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic())
        .any(|w| matches!(w, "it" | "It" | "its" | "Its"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{LoadOptions, load_embedded};

    fn is_preposition(part: &Part) -> bool {
        matches!(part, Part::Words { alternatives, .. }
            if alternatives.iter().all(|a| matcher::PREPOSITIONS.contains(&&**a)))
    }

    /// A phrasing tried on every sentence must be one whose mandatory words may all be left
    /// out (prepositions before a final name): any other word it needs is its index key.
    #[test]
    fn only_phrasings_needing_no_word_are_tried_everywhere() {
        let base = load_embedded(&LoadOptions::default()).base;
        let phrases = Phrases::new(&base);
        assert!(!phrases.always.is_empty() && phrases.always.len() < phrases.list.len() / 4);
        for &p in &phrases.always {
            let parts = &phrases.list[p as usize].parts;
            let final_name = matches!(parts.last(), Some(Part::Slot(Slot::Subject | Slot::Value)));
            let needs_word = |(i, part): (usize, &Part)| {
                matches!(
                    part,
                    Part::Words {
                        optional: false,
                        ..
                    }
                ) && !(final_name && parts[i..parts.len() - 1].iter().all(is_preposition))
            };
            assert!(
                !parts.iter().enumerate().any(needs_word),
                "{parts:?} needs a word yet is tried on every sentence"
            );
        }
        // "{value} {be} the {subject} chief": a role noun after the name is required.
        let trailing_word = phrases.list.iter().position(|p| {
            matches!(
                p.parts.last(),
                Some(Part::Words {
                    optional: false,
                    ..
                })
            )
        });
        let trailing_word = trailing_word.expect("the base has a phrasing ending in a word") as u32;
        assert!(!phrases.always.contains(&trailing_word));
    }
}
