//! Generic English: auxiliaries, negation, hedges, adverbs, times and quantities.
//!
//! Each parser looks at tokens from a position and returns what it read and
//! where it stopped; none knows anything about a domain.

use super::When;
use super::lex::{Tok, Token};
use crate::facts::model::{Approximation, Quantity};
use crate::numbers::ordinal_value;

/// What an auxiliary (`{be}`, `{have}` or a verb's helper) says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AuxInfo {
    pub past: bool,
    pub negative: bool,
    pub never: bool,
    pub no_longer: bool,
    pub hedge: bool,
    pub plural: bool,
    /// Asserts the present explicitly ("still", "currently", "now").
    pub now: bool,
    /// A present perfect ("has joined", "has not left"): about the state now.
    pub perfect: bool,
    /// "became", "becomes": the start of a state, not the state.
    pub change: bool,
}

/// Adverbs that may sit between a claim's parts without changing it.
const ADVERBS: &[&str] = &[
    "also",
    "formally",
    "officially",
    "technically",
    "effectively",
    "already",
    "then",
    "later",
    "eventually",
    "originally",
    "subsequently",
    "finally",
    "again",
    "actually",
    "indeed",
    "both",
    "all",
    "only",
    "just",
    "even",
    "fully",
    "nominally",
    "ultimately",
    "itself",
    "de",
    "facto",
    "jure",
    "firmly",
    "too",
    "once",
    "yet",
    "thus",
    "therefore",
    "accordingly",
    "meanwhile",
    "soon",
];

/// Adjectives that may stand before a role noun without changing what it says ("a full
/// member", "the rotating chairmanship", "the five remaining members").
const MODIFIERS: &[&str] = &[
    "full",
    "fully-fledged",
    "full-fledged",
    "rotating",
    "permanent",
    "formal",
    "remaining",
    "regular",
    "standing",
    "sitting",
    "incumbent",
    "serving",
    "official",
];

/// Adjectives that say a role was held from the start ("a founding member").
const FOUNDING: &[&str] = &["founding", "original", "founder"];
const NOW: &[&str] = &["still", "currently", "now", "today", "presently"];
const MODALS: &[&str] = &[
    "will", "would", "could", "may", "might", "should", "shall", "must", "can",
];
/// Words that make a sentence a question, a condition, a plan or hearsay.
const HEDGES: &[&str] = &[
    "if",
    "unless",
    "whether",
    "could",
    "may",
    "might",
    "would",
    "should",
    "will",
    "shall",
    "perhaps",
    "possibly",
    "probably",
    "maybe",
    "reportedly",
    "allegedly",
    "allege",
    "alleges",
    "alleged",
    // Distancing: "critics claim that X left in 2024", "it is wrongly said that …".
    "claim",
    "claims",
    "claimed",
    "falsely",
    "wrongly",
    "mistakenly",
    "misconception",
    "supposedly",
    "rumored",
    "rumoured",
    "likely",
    "unlikely",
    "expected",
    "plans",
    "planned",
    "planning",
    "intends",
    "intended",
    "wants",
    "wanted",
    "hopes",
    "hoped",
    "seeks",
    "sought",
    "aims",
    "considering",
    "proposed",
    "proposes",
    "suggested",
    "suggests",
    "speculated",
    "imagine",
    "suppose",
    "hypothetically",
    "wish",
    "wishes",
    "threatened",
    "threatens",
    "applied",
    "applying",
    "candidate",
    "aspires",
    "weighing",
    "discussing",
    "mulling",
    "rumours",
    "rumors",
];

/// A closed list as a set: these are asked about every word the matcher passes.
fn set(words: &'static [&'static str]) -> rustc_hash::FxHashSet<&'static str> {
    words.iter().copied().collect()
}

static ADVERB_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| ADVERBS.iter().chain(NOW).copied().collect());
static HEDGE_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| set(HEDGES));

pub fn is_adverb(w: &str) -> bool {
    ADVERB_SET.contains(w)
}
/// Articles, pronouns, prepositions and conjunctions: never part of a name.
pub fn is_closed_class(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "my"
            | "your"
            | "he"
            | "she"
            | "it"
            | "they"
            | "we"
            | "i"
            | "you"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "by"
            | "with"
            | "from"
            | "and"
            | "or"
            | "but"
            | "as"
            | "since"
            | "until"
            | "after"
            | "before"
            | "when"
            | "while"
            | "who"
            | "which"
            | "whose"
            | "not"
            | "no"
    ) || MODALS.contains(&w)
}

pub fn is_modifier(w: &str) -> bool {
    MODIFIERS.contains(&w) || is_ordinal(w)
}

/// "sixth", "twenty-fifth", "newest": a rank in a series, which leaves the role as it is
/// ("became the bloc's sixth member" is a start all the same). ("32nd" is two tokens, a
/// number and its ending: the matcher reads it.)
pub fn is_ordinal(w: &str) -> bool {
    ordinal_value(w).is_some_and(|n| n <= 12)
        || matches!(w, "newest" | "latest" | "youngest" | "oldest")
        || (w.ends_with("th") && w.contains('-'))
}
/// A verb of choosing someone: the choice often comes before the term starts.
pub fn is_choosing(w: &str) -> bool {
    matches!(
        w,
        "appointed"
            | "reappointed"
            | "named"
            | "elected"
            | "re-elected"
            | "reelected"
            | "chosen"
            | "nominated"
            | "designated"
            | "selected"
            | "picked"
    )
}

pub fn is_founding(w: &str) -> bool {
    FOUNDING.contains(&w)
}
pub fn is_now(w: &str) -> bool {
    NOW.contains(&w)
}
pub fn is_hedge(w: &str) -> bool {
    HEDGE_SET.contains(w)
}

fn word(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).and_then(Token::word).unwrap_or("")
}

/// Negation and time-of-holding words before or after a verb.
fn modifiers(tokens: &[Token], mut i: usize, end: usize, info: &mut AuxInfo) -> usize {
    while i < end {
        match word(tokens, i) {
            "no" | "not" if matches!(word(tokens, i + 1), "longer" | "more") => {
                info.negative = true;
                info.no_longer = true;
                i += 1;
            }
            "not" => info.negative = true,
            // "has yet to join": not (so far).
            "yet" if word(tokens, i + 1) == "to" => {
                info.negative = true;
                i += 1;
            }
            "never" => {
                info.negative = true;
                info.never = true;
            }
            "formerly" | "previously" => {
                info.past = true;
                info.no_longer = true;
            }
            w if is_now(w) => info.now = true,
            w if ADVERB_SET.contains(w) && !NOW.contains(&w) => {}
            _ => return i,
        }
        i += 1;
    }
    i
}

/// "expected to", "set to", "going to", "due to", "about to": plans, not facts.
fn plan(tokens: &[Token], i: usize) -> Option<usize> {
    let plans = [
        "expected",
        "likely",
        "set",
        "going",
        "due",
        "scheduled",
        "poised",
        "about",
        "unlikely",
        "planning",
        "preparing",
        "hoping",
        "trying",
        "seeking",
    ];
    (plans.contains(&word(tokens, i)) && word(tokens, i + 1) == "to").then_some(i + 2)
}

/// Reads a `{be}` auxiliary at `i` ("is", "was not", "has never been",
/// "is no longer", "remains", "could be"); also `:` in a lead-in.
pub fn be(tokens: &[Token], i: usize, end: usize, colon: bool) -> Option<(AuxInfo, usize)> {
    let mut info = AuxInfo::default();
    if colon && tokens.get(i).is_some_and(|t| t.is_punct(':')) {
        return Some((info, i + 1));
    }
    let mut i = modifiers(tokens, i, end, &mut info);
    if MODALS.contains(&word(tokens, i)) {
        info.hedge = true;
        i = modifiers(tokens, i + 1, end, &mut info);
        if word(tokens, i) == "have" {
            i += 1;
        }
    }
    let w = word(tokens, i);
    i = match w {
        "is" | "are" | "am" | "remains" | "remain" | "stays" | "stay" | "be" | "becomes"
        | "become" => {
            info.plural = matches!(w, "are" | "remain" | "stay" | "become");
            info.change = matches!(w, "becomes" | "become");
            i + 1
        }
        "was" | "were" | "remained" | "stayed" | "became" => {
            info.past = true;
            info.change = w == "became";
            info.plural = matches!(w, "were");
            i + 1
        }
        "has" | "have" | "had" => {
            info.past = w == "had";
            info.plural = w == "have";
            let j = modifiers(tokens, i + 1, end, &mut info);
            if word(tokens, j) != "been" {
                return None;
            }
            j + 1
        }
        "used" if word(tokens, i + 1) == "to" && word(tokens, i + 2) == "be" => {
            info.past = true;
            info.no_longer = true;
            i + 3
        }
        "continues" | "continue" | "continued" | "ceased" | "ceases" | "cease"
            if word(tokens, i + 1) == "to" && word(tokens, i + 2) == "be" =>
        {
            info.past = w.ends_with('d');
            if w.starts_with("cease") {
                info.negative = true;
                info.no_longer = true;
            }
            i + 3
        }
        _ => return None,
    };
    i = modifiers(tokens, i, end, &mut info);
    if let Some(j) = plan(tokens, i) {
        info.hedge = true;
        i = j;
        if word(tokens, i) == "be" {
            i += 1;
        }
    }
    Some((info, i))
}

/// Reads a `{have}` auxiliary ("has", "had", "does not have", "no longer has").
pub fn have(tokens: &[Token], i: usize, end: usize) -> Option<(AuxInfo, usize)> {
    let mut info = AuxInfo::default();
    let mut i = modifiers(tokens, i, end, &mut info);
    if MODALS.contains(&word(tokens, i)) {
        info.hedge = true;
        i = modifiers(tokens, i + 1, end, &mut info);
    }
    let w = word(tokens, i);
    match w {
        "has" | "have" | "had" => {
            info.past = w == "had";
            info.plural = w == "have";
            i += 1;
            if word(tokens, i) == "had" {
                i += 1;
            }
        }
        "does" | "do" | "did" => {
            info.past = w == "did";
            let j = modifiers(tokens, i + 1, end, &mut info);
            if word(tokens, j) != "have" {
                return None;
            }
            i = j + 1;
        }
        _ => return None,
    }
    Some((info, modifiers(tokens, i, end, &mut info)))
}

const IRREGULAR: &[(&str, &str, &str)] = &[
    // (base, past, participle)
    ("leave", "left", "left"),
    ("withdraw", "withdrew", "withdrawn"),
    ("freeze", "froze", "frozen"),
    ("take", "took", "taken"),
    ("send", "sent", "sent"),
    ("lead", "led", "led"),
    ("hold", "held", "held"),
    ("come", "came", "come"),
    ("become", "became", "become"),
    ("quit", "quit", "quit"),
    ("rejoin", "rejoined", "rejoined"),
    ("begin", "began", "begun"),
    ("win", "won", "won"),
    ("choose", "chose", "chosen"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("meet", "met", "met"),
    ("run", "ran", "run"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("keep", "kept", "kept"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("rise", "rose", "risen"),
    ("fall", "fell", "fallen"),
    ("swear", "swore", "sworn"),
    ("strike", "struck", "struck"),
    ("grow", "grew", "grown"),
    ("seek", "sought", "sought"),
    ("stand", "stood", "stood"),
    ("sell", "sold", "sold"),
    ("buy", "bought", "bought"),
    ("overthrow", "overthrew", "overthrown"),
    ("forbid", "forbade", "forbidden"),
    ("undertake", "undertook", "undertaken"),
    ("oversee", "oversaw", "overseen"),
    ("cut", "cut", "cut"),
    ("set", "set", "set"),
    ("put", "put", "put"),
    ("shut", "shut", "shut"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
];

/// Whether `found` is a form of the template's verb `alt` (given as written
/// in the template, usually the past tense) after a helper like "did not".
pub fn verb_form(found: &str, alt: &str) -> bool {
    if found == alt {
        return true;
    }
    // "joining", "leaving", "quitting": the gerund of a fronted "Since joining in 2006,".
    if let Some(stem) = found.strip_suffix("ing").filter(|s| s.len() > 2) {
        let doubled =
            stem.len() > 3 && stem.as_bytes()[stem.len() - 1] == stem.as_bytes()[stem.len() - 2];
        return verb_form(stem, alt)
            || verb_form(&format!("{stem}e"), alt)
            || (doubled && verb_form(&stem[..stem.len() - 1], alt));
    }
    if let Some(&(base, _, participle)) = IRREGULAR.iter().find(|(_, past, _)| *past == alt) {
        let third = [found.strip_suffix("es"), found.strip_suffix('s')].contains(&Some(base));
        return found == base || found == participle || third;
    }
    // The historical present of timelines: "joins", "signs", "withdraws".
    let third = found
        .strip_suffix("es")
        .into_iter()
        .chain(found.strip_suffix('s'))
        .any(|base| base != found && verb_form(base, alt));
    alt.strip_suffix("ed").is_some_and(|b| b == found)
        || alt.strip_suffix('d').is_some_and(|b| b == found)
        || alt
            .strip_suffix("ied")
            .is_some_and(|b| found.strip_suffix('y') == Some(b))
        || alt
            .strip_suffix("ied")
            .is_some_and(|b| found.strip_suffix("ies") == Some(b))
        || (found.len() > 3 && found.ends_with('s') && third)
}

/// Every word [`verb_form`] accepts for `alt`: the pre-filter's vocabulary.
pub fn verb_forms(alt: &str) -> Vec<String> {
    let mut out = vec![alt.to_string()];
    if let Some(&(base, _, participle)) = IRREGULAR.iter().find(|(_, past, _)| *past == alt) {
        out.extend([base.to_string(), participle.to_string()]);
    }
    out.extend(alt.strip_suffix("ed").map(str::to_string));
    out.extend(alt.strip_suffix('d').map(str::to_string));
    out.extend(alt.strip_suffix("ied").map(|b| format!("{b}y")));
    out.extend(alt.strip_suffix("ied").map(|b| format!("{b}ies")));
    // Third person of each base form ("join" → "joins", "withdraw" → "withdraws").
    let bases: Vec<String> = out[1..]
        .iter()
        .filter(|b| !b.ends_with('s'))
        .cloned()
        .collect();
    for base in bases {
        out.push(format!("{base}s"));
        out.push(format!("{base}es"));
        // Gerunds: "joining", "leaving", "quitting".
        out.push(format!("{}ing", base.strip_suffix('e').unwrap_or(&base)));
        if let Some(last) = base.chars().last().filter(|c| !"aeiouwy".contains(*c)) {
            out.push(format!("{base}{last}ing"));
        }
    }
    out
}

pub fn is_past_verb(w: &str) -> bool {
    static PAST: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| IRREGULAR.iter().map(|(_, past, _)| *past).collect());
    w.ends_with("ed") || PAST.contains(w)
}

/// A helper before a verb: "did not", "never", "has", "has not", "may", "plans to".
pub fn verb_helper(tokens: &[Token], i: usize, end: usize) -> (AuxInfo, usize) {
    let mut info = AuxInfo::default();
    let mut j = modifiers(tokens, i, end, &mut info);
    let w = word(tokens, j);
    if MODALS.contains(&w) {
        info.hedge = true;
        j = modifiers(tokens, j + 1, end, &mut info);
    } else if matches!(w, "did" | "does" | "do" | "has" | "have" | "had") {
        info.past = matches!(w, "did" | "had");
        info.perfect = matches!(w, "has" | "have");
        j = modifiers(tokens, j + 1, end, &mut info);
    } else if let Some(k) = plan(tokens, j) {
        info.hedge = true;
        j = k;
    } else if matches!(
        w,
        "plans"
            | "wants"
            | "hopes"
            | "seeks"
            | "intends"
            | "aims"
            | "threatened"
            | "threatens"
            | "refused"
            | "declined"
            | "failed"
    ) && word(tokens, j + 1) == "to"
    {
        let not = matches!(w, "refused" | "declined" | "failed");
        info.hedge = !not;
        info.negative |= not;
        j += 2;
    }
    (info, j)
}

/// A time expression at `i` ("in 2010", "since 2012", "from 2006 to 2012",
/// "between 2006 and 2012", "(2018-2021)"), resolved and with its end.
pub fn time(tokens: &[Token], i: usize, end: usize) -> Option<(When, usize)> {
    let date = |j: usize| match tokens.get(j).filter(|_| j < end).map(|t| &t.tok) {
        Some(Tok::Date(d)) => Some(*d),
        _ => None,
    };
    // The second end of a range: "to 2012", "– 2012", "and 2012".
    let tail = |j: usize, words: &[&str]| -> Option<(crate::date::PartialDate, usize)> {
        let t = tokens.get(j).filter(|_| j < end)?;
        let joins = t.word().is_some_and(|w| words.contains(&w))
            || t.is_punct('–')
            || t.is_punct('-')
            || t.is_punct('—');
        if !joins {
            return None;
        }
        date(j + 1).map(|d| (d, j + 2))
    };
    let range_or =
        |j: usize, single: fn(crate::date::PartialDate) -> When| -> Option<(When, usize)> {
            let d = date(j)?;
            match tail(j + 1, &["to", "until", "till", "through", "and"]) {
                Some((e, k)) => Some((When::Between(d, e), k)),
                None => Some((single(d), j + 1)),
            }
        };
    let w = word(tokens, i);
    let mut j = i + 1;
    if matches!(word(tokens, j), "early" | "mid" | "late" | "the") {
        j += 1;
        if tokens.get(j).is_some_and(|t| t.is_punct('-')) {
            j += 1;
        }
    }
    match w {
        "in" | "during" | "on" | "by" | "throughout" | "around" | "circa" | "at" => {
            range_or(j, When::At)
        }
        "as" if word(tokens, i + 1) == "of" => range_or(i + 2, When::At),
        "since" | "after" => date(j).map(|d| (When::Since(d), j + 1)),
        "until" | "till" | "through" | "before" | "to" => date(j).map(|d| (When::Until(d), j + 1)),
        "from" => range_or(j, When::Since),
        "between" => {
            let d = date(j)?;
            let (e, k) = tail(j + 1, &["and"])?;
            Some((When::Between(d, e), k))
        }
        _ if tokens.get(i).is_some_and(|t| t.is_punct('(')) => {
            let (when, k) = range_or(i + 1, When::At)?;
            tokens.get(k).filter(|t| t.is_punct(')'))?;
            Some((when, k + 1))
        }
        _ => {
            let d = date(i)?;
            let (e, k) = tail(i + 1, &["to"])?;
            Some((When::Between(d, e), k))
        }
    }
}

/// A quantity at `i`: "about 18,000", "over 17,000", "17,000–22,000",
/// "approximately seventeen thousand to twenty-two thousand".
pub fn quantity(tokens: &[Token], i: usize, end: usize) -> Option<(Quantity, usize)> {
    let mut approx = Approximation::Exact;
    let mut j = i;
    let two = |a: &str, b: &str| word(tokens, j) == a && word(tokens, j + 1) == b;
    if two("more", "than") || two("in", "excess") || two("at", "least") || two("upwards", "of") {
        approx = Approximation::Over;
        j += 2;
    } else if two("up", "to") || two("fewer", "than") || two("less", "than") || two("at", "most") {
        approx = Approximation::Under;
        j += 2;
    } else if two("an", "estimated") {
        approx = Approximation::About;
        j += 2;
    } else {
        match word(tokens, j) {
            "about" | "around" | "approximately" | "roughly" | "some" | "nearly" | "almost"
            | "circa" | "c" | "approx" | "estimated" => {
                approx = Approximation::About;
                j += 1;
            }
            "over" | "above" => {
                approx = Approximation::Over;
                j += 1;
            }
            "under" | "below" => {
                approx = Approximation::Under;
                j += 1;
            }
            "between" | "from" => j += 1,
            _ => {}
        }
        if tokens.get(j).is_some_and(|t| t.is_punct('~')) {
            approx = Approximation::About;
            j += 1;
        }
    }
    let number = |k: usize| match tokens.get(k).filter(|_| k < end).map(|t| &t.tok) {
        Some(Tok::Number { value, .. }) => Some(*value),
        Some(Tok::Date(d)) if d.month == 0 => Some(d.year as f64),
        _ => None,
    };
    let amount = number(j)?;
    let mut next = j + 1;
    let mut upper = None;
    if let Some(t) = tokens.get(next).filter(|_| next < end) {
        let joins = t.word().is_some_and(|w| matches!(w, "to" | "and"))
            || t.is_punct('–')
            || t.is_punct('-')
            || t.is_punct('—');
        if joins
            && let Some(u) = number(next + 1)
            && u > amount
        {
            upper = Some(u);
            next += 2;
        }
    }
    // "40%", "40 percent", "40 per cent": the sign or words are the figure's unit.
    let sign = tokens
        .get(next)
        .is_some_and(|t| next < end && t.is_punct('%'));
    if sign || matches!(word(tokens, next), "percent" | "pc") {
        next += 1;
    } else if word(tokens, next) == "per" && word(tokens, next + 1) == "cent" {
        next += 2;
    }
    let quantity = Quantity {
        approx,
        amount,
        upper,
        unit: "".into(),
    };
    Some((quantity, next.min(end)))
}

/// Whether a word can begin a quantity ("about 18,000", "up to", "more than").
pub fn starts_quantity(w: &str) -> bool {
    matches!(
        w,
        "about"
            | "around"
            | "approximately"
            | "roughly"
            | "some"
            | "nearly"
            | "almost"
            | "circa"
            | "c"
            | "approx"
            | "estimated"
            | "over"
            | "above"
            | "under"
            | "below"
            | "between"
            | "from"
            | "more"
            | "fewer"
            | "less"
            | "at"
            | "up"
            | "in"
            | "upwards"
            | "an"
    )
}

/// The numbers a quantity may mean: a range ±5 % when approximate, open when "over".
pub fn quantity_bounds(q: &Quantity) -> (f64, f64) {
    let hi = q.upper.unwrap_or(q.amount);
    match q.approx {
        Approximation::Exact => (q.amount, hi),
        Approximation::About => (q.amount * 0.95, hi * 1.05),
        Approximation::Over => (q.amount, f64::INFINITY),
        Approximation::Under => (0.0, hi),
    }
}

/// Whether two quantities can describe the same number. Two single numbers
/// agree within 10 % when either is approximate, exactly otherwise; ranges
/// and bounds agree when they overlap.
pub fn quantities_agree(a: &Quantity, b: &Quantity) -> bool {
    let point = |q: &Quantity| {
        q.upper.is_none() && matches!(q.approx, Approximation::Exact | Approximation::About)
    };
    if point(a) && point(b) {
        let exact = a.approx == Approximation::Exact && b.approx == Approximation::Exact;
        let tolerance = if exact { 0.0 } else { 0.1 };
        return (a.amount - b.amount).abs() <= tolerance * a.amount.abs().min(b.amount.abs());
    }
    let (alo, ahi) = quantity_bounds(a);
    let (blo, bhi) = quantity_bounds(b);
    alo <= bhi && blo <= ahi
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::lex::tokens;

    fn aux(text: &str) -> Option<(AuxInfo, usize)> {
        let t = tokens(text, &[]);
        be(&t, 0, t.len(), false)
    }

    #[test]
    fn be_reads_tense_negation_and_hedges() {
        let (a, n) = aux("is no longer a member").unwrap();
        assert!(a.negative && a.no_longer && !a.past && n == 3);
        let (a, _) = aux("has never been").unwrap();
        assert!(a.never && !a.past);
        let (a, _) = aux("were not").unwrap();
        assert!(a.past && a.negative && a.plural);
        assert!(aux("could be").unwrap().0.hedge);
        assert!(aux("is expected to be").unwrap().0.hedge);
        assert!(aux("used to be").unwrap().0.no_longer);
        assert!(aux("isn't").unwrap().0.negative);
        assert!(aux("joined").is_none());
    }

    #[test]
    fn times_and_quantities() {
        let t = tokens(
            "from 2006 to 2012 (2018-2021) since March 2012 seventeen",
            &[],
        );
        let (w, n) = time(&t, 0, t.len()).unwrap();
        assert_eq!(
            format!("{w:?}"),
            "Between(PartialDate { year: 2006, month: 0, day: 0 }, PartialDate { year: 2012, month: 0, day: 0 })"
        );
        let (w, n) = time(&t, n, t.len()).unwrap();
        assert!(matches!(w, When::Between(a, b) if a.year == 2018 && b.year == 2021));
        let (w, _) = time(&t, n, t.len()).unwrap();
        assert!(matches!(w, When::Since(d) if d.month == 3));
        let t = tokens(
            "approximately seventeen thousand to twenty-two thousand personnel",
            &[],
        );
        let (q, n) = quantity(&t, 0, t.len()).unwrap();
        assert_eq!(
            (q.amount, q.upper, q.approx, n),
            (17000.0, Some(22000.0), Approximation::About, 4)
        );
        let about = |amount| Quantity {
            approx: Approximation::About,
            amount,
            upper: None,
            unit: "".into(),
        };
        let exact = |amount| Quantity {
            approx: Approximation::Exact,
            amount,
            upper: None,
            unit: "".into(),
        };
        assert!(quantities_agree(&exact(19000.0), &about(18000.0)));
        assert!(!quantities_agree(&exact(20000.0), &about(18000.0)));
        assert!(quantities_agree(&q, &about(18000.0)));
        // Scales in words and suffixes, and percentages with their sign or words.
        for (text, amount, len) in [
            ("2.7 billion people", 2.7e9, 1),
            ("1.5m barrels", 1.5e6, 1),
            ("3bn euros", 3e9, 1),
            ("40% of output", 40.0, 2),
            ("60 per cent of output", 60.0, 3),
            ("60 percent of output", 60.0, 2),
            ("5 m of rain", 5.0, 1),
        ] {
            let t = tokens(text, &[]);
            let (q, n) = quantity(&t, 0, t.len()).unwrap();
            assert_eq!((q.amount, n), (amount, len), "{text}");
        }
    }

    #[test]
    fn verb_forms() {
        assert!(
            verb_form("join", "joined")
                && verb_form("leave", "left")
                && verb_form("withdrawn", "withdrew")
        );
        assert!(!verb_form("joins", "left"));
        // The historical present of irregular verbs ("- 2016 – X leaves Y").
        assert!(verb_form("leaves", "left") && verb_form("withdraws", "withdrew"));
        assert!(super::verb_forms("left").contains(&"leaves".to_string()));
        assert!(!verb_form("lefts", "withdrew"));
        assert!(verb_form("joining", "joined") && verb_form("leaving", "left"));
        assert!(verb_form("quitting", "quit") && !verb_form("joining", "left"));
        assert!(super::verb_forms("left").contains(&"leaving".to_string()));
    }
}
