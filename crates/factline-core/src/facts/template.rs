//! Phrase templates: how prose expresses a relation, written in the fact base.
//!
//! A template is a sequence of whitespace-separated parts:
//! - `{subject}`, `{value}`: the relation's two ends;
//! - `{be}`, `{have}`: an auxiliary that carries tense and negation
//!   ("is", "was", "is not", "has been", "remains"...);
//! - `{count}`: a number (only in `count` phrasings);
//! - a word, `word|other` for alternatives, and a trailing `?` for an optional word.
//!
//! Example: `"{subject} {be} a member|members of {value}"`.

/// What a phrasing says about the relation's interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aspect {
    /// The relation holds ("is a member of").
    Holds,
    /// The relation starts ("joined").
    Starts,
    /// The relation ends ("left").
    Ends,
    /// The number of subjects holding it ("has {count} members").
    Count,
}

/// A slot of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// `{subject}`.
    Subject,
    /// `{value}`.
    Value,
    /// `{be}`: an auxiliary carrying tense and negation.
    Be,
    /// `{have}`: the same, for "has".
    Have,
    /// `{count}`: a number.
    Count,
    /// The holder a succession replaces ("X succeeded {other} as …"): its claim ends
    /// where the holder's starts.
    Other,
}

/// One part of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// A slot.
    Slot(Slot),
    /// One of these (lowercase) words; optional when `optional` is set.
    Words {
        /// The word and its alternatives.
        alternatives: Vec<Box<str>>,
        /// It may be left out (`word?`).
        optional: bool,
    },
}

/// A parsed phrase template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// Its parts, in order.
    pub parts: Vec<Part>,
}

/// A template error, at a byte offset inside the template text.
#[derive(Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset in the template.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Optional words a phrase may have (the matcher's search grows as 2^k with them).
pub const MAX_OPTIONAL: usize = 6;

impl Template {
    /// Parses `text` for a phrasing of `aspect`.
    pub fn parse(text: &str, aspect: Aspect) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        for (offset, word) in split_words(text) {
            parts.push(parse_part(word, offset)?);
        }
        let has = |slot| parts.contains(&Part::Slot(slot));
        let err = |message: &str| TemplateError {
            offset: 0,
            message: message.to_string(),
        };
        if parts.is_empty() {
            return Err(err("empty phrase"));
        }
        if aspect == Aspect::Count {
            if !has(Slot::Count) || !(has(Slot::Value) || has(Slot::Subject)) {
                return Err(err(
                    "a count phrase needs {count} and {value} (or {subject})",
                ));
            }
        } else {
            if has(Slot::Count) {
                return Err(err("{count} is only allowed in `count` phrases"));
            }
            if has(Slot::Other) && aspect != Aspect::Starts {
                return Err(err("{other} is only allowed in `starts` phrases"));
            }
            if !has(Slot::Subject) || !has(Slot::Value) {
                return Err(err("a phrase needs both {subject} and {value}"));
            }
        }
        // Each optional word may be taken or skipped: the search doubles with each one.
        let optional = parts
            .iter()
            .filter(|p| matches!(p, Part::Words { optional: true, .. }))
            .count();
        if optional > MAX_OPTIONAL {
            return Err(TemplateError {
                offset: 0,
                message: format!(
                    "a phrase may have at most {MAX_OPTIONAL} optional words; this one has {optional}: write two phrases"
                ),
            });
        }
        Ok(Template { parts })
    }
}

fn split_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

fn parse_part(word: &str, offset: usize) -> Result<Part, TemplateError> {
    let err = |message: String| Err(TemplateError { offset, message });
    if let Some(inner) = word.strip_prefix('{') {
        let Some(name) = inner.strip_suffix('}') else {
            return err(format!(
                "`{word}`: a slot is written {{name}} with no spaces"
            ));
        };
        let slot = match name {
            "subject" => Slot::Subject,
            "value" => Slot::Value,
            "be" => Slot::Be,
            "have" => Slot::Have,
            "count" => Slot::Count,
            "other" => Slot::Other,
            _ => {
                return err(format!(
                    "unknown slot {{{name}}}: expected {{subject}}, {{value}}, {{be}}, {{have}}, {{count}} or {{other}}"
                ));
            }
        };
        return Ok(Part::Slot(slot));
    }
    if word.contains(['{', '}']) {
        return err(format!("`{word}`: braces may only surround a whole slot"));
    }
    let (body, optional) = match word.strip_suffix('?') {
        Some(body) => (body, true),
        None => (word, false),
    };
    let alternatives: Vec<Box<str>> = body.split('|').map(|w| w.to_lowercase().into()).collect();
    if alternatives.iter().any(|a| a.is_empty()) {
        return err(format!("`{word}`: empty alternative"));
    }
    Ok(Part::Words {
        alternatives,
        optional,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_slots_alternatives_and_optional_words() {
        let t =
            Template::parse("{subject} {be} a? member|Members of {value}", Aspect::Holds).unwrap();
        assert_eq!(t.parts.len(), 6);
        assert_eq!(
            t.parts[3],
            Part::Words {
                alternatives: vec!["member".into(), "members".into()],
                optional: false
            }
        );
        assert_eq!(
            t.parts[2],
            Part::Words {
                alternatives: vec!["a".into()],
                optional: true
            }
        );
    }

    #[test]
    fn reports_errors_at_their_offset() {
        let e = Template::parse("{subject} joined {valeu}", Aspect::Starts).unwrap_err();
        assert_eq!(e.offset, 17);
        assert!(e.message.contains("unknown slot {valeu}"));
        let e = Template::parse("{subject} is {count}", Aspect::Holds).unwrap_err();
        assert!(e.message.contains("only allowed in `count`"));
        let e = Template::parse("{value} has members", Aspect::Count).unwrap_err();
        assert!(e.message.contains("needs {count}"));
    }
}
