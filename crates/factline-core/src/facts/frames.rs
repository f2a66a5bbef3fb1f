//! Relation frames: the phrasings a relation's `role` and `verb` declarations stand for.
//!
//! `role value "secretary-general"` says the value is the subject's secretary-general.
//! From one noun come the ways English says it: the copula ("X is the R of Y", "X is the
//! Y R", "Y's R is X", "R of Y: X"), "X serves as R", a start ("X became R", "X took over
//! as R", "X was appointed R" for each `verb starts` word), an end ("X stepped down as R"
//! for each `verb ends` word) and, for one holder at a time, succession ("X succeeded Z as
//! R", "X took over the R from Z": a start for X, an end for Z). `role subject "member"`
//! adds counts ("Y has six members", "the bloc's six members", "Members: 6") and lists
//! ("Y's members include X"). A noun's last word also matches its plural; a hyphenated
//! noun also matches with a space.
//!
//! A subject role also gives the nouns of joining and leaving ("X's accession to Y", "the
//! withdrawal of X from Y"), and a one-holder role succession without its noun ("X
//! succeeded Z", kept only when X or Z is a known holder).
//!
//! Generic English only: every word a frame adds is closed-class, a verb of holding or
//! a noun of joining or leaving.

use super::model::{Aspect, Phrase, Relation};
use super::template::Template;

const ARTICLE: &str = "a|an|the?";
const OF: &str = "of|in|at|to|for";

/// The phrasings `relation`'s roles and verbs stand for.
pub fn derive(relation: &Relation) -> Vec<Phrase> {
    let mut out = Vec::new();
    // Roles' nouns and verbs are plain words (checked by the loader): frames always parse.
    let mut add = |aspect: Aspect, text: &str, span, unnamed: bool| {
        if let Ok(template) = Template::parse(text, aspect) {
            out.push(Phrase {
                aspect,
                template,
                span,
                unnamed,
            });
        }
    };
    if let Some(role) = relation.roles.iter().find(|r| !r.value_side) {
        // A noun of joining or leaving: "X's accession to Y", "the exit of X from Y".
        let nominal = [
            (Aspect::Starts, "accession|admission|entry", "to|into"),
            (Aspect::Ends, "withdrawal|exit|departure|expulsion", "from"),
        ];
        for (aspect, nouns, prepositions) in nominal {
            add(
                aspect,
                &format!("{{subject}} {nouns} {prepositions} {{value}}"),
                role.span,
                false,
            );
            add(
                aspect,
                &format!("{nouns} of {{subject}} {prepositions} {{value}}"),
                role.span,
                false,
            );
        }
        // A subject role's verbs also say it without the noun: "X was admitted to Y",
        // "X, admitted in 1949," (the topic left out), "X was expelled from Y".
        let passive = [
            (Aspect::Starts, "to|into|in|by"),
            (Aspect::Ends, "from|by|in"),
        ];
        for (aspect, prepositions) in passive {
            for verb in verbs(relation, aspect) {
                let text = format!("{{subject}} {{be}} {verb} {prepositions} {{value}}");
                add(aspect, &text, role.span, false);
            }
        }
    }
    for role in &relation.roles {
        let (holder, other_end) = match role.value_side {
            true => ("{value}", "{subject}"),
            false => ("{subject}", "{value}"),
        };
        for noun in patterns(&role.nouns) {
            let frames = Frames {
                h: holder,
                o: other_end,
                n: &noun,
            };
            let mut templates = frames.holds();
            templates.extend(frames.starts(relation));
            templates.extend(frames.ends(relation));
            if role.value_side && relation.functional {
                templates.extend(frames.succession());
            }
            if !role.value_side {
                templates.extend(frames.counts());
            }
            for (aspect, text) in templates {
                add(aspect, &text, role.span, false);
            }
        }
    }
    let holder_role = relation.roles.iter().find(|r| r.value_side);
    if let Some(role) = holder_role.filter(|_| relation.functional) {
        // "X succeeded Z (at Y)", "Z was replaced by X": the role left out.
        for text in UNNAMED_SUCCESSION {
            add(Aspect::Starts, text, role.span, true);
        }
    }
    out
}

/// Succession without the role's noun; the topic, or "at Y", is the subject.
const UNNAMED_SUCCESSION: &[&str] = &[
    "{value} succeeded|succeeds|replaced|replaces {other} at|in? {subject}",
    "{value} took|takes over from {other} at|in? {subject}",
    "{other} {be} succeeded|replaced by {value} at|in? {subject}",
    "{value} took|takes|assumed|assumes office at|in? {subject}",
    "{other} handed|hands over to {value} at|in? {subject}",
];

/// The role's nouns as few templates as possible (see [`group`]).
fn patterns(nouns: &[Box<str>]) -> Vec<String> {
    group(nouns.iter().flat_map(|n| spellings(n)))
}

/// Phrases of the same length in words as one template, word by word ("member state",
/// "member country" → `member state|country`), which keeps the phrasings a sentence is
/// tried against few. Same-length phrases of one role or aspect may so combine
/// ("observer country"): they are all words for the same thing.
fn group(phrases: impl Iterator<Item = String>) -> Vec<String> {
    let mut by_length: Vec<Vec<Vec<String>>> = Vec::new();
    for phrase in phrases {
        let words: Vec<&str> = phrase.split(' ').collect();
        if by_length.len() < words.len() {
            by_length.resize(words.len(), Vec::new());
        }
        let slots = &mut by_length[words.len() - 1];
        slots.resize(words.len(), Vec::new());
        for (slot, word) in slots.iter_mut().zip(words) {
            for alternative in word.split('|') {
                if !slot.iter().any(|a| a == alternative) {
                    slot.push(alternative.to_string());
                }
            }
        }
    }
    by_length
        .into_iter()
        .filter(|slots| !slots.is_empty())
        .map(|slots| {
            let parts: Vec<String> = slots.iter().map(|a| a.join("|")).collect();
            parts.join(" ")
        })
        .collect()
}

/// A noun as a template: its last word with its plural; hyphen and space variants.
fn spellings(noun: &str) -> Vec<String> {
    let mut variants = vec![noun.to_string()];
    if noun.contains('-') {
        variants.push(noun.replace('-', " "));
    }
    variants
        .into_iter()
        .map(|v| {
            let mut words: Vec<String> = v.split(' ').map(str::to_string).collect();
            // "general" after a noun is an adjective: the noun takes the plural
            // ("secretaries-general", "attorneys general").
            let n = words.len();
            if n >= 2 && words[n - 1] == "general" {
                words[n - 2] = format!("{}|{}", words[n - 2], plural(&words[n - 2]));
            }
            if let Some(last) = words.last_mut() {
                let before_general = last.strip_suffix("-general").filter(|h| !h.is_empty());
                let head = before_general.map(|h| format!("|{}-general", plural(h)));
                *last = format!("{last}|{}{}", plural(last), head.unwrap_or_default());
            }
            words.join(" ")
        })
        .collect()
}

fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    if word.ends_with(['s', 'x']) || word.ends_with("ch") || word.ends_with("sh") {
        return format!("{word}es");
    }
    format!("{word}s")
}

struct Frames<'a> {
    /// The holder's slot, the other end's slot, the noun's template words.
    h: &'a str,
    o: &'a str,
    n: &'a str,
}

impl Frames<'_> {
    fn holds(&self) -> Vec<(Aspect, String)> {
        let Frames { h, o, n } = *self;
        let serve = "serves|served|serve|acts|acted|act as";
        [
            format!("{h} {{be}} {ARTICLE} {n} {OF} {o}"),
            format!("{h} {{be}} {ARTICLE} {o} {n}"),
            format!("{o} {n} {{be}} {h}"),
            format!("{n} {OF} {o} {{be}} {h}"),
            format!("{h} {serve} {ARTICLE} {n} {OF} {o}"),
            format!("{h} {serve} {ARTICLE} {o} {n}"),
            // "X is among the members of Y", "X is one of Y's members".
            format!("{h} {{be}} among|one of? the? {n} {OF} {o}"),
            format!("{h} {{be}} among|one of? the? {o} {n}"),
        ]
        .into_iter()
        .map(|t| (Aspect::Holds, t))
        .collect()
    }

    fn starts(&self, relation: &Relation) -> Vec<(Aspect, String)> {
        let Frames { h, o, n } = *self;
        let pass = "passed|passes|went|goes|fell|falls|rotated|rotates";
        let mut out = vec![
            format!("{h} became|becomes|become {ARTICLE} {n} {OF} {o}"),
            format!("{h} became|becomes|become {ARTICLE} {o} {n}"),
            format!("{h} took|takes|take over as {ARTICLE} {n} {OF} {o}"),
            // "The chairmanship passed to Russia in 2026".
            format!("{ARTICLE} {n} {pass} to {h} {OF} {o}"),
            format!("{ARTICLE} {o} {n} {pass} to {h}"),
        ];
        for verb in verbs(relation, Aspect::Starts) {
            out.push(format!("{h} {{be}} {verb} as? {ARTICLE} {n} {OF} {o}"));
            out.push(format!("{h} {{be}} {verb} as? {ARTICLE} {o} {n}"));
        }
        out.into_iter().map(|t| (Aspect::Starts, t)).collect()
    }

    fn ends(&self, relation: &Relation) -> Vec<(Aspect, String)> {
        let Frames { h, o, n } = *self;
        verbs(relation, Aspect::Ends)
            .into_iter()
            .flat_map(|verb| {
                [
                    format!("{h} {verb} as {ARTICLE} {n} {OF} {o}"),
                    format!("{h} {{be}} {verb} as {ARTICLE} {n} {OF} {o}"),
                ]
            })
            .map(|t| (Aspect::Ends, t))
            .collect()
    }

    fn succession(&self) -> Vec<(Aspect, String)> {
        let Frames { h, o, n } = *self;
        let succeed = "succeeded|succeeds|succeed|replaced|replaces|replace";
        let take = "took|takes|take over";
        let hand = "handed|hands|hand|passed|passes|pass";
        [
            format!("{h} {succeed} {{other}} as {ARTICLE} {n} {OF} {o}"),
            format!("{h} {succeed} {{other}} as {ARTICLE} {o} {n}"),
            format!("{h} {take} from {{other}} as {ARTICLE} {n} {OF} {o}"),
            format!("{h} {take} {ARTICLE} {n} {OF} {o} from {{other}}"),
            format!("{h} {take} {ARTICLE} {n} from {{other}} {OF} {o}"),
            format!("{h} {take} {ARTICLE} {o} {n} from {{other}}"),
            format!("{{other}} {{be}} {succeed} by {h} as {ARTICLE} {n} {OF} {o}"),
            format!("{{other}} {{be}} {succeed} by {h} as {ARTICLE} {o} {n}"),
            // "Kazakhstan handed the chairmanship to Kyrgyzstan in 2025".
            format!("{{other}} {hand} {ARTICLE} {n} to {h} {OF} {o}"),
            format!("{{other}} {hand} {ARTICLE} {o} {n} to {h}"),
        ]
        .into_iter()
        .map(|t| (Aspect::Starts, t))
        .collect()
    }

    fn counts(&self) -> Vec<(Aspect, String)> {
        let Frames { h, o, n } = *self;
        let include = "include|includes|included|comprise|comprises|comprised";
        let mut out: Vec<(Aspect, String)> = [
            format!("{o} {{have}} {{count}} {n}"),
            format!("{o} {{count}} {n}"),
            format!("{o} counts|counted|numbers|numbered {{count}} {n}"),
            // "the 32-member alliance"
            format!("{{count}} {n} {o}"),
            format!("{o} {n} {{be}} {{count}}"),
            format!("{o} {include} {{count}} {n}"),
            format!("{o} {{be}} made up? of {{count}} {n}"),
            // "NATO grew to 30 members in 2020".
            format!("{o} grew|grows|expanded|expands|rose|rises|increased|increases|shrank|shrinks|fell|falls to {{count}} {n}"),
            format!("{o} {{be}} enlarged|expanded|reduced to {{count}} {n}"),
        ]
        .into_iter()
        .map(|t| (Aspect::Count, t))
        .collect();
        out.push((Aspect::Holds, format!("{o} {n} {include} {h}")));
        out.push((Aspect::Holds, format!("{n} {OF} {o} {include} {h}")));
        out
    }
}

/// The relation's verbs of `aspect`, grouped like role nouns ("appointed|named|elected").
fn verbs(relation: &Relation, aspect: Aspect) -> Vec<String> {
    let words = relation
        .verbs
        .iter()
        .filter(|(a, _)| *a == aspect)
        .map(|(_, v)| v.to_string());
    group(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_spellings() {
        assert_eq!(plural("member"), "members");
        assert_eq!(plural("secretary"), "secretaries");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("chairperson"), "chairpersons");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(
            spellings("secretary-general"),
            [
                "secretary-general|secretary-generals|secretaries-general",
                "secretary|secretaries general|generals"
            ]
        );
        assert_eq!(
            spellings("attorney general"),
            ["attorney|attorneys general|generals"]
        );
        assert_eq!(spellings("observer state"), ["observer state|states"]);
    }
}
