//! Reads a sentence as clauses: the main clause without its asides, and each aside as a
//! clause of its own about the name it modifies.
//!
//! Asides are non-restrictive relative clauses (", which joined in 1992,"), appositions
//! (", a member of the bloc since 2006,"; "The bloc's secretary-general, X,"), participial
//! phrases (", created in 2001,"; "Founded in 1992, X …"), titles before a name
//! ("Secretary-General X") and a second verb phrase sharing the subject ("X was signed in
//! 1992 and came into force two years later"). A time expression stays in the clause it
//! was written in. Dated timeline items ("- 2016 – X becomes …") and relative dates
//! ("the following year", "two years later", "last year") become explicit years.
//!
//! The reader knows closed-class English (pronouns, articles, auxiliaries, punctuation)
//! and where the mentions are, nothing of any domain: it rewrites, the matcher reads.
//! Words it supplies (the "is" of an apposition, the "in" before a timeline's year) have
//! empty ranges where they stand, so no finding or fix ever replaces them.

use super::lex::{self, Sentence, Tok, Token, month};
use super::words;
use crate::date::PartialDate;
use crate::mentions::Mention;
use compact_str::CompactString;
use std::ops::Range;

/// What the reader needs besides the sentence.
pub struct Reader<'a> {
    pub tokens: &'a [Token],
    pub text: &'a str,
    pub mentions: &'a [Mention],
    /// The note's date, for "last year", "this year", "two years ago", "last December".
    pub as_of: Option<PartialDate>,
}

/// Longest aside read (in tokens): a longer stretch between commas is a list or a clause
/// of the sentence itself, and bounding it keeps the reader linear.
const MAX_ASIDE: usize = 30;

/// How far back (in tokens) a relative date looks for its year and a reference for its
/// list, and how many names a list may have when it heads an aside: bounds that keep
/// the reader linear on a block of any length.
const LOOK_BACK: usize = 400;
const MAX_LIST: usize = 64;

/// Besides closed-class words ([`words::is_closed_class`]), words that may not be part of a
/// title before a name (capitalised at a sentence's start, they are not titles).
const NOT_TITLE: &[&str] = &[
    "like",
    "unlike",
    "according",
    "under",
    "if",
    "then",
    "thus",
    "so",
    "last",
    "next",
    "during",
    "both",
    "all",
    "some",
    "many",
    "most",
    "also",
];

const RELATIVE: &[&str] = &["which", "who"];
const APPOSITION_START: &[&str] = &[
    "a", "an", "the", "both", "its", "his", "her", "their", "one", "now", "then", "once", "from",
];
const PARTICIPLES: &[&str] = &[
    "set",
    "led",
    "held",
    "built",
    "made",
    "run",
    "based",
    "known",
    "chosen",
    "founded",
    "headed",
    "chaired",
    "signed",
    "created",
    "established",
    "formed",
    "launched",
];

impl Reader<'_> {
    /// The clauses of `sentence`, or `None` when it reads as it is (the common case: no
    /// copy is made).
    pub fn clauses(&self, sentence: &Sentence) -> Option<Vec<Vec<Token>>> {
        let span = sentence.tokens.clone();
        let all = &self.tokens[span.clone()];
        if all.len() < 3 || self.conditional(all) {
            return None;
        }
        // Nothing to read in a sentence that names nothing and points back to nothing.
        let names = all.iter().any(|t| {
            matches!(t.tok, Tok::Entity(_))
                || matches!(
                    t.word(),
                    Some("both" | "latter" | "former" | "first" | "last")
                )
        });
        if !names {
            return None;
        }
        let mut main: Vec<Token> = all.to_vec();
        let mut changed = false;
        changed |= self.timeline(&mut main, span.start == 0);
        changed |= self.relative_dates(&mut main, span.start);
        changed |= self.references(&mut main, span.start);
        changed |= self.dated_nouns(&mut main);
        let mut out = Vec::new();
        changed |= self.fronted_participle(&mut main, &mut out);
        changed |= self.asides(&mut main, &mut out);
        changed |= self.titles(&main, &mut out);
        changed |= self.second_verb_phrase(&mut main, &mut out);
        changed |= self.gapped(&mut main, &mut out);
        changed |= self.reduced_relative(&mut main, &mut out);
        if !changed {
            return None;
        }
        out.insert(0, main);
        Some(out)
    }

    fn conditional(&self, tokens: &[Token]) -> bool {
        matches!(
            tokens[0].word(),
            Some("if" | "unless" | "whether" | "should")
        )
    }

    /// "- 2016 – X becomes secretary-general.": the year is the time of the item's claim
    /// (and the historical present is about then, not now).
    /// `block_start`: the sentence opens its block; else the item may follow a lead-in's
    /// colon ("Chronology: 2016 – …").
    fn timeline(&self, main: &mut Vec<Token>, block_start: bool) -> bool {
        let dated = |k: usize| {
            main.get(k).is_some_and(|t| matches!(t.tok, Tok::Date(_)))
                && main
                    .get(k + 1)
                    .is_some_and(|t| matches!(t.tok, Tok::Punct('–' | '—' | '-' | ':')))
        };
        let lead = (0..main.len().min(8)).find(|&j| main[j].is_punct(':'));
        let Some(k) = [block_start.then_some(0), lead.map(|j| j + 1)]
            .into_iter()
            .flatten()
            .find(|&k| dated(k))
        else {
            return false;
        };
        let date = main[k].clone();
        main.drain(..k + 2);
        let at = end_before_stop(main);
        let here = main.get(at).map_or(date.range.end, |t| t.range.start);
        main.splice(at..at, [supplied("in", here), date]);
        true
    }

    /// Replaces relative dates with explicit ones: "the following year", "two years
    /// later", "N years after …" against the last year written before them; "last year",
    /// "this year", "N years ago", "last <month>" against the note's date.
    fn relative_dates(&self, main: &mut Vec<Token>, start: usize) -> bool {
        let mut changed = false;
        let mut i = 0;
        while i < main.len() {
            if let Some((year, len)) = self.relative_date(main, i, start) {
                let range = main[i].range.start..main[i + len - 1].range.end;
                let date = Token {
                    tok: Tok::Date(PartialDate {
                        year,
                        month: 0,
                        day: 0,
                    }),
                    range: range.clone(),
                };
                let lead = supplied("in", range.start);
                main.splice(i..i + len, [lead, date]);
                changed = true;
                i += 2;
            } else {
                i += 1;
            }
        }
        changed
    }

    fn relative_date(&self, m: &[Token], i: usize, start: usize) -> Option<(i16, usize)> {
        let w = |j: usize| m.get(j).and_then(Token::word).unwrap_or("");
        let number = |j: usize| match m.get(j).map(|t| &t.tok) {
            Some(Tok::Number { value, .. }) if value.fract() == 0.0 && *value < 100.0 => {
                Some(*value as i16)
            }
            _ if matches!(w(j), "a" | "one") => Some(1),
            _ => None,
        };
        let anchor = || self.anchor(&m[..i], start);
        match w(i) {
            "the" if matches!(w(i + 1), "following" | "next") && w(i + 2) == "year" => {
                Some((anchor()? + 1, 3))
            }
            "the" if w(i + 1) == "same" && w(i + 2) == "year" => Some((anchor()?, 3)),
            "that" if w(i + 1) == "same" && w(i + 2) == "year" => Some((anchor()?, 3)),
            "last" if w(i + 1) == "year" => Some((self.as_of?.year - 1, 2)),
            "this" if w(i + 1) == "year" => Some((self.as_of?.year, 2)),
            "last" => {
                // "last November" in a March note is the year before; in December, this one.
                let (now, named) = (self.as_of?, month(w(i + 1))?);
                Some((now.year - i16::from(named >= now.month), 2))
            }
            _ => {
                let n = number(i)?;
                if !matches!(w(i + 1), "year" | "years") {
                    return None;
                }
                match w(i + 2) {
                    // "N years after <event>" would need the event's date: not read.
                    "later" => Some((anchor()? + n, 3)),
                    "ago" => Some((self.as_of?.year - n, 3)),
                    _ => None,
                }
            }
        }
    }

    /// "the 2008 suspension of Uzbekistan", "its 2010 intervention in Kyrgyzstan": a year
    /// that modifies a noun is the time of what the noun names. It moves after the noun
    /// and its complement ("the suspension of Uzbekistan in 2008"), where the matcher
    /// reads times.
    fn dated_nouns(&self, main: &mut Vec<Token>) -> bool {
        let mut changed = false;
        let mut i = 0;
        while i + 2 < main.len() {
            let determiner = matches!(
                main[i].word(),
                Some("the" | "its" | "his" | "her" | "their")
            ) || self.possessive(&main[i]);
            let dated = matches!(main[i + 1].tok, Tok::Date(_));
            let noun = main[i + 2]
                .word()
                .is_some_and(|w| !is_verbish(w) && w.len() > 3);
            if !(determiner && dated && noun) {
                i += 1;
                continue;
            }
            // After "of|in|to (the) <name>" when the noun has one, else right after it.
            let preposition = main
                .get(i + 3)
                .and_then(Token::word)
                .is_some_and(|w| matches!(w, "of" | "in" | "to" | "from"));
            let name_at = i + 4 + usize::from(main.get(i + 4).is_some_and(|t| t.is_word("the")));
            let named = main
                .get(name_at)
                .is_some_and(|t| matches!(t.tok, Tok::Entity(_)));
            let after = if preposition && named {
                name_at + 1
            } else {
                i + 3
            };
            let date = main.remove(i + 1);
            let at = main.get(after - 1).map_or(date.range.end, |t| t.range.end);
            main.splice(after - 1..after - 1, [supplied("in", at), date]);
            changed = true;
            i = after + 1;
        }
        changed
    }

    /// Noun phrases that point back to a list of names: "both countries", "the three
    /// states", "the latter two", "the latter", "the first". Each becomes the names it
    /// points to, placed where the phrase is written.
    fn references(&self, main: &mut Vec<Token>, start: usize) -> bool {
        let mut changed = false;
        let mut i = 0;
        while i < main.len() {
            let Some((len, pick)) = reference_at(main, i) else {
                i += 1;
                continue;
            };
            let list = self.last_list(&main[..i], start);
            let chosen: Vec<&Token> = match pick {
                Pick::All(n) if list.len() == n || (n == 0 && list.len() >= 2) => list,
                Pick::Last(n) if list.len() > n => list[list.len() - n..].to_vec(),
                Pick::First if list.len() >= 2 => list[..1].to_vec(),
                _ => Vec::new(),
            };
            if chosen.is_empty() {
                i += 1;
                continue;
            }
            let at = main[i].range.start..main[i + len - 1].range.end;
            let mut names = Vec::new();
            for (k, t) in chosen.into_iter().enumerate() {
                if k > 0 {
                    names.push(supplied("and", at.start));
                }
                names.push(Token {
                    tok: t.tok.clone(),
                    range: at.clone(),
                });
            }
            let added = names.len();
            main.splice(i..i + len, names);
            changed = true;
            i += added;
        }
        changed
    }

    /// The last coordinated list of names before the end of `clause`, else in the block's
    /// earlier sentences.
    fn last_list<'t>(&'t self, clause: &'t [Token], start: usize) -> Vec<&'t Token> {
        let list = last_list_in(&clause[clause.len().saturating_sub(LOOK_BACK)..]);
        if !list.is_empty() {
            return list;
        }
        last_list_in(&self.tokens[start.saturating_sub(LOOK_BACK)..start])
    }

    /// The last year written before position `i` of the clause, else in the block's earlier
    /// sentences.
    fn anchor(&self, clause: &[Token], start: usize) -> Option<i16> {
        let year = |t: &Token| match t.tok {
            Tok::Date(d) => Some(d.year),
            _ => None,
        };
        let earlier = &self.tokens[start.saturating_sub(LOOK_BACK)..start];
        clause
            .iter()
            .rev()
            .take(LOOK_BACK)
            .find_map(year)
            .or_else(|| earlier.iter().rev().find_map(year))
    }

    /// "Founded in 1992, the CSTO now has …": the phrase is about the name after the comma.
    fn fronted_participle(&self, main: &mut Vec<Token>, out: &mut Vec<Vec<Token>>) -> bool {
        // "Since joining in 2006, X …": what X did, at that time.
        let gerund = matches!(
            main[0].word(),
            Some("since" | "after" | "upon" | "on" | "before")
        ) && main
            .get(1)
            .and_then(Token::word)
            .is_some_and(|w| w.len() > 5 && w.ends_with("ing"));
        if gerund {
            let Some(comma) = (2..main.len().min(MAX_ASIDE)).find(|&j| main[j].is_punct(','))
            else {
                return false;
            };
            let Some(head) = self.head_after(main, comma + 1) else {
                return false;
            };
            let mut clause = main[head].to_vec();
            clause.extend_from_slice(&main[1..comma]);
            out.push(clause);
            main.drain(..=comma);
            return true;
        }
        if !is_participle(main[0].word().unwrap_or("")) {
            return false;
        }
        let Some(comma) = (1..main.len().min(MAX_ASIDE)).find(|&j| main[j].is_punct(',')) else {
            return false;
        };
        let Some(head) = self.head_after(main, comma + 1) else {
            return false;
        };
        let mut clause = main[head].to_vec();
        clause.push(supplied(self.be_for(&main[..comma]), main[0].range.start));
        clause.extend_from_slice(&main[..comma]);
        out.push(clause);
        main.drain(..=comma);
        true
    }

    /// Asides between commas (or dashes) after a name, and a name in commas after a noun
    /// phrase; each becomes a clause and leaves the main clause.
    fn asides(&self, main: &mut Vec<Token>, out: &mut Vec<Vec<Token>>) -> bool {
        let mut cut: Vec<Range<usize>> = Vec::new();
        // Found once, so each comma costs no scan of the sentence (main is only cut after).
        let first = |f: fn(&str) -> bool| main.iter().position(|t| t.word().is_some_and(f));
        let hedge = first(words::is_hedge).unwrap_or(usize::MAX);
        let verbish = first(is_verbish).unwrap_or(usize::MAX);
        let verbs: Vec<usize> = (0..main.len())
            .filter(|&j| main[j].word().is_some_and(is_finite_verb))
            .collect();
        let mut i = 1;
        while i < main.len() {
            if !matches!(main[i].tok, Tok::Punct(',' | '—' | '(')) {
                i += 1;
                continue;
            }
            let close = self.aside_end(main, i);
            // "Critics asked whether X, then …": an aside inside a question, condition or
            // plan is no more asserted than the rest of it.
            if hedge < i {
                break;
            }
            let aside = &main[i + 1..close];
            let outside = verbs.partition_point(|&v| v < i);
            let after = verbs.partition_point(|&v| v < close);
            // "Under X, the body reformed its budget": when nothing before the comma is a
            // verb, what runs from it to the end is the sentence's own clause.
            let to_end = close >= end_before_stop(main);
            if verbish > i && to_end && after > outside {
                i += 1;
                continue;
            }
            // An apposition in a past-tense sentence describes then ("X, the
            // secretary-general, opened the 2010 summit").
            let main_verb = verbs.first().filter(|&&v| v < i).or(verbs.get(after));
            let past = main_verb.and_then(|&v| main[v].word()).is_some_and(|w| {
                matches!(w, "was" | "were" | "had" | "did") || words::is_past_verb(w)
            });
            // A bare noun after a name (", secretary-general from 2008 until 2016,") is an
            // apposition only when the aside closes before the sentence ends.
            let closed = main.get(close).is_some_and(|t| !is_stop(t));
            let found = match self.head_before(main, i) {
                Some(head) if self.about_name(&main[head.clone()], aside, (past, closed), out) => {
                    true
                }
                _ => self.name_aside(&main[..i], aside, past, out),
            };
            if found {
                let end = match main.get(close) {
                    Some(t) if !is_stop(t) => close + 1,
                    _ => close,
                };
                cut.push(i..end);
                i = close;
            } else {
                i += 1;
            }
        }
        for r in cut.iter().rev() {
            main.drain(r.clone());
        }
        !cut.is_empty()
    }

    /// Where the aside opened at `open` ends: its closing comma, dash or parenthesis, or
    /// the sentence's end.
    fn aside_end(&self, main: &[Token], open: usize) -> usize {
        let closing = match main[open].tok {
            Tok::Punct('(') => ')',
            Tok::Punct(c) => c,
            _ => ',',
        };
        let limit = main.len().min(open + 1 + MAX_ASIDE);
        (open + 1..limit)
            .find(|&j| main[j].is_punct(closing) || (closing != ')' && main[j].is_punct(';')))
            .unwrap_or_else(|| end_before_stop(main).min(limit))
    }

    /// An aside about the names `head`: a relative clause, a participial phrase or an
    /// apposition (which may end in a relative clause of its own).
    fn about_name(
        &self,
        head: &[Token],
        aside: &[Token],
        (past_sentence, closed): (bool, bool),
        out: &mut Vec<Vec<Token>>,
    ) -> bool {
        let Some(first) = aside.first() else {
            return false;
        };
        let w = first.word().unwrap_or("");
        let at = first.range.start;
        let mut clause = head.to_vec();
        if RELATIVE.contains(&w) {
            // "A, B and C (which is no longer a member)": a singular verb is about the
            // nearest name only.
            if head.len() > 1 && aside.get(1).and_then(Token::word).is_some_and(singular) {
                clause = head[head.len() - 1..].to_vec();
            }
            clause.extend_from_slice(&aside[1..]);
        } else if is_participle(w) {
            clause.push(supplied(self.be_for(aside), at));
            clause.extend_from_slice(aside);
        } else if APPOSITION_START.contains(&w)
            || self.possessive(first)
            || (closed && self.bare_noun_phrase(aside))
        {
            let relative = aside
                .iter()
                .position(|t| t.word().is_some_and(|w| RELATIVE.contains(&w)) || t.is_punct(','));
            let (noun, rest) = aside.split_at(relative.unwrap_or(aside.len()));
            // ", then secretary-general,", ", once a member,": about a past time.
            let past = matches!(w, "then" | "once") || past_sentence;
            clause.push(supplied(if past { "was" } else { "is" }, at));
            clause.extend_from_slice(noun);
            if rest.len() > 1 && rest[0].word().is_some() {
                let mut second = head.to_vec();
                second.extend_from_slice(&rest[1..]);
                out.push(second);
            }
        } else {
            return false;
        }
        out.push(clause);
        true
    }

    /// ", secretary-general from 2008 until 2016,", ", president of Y,": a noun phrase
    /// without an article, opened by a lowercase noun, with no verb in it.
    fn bare_noun_phrase(&self, aside: &[Token]) -> bool {
        let Some(w) = aside.first().and_then(Token::word) else {
            return false;
        };
        let noun = !self.capitalised(&aside[0])
            && !words::is_closed_class(w)
            && !words::is_adverb(w)
            && !is_verbish(w)
            && !RELATIVE.contains(&w);
        noun && aside.len() <= 12 && !aside.iter().any(|t| t.word().is_some_and(is_finite_verb))
    }

    /// "The bloc's secretary-general, X, is …": the name in commas is what the noun phrase
    /// before it names.
    fn name_aside(
        &self,
        before: &[Token],
        aside: &[Token],
        past: bool,
        out: &mut Vec<Vec<Token>>,
    ) -> bool {
        let name = match aside {
            [t] | [_, t] if matches!(t.tok, Tok::Entity(_)) => t,
            _ => return false,
        };
        if aside.len() == 2 && !aside[0].is_word("the") {
            return false;
        }
        // Only a noun phrase that opens the sentence: anything with a verb is a clause.
        let np = before.iter().all(|t| match &t.tok {
            Tok::Word(w) => !is_verbish(w),
            Tok::Entity(_) | Tok::Number { .. } => true,
            _ => false,
        });
        // It ends in a noun, or in "of (the) Y" ("The secretary general of the CSTO, X,"),
        // never in a bare name (a list: "Russia, Belarus, …").
        let of_name = match before {
            [
                ..,
                of,
                the,
                Token {
                    tok: Tok::Entity(_),
                    ..
                },
            ] if the.is_word("the") => of.is_word("of"),
            [
                ..,
                of,
                Token {
                    tok: Tok::Entity(_),
                    ..
                },
            ] => of.is_word("of"),
            _ => false,
        };
        let noun_end = before.last().is_some_and(|t| t.word().is_some()) || of_name;
        if !np || !noun_end {
            return false;
        }
        let be = if past { "was" } else { "is" };
        let mut clause = vec![name.clone(), supplied(be, name.range.start)];
        clause.extend_from_slice(before);
        out.push(clause);
        true
    }

    /// "Secretary-General X", "CSTO Secretary General X", "the Kyrgyz diplomat X": a clause
    /// saying that X is what the title says, in the main clause's tense and time.
    fn titles(&self, main: &[Token], out: &mut Vec<Vec<Token>>) -> bool {
        let mut found = false;
        for p in 1..main.len() {
            if !matches!(main[p].tok, Tok::Entity(_)) || self.possessive(&main[p]) {
                continue;
            }
            let mut start = p;
            while start > 0 && p - start < 5 && self.title_word(&main[start - 1]) {
                start -= 1;
            }
            // "Secretary General of the CSTO X": a title may name its body after "of".
            start = self.title_of(main, start, p);
            let words = main[start..p].iter().any(|t| t.word().is_some());
            let named = main[start..p].iter().any(|t| self.capitalised(t));
            if start == p || !words || !named {
                continue;
            }
            let at = main[start].range.start;
            let mut clause = vec![main[p].clone(), supplied(self.tense_after(main, p), at)];
            clause.push(supplied("the", at));
            clause.extend_from_slice(&main[start..p]);
            clause.extend(self.main_time(main));
            out.push(clause);
            found = true;
        }
        found
    }

    /// Where a title ending at `start` begins when it reads "Title of (the) Body": the
    /// body must be a name opening the title, and a capitalised title word must come
    /// before "of".
    fn title_of(&self, main: &[Token], start: usize, p: usize) -> usize {
        if start == p || !matches!(main[start].tok, Tok::Entity(_)) {
            return start;
        }
        let the = usize::from(start >= 1 && main[start - 1].is_word("the"));
        let Some(of) = start
            .checked_sub(the + 1)
            .filter(|&o| main[o].is_word("of"))
        else {
            return start;
        };
        let mut first = of;
        while first > 0 && of - first < 4 && self.title_word(&main[first - 1]) {
            first -= 1;
        }
        let capitalised = main[first..of].iter().any(|t| self.capitalised(t));
        if first < of && capitalised {
            first
        } else {
            start
        }
    }

    /// A word of a title before a name: "Secretary-General", "CSTO", "Kyrgyz diplomat".
    fn title_word(&self, t: &Token) -> bool {
        match &t.tok {
            Tok::Word(w) => {
                !words::is_closed_class(w) && !NOT_TITLE.contains(&w.as_str()) && !is_verbish(w)
            }
            Tok::Entity(m) => !self.mentions[*m].possessive,
            _ => false,
        }
    }

    fn capitalised(&self, t: &Token) -> bool {
        matches!(t.tok, Tok::Entity(_)) || lex::capitalised(self.text, t)
    }

    /// "is" or "was", as the first verb after position `p` says.
    fn tense_after(&self, main: &[Token], p: usize) -> &'static str {
        for t in &main[p + 1..] {
            match t.word() {
                Some("is" | "are" | "has" | "have" | "does" | "do") => return "is",
                Some("was" | "were" | "had" | "did") => return "was",
                Some(w) if words::is_past_verb(w) => return "was",
                _ => {}
            }
        }
        "is"
    }

    /// The first time expression of the main clause, copied for a clause derived from it.
    fn main_time(&self, main: &[Token]) -> Vec<Token> {
        (0..main.len())
            .find_map(|i| words::time(main, i, main.len()).map(|(_, end)| main[i..end].to_vec()))
            .unwrap_or_default()
    }

    /// "X was signed in 1992 and came into force two years later": the second verb phrase
    /// is a clause about the sentence's subject.
    fn second_verb_phrase(&self, main: &mut Vec<Token>, out: &mut Vec<Vec<Token>>) -> bool {
        let Some(subject) = self.head_after(main, 0) else {
            return false;
        };
        let Some(and) = (subject.end..main.len()).find(|&j| {
            main[j].is_word("and")
                && main
                    .get(j + 1)
                    .and_then(Token::word)
                    .is_some_and(is_finite_verb)
        }) else {
            return false;
        };
        let has_verb = main[subject.end..and]
            .iter()
            .any(|t| t.word().is_some_and(is_verbish));
        if !has_verb {
            return false;
        }
        // "X left Y's military command in 1966 and returned in 2009": the second verb's
        // left-out object is the first's, which is no name here, so not the topic either.
        let owned_object = main[subject.end..and].windows(2).any(|w| {
            self.possessive(&w[0]) && w[1].word().is_some_and(|x| !words::is_closed_class(x))
        });
        let named = main[and + 1..]
            .iter()
            .any(|t| matches!(t.tok, Tok::Entity(_)));
        if !owned_object || named {
            let mut clause = main[subject].to_vec();
            clause.extend_from_slice(&main[and + 1..]);
            out.push(clause);
        }
        let stop = end_before_stop(main);
        main.drain(and..stop);
        true
    }

    /// "X was created in 2009, and Y three years later", "X joined in 2017, followed by Y
    /// in 2020": the verb of the first clause, left out of the second, is read into it
    /// ("Y was created in 2012"), at the second's own time.
    fn gapped(&self, main: &mut Vec<Token>, out: &mut Vec<Vec<Token>>) -> bool {
        let Some(subject) = self.head_after(main, 0) else {
            return false;
        };
        // The words after the comma that introduce the second name.
        let opener = |j: usize| {
            let w = |k: usize| main.get(k).and_then(Token::word);
            match (w(j + 1), w(j + 2)) {
                (Some("and"), _) => Some(1),
                (Some("followed"), Some("by")) => Some(2),
                _ => None,
            }
        };
        let Some((comma, skip)) = (subject.end..main.len()).find_map(|j| {
            main[j]
                .is_punct(',')
                .then(|| opener(j))
                .flatten()
                .map(|k| (j, k))
        }) else {
            return false;
        };
        let Some(second) = self.head_after(main, comma + 1 + skip) else {
            return false;
        };
        let stop = end_before_stop(main);
        // The second part is only a name and a time; the first part's verb ends at its time.
        let (Some(own_time), Some(first_time)) = (
            time_ending_at(main, second.end, stop),
            time_ending_at(main, subject.end, comma),
        ) else {
            return false;
        };
        if own_time != second.end || first_time <= subject.end {
            return false;
        }
        let mut clause = main[second.clone()].to_vec();
        clause.extend_from_slice(&main[subject.end..first_time]);
        clause.extend_from_slice(&main[own_time..stop]);
        out.push(clause);
        main.drain(comma..stop);
        true
    }

    /// "The 2,500 troops the bloc sent to X in 2022 were …": a counted noun followed by a
    /// name and a past verb is what that verb did to it, read as a passive clause of its own
    /// ("2,500 troops were sent to X in 2022"), up to the main clause's verb, and taken
    /// out of the main clause ("X … left soon" is not X leaving).
    fn reduced_relative(&self, main: &mut Vec<Token>, out: &mut Vec<Vec<Token>>) -> bool {
        let stop = end_before_stop(main);
        for i in 0..stop {
            let Tok::Number { .. } = main[i].tok else {
                continue;
            };
            let noun = |t: &Token| {
                t.word().is_some_and(|w| {
                    !words::is_closed_class(w) && !is_verbish(w) && !words::is_adverb(w)
                }) && !self.capitalised(t)
            };
            let nouns = main[i + 1..stop]
                .iter()
                .take(2)
                .take_while(|t| noun(t))
                .count();
            let Some(agent) = self.head_after(main, i + 1 + nouns).filter(|_| nouns > 0) else {
                continue;
            };
            let verb = agent.end;
            if !main
                .get(verb)
                .and_then(Token::word)
                .is_some_and(words::is_past_verb)
            {
                continue;
            }
            let Some(end) = (verb + 1..stop).find(|&j| main[j].word().is_some_and(is_finite_verb))
            else {
                continue;
            };
            // "about 2,500": the approximation is part of the number.
            let start = match i.checked_sub(1).and_then(|p| main[p].word()) {
                Some(w)
                    if words::quantity(main, i - 1, stop).is_some_and(|(_, e)| e > i)
                        && w != "the" =>
                {
                    i - 1
                }
                _ => i,
            };
            let mut clause = main[start..i + 1 + nouns].to_vec();
            clause.push(supplied("were", main[verb].range.start));
            clause.extend_from_slice(&main[verb..end]);
            out.push(clause);
            main.drain(agent.start..end);
            return true;
        }
        false
    }

    /// The names (a coordinated list) ending just before position `i`.
    fn head_before(&self, main: &[Token], i: usize) -> Option<Range<usize>> {
        let last = i.checked_sub(1)?;
        if !matches!(main[last].tok, Tok::Entity(_)) || self.possessive(&main[last]) {
            return None;
        }
        let mut start = last;
        while start >= 2
            && last - start < 2 * MAX_LIST
            && (main[start - 1].is_word("and") || main[start - 1].is_punct(','))
            && matches!(main[start - 2].tok, Tok::Entity(_))
        {
            start -= 2;
        }
        Some(start..i)
    }

    /// The names (a coordinated list, after an optional "the") starting at position `i`.
    fn head_after(&self, main: &[Token], i: usize) -> Option<Range<usize>> {
        let first = i + usize::from(main.get(i).is_some_and(|t| t.is_word("the")));
        let is_name = |j: usize| {
            main.get(j)
                .is_some_and(|t| matches!(t.tok, Tok::Entity(_)) && !self.possessive(t))
        };
        if !is_name(first) {
            return None;
        }
        let mut end = first + 1;
        while end - first < 2 * MAX_LIST
            && main
                .get(end)
                .is_some_and(|t| t.is_word("and") || t.is_punct(','))
            && is_name(end + 1)
        {
            end += 2;
        }
        Some(first..end)
    }

    fn possessive(&self, t: &Token) -> bool {
        matches!(t.tok, Tok::Entity(m) if self.mentions[m].possessive)
    }

    /// "was" for a phrase that says when ("created in 2001"), else "is" ("based in Moscow").
    fn be_for(&self, phrase: &[Token]) -> &'static str {
        let dated = (0..phrase.len()).any(|i| words::time(phrase, i, phrase.len()).is_some());
        if dated { "was" } else { "is" }
    }
}

/// Which names of a list a reference means.
enum Pick {
    /// All of them; `0`: however many there are (at least two).
    All(usize),
    Last(usize),
    First,
}

const COUNTS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// A reference to a list at `i`: its length in tokens and what it picks.
fn reference_at(m: &[Token], i: usize) -> Option<(usize, Pick)> {
    let w = |j: usize| m.get(j).and_then(Token::word).unwrap_or("");
    let plural = |j: usize| {
        let x = w(j);
        x.len() > 3 && x.ends_with('s') && !is_verbish(x) && !RELATIVE.contains(&x)
    };
    let count = |j: usize| match m.get(j).map(|t| &t.tok) {
        Some(Tok::Number { value, .. }) if (2.0..10.0).contains(value) => Some(*value as usize),
        _ => COUNTS.iter().position(|c| *c == w(j)).map(|p| p + 2),
    };
    let verb_or_stop = |j: usize| match m.get(j) {
        Some(t) => t.word().is_some_and(is_verbish) || matches!(t.tok, Tok::Punct(_)),
        None => true,
    };
    match w(i) {
        "both" if plural(i + 1) => Some((2, Pick::All(2))),
        "the" | "these" | "those" | "all" if count(i + 1).is_some() && plural(i + 2) => {
            Some((3, Pick::All(count(i + 1)?)))
        }
        "the" if matches!(w(i + 1), "latter" | "last") => match count(i + 2) {
            Some(n) => Some((3, Pick::Last(n))),
            None if verb_or_stop(i + 2) => Some((2, Pick::Last(1))),
            None => None,
        },
        "the" if matches!(w(i + 1), "former" | "first") && verb_or_stop(i + 2) => {
            Some((2, Pick::First))
        }
        _ => None,
    }
}

/// The names of the last coordinated list in `tokens` ("A, B and C") of at least two.
fn last_list_in(tokens: &[Token]) -> Vec<&Token> {
    let is_name = |t: &Token| matches!(t.tok, Tok::Entity(_));
    let mut end = tokens.len();
    while let Some(last) = tokens[..end].iter().rposition(is_name) {
        let mut first = last;
        while first >= 2
            && last - first < 2 * MAX_LIST
            && (tokens[first - 1].is_word("and") || tokens[first - 1].is_punct(','))
            && is_name(&tokens[first - 2])
        {
            first -= 2;
        }
        if first < last {
            return tokens[first..=last].iter().filter(|t| is_name(t)).collect();
        }
        end = last;
    }
    Vec::new()
}

/// Where a time expression in `from..to` starts that ends exactly at `to`.
fn time_ending_at(main: &[Token], from: usize, to: usize) -> Option<usize> {
    (from..to).find(|&i| words::time(&main[..to], i, to).is_some_and(|(_, e)| e == to))
}

/// A word the reader supplies, standing at byte `at`.
fn supplied(word: &str, at: usize) -> Token {
    Token {
        tok: Tok::Word(CompactString::from(word)),
        range: at..at,
    }
}

fn is_stop(t: &Token) -> bool {
    matches!(t.tok, Tok::Punct('.' | '!' | '?' | ';' | ':'))
}

/// The index of the sentence's final stop, or its length.
fn end_before_stop(tokens: &[Token]) -> usize {
    match tokens.last() {
        Some(t) if is_stop(t) => tokens.len() - 1,
        _ => tokens.len(),
    }
}

/// A verb form that agrees only with a singular subject.
fn singular(w: &str) -> bool {
    matches!(w, "is" | "was" | "has" | "does" | "remains")
        || (w.ends_with('s') && !w.ends_with("ss") && w.len() > 3 && !is_finite_verb(w))
}

fn is_participle(w: &str) -> bool {
    PARTICIPLES.contains(&w) || (w.len() >= 6 && w.ends_with("ed") && !w.ends_with("eed"))
}

/// Auxiliaries and verbs in a tense: what makes a stretch of words a clause.
fn is_verbish(w: &str) -> bool {
    is_finite_verb(w) || matches!(w, "be" | "been" | "being")
}

fn is_finite_verb(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "did"
            | "does"
            | "remains"
            | "remained"
            | "became"
            | "becomes"
    ) || (words::is_past_verb(w) && (w.len() > 3 || !w.ends_with("ed")))
}

#[cfg(test)]
mod tests {
    //! Each form the reader knows, read against the embedded CSTO base: the form that
    //! should be flagged, its true twin, and a near miss that makes no claim. Sentences
    //! are written for these tests, not taken from any corpus.

    use crate::claims::{self, Context, Phrases};
    use crate::facts::{FactBase, LoadOptions, load_embedded};
    use crate::mentions::Matcher;
    use crate::verdict;
    use std::sync::OnceLock;

    struct Base {
        base: FactBase,
        names: Matcher,
        phrases: Phrases,
    }

    fn base() -> &'static Base {
        static BASE: OnceLock<Base> = OnceLock::new();
        BASE.get_or_init(|| {
            let base = load_embedded(&LoadOptions::default()).base;
            let names = Matcher::new(&base);
            let phrases = Phrases::new(&base);
            Base {
                base,
                names,
                phrases,
            }
        })
    }

    /// "relation:verdict" for each claim of `text`, as of `as_of`, in a note about the CSTO.
    fn read(text: &str, as_of: &str) -> Vec<String> {
        let b = base();
        let as_of: jiff::civil::Date = as_of.parse().unwrap();
        let cx = Context {
            topic: b.base.entity("csto"),
            also: None,
            synthetic: false,
            as_of: Some(crate::date::PartialDate::from_date(as_of)),
        };
        let mentions = b.names.find(text);
        claims::extract(&b.base, &b.phrases, text, &mentions, cx)
            .iter()
            .map(|c| {
                let j = verdict::judge(&b.base, c, text, as_of);
                format!("{}:{}", b.base.relation_of(c.relation).id, j.verdict.code())
            })
            .collect()
    }

    /// (sentence, note date, the claims it must make, in order).
    type Case = (&'static str, &'static str, &'static [&'static str]);

    fn check(cases: &[Case]) {
        let mut wrong = String::new();
        for (text, as_of, expected) in cases {
            let got = read(text, as_of);
            if got != *expected {
                wrong.push_str(&format!(
                    "{text}\n  expected {expected:?}\n  got      {got:?}\n"
                ));
            }
        }
        assert!(wrong.is_empty(), "\n{wrong}");
    }

    #[test]
    fn relative_clauses_are_claims_about_their_antecedent_with_their_own_time() {
        check(&[
            (
                "Georgia, which joined the treaty in 1996, now courts the West.",
                "2010-01-01",
                &["party_to:contradicted"],
            ),
            (
                "Georgia, which joined the treaty in 1993, now courts the West.",
                "2010-01-01",
                &["party_to:supported"],
            ),
            (
                "Georgia, whose capital is Tbilisi, now courts the West.",
                "2010-01-01",
                &[],
            ),
            // The year inside the clause is not the main clause's.
            (
                "Tajikistan, which joined the treaty in 1992, is a member of the CSTO.",
                "2020-01-01",
                &["member_of:supported", "party_to:supported"],
            ),
            // A subject role's verbs without the noun, passive.
            (
                "Uzbekistan was admitted to the CSTO in 2006.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            (
                "Uzbekistan, admitted in 2004, attends the summits.",
                "2008-01-01",
                &["member_of:contradicted"],
            ),
            // A verb of joining may leave out the topic; after a reference it may not.
            (
                "Uzbekistan, which joined in 2005, attends the summits.",
                "2008-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Uzbekistan, which joined in 2006, attends the summits.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            (
                "Russia and Uzbekistan signed it; the latter left in 2005.",
                "2008-01-01",
                &[],
            ),
            // An aside inside a question is not asserted; ", then R," is about the past.
            (
                "Critics asked whether Stanislav Zas, then secretary-general, had done enough.",
                "2025-01-01",
                &[],
            ),
            (
                "Stanislav Zas, then secretary-general, visited Yerevan.",
                "2025-01-01",
                &["secretary_general:supported"],
            ),
            // A singular verb after a list is about the last name only.
            (
                "Russia and Uzbekistan (which is no longer a member of the CSTO) signed it.",
                "2020-01-01",
                &["member_of:supported"],
            ),
        ]);
    }

    #[test]
    fn appositions_and_participles_are_claims_about_their_head() {
        check(&[
            (
                "Belarus, a member of the CSTO since 2002, hosts the drills.",
                "2020-01-01",
                &["member_of:supported"],
            ),
            (
                "Uzbekistan, a member of the CSTO since 2006, hosts the drills.",
                "2020-01-01",
                &["member_of:outdated"],
            ),
            (
                "The Collective Rapid Reaction Force, formed in 2009, trains in Kazakhstan.",
                "2020-01-01",
                &["founded:supported"],
            ),
            (
                "The Collective Rapid Reaction Force, formed in 2004, trains in Kazakhstan.",
                "2020-01-01",
                &["founded:contradicted"],
            ),
            (
                "Created in 2004, the Collective Rapid Reaction Force trains in Kazakhstan.",
                "2020-01-01",
                &["founded:contradicted"],
            ),
            (
                "The bloc's current secretary-general, Stanislav Zas, visited Minsk.",
                "2021-01-01",
                &["secretary_general:supported"],
            ),
            (
                "The bloc's current secretary-general, Stanislav Zas, visited Minsk.",
                "2024-01-01",
                &["secretary_general:outdated"],
            ),
            // "founding" is about the start: Belarus joined the treaty a year and a half later.
            (
                "Belarus, a founding party to the Tashkent Treaty, hosts the drills.",
                "2020-01-01",
                &["party_to:contradicted"],
            ),
            (
                "Kazakhstan, a founding party to the Tashkent Treaty, hosts the drills.",
                "2020-01-01",
                &["party_to:supported"],
            ),
        ]);
    }

    #[test]
    fn titles_before_names_are_claims_in_the_main_clause_tense() {
        check(&[
            (
                "CSTO Secretary General Stanislav Zas opened the session.",
                "2021-06-01",
                &["secretary_general:supported"],
            ),
            (
                "CSTO Secretary General Stanislav Zas opens the session.",
                "2025-06-01",
                &["secretary_general:outdated"],
            ),
            (
                "The Armenian diplomat Stanislav Zas opened the session.",
                "2021-06-01",
                &["nationality:contradicted"],
            ),
            (
                "Colonel-General Anatoly Sidorov opened the session.",
                "2021-06-01",
                &[],
            ),
        ]);
    }

    #[test]
    fn role_frames_cover_the_ways_a_role_is_said() {
        check(&[
            (
                "Stanislav Zas served as secretary-general from 2020 to 2024.",
                "2025-01-01",
                &["secretary_general:contradicted"],
            ),
            (
                "Stanislav Zas served as secretary-general from 2020 to 2022.",
                "2025-01-01",
                &["secretary_general:supported"],
            ),
            (
                "Stanislav Zas was appointed secretary-general in 2020.",
                "2025-01-01",
                &["secretary_general:supported"],
            ),
            (
                "Stanislav Zas was appointed secretary-general in 2018.",
                "2025-01-01",
                &["secretary_general:contradicted"],
            ),
            (
                "Stanislav Zas became the CSTO's secretary-general in 2020.",
                "2025-01-01",
                &["secretary_general:supported"],
            ),
            // Succession: a start for one holder, an end for the other.
            (
                "Imangali Tasmagambetov succeeded Stanislav Zas as secretary-general in 2023.",
                "2025-01-01",
                &["secretary_general:supported", "secretary_general:supported"],
            ),
            (
                "Imangali Tasmagambetov succeeded Yuri Khachaturov as secretary-general in 2023.",
                "2025-01-01",
                &[
                    "secretary_general:supported",
                    "secretary_general:contradicted",
                ],
            ),
            (
                "Belarus took over the chairmanship from Armenia in 2023.",
                "2025-01-01",
                &["chair:supported", "chair:supported"],
            ),
            // Counts from a subject role: possessive and copula.
            (
                "The bloc's seven members met in Moscow.",
                "2020-01-01",
                &["member_of:outdated"],
            ),
            (
                "The bloc's six members met in Moscow.",
                "2020-01-01",
                &["member_of:supported"],
            ),
            (
                "Leaders of the seven-member CSTO met in Moscow.",
                "2020-01-01",
                &["member_of:outdated"],
            ),
            (
                "Leaders of the 6-member CSTO met in Moscow.",
                "2020-01-01",
                &["member_of:supported"],
            ),
        ]);
    }

    #[test]
    fn negated_changes_with_a_date_are_the_dated_event() {
        check(&[
            (
                "Uzbekistan did not leave the CSTO until 2012.",
                "2020-01-01",
                &["member_of:supported"],
            ),
            (
                "Uzbekistan did not leave the CSTO until 2010.",
                "2020-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Uzbekistan ceased to be a member of the CSTO in 2012.",
                "2020-01-01",
                &["member_of:supported"],
            ),
            (
                "Armenia ceased to be a member of the CSTO in 2012.",
                "2020-01-01",
                &["member_of:contradicted"],
            ),
            // Without "until", a negated change stays a denial.
            (
                "Belarus did not leave the CSTO in 2012.",
                "2020-01-01",
                &["member_of:supported"],
            ),
        ]);
    }

    #[test]
    fn tense_and_aspect_words_shape_the_claim() {
        check(&[
            // A present perfect denial is about now: outdated once the state began.
            (
                "Armenia has not joined the CSTO.",
                "2026-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Uzbekistan has yet to join the CSTO.",
                "2008-01-01",
                &["member_of:outdated"],
            ),
            (
                "Iran has yet to join the CSTO.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            (
                "Iran failed to join the CSTO.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            // "became" dates the start of the state.
            (
                "Armenia became a member of the CSTO in 2004.",
                "2008-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Armenia became a member of the CSTO in 2002.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            // "since" dates the start too.
            (
                "Armenia, a member of the CSTO since 2004, hosts a base.",
                "2008-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Armenia, a member of the CSTO since 2002, hosts a base.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            (
                "The CSTO counts nine members.",
                "2026-01-01",
                &["member_of:contradicted"],
            ),
            (
                "The CSTO counts six members.",
                "2026-01-01",
                &["member_of:supported"],
            ),
        ]);
    }

    #[test]
    fn nouns_of_joining_ordinals_and_unnamed_successions() {
        check(&[
            (
                "Uzbekistan's accession to the CSTO in 2005 surprised many.",
                "2008-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Uzbekistan's accession to the CSTO in 2006 surprised many.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            (
                "The withdrawal of Uzbekistan from the CSTO in 2010 surprised many.",
                "2014-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Uzbekistan became the CSTO's 7th member in 2005.",
                "2008-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Uzbekistan became the bloc's seventh member in 2006.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            // A rank before the role noun is checked against the complete list.
            (
                "Uzbekistan became the bloc's sixth member in 2006.",
                "2008-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Belarus is the CSTO's 7th member.",
                "2008-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Belarus is one of the CSTO's six founding members.",
                "2008-01-01",
                &["member_of:supported"],
            ),
            // The role left out: kept only for known holders of a one-holder role.
            (
                "Bordyuzha was succeeded by Khachaturov in 2015.",
                "2018-01-01",
                &[
                    "secretary_general:contradicted",
                    "secretary_general:contradicted",
                ],
            ),
            (
                "Khachaturov succeeded Bordyuzha in 2017.",
                "2018-01-01",
                &["secretary_general:supported", "secretary_general:supported"],
            ),
            ("Medvedev succeeded Putin in 2008.", "2018-01-01", &[]),
            // A topic noun after "the" and a count is the topic.
            (
                "The seven-member bloc met in Minsk.",
                "2026-01-01",
                &["member_of:outdated"],
            ),
            (
                "The six-member bloc met in Minsk.",
                "2026-01-01",
                &["member_of:supported"],
            ),
            ("A six-member bloc met in Minsk.", "2026-01-01", &[]),
        ]);
    }

    #[test]
    fn counted_nouns_with_a_verb_and_places_naming_events() {
        check(&[
            // A reduced relative: the verb's object, with its own time.
            (
                "The 3,000 troops the bloc sent to Kazakhstan in January 2022 left soon.",
                "2024-01-01",
                &["strength:contradicted"],
            ),
            (
                "The 2,030 troops the bloc sent to Kazakhstan in January 2022 left soon.",
                "2024-01-01",
                &["strength:supported"],
            ),
            // A place stands for the one operation that took place there (`locates`).
            (
                "About 3,000 soldiers were deployed to Kazakhstan.",
                "2024-01-01",
                &["strength:contradicted"],
            ),
            (
                "About 2,000 soldiers were deployed to Kazakhstan.",
                "2024-01-01",
                &["strength:supported"],
            ),
            // Nothing took place in Armenia: no operation to name.
            (
                "About 3,000 soldiers were deployed to Armenia.",
                "2024-01-01",
                &[],
            ),
            // The names listed after a count hold what is counted, at its time.
            (
                "The bloc counts six members, including Uzbekistan and Belarus.",
                "2024-01-01",
                &[
                    "member_of:supported",
                    "member_of:outdated",
                    "member_of:supported",
                ],
            ),
            (
                "In 2010 the bloc had seven members, among them Uzbekistan.",
                "2024-01-01",
                &["member_of:supported", "member_of:supported"],
            ),
            (
                "The bloc counts six members, but not Uzbekistan.",
                "2024-01-01",
                &["member_of:supported"],
            ),
        ]);
    }

    #[test]
    fn attending_and_skipping_exclude_each_other() {
        check(&[
            (
                "Armenia attended the 2023 Minsk summit.",
                "2026-01-01",
                &["attended:contradicted"],
            ),
            (
                "Armenia skipped the Astana summit.",
                "2026-01-01",
                &["absent_from:supported"],
            ),
            (
                "Armenia boycotted the 2022 Yerevan summit.",
                "2026-01-01",
                &["absent_from:contradicted"],
            ),
        ]);
    }

    #[test]
    fn noun_phrases_adjuncts_and_fronted_phrases_end_where_they_should() {
        check(&[
            // A noun of leaving with no "from Y", before the sentence's verb: the topic.
            (
                "Uzbekistan's 2010 withdrawal surprised many.",
                "2024-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Uzbekistan's 2012 withdrawal surprised many.",
                "2024-01-01",
                &["member_of:supported"],
            ),
            // An adjunct after the time: the topic was left out before it.
            (
                "Uzbekistan rejoined in 2007 after a long absence.",
                "2024-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Uzbekistan rejoined in 2006 after a long absence.",
                "2024-01-01",
                &["member_of:supported"],
            ),
            // "took office": a start of whichever one-holder role the name is known to hold.
            (
                "Zas, who took office in 2019, spoke.",
                "2024-01-01",
                &["secretary_general:contradicted"],
            ),
            (
                "Zas, who took office in 2020, spoke.",
                "2024-01-01",
                &["secretary_general:supported"],
            ),
            // "Under X, the body …": the clause after the comma is the sentence's, so the
            // title before X is in its (past) tense.
            (
                "Under Secretary-General Stanislav Zas, the Secretariat reformed its budget.",
                "2025-10-01",
                &["secretary_general:supported"],
            ),
            (
                "Under Secretary-General Stanislav Zas, the Secretariat cut its budget.",
                "2025-10-01",
                &["secretary_general:supported"],
            ),
            (
                "Under Secretary-General Stanislav Zas, the Secretariat reforms its budget.",
                "2025-10-01",
                &["secretary_general:outdated"],
            ),
            // A bare noun phrase in commas is an apposition.
            (
                "Zas, secretary-general from 2020 until 2024, was a Belarusian general.",
                "2025-10-01",
                &["nationality:supported", "secretary_general:contradicted"],
            ),
            (
                "Zas, secretary-general from 2020 until 2022, was a Belarusian general.",
                "2025-10-01",
                &["nationality:supported", "secretary_general:supported"],
            ),
            // "among the members", "one of the members".
            (
                "Uzbekistan is among the members of the CSTO.",
                "2025-10-01",
                &["member_of:outdated"],
            ),
            (
                "Tajikistan is one of the CSTO's members.",
                "2025-10-01",
                &["member_of:supported"],
            ),
            // "it" past a nearer name that cannot be what it is.
            (
                "Is Uzbekistan still in the CSTO? It left in 2013.",
                "2025-10-01",
                &["member_of:contradicted"],
            ),
            (
                "Is Uzbekistan still in the CSTO? It left in 2012.",
                "2025-10-01",
                &["member_of:supported"],
            ),
            // A post that passes or is handed on: a start (and an end for the one before).
            (
                "The chairmanship passed to Russia in 2025.",
                "2025-06-01",
                &["chair:contradicted"],
            ),
            (
                "The chairmanship passed to Kyrgyzstan in 2025.",
                "2025-06-01",
                &["chair:supported"],
            ),
            (
                "Kazakhstan handed the chairmanship to Russia in 2025.",
                "2025-06-01",
                &["chair:contradicted", "chair:supported"],
            ),
            // Growth to a count; ", followed by Y in D"; "handed over to".
            (
                "The CSTO grew to seven members in 2005.",
                "2025-10-01",
                &["member_of:contradicted"],
            ),
            (
                "The CSTO grew to seven members in 2007.",
                "2025-10-01",
                &["member_of:supported"],
            ),
            (
                "Russia joined the CSTO in 2002, followed by Uzbekistan in 2005.",
                "2025-10-01",
                &["member_of:supported", "member_of:contradicted"],
            ),
            (
                "Russia joined the CSTO in 2002, followed by Uzbekistan in 2006.",
                "2025-10-01",
                &["member_of:supported", "member_of:supported"],
            ),
            (
                "Zas handed over to Tasmagambetov in 2021.",
                "2025-10-01",
                &[
                    "secretary_general:contradicted",
                    "secretary_general:contradicted",
                ],
            ),
            // A second verb phrase whose object was left out has the first one's object.
            (
                "Uzbekistan joined the CSTO's staff talks in 2005 and left in 2013.",
                "2020-01-01",
                &[],
            ),
            (
                "Uzbekistan joined the CSTO in 2006 and left in 2013.",
                "2020-01-01",
                &["member_of:supported", "member_of:contradicted"],
            ),
            // A verb of choosing may come up to a year before the term.
            (
                "Tasmagambetov was appointed secretary-general in 2022.",
                "2024-03-01",
                &["secretary_general:supported"],
            ),
            (
                "Tasmagambetov was appointed secretary-general in 2021.",
                "2024-03-01",
                &["secretary_general:contradicted"],
            ),
            (
                "Tasmagambetov became secretary-general in 2022.",
                "2024-03-01",
                &["secretary_general:contradicted"],
            ),
            // "until" dates the end; "the same year" is the year before it.
            (
                "Zas, secretary-general until 2021, is a Belarusian general.",
                "2024-03-01",
                &["nationality:supported", "secretary_general:contradicted"],
            ),
            (
                "Zas, secretary-general until 2022, is a Belarusian general.",
                "2024-03-01",
                &["nationality:supported", "secretary_general:supported"],
            ),
            (
                "Uzbekistan rejoined in 2006 and left the same year.",
                "2024-03-01",
                &["member_of:supported", "member_of:contradicted"],
            ),
            (
                "Uzbekistan withdrew its membership in 2011.",
                "2024-03-01",
                &["member_of:contradicted"],
            ),
            // A time after a noun phrase's verb is the verb's.
            (
                "Uzbekistan's withdrawal was reversed in 2006.",
                "2024-03-01",
                &[],
            ),
            // Distancing words report a claim without making it.
            (
                "Critics claim that Armenia left the CSTO in 2024.",
                "2026-03-01",
                &[],
            ),
            (
                "It is wrongly said that Armenia left the CSTO in 2024.",
                "2026-03-01",
                &[],
            ),
            (
                "Armenia left the CSTO in 2024.",
                "2026-03-01",
                &["member_of:contradicted"],
            ),
            // A fronted gerund: what the name after the comma did, at that time.
            (
                "Since joining in 2005, Uzbekistan has kept a low profile.",
                "2010-01-01",
                &["member_of:contradicted"],
            ),
            (
                "Since joining in 2006, Uzbekistan has kept a low profile.",
                "2010-01-01",
                &["member_of:supported"],
            ),
            // ", from Y," after a person.
            (
                "Zas, from Armenia, spoke first.",
                "2021-01-01",
                &["nationality:contradicted"],
            ),
            (
                "Zas, from Belarus, spoke first.",
                "2021-01-01",
                &["nationality:supported"],
            ),
            // A title or noun phrase that names its body after "of".
            (
                "Secretary General of the CSTO Stanislav Zas says the bloc is ready.",
                "2025-10-01",
                &["secretary_general:outdated"],
            ),
            (
                "The secretary general of the CSTO, Stanislav Zas, says the bloc is ready.",
                "2025-10-01",
                &["secretary_general:outdated"],
            ),
            (
                "The secretary general of the CSTO, Stanislav Zas, says the bloc is ready.",
                "2021-10-01",
                &["secretary_general:supported"],
            ),
            // An apposition in a past-tense sentence describes then.
            (
                "The session was opened by Stanislav Zas, the secretary-general.",
                "2025-10-01",
                &["secretary_general:supported"],
            ),
            (
                "The session is opened by Stanislav Zas, the secretary-general.",
                "2025-10-01",
                &["secretary_general:outdated"],
            ),
        ]);
    }

    #[test]
    fn unknown_names_in_one_at_a_time_values_are_checked() {
        check(&[
            (
                "Sergei Lavrov is the CSTO's secretary-general.",
                "2026-03-01",
                &["secretary_general:contradicted"],
            ),
            (
                "Taalatbek Masadykov is the CSTO's secretary-general.",
                "2026-03-01",
                &["secretary_general:supported"],
            ),
            (
                "The CSTO is headquartered in Saint Petersburg.",
                "2026-03-01",
                &["headquartered_in:contradicted"],
            ),
            // Many-valued: an unknown name says nothing either way.
            (
                "Eastern Ruritania is a member of the CSTO.",
                "2026-03-01",
                &[],
            ),
        ]);
    }

    #[test]
    fn timelines_and_relative_dates_become_years() {
        check(&[
            (
                "2023 – Armenia chairs the bloc.",
                "2026-01-01",
                &["chair:contradicted"],
            ),
            (
                "2022 – Armenia chairs the bloc.",
                "2026-01-01",
                &["chair:supported"],
            ),
            (
                "The treaty was signed in 1992 and entered into force two years later.",
                "2020-01-01",
                &["entered_into_force:supported"],
            ),
            (
                "The treaty was signed in 1992 and entered into force the following year.",
                "2020-01-01",
                &["entered_into_force:contradicted"],
            ),
            (
                "Armenia held the chairmanship last year.",
                "2023-06-01",
                &["chair:supported"],
            ),
            (
                "Armenia held the chairmanship last year.",
                "2025-06-01",
                &["chair:contradicted"],
            ),
        ]);
    }

    #[test]
    fn references_and_dated_nouns_name_what_they_point_to() {
        check(&[
            (
                "Azerbaijan and Georgia joined the treaty in 1993; both countries left it in 1996.",
                "2020-01-01",
                &[
                    "party_to:supported",
                    "party_to:supported",
                    "party_to:contradicted",
                    "party_to:contradicted",
                ],
            ),
            (
                "Armenia and Uzbekistan joined the treaty in 1992, but only the former is still a party to it.",
                "2020-01-01",
                &[
                    "party_to:supported",
                    "party_to:supported",
                    "party_to:supported",
                ],
            ),
            (
                "Armenia and Uzbekistan joined the treaty in 1992, but only the latter is still a party to it.",
                "2020-01-01",
                &[
                    "party_to:supported",
                    "party_to:supported",
                    "party_to:outdated",
                ],
            ),
            (
                "Since the 2015 creation of the Collective Rapid Reaction Force, drills have grown.",
                "2020-01-01",
                &["founded:contradicted"],
            ),
            // A name that only modifies a noun fills no slot.
            (
                "Uzbekistan is a member of the CSTO's anti-drug programme.",
                "2020-01-01",
                &[],
            ),
            ("A CSTO-style pact now binds them.", "2020-01-01", &[]),
        ]);
    }
}
