//! Says claims and facts in plain English, from a relation's own phrasings.
//!
//! A relation is written the way its first `holds` phrasing says it (one with `{be}` when it
//! has one): "{subject} {be} a? member of {value}" gives "Uzbekistan was a member of the
//! CSTO". Only generic English lives here: tense and negation of `{be}` and `{have}`,
//! articles, possessives, and how a note's own text writes a name.

use crate::date::{PartialDate, Precision, Validity};
use crate::facts::FactBase;
use crate::facts::model::{
    Approximation, Aspect, EntityId, Quantity, Relation, RelationId, Statement, Value,
};
use crate::facts::template::{Part, Slot};
use jiff::civil::Date;

/// The tense of `{be}` / `{have}` ("is", "was", "has been").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// "is", "has".
    Present,
    /// "was", "had".
    Past,
    /// "has been".
    Perfect,
}

/// Whether a clause is said, denied, or denied at every time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polarity {
    /// Said.
    Yes,
    /// Denied.
    Not,
    /// Denied at every time ("never").
    Never,
}

/// Multi-word names ending in one of these nouns take "the" ("the United Nations", "the
/// Collective Security Treaty"); other names are written bare unless the note writes "the".
const INSTITUTION_NOUNS: &[&str] = &[
    "agency",
    "alliance",
    "assembly",
    "bank",
    "charter",
    "command",
    "commission",
    "committee",
    "community",
    "conference",
    "convention",
    "council",
    "court",
    "emirates",
    "federation",
    "force",
    "forces",
    "fund",
    "islands",
    "kingdom",
    "league",
    "mission",
    "nations",
    "netherlands",
    "office",
    "organisation",
    "organization",
    "pact",
    "parliament",
    "partnership",
    "protocol",
    "republic",
    "secretariat",
    "see",
    "staff",
    "states",
    "treaty",
    "union",
];

/// Words a proper name may contain in lowercase ("Bosnia and Herzegovina").
const FUNCTION_WORDS: &[&str] = &["of", "and", "the", "for", "de", "da", "du", "la", "le", "y"];

/// Plain English about a fact base's statements.
pub struct Say<'a> {
    /// The base.
    pub base: &'a FactBase,
    /// The text the claim was read from: how it writes a name ("the CSTO") is kept.
    pub text: &'a str,
}

impl Say<'_> {
    /// An entity's short name (its acronym when the label is long), with "the" when due.
    pub fn name(&self, e: EntityId) -> String {
        let entity = self.base.entity_of(e);
        let long = entity.label.split_whitespace().count() >= 3;
        let acronym = entity
            .aliases
            .iter()
            .find(|a| a.len() >= 2 && a.chars().all(|c| c.is_ascii_uppercase()));
        let shown: &str = match acronym {
            Some(a) if long => a,
            _ => &entity.label,
        };
        if &*entity.kind == "person" || !self.takes_the(shown, &entity.label) {
            return shown.to_string();
        }
        format!("the {shown}")
    }

    /// Whether `shown` (an entity's name, perhaps the acronym of `label`) takes "the": as
    /// the note writes it, else when it names an institution ("the United Nations") or is an
    /// initialism of one ("the CSTO", but "NATO", read as a word).
    fn takes_the(&self, shown: &str, label: &str) -> bool {
        let in_text = written_with_the(self.text, shown);
        let institution = |name: &str| {
            // "CSTO mission in Kazakhstan (January 2022)": the parenthesis says which one.
            let name = name.split(" (").next().unwrap_or(name);
            let words: Vec<&str> = name.split_whitespace().collect();
            let noun = |w: &str| INSTITUTION_NOUNS.contains(&&*w.to_ascii_lowercase());
            // A lowercase word that is not a function word makes the name a description.
            let described = words
                .iter()
                .any(|w| w.starts_with(|c: char| c.is_lowercase()) && !FUNCTION_WORDS.contains(w));
            let headed = words.len() > 2 && noun(words[0]) && words[1] == "of";
            described || headed || (words.len() > 1 && words.last().is_some_and(|w| noun(w)))
        };
        let acronym = shown.len() >= 2 && shown.chars().all(|c| c.is_ascii_uppercase());
        in_text
            || (acronym && !read_as_word(shown) && institution(label))
            || (!acronym && institution(shown))
    }

    /// A value as a clause writes it.
    pub fn value(&self, v: &Value) -> String {
        match v {
            Value::Entity(e) => self.name(*e),
            Value::Date(d) => d.to_string(),
            Value::Quantity(q) => quantity_text(q, false),
            Value::Text(t) => t.to_string(),
        }
    }

    /// "Uzbekistan was a member of the CSTO", "Zas is not the Secretary General of the CSTO".
    pub fn clause(
        &self,
        (subject, relation, value): (&str, RelationId, &str),
        tense: Tense,
        polarity: Polarity,
    ) -> String {
        let r = self.base.relation_of(relation);
        let Some(parts) = plain_phrase(r) else {
            let be = be(tense, polarity, false);
            return format!("{subject} {be} {} {value}", r.label);
        };
        let has_aux = parts
            .iter()
            .any(|p| matches!(p, Part::Slot(Slot::Be | Slot::Have)));
        let day_value = value.len() == 10 && value.as_bytes()[4] == b'-';
        let mut words: Vec<String> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let next_is_value = matches!(parts.get(i + 1), Some(Part::Slot(Slot::Value)));
            match part {
                Part::Slot(Slot::Subject) => {
                    words.push(subject.to_string());
                    // "X membership in Y is suspended": a noun after the name makes it X's.
                    if matches!(parts.get(i + 1), Some(Part::Words { .. })) && has_aux {
                        let before_aux = parts[i + 1..]
                            .iter()
                            .take_while(|p| !matches!(p, Part::Slot(Slot::Be | Slot::Have)))
                            .all(|p| !matches!(p, Part::Slot(_)) || p == &Part::Slot(Slot::Value));
                        if before_aux && !subject.ends_with('s') {
                            words.last_mut().expect("pushed").push_str("'s");
                        } else if before_aux {
                            words.last_mut().expect("pushed").push('\'');
                        }
                    }
                    if !has_aux && polarity != Polarity::Yes {
                        words.push("never".into());
                    }
                }
                Part::Slot(Slot::Value) => words.push(value.to_string()),
                Part::Slot(Slot::Be) => {
                    let plural = words.last().is_some_and(|w| is_plural_noun(w));
                    words.push(be(tense, polarity, plural));
                }
                Part::Slot(Slot::Have) => words.push(have(tense, polarity)),
                Part::Slot(_) => {}
                Part::Words {
                    alternatives,
                    optional,
                } => {
                    let first = &*alternatives[0];
                    if *optional && !matches!(first, "a" | "an" | "the") {
                        continue;
                    }
                    let on =
                        day_value && next_is_value && alternatives.iter().any(|a| &**a == "on");
                    words.push(if on { "on".into() } else { first.to_string() });
                }
            }
        }
        articles(&mut words);
        words.join(" ")
    }

    /// A statement as a sentence with its time: "Armenia has been a member of the CSTO since
    /// 2002-10-07", "Uzbekistan was a member of the CSTO from 2006-08-16 to 2012-12-18".
    pub fn fact(&self, s: &Statement, as_of: Date) -> String {
        let ends = (self.name(s.subject), s.relation, self.value(&s.value));
        let triple = (ends.0.as_str(), ends.1, ends.2.as_str());
        match s.validity {
            Validity::Always if matches!(s.value, Value::Date(_)) => {
                self.clause(triple, Tense::Past, Polarity::Yes)
            }
            Validity::Always => self.clause(triple, Tense::Present, Polarity::Yes),
            Validity::Point(p) => {
                let clause = self.clause(triple, Tense::Past, Polarity::Yes);
                format!("{clause} {}", on(p))
            }
            Validity::Interval { from, until } => {
                let ongoing = until.is_none_or(|u| u.latest() >= as_of);
                let tense = match (ongoing, from) {
                    (true, Some(_)) => Tense::Perfect,
                    (true, None) => Tense::Present,
                    (false, _) => Tense::Past,
                };
                let clause = self.clause(triple, tense, Polarity::Yes);
                match (from, until) {
                    (Some(f), Some(u)) if !ongoing => format!("{clause} from {f} to {u}"),
                    (Some(f), Some(u)) => format!("{clause} since {f} (until {u})"),
                    (Some(f), None) => format!("{clause} since {f}"),
                    (None, Some(u)) => format!("{clause} until {u}"),
                    (None, None) => clause,
                }
            }
        }
    }

    /// Other relations between the same two ends that hold on `day` (a frozen
    /// participation beside a membership): what explains the state a claim is about, told
    /// as of `as_of`.
    pub fn related(
        &self,
        (subject, relation, value): (EntityId, RelationId, EntityId),
        day: Date,
        as_of: Date,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (i, _) in self.base.relations.iter().enumerate() {
            let other = RelationId(i as u32);
            if other == relation {
                continue;
            }
            for &s in self.base.statements_about(subject, other) {
                let st = self.base.statement_of(s);
                let counts = !st.is_deprecated() && !st.unconfirmed;
                if counts && st.value == Value::Entity(value) && st.validity.holds_on(day) {
                    out.push(self.fact(st, as_of));
                }
            }
        }
        out
    }
}

/// Whether `text` writes "the NAME" with NAME whole (not "the Tashkent Treaty" for Tashkent).
fn written_with_the(text: &str, name: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let wanted = format!("the {}", name.to_ascii_lowercase());
    lower.match_indices(&wanted).any(|(at, _)| {
        let rest = &text[at + wanted.len()..];
        let starts_word = at == 0 || !text[..at].ends_with(|c: char| c.is_alphanumeric());
        let ends_word = !rest.starts_with(|c: char| c.is_alphanumeric());
        let longer_name = rest
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()));
        starts_word && ends_word && !longer_name
    })
}

/// Whether an acronym is read as a word ("NATO", "OPEC") rather than letter by letter
/// ("CSTO", "EU"): four letters or more, never two consonants or three vowels in a row.
fn read_as_word(acronym: &str) -> bool {
    let vowel = |c: u8| b"AEIOU".contains(&c);
    let b = acronym.as_bytes();
    let clustered = b.windows(2).any(|w| !vowel(w[0]) && !vowel(w[1]));
    let vowels = b.windows(3).any(|w| w.iter().all(|&c| vowel(c)));
    b.len() >= 4 && !clustered && !vowels
}

/// The relation's first `holds` phrasing with both names and no count, one with `{be}` or
/// `{have}` first.
fn plain_phrase(r: &Relation) -> Option<&[Part]> {
    let candidates = r.phrases.iter().filter(|p| {
        let parts = &p.template.parts;
        p.aspect == Aspect::Holds
            && !p.unnamed
            && parts.contains(&Part::Slot(Slot::Subject))
            && parts.contains(&Part::Slot(Slot::Value))
            && !parts.contains(&Part::Slot(Slot::Count))
    });
    let with_aux = |p: &&crate::facts::model::Phrase| {
        p.template
            .parts
            .iter()
            .any(|x| matches!(x, Part::Slot(Slot::Be | Slot::Have)))
    };
    // A date is an event's ("was founded in", "entered into force on"): the first phrasing
    // says it best; a state reads best with its copula ("is a member of").
    let dated = matches!(r.value, crate::facts::model::ValueType::Date);
    let mut all = candidates.clone();
    let preferred = if dated {
        None
    } else {
        candidates.clone().find(with_aux)
    };
    preferred
        .or_else(|| all.next())
        .map(|p| p.template.parts.as_slice())
}

fn be(tense: Tense, polarity: Polarity, plural: bool) -> String {
    let base = match (tense, plural) {
        (Tense::Present, false) => "is",
        (Tense::Present, true) => "are",
        (Tense::Past, false) => "was",
        (Tense::Past, true) => "were",
        (Tense::Perfect, false) => "has been",
        (Tense::Perfect, true) => "have been",
    };
    match polarity {
        Polarity::Yes => base.into(),
        Polarity::Not => match base.split_once(' ') {
            Some((aux, rest)) => format!("{aux} not {rest}"),
            None => format!("{base} not"),
        },
        Polarity::Never => match tense {
            Tense::Perfect => "has never been".into(),
            _ => format!("{} never", if plural { "were" } else { "was" }),
        },
    }
}

fn have(tense: Tense, polarity: Polarity) -> String {
    match (tense, polarity) {
        (Tense::Present, Polarity::Yes) => "has",
        (Tense::Past, Polarity::Yes) => "had",
        (Tense::Perfect, Polarity::Yes) => "has had",
        (Tense::Present, Polarity::Not) => "does not have",
        (_, Polarity::Not) => "did not have",
        (_, Polarity::Never) => "never had",
    }
    .into()
}

/// "troops", "forces": a plural noun before `{be}` (not "headquarters"-like names or
/// "status").
fn is_plural_noun(word: &str) -> bool {
    word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && !word.contains('\'')
        && word.chars().all(|c| c.is_ascii_lowercase())
}

/// "a" before a vowel becomes "an"; "the the" never happens.
fn articles(words: &mut [String]) {
    for i in 0..words.len().saturating_sub(1) {
        let next = words[i + 1].to_ascii_lowercase();
        let vowel = next.starts_with(['a', 'e', 'i', 'o', 'u']);
        if words[i] == "a" && vowel {
            words[i] = "an".into();
        }
        if words[i] == "the" && next.starts_with("the ") {
            words[i].clear();
        }
    }
}

/// "on 2002-10-07", "in 2002", "in 2022-01".
fn on(d: PartialDate) -> String {
    match d.precision() {
        Precision::Day => format!("on {d}"),
        _ => format!("in {d}"),
    }
}

/// The first day after `d` ends, at `d`'s precision: where an `until` stops holding.
pub fn after(d: PartialDate) -> PartialDate {
    match d.latest().tomorrow() {
        Ok(next) => {
            let day = PartialDate::from_date(next);
            match d.precision() {
                Precision::Day => day,
                p => day.at_precision(p),
            }
        }
        Err(_) => d,
    }
}

/// The sentence with its first letter capitalised.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn group(n: f64) -> String {
    let digits = format!("{}", n.round() as i64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A quantity as prose: "about 2,500", "3,000–3,600 troops" (with its unit when `unit`).
pub fn quantity_text(q: &Quantity, unit: bool) -> String {
    let approx = match q.approx {
        Approximation::Exact => "",
        Approximation::About => "about ",
        Approximation::Over => "over ",
        Approximation::Under => "up to ",
    };
    let upper = q
        .upper
        .map(|u| format!("–{}", group(u)))
        .unwrap_or_default();
    let unit = if unit && !q.unit.is_empty() {
        format!(" {}", q.unit)
    } else {
        String::new()
    };
    format!("{approx}{}{upper}{unit}", group(q.amount))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{LoadOptions, load_embedded};

    #[test]
    fn initialisms_take_the_and_words_do_not() {
        for (acronym, word) in [
            ("NATO", true),
            ("OPEC", true),
            ("ASEAN", true),
            ("CSTO", false),
            ("EU", false),
            ("OSCE", false),
            ("EAEU", false),
        ] {
            assert_eq!(read_as_word(acronym), word, "{acronym}");
        }
        assert!(written_with_the("Leaders of the CSTO met.", "CSTO"));
        assert!(!written_with_the(
            "signed as the Tashkent Treaty",
            "Tashkent"
        ));
        assert!(!written_with_the("bathe CSTO", "CSTO"));
    }

    #[test]
    fn relations_are_said_from_their_phrasings() {
        let base = load_embedded(&LoadOptions::default()).base;
        let say = Say {
            base: &base,
            text: "",
        };
        let r = |id: &str| base.relation(id).unwrap();
        let e = |id: &str| say.name(base.entity(id).unwrap());
        let cases = [
            (
                ("uzbekistan", "member_of", "csto"),
                Tense::Perfect,
                Polarity::Not,
                "Uzbekistan has not been a member of the CSTO",
            ),
            (
                ("georgia", "member_of", "csto"),
                Tense::Past,
                Polarity::Never,
                "Georgia was never a member of the CSTO",
            ),
            (
                ("iran", "observer_at", "csto"),
                Tense::Present,
                Polarity::Yes,
                "Iran is an observer at the CSTO",
            ),
            (
                ("armenia", "participation_frozen", "csto"),
                Tense::Perfect,
                Polarity::Yes,
                "Armenia's participation in the CSTO has been frozen",
            ),
            (
                ("csto", "deployed_to", "syria"),
                Tense::Past,
                Polarity::Never,
                "the CSTO's troops were never stationed in Syria",
            ),
        ];
        for ((subject, relation, value), tense, polarity, expected) in cases {
            let said = say.clause((&e(subject), r(relation), &e(value)), tense, polarity);
            assert_eq!(said, expected);
        }
        let founded = say.clause(
            (&e("csto"), r("founded"), "2002-10-07"),
            Tense::Past,
            Polarity::Yes,
        );
        assert_eq!(founded, "the CSTO was founded on 2002-10-07");
        assert_eq!(e("zas"), "Stanislav Zas", "a person takes no article");
        assert_eq!(
            e("kz_mission"),
            "the CSTO mission in Kazakhstan (January 2022)"
        );
        for (name, the) in [
            ("Republic of Korea", true),
            ("United Nations", true),
            ("North Macedonia", false),
            ("Bosnia and Herzegovina", false),
            ("Kazakhstan", false),
        ] {
            assert_eq!(say.takes_the(name, name), the, "{name}");
        }
    }

    #[test]
    fn the_day_after_an_until_keeps_its_precision() {
        let p = |s: &str| PartialDate::parse(s).unwrap();
        assert_eq!(after(p("2012-12-18")), p("2012-12-19"));
        assert_eq!(after(p("1999")), p("2000"));
        assert_eq!(after(p("2021-08")), p("2021-09"));
    }
}
