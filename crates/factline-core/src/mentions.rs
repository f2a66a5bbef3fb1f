//! Finds entity mentions in prose: aliases, labels and topic nouns from the fact base.
//!
//! One Aho-Corasick automaton holds every name; matches are filtered to word
//! boundaries and chosen leftmost-longest. Case: an all-capitals alias
//! ("CIS") must match exactly, a capitalised name must start with a capital,
//! anything else matches without case. A trailing possessive (`'s`, `’s`,
//! `s'`) belongs to the mention.

use crate::facts::FactBase;
use crate::facts::model::EntityId;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;

/// A name of an entity found in prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte range in the text, possessive included.
    pub range: Range<usize>,
    /// Candidate entities (more than one when a name is ambiguous).
    pub entities: Vec<EntityId>,
    /// A topic noun ("the alliance"): refers to the note's topic entity.
    pub topic: bool,
    /// Written with a possessive (`'s`).
    pub possessive: bool,
}

struct Name {
    text: Box<str>,
    entities: Vec<EntityId>,
    topic: bool,
    /// A topic noun without its "the" ("alliance" of "the alliance"): it names the topic
    /// only after "the" and a count ("the 32-member alliance").
    head: bool,
}

/// Every name of a fact base, compiled once per base.
pub struct Matcher {
    automaton: AhoCorasick,
    names: Vec<Name>,
}

impl Matcher {
    /// Compiles every name of `base`.
    pub fn new(base: &FactBase) -> Matcher {
        let mut names: Vec<Name> = Vec::new();
        let mut index: std::collections::HashMap<(Box<str>, bool, bool), usize> =
            Default::default();
        for (i, e) in base.entities.iter().enumerate() {
            let id = EntityId(i as u32);
            let plain = std::iter::once(&e.label)
                .chain(&e.aliases)
                .map(|n| (n, false));
            let topics = e.topics.iter().map(|n| (n, true));
            let heads = e.topics.iter().filter_map(|n| n.strip_prefix("the "));
            let all = plain
                .chain(topics)
                .map(|(n, t)| (n.clone(), t, false))
                .chain(heads.map(|h| (Box::from(h), true, true)));
            for (name, topic, head) in all {
                let key = (name.clone(), topic, head);
                let slot = *index.entry(key).or_insert_with(|| {
                    names.push(Name {
                        text: name.clone(),
                        entities: Vec::new(),
                        topic,
                        head,
                    });
                    names.len() - 1
                });
                if !names[slot].entities.contains(&id) {
                    names[slot].entities.push(id);
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(names.iter().map(|n| n.text.as_bytes()))
            .expect("names build an automaton");
        Matcher { automaton, names }
    }

    /// The mentions in `text`, in order, never overlapping.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut found: Vec<(Range<usize>, usize)> = self
            .automaton
            .find_overlapping_iter(text)
            .filter(|m| {
                let name = &self.names[m.pattern().as_usize()];
                on_word_boundaries(text, m.range())
                    && case_fits(&text[m.range()], &name.text)
                    && (!name.head || after_the_count(&text[..m.start()]))
            })
            .map(|m| (m.range(), m.pattern().as_usize()))
            .collect();
        // Leftmost first, then longest.
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut out: Vec<Mention> = Vec::new();
        let mut end = 0;
        for (range, name) in found {
            if range.start < end {
                continue;
            }
            end = range.end;
            let name = &self.names[name];
            let (range, possessive) = with_possessive(text, range);
            out.push(Mention {
                range,
                entities: name.entities.clone(),
                topic: name.topic,
                possessive,
            });
        }
        out
    }
}

/// `before` ends in "the " and a count compound ("the six-member ", "the 32-nation ").
fn after_the_count(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let (lead, compound) = rest.rsplit_once(' ').unwrap_or(("", rest));
    let Some((count, noun)) = compound.split_once('-') else {
        return false;
    };
    let counts = count.chars().all(|c| c.is_ascii_digit()) || crate::numbers::is_number_word(count);
    counts
        && !count.is_empty()
        && noun.chars().all(|c| c.is_ascii_lowercase())
        && lead
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("the"))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Also not inside a hyphenated compound: "CSTO-style", "Russia-led" and "pro-NATO"
/// describe something else and do not name the entity.
fn on_word_boundaries(text: &str, range: Range<usize>) -> bool {
    let mut before = text[..range.start].chars().rev();
    let mut after = text[range.end..].chars();
    let (b, a) = (before.next(), after.next());
    let compound = (a == Some('-') && after.next().is_some_and(char::is_alphabetic))
        || (b == Some('-') && before.next().is_some_and(char::is_alphabetic));
    !b.is_some_and(is_word_char) && !a.is_some_and(is_word_char) && !compound
}

fn case_fits(found: &str, name: &str) -> bool {
    let letters = || name.chars().filter(|c| c.is_alphabetic());
    let acronym = letters().count() > 1 && letters().all(|c| c.is_uppercase());
    if acronym {
        return found == name;
    }
    match name.chars().next() {
        Some(first) if first.is_uppercase() => found.chars().next().is_some_and(char::is_uppercase),
        _ => true,
    }
}

fn with_possessive(text: &str, range: Range<usize>) -> (Range<usize>, bool) {
    let rest = &text[range.end..];
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(after) = rest.strip_prefix(suffix) {
            let plural_only = suffix.chars().count() == 1;
            if plural_only && !text[..range.end].ends_with('s') {
                continue;
            }
            if after.chars().next().is_some_and(is_word_char) {
                continue;
            }
            return (range.start..range.end + suffix.len(), true);
        }
    }
    (range, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{LoadOptions, load_embedded};

    fn names(base: &FactBase, text: &str) -> Vec<String> {
        Matcher::new(base)
            .find(text)
            .iter()
            .map(|m| {
                let ids: Vec<&str> = m.entities.iter().map(|&e| &*base.entity_of(e).id).collect();
                format!("{}={}", &text[m.range.clone()], ids.join("|"))
            })
            .collect()
    }

    #[test]
    fn longest_names_on_word_boundaries_with_case_rules() {
        let base = load_embedded(&LoadOptions::default()).base;
        assert_eq!(
            names(
                &base,
                "The CSTO Parliamentary Assembly met; the cst and CSTs did not. Russia's army, \
                 georgia and Georgia, Uzbekistan’s note."
            ),
            [
                "CSTO Parliamentary Assembly=csto_pa",
                "Russia's=russia",
                "Georgia=georgia",
                "Uzbekistan’s=uzbekistan"
            ]
        );
    }

    #[test]
    fn topic_nouns_are_marked() {
        let base = load_embedded(&LoadOptions::default()).base;
        let found = Matcher::new(&base).find("The alliance grew.");
        assert_eq!(found.len(), 1);
        assert!(found[0].topic);
        assert_eq!(found[0].range, 0..12);
    }

    struct One(&'static str);

    impl crate::facts::FileReader for One {
        fn read(&self, _: &str) -> std::io::Result<String> {
            Ok(self.0.to_string())
        }
    }

    /// A base of its own: an acronym, a shared alias, a topic noun.
    fn guild_base() -> FactBase {
        let text = r#"
kind org
kind land
entity guild org "The Guild of Ports"
  alias "GPG" "Ports Guild"
  topic "the guild"
entity north land "Northland"
  alias "the North"
entity north_sea land "North Sea Land"
  alias "the North"
entity wales land "Wales"
"#;
        let loaded = crate::facts::load(&One(text), &["t.facts".into()], &LoadOptions::default());
        assert_eq!(loaded.error_count(), 0, "{:?}", loaded.problems);
        loaded.base
    }

    #[test]
    fn mention_rules_as_a_table() {
        let base = guild_base();
        let table: &[(&str, &[&str])] = &[
            // Longest name wins over a shorter one inside it.
            ("The Guild of Ports met.", &["The Guild of Ports=guild"]),
            // An all-capitals alias matches exactly; other names ignore case after a capital.
            ("GPG, Gpg and gpg.", &["GPG=guild"]),
            ("ports guild and Ports Guild.", &["Ports Guild=guild"]),
            // A shared alias is ambiguous: both candidates are kept.
            ("the North voted", &["the North=north|north_sea"]),
            // Inside a word or a hyphenated compound it names nothing.
            ("Northlanders and Northland-style ports, pro-Wales.", &[]),
            // Possessives belong to the mention; a plural possessive only after an s.
            (
                "Wales' ports and Northland's ships.",
                &["Wales'=wales", "Northland's=north"],
            ),
            // A topic noun is marked as such.
            ("Then the guild grew.", &["the guild=guild"]),
        ];
        let wrong: Vec<String> = table
            .iter()
            .filter(|(text, want)| names(&base, text) != *want)
            .map(|(text, want)| format!("{text:?}: {:?}, want {want:?}", names(&base, text)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        let topic = Matcher::new(&base).find("Then the guild grew.");
        assert!(topic[0].topic && !Matcher::new(&base).find("Wales.")[0].topic);
    }
}
