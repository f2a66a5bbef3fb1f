//! Matches relation phrasings against one sentence and turns matches into claims.
//!
//! Matching is a small backtracking search over a template's parts. Between
//! parts it may skip adverbs, time expressions, parentheses and (after a
//! name) a comma-delimited aside, so "Uzbekistan, which rejoined in 2006,
//! is a member" still matches `{subject} {be} a member of {value}`.

use super::lex::{Sentence, Tok, Token};
use super::words::{self, AuxInfo};
use super::{Aux, Claim, ClaimValue, Context, Phrase, Phrases, When};
use crate::date::PartialDate;
use crate::facts::FactBase;
use crate::facts::model::{Aspect, EntityId, Quantity, Relation, RelationId, ValueType};
use crate::facts::template::{Part, Slot};
use crate::mentions::Mention;
use std::ops::Range;

/// Prepositions that may be left out before a final name that is the topic.
pub const PREPOSITIONS: &[&str] = &["of", "in", "into", "at", "to", "with", "from", "for", "by"];

/// Words that open an adjunct after a clause's last part: where they stand, nothing
/// more of the clause follows.
const ADJUNCT_START: &[&str] = &[
    "after",
    "before",
    "when",
    "while",
    "following",
    "amid",
    "despite",
    "because",
    "alongside",
    "but",
    "then",
];

thread_local! {
    /// A form table of all `None`, lent to one sentence at a time (see `required_forms`).
    static SCRATCH: std::cell::RefCell<Vec<Option<usize>>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub struct Matcher<'a> {
    pub base: &'a FactBase,
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// The block's tokens before the sentence, when `tokens` is a clause read from it:
    /// where "it" and "its" look for their name.
    pub before: &'a [Token],
    pub mentions: &'a [Mention],
    pub sentence: &'a Sentence,
    pub cx: Context,
    /// The base's `locates` relations ([`Phrases::locating`]).
    pub locating: &'a [RelationId],
    /// [`Matcher::gaps`] by token (from the sentence's start) and whether after a name:
    /// the same for every phrasing tried, so worked out once.
    pub gap_memo: std::cell::RefCell<Vec<[Option<Gaps>; 2]>>,
}

/// Where the next part may start, and how many of those places there are.
pub type Gaps = ([usize; 4], usize);

#[derive(Clone, Debug)]
enum Fill {
    /// Entities with their token ranges; `negated` for "neither ... nor".
    Entities {
        list: Vec<(EntityId, Range<usize>)>,
        negated: bool,
    },
    Date(PartialDate, usize),
    Quantity(Quantity, Range<usize>),
    /// Capitalised words naming nothing the base knows (their token range).
    Name(Range<usize>),
}

#[derive(Clone, Debug, Default)]
struct State {
    subject: Option<Fill>,
    value: Option<Fill>,
    /// The auxiliary, its token range and whether it is `{have}`.
    aux: Option<(AuxInfo, Range<usize>, bool)>,
    /// What a verb and its helper say ("did not join", "left").
    verb: Option<AuxInfo>,
    count: Option<(u32, usize, bool)>,
    /// The holder a succession replaces (`{other}`).
    other: Option<Fill>,
    first: Option<usize>,
}

struct Found {
    phrase: usize,
    state: State,
    span: Range<usize>,
}

impl Matcher<'_> {
    fn end(&self) -> usize {
        self.sentence.tokens.end
    }

    fn word(&self, i: usize) -> &str {
        if i >= self.end() {
            return "";
        }
        self.tokens.get(i).and_then(Token::word).unwrap_or("")
    }

    /// Every claim the sentence makes.
    pub fn claims(&self, phrases: &Phrases) -> Vec<Claim> {
        // Every phrasing has two name slots and only the last may be left implicit,
        // so outside lead-ins a claim needs a name or a pronoun.
        let names = self.tokens[self.sentence.tokens.clone()]
            .iter()
            .any(|t| matches!(t.tok, Tok::Entity(_)) || matches!(t.word(), Some("it" | "its")));
        if !names && !self.cx.synthetic {
            return Vec::new();
        }
        let (present, hits) = self.required_forms(phrases);
        let found = self.claims_with(phrases, &present, &hits);
        // The scratch table goes back clean: only the entries this sentence set.
        let mut present = present;
        for &form in &hits {
            present[form as usize] = None;
        }
        SCRATCH.with(|s| *s.borrow_mut() = present);
        found
    }

    fn claims_with(
        &self,
        phrases: &Phrases,
        present: &[Option<usize>],
        hits: &[u32],
    ) -> Vec<Claim> {
        // Whether a name slot may start at each token: the same for every phrasing, so
        // worked out once per sentence rather than once per phrasing and token.
        let slot_start: Vec<bool> = self
            .sentence
            .tokens
            .clone()
            .map(|t| self.slot_can_start(t))
            .collect();
        // Where a name the base does not know starts (tried only for one-at-a-time values).
        let unknown_start: Vec<bool> = self
            .sentence
            .tokens
            .clone()
            .map(|t| !slot_start[t - self.sentence.tokens.start] && self.unknown_name(t).is_some())
            .collect();
        let begin = self.sentence.tokens.start;
        let mut found: Vec<Found> = Vec::new();
        let names_at: Vec<usize> = (begin..self.end())
            .filter(|&t| slot_start[t - begin] || unknown_start[t - begin])
            .collect();
        // The phrasings the sentence's words point to, in the base's order.
        let mut candidates: Vec<u32> = phrases.always.clone();
        for &form in hits {
            candidates.extend_from_slice(&phrases.by_form[form as usize]);
        }
        candidates.sort_unstable();
        candidates.dedup();
        for p in candidates.into_iter().map(|p| p as usize) {
            let phrase = &phrases.list[p];
            if !phrase
                .required
                .iter()
                .all(|alts| alts.iter().any(|&a| present[a as usize].is_some()))
            {
                continue;
            }
            // A match contains its first required word: it cannot start after the last one.
            let last = phrase.required.first().map_or(self.end(), |alts| {
                alts.iter()
                    .filter_map(|&a| present[a as usize])
                    .max()
                    .map_or(self.end(), |at| at + 1)
            });
            let slot_first = matches!(phrase.parts[0], Part::Slot(Slot::Subject | Slot::Value));
            let limit = last.min(self.end());
            let mut t = begin;
            let mut next_start = 0;
            loop {
                // A phrasing that opens with a name only tries where a name may start.
                if slot_first {
                    while next_start < names_at.len() && names_at[next_start] < t {
                        next_start += 1;
                    }
                    match names_at.get(next_start) {
                        Some(&at) => t = at,
                        None => break,
                    }
                }
                if t >= limit {
                    break;
                }
                let starts = (slot_start[t - begin], unknown_start[t - begin]);
                if !self.can_start(phrase, t, starts) {
                    t += 1;
                    continue;
                }
                match self.go(phrase, 0, t, &State::default()) {
                    Some((state, end)) if state.first.is_some() => {
                        let span = state.first.unwrap_or(t)..end;
                        let f = Found {
                            phrase: p,
                            state,
                            span,
                        };
                        // A role left out is some other relation's unless a holder is
                        // known: such a match must not crowd out the one that is.
                        if phrase.unnamed && self.build(phrase, &f).is_empty() {
                            t += 1;
                            continue;
                        }
                        found.push(f);
                        t = end.max(t + 1);
                    }
                    _ => t += 1,
                }
            }
        }
        keep_longest(&mut found, phrases);
        found
            .iter()
            .flat_map(|f| self.build(&phrases.list[f.phrase], f))
            .collect()
    }

    /// Whether the match's subject came from a reference ("both countries", "the latter"),
    /// which the clause reader writes as names placed where the reference stands.
    fn refers_back(&self, st: &State) -> bool {
        let Some(Fill::Entities { list, .. }) = &st.subject else {
            return false;
        };
        list.iter().any(|(_, r)| {
            matches!(self.tokens.get(r.start).map(|t| (&t.tok, &t.range)),
                Some((Tok::Entity(m), range)) if self.mentions[*m].range != *range)
        })
    }

    /// Whether the name ending before token `next` is a possessive followed by the noun it
    /// modifies.
    fn modifies_a_noun(&self, next: usize) -> bool {
        let possessive = next
            .checked_sub(1)
            .and_then(|p| self.tokens.get(p))
            .is_some_and(|t| matches!(t.tok, Tok::Entity(m) if self.mentions[m].possessive));
        possessive && next < self.end() && self.tokens[next].word().is_some()
    }

    /// Whether a subject or value slot may start at token `t` (not inside a list of
    /// names: the list's first name starts it, and a match from inside would be shorter).
    fn slot_can_start(&self, t: usize) -> bool {
        let tok = &self.tokens[t];
        let inside_list = matches!(tok.tok, Tok::Entity(_))
            && t >= self.sentence.tokens.start + 2
            && self
                .tokens
                .get(t - 1)
                .is_some_and(|s| s.is_punct(',') || s.is_punct('&') || s.is_word("and"))
            && matches!(self.tokens[t - 2].tok, Tok::Entity(_));
        if inside_list {
            return false;
        }
        matches!(tok.tok, Tok::Entity(_) | Tok::Date(_) | Tok::Number { .. })
            || matches!(tok.word(), Some("the" | "neither" | "both" | "it" | "its"))
            || (self.cx.synthetic && t == self.sentence.tokens.start)
            || words::starts_quantity(tok.word().unwrap_or(""))
    }

    /// A cheap test of the phrase's first part at `t`, before the full search.
    fn can_start(&self, phrase: &Phrase, t: usize, (slot_start, unknown): (bool, bool)) -> bool {
        let tok = &self.tokens[t];
        match &phrase.parts[0] {
            // A name the base does not know may hold a one-at-a-time value.
            Part::Slot(Slot::Value) if !slot_start => {
                unknown && self.base.relation_of(phrase.relation).functional
            }
            Part::Slot(Slot::Subject | Slot::Value) => slot_start,
            Part::Words {
                alternatives,
                optional: false,
            } => {
                let w = tok.word().unwrap_or("");
                alternatives.iter().any(|a| **a == *w)
            }
            _ => true,
        }
    }

    /// Where the sentence last has each form phrasings require, by form id (in a table
    /// kept per thread: zeroing one per sentence cost more than reading it), and the forms
    /// it has.
    fn required_forms(&self, phrases: &Phrases) -> (Vec<Option<usize>>, Vec<u32>) {
        let mut present = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
        if present.len() != phrases.forms.len() {
            present = vec![None; phrases.forms.len()];
        }
        let mut hits = Vec::new();
        for (i, t) in self.tokens[self.sentence.tokens.clone()].iter().enumerate() {
            if let Some(&id) = t.word().and_then(|w| phrases.forms.get(w)) {
                if present[id as usize].is_none() {
                    hits.push(id);
                }
                present[id as usize] = Some(self.sentence.tokens.start + i);
            }
        }
        (present, hits)
    }

    fn go(&self, ph: &Phrase, pi: usize, t: usize, st: &State) -> Option<(State, usize)> {
        if pi == ph.parts.len() {
            return Some((st.clone(), t));
        }
        if pi == 0 {
            return self.part(ph, pi, t, st);
        }
        let (gaps, n) = self.gaps(t, follows_name(ph, pi));
        // "… took over the chairmanship in 2024.": the topic may be left out after a time.
        if let Some(r) = gaps[..n]
            .iter()
            .find_map(|&g| self.implicit_tail(ph, pi, g, st))
        {
            return Some(r);
        }
        gaps[..n].iter().find_map(|&g| self.part(ph, pi, g, st))
    }

    /// "Uzbekistan is a member." in a note about the CSTO: when the sentence
    /// ends where only a preposition and the last name remain, that name is the topic.
    fn implicit_tail(
        &self,
        ph: &Phrase,
        pi: usize,
        t: usize,
        st: &State,
    ) -> Option<(State, usize)> {
        let (last, middle) = ph.parts[pi..].split_last()?;
        let slot = match last {
            Part::Slot(s @ (Slot::Subject | Slot::Value)) => *s,
            _ => return None,
        };
        // "Uzbekistan is a member.", "Finland joined in 2023." — but not "the latter two
        // left in 1999": after a reference to names discussed before, a verb alone does not
        // say which of the things named before it is about.
        let prepositions = middle.iter().all(|p| match p {
            Part::Words { alternatives, .. } => {
                alternatives.iter().all(|a| PREPOSITIONS.contains(&&**a))
            }
            _ => false,
        });
        // (Only a verb of joining or leaving: "the 27 member states," names no one.)
        let verb = matches!(ph.aspect, Aspect::Starts | Aspect::Ends);
        let only_prepositions =
            prepositions && (!middle.is_empty() || (verb && !self.refers_back(st)));
        // ... or where an adjunct begins ("rejoined in 2019 after a five-year absence").
        let at_end = t >= self.end()
            || matches!(self.tokens[t].tok, Tok::Punct('(' | '.' | ',' | ';' | '—'))
            || ADJUNCT_START.contains(&self.word(t))
            || self.noun_phrase_before_verb(st, t);
        if !only_prepositions || !at_end || st.first.is_none() {
            return None;
        }
        let relation = self.base.relation_of(ph.relation);
        let kinds: &[Box<str>] = match (slot, &relation.value) {
            (Slot::Subject, _) => &relation.subject_kinds,
            (_, ValueType::Entity(kinds)) => kinds,
            _ => return None,
        };
        let topic = self.left_out(kinds)?;
        let mut s = st.clone();
        let fill = Fill::Entities {
            list: vec![(topic, t..t)],
            negated: false,
        };
        match slot {
            Slot::Subject => s.subject = Some(fill),
            _ => s.value = Some(fill),
        }
        Some((s, t))
    }

    /// "X's 2019 withdrawal surprised …": a match with no verb of its own, followed by the
    /// sentence's verb, is a noun phrase that has said all it says.
    fn noun_phrase_before_verb(&self, st: &State, t: usize) -> bool {
        let verb = |j: usize| {
            let w = self.word(j);
            matches!(w, "is" | "are" | "was" | "were" | "has" | "have" | "had")
                || (words::is_past_verb(w) && w.len() > 3)
        };
        let from = st.first.unwrap_or(t);
        // A time after the verb is the verb's ("X's suspension was lifted in 2014"): looked
        // for last, as it reads to the sentence's end.
        let timed_after =
            || (t..self.end()).any(|j| words::time(self.tokens, j, self.end()).is_some());
        t < self.end() && verb(t) && !(from..t).any(verb) && !timed_after()
    }

    /// Positions reachable from `t` by skipping up to three adverbs, times,
    /// parentheses or (after a name) asides.
    /// Where the next part may start: at `t`, or after up to three skippable words.
    /// (An array, not a `Vec`: this runs for every part of every phrasing tried.)
    fn gaps(&self, t: usize, after_name: bool) -> Gaps {
        let Some(i) = t.checked_sub(self.sentence.tokens.start) else {
            return self.gaps_from(t, after_name);
        };
        if let Some(Some(g)) = self
            .gap_memo
            .borrow()
            .get(i)
            .map(|m| m[usize::from(after_name)])
        {
            return g;
        }
        let g = self.gaps_from(t, after_name);
        let mut memo = self.gap_memo.borrow_mut();
        if memo.len() <= i {
            memo.resize(i + 1, [None; 2]);
        }
        memo[i][usize::from(after_name)] = Some(g);
        g
    }

    fn gaps_from(&self, t: usize, after_name: bool) -> Gaps {
        let mut out = [t; 4];
        let mut n = 1;
        while n < out.len() {
            match self.skip(out[n - 1], after_name) {
                Some(next) if next > out[n - 1] => {
                    out[n] = next;
                    n += 1;
                }
                _ => break,
            }
        }
        (out, n)
    }

    fn skip(&self, t: usize, after_name: bool) -> Option<usize> {
        let w = self.word(t);
        let skippable = words::is_adverb(w) || words::is_modifier(w) || words::is_founding(w);
        if skippable || matches!(w, "former" | "current" | "formerly") {
            return Some(t + 1);
        }
        // "set up in St Petersburg in 2004": a place (a name, or capitalised words) on the
        // way to a date.
        if matches!(w, "in" | "at") {
            let place = (t + 1..self.end().min(t + 4))
                .take_while(|&j| {
                    matches!(self.tokens[j].tok, Tok::Entity(_)) || self.capitalised(j)
                })
                .last();
            let named = place.is_some_and(|p| matches!(self.tokens[p].tok, Tok::Entity(_)));
            if let Some(last) = place
                && (matches!(self.word(last + 1), "in" | "on")
                    || (named && !self.word(last + 1).is_empty()))
            {
                return Some(last + 1);
            }
        }
        if self.is_rank(t) {
            return Some(t + 1);
        }
        if self.numbered_ordinal(t) {
            return Some(t + 2);
        }
        // "the 32-member alliance": the hyphen after a number.
        let after_number = t > 0 && matches!(self.tokens[t - 1].tok, Tok::Number { .. });
        if after_number && self.tokens.get(t).is_some_and(|x| x.is_punct('-')) {
            return Some(t + 1);
        }
        if self.cx.synthetic
            && self.tokens.get(t).is_some_and(|x| x.is_punct(':'))
            && t < self.end()
        {
            return Some(t + 1);
        }
        if let Some((_, next)) = words::time(self.tokens, t, self.end()) {
            return Some(next);
        }
        if after_name && let Some(next) = self.coordinated_verb_phrase(t) {
            return Some(next);
        }
        let tok = self.tokens.get(t).filter(|_| t < self.end())?;
        let close = match tok.tok {
            Tok::Punct('(') => ')',
            Tok::Punct(',') | Tok::Punct('—') if after_name => tok_char(tok),
            _ => return None,
        };
        (t + 1..self.end().min(t + 14))
            .find(|&j| self.tokens[j].is_punct(close))
            .map(|j| j + 1)
    }

    /// A capitalised word before a name, inside the sentence ("led by Colonel-General X"):
    /// a rank or title, which says nothing the phrase needs.
    fn is_rank(&self, t: usize) -> bool {
        let before_name = self
            .tokens
            .get(t + 1)
            .is_some_and(|x| t + 1 < self.end() && matches!(x.tok, Tok::Entity(_)));
        before_name && t > self.sentence.tokens.start && self.capitalised(t)
    }

    fn capitalised(&self, t: usize) -> bool {
        self.tokens
            .get(t)
            .is_some_and(|x| super::lex::capitalised(self.text, x))
    }

    /// "The CSTO has conducted drills, helped stabilize ...": a short earlier
    /// verb phrase, up to its comma, that names nothing.
    fn coordinated_verb_phrase(&self, t: usize) -> Option<usize> {
        let limit = self.end().min(t + 8);
        let comma = (t + 1..limit).find(|&j| self.tokens[j].is_punct(','))?;
        let plain = self.tokens[t..comma].iter().all(|x| match &x.tok {
            Tok::Word(w) => !matches!(
                &**w,
                "is" | "are" | "was" | "were" | "which" | "who" | "that"
            ),
            _ => false,
        });
        plain.then_some(comma + 1)
    }

    fn part(&self, ph: &Phrase, pi: usize, t: usize, st: &State) -> Option<(State, usize)> {
        let relation = self.base.relation_of(ph.relation);
        match &ph.parts[pi] {
            Part::Slot(slot @ (Slot::Subject | Slot::Value | Slot::Other)) => {
                let last = pi + 1 == ph.parts.len();
                // "both countries left it": "it" is not the clause's own subject.
                let other_end = match slot {
                    Slot::Subject => st.value.as_ref(),
                    _ => st.subject.as_ref(),
                };
                for (fill, next) in self.fills(*slot, relation, t, (pi == 0, last), other_end) {
                    // A name that modifies a noun ("the EU's single market") is not the
                    // phrase's last name: only a name that heads its noun phrase fills it.
                    if last && self.modifies_a_noun(next) {
                        continue;
                    }
                    let mut s = st.clone();
                    if next > t {
                        s.first.get_or_insert(t);
                    }
                    match slot {
                        Slot::Subject => s.subject = Some(fill),
                        Slot::Other => s.other = Some(fill),
                        _ => s.value = Some(fill),
                    }
                    if let Some(r) = self.go(ph, pi + 1, next, &s) {
                        return Some(r);
                    }
                }
                None
            }
            Part::Slot(slot @ (Slot::Be | Slot::Have)) => {
                let (info, next) = match slot {
                    Slot::Be => words::be(self.tokens, t, self.end(), self.cx.synthetic)?,
                    _ => words::have(self.tokens, t, self.end())?,
                };
                let mut s = st.clone();
                s.first.get_or_insert(t);
                s.aux = Some((info, t..next, *slot == Slot::Have));
                self.go(ph, pi + 1, next, &s)
            }
            Part::Slot(Slot::Count) => {
                let tok = self.tokens.get(t).filter(|_| t < self.end())?;
                let Tok::Number { value, spelled } = tok.tok else {
                    return None;
                };
                if value.fract() != 0.0 || !(0.0..=1000.0).contains(&value) {
                    return None;
                }
                let mut s = st.clone();
                s.first.get_or_insert(t);
                s.count = Some((value as u32, t, spelled));
                self.go(ph, pi + 1, t + 1, &s)
            }
            Part::Words {
                alternatives,
                optional,
            } => {
                let after_name = follows_name(ph, pi);
                let w = self.word(t);
                // Right after a name, a verb may be in the present ("Croatia joins").
                let present = |a: &str| after_name && words::verb_form(w, a);
                if alternatives.iter().any(|a| **a == *w || present(a)) {
                    let mut s = st.clone();
                    s.first.get_or_insert(t);
                    if after_name && s.verb.is_none() {
                        s.verb = Some(AuxInfo {
                            past: words::is_past_verb(w),
                            ..AuxInfo::default()
                        });
                    }
                    if let Some(r) = self.go(ph, pi + 1, t + 1, &s) {
                        return Some(r);
                    }
                }
                if after_name {
                    let (info, j) = words::verb_helper(self.tokens, t, self.end());
                    let v = self.word(j);
                    if j > t && alternatives.iter().any(|a| words::verb_form(v, a)) {
                        let mut s = st.clone();
                        s.first.get_or_insert(t);
                        s.verb = Some(AuxInfo {
                            past: info.past || (words::is_past_verb(v) && !info.perfect),
                            ..info
                        });
                        if let Some(r) = self.go(ph, pi + 1, j + 1, &s) {
                            return Some(r);
                        }
                    }
                }
                if *optional {
                    return self.go(ph, pi + 1, t, st);
                }
                None
            }
        }
    }

    /// Ways to fill a name, date or quantity slot at `t`, longest first.
    fn fills(
        &self,
        slot: Slot,
        relation: &Relation,
        t: usize,
        (first, last): (bool, bool),
        exclude: Option<&Fill>,
    ) -> Vec<(Fill, usize)> {
        let kinds: &[Box<str>] = match (slot, &relation.value) {
            (Slot::Subject, _) => &relation.subject_kinds,
            (_, ValueType::Entity(kinds)) => kinds,
            (Slot::Other, _) => return vec![],
            (_, ValueType::Date) => {
                return match self
                    .tokens
                    .get(t)
                    .filter(|_| t < self.end())
                    .map(|x| &x.tok)
                {
                    Some(Tok::Date(d)) => vec![(Fill::Date(*d, t), t + 1)],
                    _ => vec![],
                };
            }
            (_, ValueType::Quantity(_)) => {
                return words::quantity(self.tokens, t, self.end())
                    .map(|(q, next)| (Fill::Quantity(q, t..next), next))
                    .into_iter()
                    .collect();
            }
            (_, ValueType::Text) => return vec![],
        };
        let mut out = self.entity_lists(t, kinds, exclude);
        if out.is_empty()
            && slot == Slot::Value
            && relation.functional
            && let Some(end) = self.unknown_name(t)
        {
            out.push((Fill::Name(t..end), end));
        }
        // In a lead-in or a table row, a missing first or last name is the topic.
        // ("Finland | 2023" under "Joined" reads "Finland joined in 2023": a time may follow.)
        let timed = words::time(self.tokens, t, self.end()).is_some_and(|(_, e)| {
            e >= self.end() || matches!(self.tokens[e].tok, Tok::Punct('.' | '(' | ')'))
        });
        let at_end = t >= self.end()
            || self.tokens[t].is_punct('(')
            || self.tokens[t].is_punct('.')
            || timed;
        let implicit =
            self.cx.synthetic && ((first && t == self.sentence.tokens.start) || (last && at_end));
        if implicit && let Some(topic) = self.left_out(kinds) {
            out.push((
                Fill::Entities {
                    list: vec![(topic, t..t)],
                    negated: false,
                },
                t,
            ));
        }
        out
    }

    /// Where a name the base does not know, starting at `t`, ends: two to four capitalised
    /// words inside the sentence, none a closed-class word, the last not followed by another
    /// capitalised word or a name (so no known name is cut short).
    fn unknown_name(&self, t: usize) -> Option<usize> {
        let end = (t..self.end().min(t + 4))
            .take_while(|&j| {
                self.capitalised(j)
                    && !words::is_closed_class(self.word(j))
                    && !words::is_adverb(self.word(j))
            })
            .last()?
            + 1;
        let next_is_name = self
            .tokens
            .get(end)
            .is_some_and(|x| end < self.end() && matches!(x.tok, Tok::Entity(_)))
            || self.capitalised(end);
        (end - t >= 2 && !next_is_name).then_some(end)
    }

    /// "Russia", "the CSTO", "its", "Azerbaijan and Georgia", "neither A nor B".
    fn entity_lists(
        &self,
        t: usize,
        kinds: &[Box<str>],
        exclude: Option<&Fill>,
    ) -> Vec<(Fill, usize)> {
        let mut i = t;
        let mut negated = false;
        match self.word(i) {
            "neither" => {
                negated = true;
                i += 1;
            }
            "both" => i += 1,
            _ => {}
        }
        // The whole list, then its first name alone: never every prefix, which made a
        // list of n names cost n² per phrase.
        let mut list = Vec::new();
        let mut end = t;
        loop {
            let j = if self.word(i) == "the" { i + 1 } else { i };
            let Some(found) = self.entity_at(j, kinds, exclude) else {
                break;
            };
            if let Some(e) = found {
                list.push((e, j..j + 1));
                end = j + 1;
            }
            match self.separator(j + 1) {
                Some(next) => i = next,
                None => break,
            }
        }
        let Some(first) = list.first().cloned() else {
            return Vec::new();
        };
        let first_end = first.1.end;
        let several = list.len() > 1;
        let mut out = vec![(Fill::Entities { list, negated }, end)];
        if several {
            let alone = Fill::Entities {
                list: vec![first],
                negated,
            };
            out.push((alone, first_end));
        }
        out
    }

    fn separator(&self, i: usize) -> Option<usize> {
        let comma = self
            .tokens
            .get(i)
            .is_some_and(|t| t.is_punct(',') || t.is_punct('&'))
            && i < self.end();
        let i = if comma { i + 1 } else { i };
        match self.word(i) {
            "and" | "nor" => Some(i + 1),
            "as" if self.word(i + 1) == "well" && self.word(i + 2) == "as" => Some(i + 3),
            _ if comma => Some(i),
            _ => None,
        }
    }

    /// `Some(Some(e))`: a name that fits; `Some(None)`: a name that does not.
    fn entity_at(
        &self,
        j: usize,
        kinds: &[Box<str>],
        exclude: Option<&Fill>,
    ) -> Option<Option<EntityId>> {
        if j >= self.end() {
            return None;
        }
        match &self.tokens.get(j)?.tok {
            Tok::Entity(m) => Some(self.resolve(&self.mentions[*m], kinds)),
            Tok::Word(w) if &**w == "its" => Some(self.pronoun(j, kinds)),
            Tok::Word(w) if &**w == "it" => Some(self.it(j, kinds, exclude)),
            _ => None,
        }
    }

    fn resolve(&self, mention: &Mention, kinds: &[Box<str>]) -> Option<EntityId> {
        if mention.topic {
            // A topic noun of one entity ("the treaty") is that entity whatever the note is
            // about; one shared by several is the note's topic.
            return match self.cx.topic {
                Some(topic) if mention.entities.contains(&topic) => Some(topic),
                _ if mention.entities.len() == 1 => Some(mention.entities[0]),
                _ => None,
            }
            .filter(|&e| self.fits(e, kinds));
        }
        let mut fitting = mention
            .entities
            .iter()
            .copied()
            .filter(|&e| self.fits(e, kinds));
        match (fitting.next(), fitting.next()) {
            (Some(e), None) => Some(e),
            (Some(_), Some(_)) => None,
            (None, _) => self.located_at(&mention.entities, kinds),
        }
    }

    /// A place standing for what took place there ("the troops sent to X": the operation
    /// in X), through a `locates` relation: only when exactly one such thing fits.
    fn located_at(&self, places: &[EntityId], kinds: &[Box<str>]) -> Option<EntityId> {
        if kinds.is_empty() {
            return None;
        }
        let mut found = None;
        for &rid in self.locating {
            let subjects = &self.base.relation_of(rid).subject_kinds;
            if !subjects.is_empty() && !subjects.iter().any(|k| kinds.contains(k)) {
                continue;
            }
            for &place in places {
                for &s in self.base.statements_with_value(rid, place) {
                    let e = self.base.statement_of(s).subject;
                    if !self.fits(e, kinds) || found == Some(e) {
                        continue;
                    }
                    if found.is_some() {
                        return None;
                    }
                    found = Some(e);
                }
            }
        }
        found
    }

    /// The tokens before `j`, nearest first, then the sentences before this one.
    fn earlier(&self, j: usize) -> impl Iterator<Item = &Token> {
        self.tokens[..j]
            .iter()
            .rev()
            .chain(self.before.iter().rev())
    }

    /// "it"/"its": the nearest earlier name of a fitting kind, else the topic.
    fn pronoun(&self, j: usize, kinds: &[Box<str>]) -> Option<EntityId> {
        let earlier = self.earlier(j).find_map(|t| match t.tok {
            Tok::Entity(m) => self.resolve(&self.mentions[m], kinds),
            _ => None,
        });
        earlier.or(self.cx.topic.filter(|&e| self.fits(e, kinds)))
    }

    /// "it": the nearest earlier thing named (not a person, not the clause's own other
    /// end), if it fits; the topic only when nothing was named before.
    fn it(&self, j: usize, kinds: &[Box<str>], exclude: Option<&Fill>) -> Option<EntityId> {
        let person = |e: &EntityId| &*self.base.entity_of(*e).kind == "person";
        let excluded = |e: &EntityId| in_fill(exclude, *e);
        let named = self.earlier(j).find_map(|t| match t.tok {
            Tok::Entity(m) => {
                let mention = &self.mentions[m];
                let candidates: Vec<EntityId> = match (mention.topic, self.cx.topic) {
                    (true, Some(topic)) if mention.entities.contains(&topic) => vec![topic],
                    _ => mention.entities.clone(),
                };
                let things: Vec<EntityId> = candidates
                    .into_iter()
                    .filter(|e| !person(e) && !excluded(e))
                    .collect();
                (!things.is_empty()).then_some(things)
            }
            _ => None,
        });
        match named {
            Some(things) => things.into_iter().find(|&e| self.fits(e, kinds)),
            None => self.cx.topic.filter(|&e| self.fits(e, kinds)),
        }
        // "Is X still a member of Y? It left in 2003.": the nearest thing named that can
        // be what "it" is here, past a nearer one that cannot.
        .or_else(|| self.fitting_before(j, kinds, exclude))
    }

    /// The nearest earlier name, within the sentence and the ones before it, of one
    /// fitting thing (not a person, not the clause's other end).
    fn fitting_before(
        &self,
        j: usize,
        kinds: &[Box<str>],
        exclude: Option<&Fill>,
    ) -> Option<EntityId> {
        self.earlier(j).find_map(|t| match t.tok {
            Tok::Entity(m) => {
                let mention = &self.mentions[m];
                let mut fitting = mention.entities.iter().copied().filter(|e| {
                    self.fits(*e, kinds)
                        && !in_fill(exclude, *e)
                        && &*self.base.entity_of(*e).kind != "person"
                });
                match (fitting.next(), fitting.next()) {
                    (Some(e), None) => Some(e),
                    _ => None,
                }
            }
            _ => None,
        })
    }

    fn fits(&self, e: EntityId, kinds: &[Box<str>]) -> bool {
        kinds.is_empty() || kinds.contains(&self.base.entity_of(e).kind)
    }

    fn byte_range(&self, tokens: Range<usize>) -> Range<usize> {
        if tokens.is_empty() {
            let at = self
                .tokens
                .get(tokens.start)
                .map_or(self.text.len(), |t| t.range.start);
            return at..at;
        }
        // A clause read from a sentence may hold its tokens out of the note's order (a
        // title before its name, a timeline's year): the range covers them all.
        let written = self.tokens[tokens.clone()]
            .iter()
            .filter(|t| !t.range.is_empty());
        let (start, end) = written.fold((usize::MAX, 0), |(s, e), t| {
            (s.min(t.range.start), e.max(t.range.end))
        });
        if start > end {
            return self.byte_range(tokens.start..tokens.start);
        }
        start..end
    }

    fn is_hedged(&self, span: &Range<usize>, st: &State) -> bool {
        let aux_hedge =
            st.aux.as_ref().is_some_and(|a| a.0.hedge) || st.verb.is_some_and(|v| v.hedge);
        aux_hedge
            || self.sentence.question
            || (self.sentence.tokens.start..span.end).any(|i| words::is_hedge(self.word(i)))
    }

    fn build(&self, ph: &Phrase, f: &Found) -> Vec<Claim> {
        let st = &f.state;
        if self.is_hedged(&f.span, st) {
            return Vec::new();
        }
        let info = st.aux.as_ref().map(|a| a.0).or(st.verb).unwrap_or_default();
        let in_span = |pred: fn(&str) -> bool| f.span.clone().any(|i| pred(self.word(i)));
        let lead = if self.cx.synthetic {
            self.sentence.tokens.start
        } else {
            f.span.start
        };
        // "former member", not "Rutte, a former prime minister, heads NATO".
        let in_template = |w: &str| {
            ph.parts.iter().any(|p| match p {
                Part::Words { alternatives, .. } => alternatives.iter().any(|a| **a == *w),
                _ => false,
            })
        };
        let founding = (lead..f.span.end)
            .any(|i| words::is_founding(self.word(i)) && in_template(self.word(i + 1)));
        let former = (lead..f.span.end).any(|i| match self.word(i) {
            "former" | "ex" => in_template(self.word(i + 1)),
            "formerly" | "previously" => true,
            _ => false,
        });
        let now = info.now
            || in_span(words::is_now)
            || (lead..f.span.end).any(|i| self.word(i) == "current");
        let (when, time_range) = self
            .when(&f.span, st)
            .map_or((None, None), |(w, r)| (Some(w), Some(r)));
        // "U Thant, the third secretary-general," places a holder in a series: not now.
        let ranked =
            (lead..f.span.end).any(|i| words::is_ordinal(self.word(i)) || self.numbered_ordinal(i));
        let ordinal = self.ordinal_before_noun(lead..f.span.end, &in_template);
        let chosen = in_span(words::is_choosing);
        let when = when.unwrap_or(match ph.aspect {
            Aspect::Starts | Aspect::Ends => When::Past,
            _ if (info.past || former || ranked) && !now => When::Past,
            _ => When::Present,
        });
        let (values, value_range, spelled) = self.values(st);
        let subjects = match &st.subject {
            Some(Fill::Entities { list, .. }) => {
                list.iter().map(|(e, r)| (Some(*e), r.clone())).collect()
            }
            _ => vec![(None, f.span.clone())],
        };
        let negated = [&st.subject, &st.value]
            .iter()
            .any(|s| matches!(s, Some(Fill::Entities { negated: true, .. })));
        // A supplied auxiliary (empty range) is not in the note: nothing to rewrite.
        let aux = st.aux.as_ref().filter(|a| {
            !a.1.is_empty()
                && !self.tokens[a.1.start].is_punct(':')
                && !self.byte_range(a.1.clone()).is_empty()
        });
        let positive = !(info.negative || negated);
        let no_longer = info.no_longer || former;
        let (aspect, when, positive, no_longer) =
            aspect_of(ph.aspect, when, (positive, no_longer), &info);
        let mut out = Vec::new();
        let several = subjects.len() * values.len() > 1;
        for (subject, srange) in &subjects {
            for (value, vrange) in &values {
                let own = if subjects.len() > 1 {
                    srange.clone()
                } else {
                    vrange.clone()
                };
                let range = if several && !own.is_empty() {
                    own
                } else {
                    f.span.clone()
                };
                out.push(Claim {
                    relation: ph.relation,
                    aspect,
                    subject: *subject,
                    value: value.clone(),
                    when,
                    positive,
                    no_longer,
                    never: info.never,
                    past: info.past && !now,
                    founding,
                    range: self.byte_range(range),
                    aux: aux.map(|(a, r, have)| Aux {
                        range: self.byte_range(r.clone()),
                        have: *have,
                        plural: a.plural,
                    }),
                    value_range: value_range
                        .clone()
                        .or(Some(vrange.clone()))
                        .map(|r| self.byte_range(r))
                        .filter(|r| !r.is_empty()),
                    spelled,
                    time_range: time_range.clone(),
                    ordinal: ordinal.clone(),
                    chosen,
                });
            }
        }
        // "X succeeded Z as …": Z's holding ends when X's starts.
        if let (Some(Fill::Entities { list, .. }), Some(first)) = (&st.other, out.first()) {
            let ended: Vec<Claim> = list
                .iter()
                .map(|(e, r)| Claim {
                    aspect: Aspect::Ends,
                    value: ClaimValue::Entity(*e),
                    range: self.byte_range(r.clone()),
                    aux: None,
                    value_range: Some(self.byte_range(r.clone())),
                    ..first.clone()
                })
                .collect();
            out.extend(ended);
        }
        if ph.unnamed && !out.iter().any(|c| self.known_holder(c)) {
            return Vec::new();
        }
        if let Some(first) = out.first().filter(|c| c.aspect == Aspect::Count) {
            let listed = self.counted_names(f.span.end, first);
            out.extend(listed);
        }
        out
    }

    /// "seven members, including A and B": each name after a count holds what is counted.
    fn counted_names(&self, after: usize, count: &Claim) -> Vec<Claim> {
        let ClaimValue::Count { of, .. } = count.value else {
            return Vec::new();
        };
        let comma = usize::from(self.tokens.get(after).is_some_and(|t| t.is_punct(',')));
        let at = after + comma;
        let start = match (self.word(at), self.word(at + 1)) {
            ("including" | "includes", _) => at + 1,
            ("among" | "such", "them" | "as") => at + 2,
            _ => return Vec::new(),
        };
        let kinds = &self.base.relation_of(count.relation).subject_kinds;
        let Some((
            Fill::Entities {
                list,
                negated: false,
            },
            _,
        )) = self.entity_lists(start, kinds, None).into_iter().next()
        else {
            return Vec::new();
        };
        list.iter()
            .map(|(e, r)| Claim {
                aspect: Aspect::Holds,
                subject: Some(*e),
                value: ClaimValue::Entity(of),
                range: self.byte_range(r.clone()),
                aux: None,
                value_range: None,
                spelled: false,
                ordinal: None,
                ..count.clone()
            })
            .collect()
    }

    /// The rank written right before one of the phrase's words ("its 32nd member", "the
    /// seventh member state"), with its byte range and whether it is in words.
    fn ordinal_before_noun(
        &self,
        span: Range<usize>,
        in_template: &dyn Fn(&str) -> bool,
    ) -> Option<(u32, Range<usize>, bool)> {
        span.clone().find_map(|i| {
            if self.numbered_ordinal(i) && in_template(self.word(i + 2)) {
                let Tok::Number { value, .. } = self.tokens[i].tok else {
                    return None;
                };
                let n = (value.fract() == 0.0 && value > 0.0).then_some(value as u32)?;
                return Some((n, self.byte_range(i..i + 2), false));
            }
            let n = crate::numbers::ordinal_value(self.word(i))?;
            in_template(self.word(i + 1)).then(|| (n, self.byte_range(i..i + 1), true))
        })
    }

    /// "32nd" at `t`: a number and its ordinal ending, written together (two tokens).
    fn numbered_ordinal(&self, t: usize) -> bool {
        let (Some(number), Some(ending)) = (self.tokens.get(t), self.tokens.get(t + 1)) else {
            return false;
        };
        matches!(number.tok, Tok::Number { .. })
            && matches!(self.word(t + 1), "st" | "nd" | "rd" | "th")
            && ending.range.start == number.range.end
    }

    /// What a left-out name means where it must be of `kinds`: the note's topic, else (in a
    /// table row or fact box) another entity the title names.
    fn left_out(&self, kinds: &[Box<str>]) -> Option<EntityId> {
        let also = self.cx.also.filter(|_| self.cx.synthetic);
        [self.cx.topic, also]
            .into_iter()
            .flatten()
            .find(|&e| self.fits(e, kinds))
    }

    /// The claim's value holds the claim's relation somewhere in the base.
    fn known_holder(&self, c: &Claim) -> bool {
        match c.value {
            ClaimValue::Entity(e) => !self.base.statements_with_value(c.relation, e).is_empty(),
            _ => false,
        }
    }

    /// The claim's values with their token ranges, plus the range a correction replaces.
    #[allow(clippy::type_complexity)]
    fn values(&self, st: &State) -> (Vec<(ClaimValue, Range<usize>)>, Option<Range<usize>>, bool) {
        if let Some((n, t, spelled)) = st.count {
            let of = match &st.value {
                Some(Fill::Entities { list, .. }) if list.len() == 1 => list[0].0,
                _ => return (Vec::new(), None, false),
            };
            return (
                vec![(ClaimValue::Count { n, of }, t..t + 1)],
                Some(t..t + 1),
                spelled,
            );
        }
        match &st.value {
            Some(Fill::Entities { list, .. }) => (
                list.iter()
                    .map(|(e, r)| (ClaimValue::Entity(*e), r.clone()))
                    .collect(),
                (list.len() == 1).then(|| list[0].1.clone()),
                false,
            ),
            Some(Fill::Date(d, t)) => (
                vec![(ClaimValue::Date(*d), *t..*t + 1)],
                Some(*t..*t + 1),
                false,
            ),
            Some(Fill::Quantity(q, r)) => (
                vec![(ClaimValue::Quantity(q.clone()), r.clone())],
                Some(r.clone()),
                false,
            ),
            Some(Fill::Name(r)) => {
                let written = &self.text[self.byte_range(r.clone())];
                (
                    vec![(ClaimValue::Name(written.into()), r.clone())],
                    Some(r.clone()),
                    false,
                )
            }
            None => (Vec::new(), None, false),
        }
    }

    /// The time expression that goes with a match: inside it, then after it
    /// (up to a clause break), then at the sentence's start.
    fn when(&self, span: &Range<usize>, st: &State) -> Option<(When, Range<usize>)> {
        let value_date = match &st.value {
            Some(Fill::Date(_, t)) => Some(*t),
            _ => None,
        };
        let at = |i: usize| {
            let (w, end) = words::time(self.tokens, i, self.end())
                .filter(|(_, end)| value_date.is_none_or(|v| !(i..*end).contains(&v)))?;
            let date = (i..end).find(|&j| matches!(self.tokens[j].tok, Tok::Date(_)))?;
            Some((w, self.tokens[date].range.clone(), end))
        };
        if let Some((w, r, _)) = span.clone().find_map(at) {
            return Some((w, r));
        }
        let mut i = span.end;
        while i < self.end() {
            if let Some((w, r, _)) = at(i) {
                return Some((w, r));
            }
            let tok = &self.tokens[i];
            if tok.is_punct(',')
                || tok.is_punct(';')
                || matches!(
                    tok.word(),
                    Some("and" | "but" | "while" | "whereas" | "which" | "who")
                )
            {
                break;
            }
            i += 1;
        }
        let start = self.sentence.tokens.start;
        at(start)
            .filter(|(_, _, end)| *end <= span.start)
            .map(|(w, r, _)| (w, r))
    }
}

/// Whether `e` is one of the names `fill` holds.
fn in_fill(fill: Option<&Fill>, e: EntityId) -> bool {
    match fill {
        Some(Fill::Entities { list, .. }) => list.iter().any(|(x, _)| *x == e),
        _ => false,
    }
}

/// Whether part `pi` of `ph` comes right after a name slot (where asides and verb forms
/// are allowed).
fn follows_name(ph: &Phrase, pi: usize) -> bool {
    pi > 0
        && matches!(
            ph.parts[pi - 1],
            Part::Slot(Slot::Subject | Slot::Value | Slot::Other)
        )
}

fn tok_char(t: &Token) -> char {
    match t.tok {
        Tok::Punct(c) => c,
        _ => ' ',
    }
}

/// Whether a template word (or one of its verb forms, precomputed) is in the sentence.
/// Drops a match inside a longer match of the same relation.
fn keep_longest(found: &mut Vec<Found>, phrases: &Phrases) {
    found.sort_by_key(|f| std::cmp::Reverse(f.span.len()));
    let mut kept: Vec<Found> = Vec::new();
    for f in found.drain(..) {
        let relation = phrases.list[f.phrase].relation;
        let clash = kept.iter().any(|k| {
            let same = phrases.list[k.phrase].relation == relation || k.span == f.span;
            same && k.span.start < f.span.end && f.span.start < k.span.end
        });
        if !clash {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| f.span.start);
    *found = kept;
}

/// What the verb's tense and aspect make of a phrasing's aspect: "became a member" is the
/// start of the state; "did not join until 2006" a start in 2006 and "ceased to be a member
/// in 2012" an end in 2012, not denials that the relation held then; "has not joined" and
/// "has yet to join" deny the state now. Returns (aspect, time, positive, no longer).
fn aspect_of(
    aspect: Aspect,
    when: When,
    (positive, no_longer): (bool, bool),
    info: &AuxInfo,
) -> (Aspect, When, bool, bool) {
    let aspect = match aspect {
        Aspect::Holds if info.change => Aspect::Starts,
        a => a,
    };
    match (aspect, when) {
        (Aspect::Starts | Aspect::Ends, When::Until(d)) if !positive => {
            (aspect, When::At(d), true, no_longer)
        }
        (Aspect::Holds, When::At(d)) if !positive && no_longer => {
            (Aspect::Ends, When::At(d), true, false)
        }
        (Aspect::Starts, When::Past) if !positive && info.perfect && !info.never => {
            (Aspect::Holds, When::Present, positive, no_longer)
        }
        _ => (aspect, when, positive, no_longer),
    }
}
