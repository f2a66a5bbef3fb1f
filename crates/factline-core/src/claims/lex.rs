//! Splits a block of prose into tokens (words, numbers, dates, mentions) and sentences.
//!
//! Words are lowercased, `n't` becomes a separate `not`, number words
//! ("seventeen thousand") become numbers, and month names next to a year
//! become dates, so later stages compare meanings, not spellings.

use crate::date::PartialDate;
use crate::mentions::Mention;
use crate::numbers::unit_word;
use compact_str::CompactString;
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A lowercased word; internal hyphens and apostrophes are kept.
    Word(CompactString),
    /// Index into the block's mentions.
    Entity(usize),
    Number {
        value: f64,
        spelled: bool,
    },
    Date(PartialDate),
    Punct(char),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub range: Range<usize>,
}

impl Token {
    pub fn word(&self) -> Option<&str> {
        match &self.tok {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }
    pub fn is_word(&self, w: &str) -> bool {
        self.word() == Some(w)
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.tok == Tok::Punct(c)
    }
}

/// Whether `t` is a word written with a capital in `text` (a word the clause reader
/// supplied has no text and is not).
pub fn capitalised(text: &str, t: &Token) -> bool {
    t.word().is_some()
        && !t.range.is_empty()
        && text[t.range.clone()].starts_with(char::is_uppercase)
}

/// A sentence: a token range, and how it ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    pub tokens: Range<usize>,
    pub question: bool,
    /// Ends with a colon: introduces a list or a table.
    pub lead_in: bool,
}

/// Tokenizes `text`, turning each mention's range into one token.
pub fn tokens(text: &str, mentions: &[Mention]) -> Vec<Token> {
    // About one token per five bytes of prose: one allocation instead of a dozen doublings.
    let mut out = Vec::with_capacity(text.len() / 5 + 4);
    let mut next_mention = mentions.iter().enumerate().peekable();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if let Some(&(m, mention)) = next_mention.peek()
            && mention.range.start <= i
        {
            if mention.range.start == i {
                out.push(Token {
                    tok: Tok::Entity(m),
                    range: mention.range.clone(),
                });
            }
            while chars.peek().is_some_and(|&(j, _)| j < mention.range.end) {
                chars.next();
            }
            next_mention.next();
            continue;
        }
        let end_of = |chars: &mut std::iter::Peekable<std::str::CharIndices>,
                      keep: &dyn Fn(char, Option<char>) -> bool| {
            let mut end = i;
            while let Some(&(j, c)) = chars.peek() {
                let next = text[j + c.len_utf8()..].chars().next();
                if !keep(c, next) {
                    break;
                }
                end = j + c.len_utf8();
                chars.next();
            }
            end
        };
        if c.is_alphabetic() {
            let end = end_of(&mut chars, &|c, next| {
                c.is_alphanumeric()
                    || (matches!(c, '-' | '\'' | '’') && next.is_some_and(char::is_alphabetic))
            });
            push_word(&mut out, &text[i..end], i);
        } else if c.is_ascii_digit() {
            let end = end_of(&mut chars, &|c, next| {
                c.is_ascii_digit()
                    || (matches!(c, ',' | '.' | '-') && next.is_some_and(|n| n.is_ascii_digit()))
            });
            push_number(&mut out, &text[i..end], i);
        } else {
            chars.next();
            if !c.is_whitespace() {
                out.push(Token {
                    tok: Tok::Punct(c),
                    range: i..i + c.len_utf8(),
                });
            }
        }
    }
    merge_number_words(&mut out);
    merge_dates(&mut out);
    out
}

fn push_word(out: &mut Vec<Token>, word: &str, at: usize) {
    // "seven-member": a number word, a hyphen and a noun, as "7-member" is read.
    if let Some((number, rest)) = word.split_once('-')
        && let Some(value) = unit_word(&number.to_ascii_lowercase())
        && unit_word(&word.to_ascii_lowercase()).is_none()
        && crate::numbers::ordinal_value(&word.to_ascii_lowercase()).is_none()
        && !rest.is_empty()
    {
        let hyphen = at + number.len();
        out.push(Token {
            tok: Tok::Number {
                value,
                spelled: true,
            },
            range: at..hyphen,
        });
        out.push(Token {
            tok: Tok::Punct('-'),
            range: hyphen..hyphen + 1,
        });
        return push_word(out, rest, hyphen + 1);
    }
    // Most words are short: kept inline, they cost no allocation.
    let lower = if word.is_ascii() {
        let mut lower = CompactString::from(word);
        lower.as_mut_str().make_ascii_lowercase();
        lower
    } else {
        CompactString::from(word.to_lowercase().replace('’', "'"))
    };
    let split = match lower.as_str() {
        "won't" => Some(("will", 2)),
        "can't" => Some(("can", 2)),
        w if w.ends_with("n't") => Some((&w[..w.len() - 3], 3)),
        _ => None,
    };
    match split {
        Some((head, tail_len)) => {
            let cut = at + word.len() - tail_len;
            out.push(Token {
                tok: Tok::Word(head.into()),
                range: at..cut,
            });
            out.push(Token {
                tok: Tok::Word("not".into()),
                range: cut..at + word.len(),
            });
        }
        None => out.push(Token {
            tok: Tok::Word(lower),
            range: at..at + word.len(),
        }),
    }
}

fn push_number(out: &mut Vec<Token>, digits: &str, at: usize) {
    let range = at..at + digits.len();
    if digits.contains('-') && PartialDate::parse(digits).is_err() {
        // "2018-2021": two numbers and a dash.
        let mut start = at;
        for (j, part) in digits.split('-').enumerate() {
            if j > 0 {
                out.push(Token {
                    tok: Tok::Punct('-'),
                    range: start - 1..start,
                });
            }
            push_number(out, part, start);
            start += part.len() + 1;
        }
        return;
    }
    if let Ok(date) = PartialDate::parse(digits)
        && (digits.len() > 4 || (1000..=2999).contains(&date.year))
    {
        out.push(Token {
            tok: Tok::Date(date),
            range,
        });
        return;
    }
    let grouped = digits.contains(',')
        && digits.split(',').skip(1).all(|g| {
            g.len() == 3 || g.starts_with(|c: char| c.is_ascii_digit()) && g.contains('.')
        });
    let plain = digits.replace(',', "");
    match plain.parse::<f64>() {
        Ok(value) if grouped || !digits.contains(',') => out.push(Token {
            tok: Tok::Number {
                value,
                spelled: false,
            },
            range,
        }),
        _ => {
            // "1,2": a list of numbers, not a number.
            for (j, part) in digits.split(',').enumerate() {
                let start = at
                    + digits
                        .split(',')
                        .take(j)
                        .map(|p| p.len() + 1)
                        .sum::<usize>();
                if let Ok(value) = part.parse::<f64>() {
                    out.push(Token {
                        tok: Tok::Number {
                            value,
                            spelled: false,
                        },
                        range: start..start + part.len(),
                    });
                }
            }
        }
    }
}

fn scale_word(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(100.0),
        "thousand" => Some(1_000.0),
        "million" => Some(1_000_000.0),
        "billion" => Some(1_000_000_000.0),
        "trillion" => Some(1_000_000_000_000.0),
        _ => None,
    }
}

/// "1.5m", "2bn", "40k": a scale written right after the figure.
fn scale_suffix(w: &str) -> Option<f64> {
    match w {
        "k" => Some(1_000.0),
        "m" | "mn" => Some(1_000_000.0),
        "bn" => Some(1_000_000_000.0),
        "tn" => Some(1_000_000_000_000.0),
        _ => None,
    }
}

/// "seventeen thousand" → 17000; "two hundred fifty" → 250; "12 thousand" → 12000.
fn merge_number_words(tokens: &mut Vec<Token>) {
    let number_word = |t: &Token| {
        t.word().is_some_and(|w| {
            unit_word(w).is_some() || scale_word(w).is_some() || scale_suffix(w).is_some()
        })
    };
    // Most blocks spell no number: leave them as they are, without a copy.
    if !tokens.iter().any(number_word) {
        return;
    }
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut rest = std::mem::take(tokens).into_iter().peekable();
    while let Some(t) = rest.next() {
        // "one of the members": a pronoun, not a count.
        if t.is_word("one") && rest.peek().is_some_and(|n| n.is_word("of")) {
            out.push(t);
            continue;
        }
        let attached = out.last().is_some_and(|l| {
            l.range.end == t.range.start && matches!(l.tok, Tok::Number { spelled: false, .. })
        });
        let (unit, scale) = match t.word() {
            Some(w) => (
                unit_word(w),
                scale_word(w).or(scale_suffix(w).filter(|_| attached)),
            ),
            None => (None, None),
        };
        let last = out.last_mut();
        match (unit, scale, last) {
            (
                Some(n),
                _,
                Some(Token {
                    tok:
                        Tok::Number {
                            value,
                            spelled: true,
                        },
                    range,
                }),
            ) if *value >= 100.0 && (*value % 100.0) == 0.0 => {
                *value += n;
                range.end = t.range.end;
            }
            (
                _,
                Some(scale),
                Some(Token {
                    tok: Tok::Number { value, .. },
                    range,
                }),
            ) => {
                *value *= scale;
                range.end = t.range.end;
            }
            (Some(n), _, _) => out.push(Token {
                tok: Tok::Number {
                    value: n,
                    spelled: true,
                },
                range: t.range,
            }),
            _ => out.push(t),
        }
    }
    *tokens = out;
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(crate) fn month(w: &str) -> Option<u8> {
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && w != "may" && m.starts_with(w) && w.len() <= 4))
        .map(|i| i as u8 + 1)
}

/// "January 2022", "5 January 2022", "January 5, 2022" → one date token.
fn merge_dates(tokens: &mut Vec<Token>) {
    // Found first, then merged: most blocks have none, and then nothing is copied.
    let mut dates: Vec<(usize, PartialDate, usize)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match date_at(tokens, i) {
            Some((date, last)) => {
                dates.push((i, date, last));
                i = last + 1;
            }
            None => i += 1,
        }
    }
    for (first, date, last) in dates.into_iter().rev() {
        let range = tokens[first].range.start..tokens[last].range.end;
        tokens.splice(
            first..=last,
            [Token {
                tok: Tok::Date(date),
                range,
            }],
        );
    }
}

/// A date written with a month name starting at `i`, and its last token.
fn date_at(tokens: &[Token], i: usize) -> Option<(PartialDate, usize)> {
    let year_at = |j: usize| match tokens.get(j).map(|t| &t.tok) {
        Some(Tok::Date(d)) if d.month == 0 => Some(d.year),
        _ => None,
    };
    let day_at = |j: usize| match tokens.get(j).map(|t| &t.tok) {
        Some(Tok::Number {
            value,
            spelled: false,
        }) if (1.0..=31.0).contains(value) && value.fract() == 0.0 => Some(*value as u8),
        _ => None,
    };
    let month_at = |j: usize| tokens.get(j).and_then(Token::word).and_then(month);
    let skip_dot = |j: usize| j + usize::from(tokens.get(j).is_some_and(|t| t.is_punct('.')));
    let make = |year: i16, month: u8, day: u8| {
        PartialDate::parse(&PartialDate { year, month, day }.to_string()).ok()
    };
    if let Some(mo) = month_at(i) {
        let j = skip_dot(i + 1);
        if let Some(y) = year_at(j) {
            return make(y, mo, 0).map(|d| (d, j));
        }
        let d = day_at(j)?;
        let k = j + 1 + usize::from(tokens.get(j + 1).is_some_and(|t| t.is_punct(',')));
        return make(year_at(k)?, mo, d).map(|date| (date, k));
    }
    let d = day_at(i)?;
    let mo = month_at(i + 1)?;
    let j = skip_dot(i + 2);
    make(year_at(j)?, mo, d).map(|date| (date, j))
}

const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "gen", "col", "lt", "st", "no", "vs", "etc", "prof",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "c", "ca", "p", "pp", "u.s", "u.k",
];

/// Splits tokens into sentences at `.`, `!`, `?`, `;` and (unless `colon`
/// joins a lead-in to its item) `:`.
pub fn sentences(text: &str, tokens: &[Token], colon_joins: bool) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let Tok::Punct(c) = t.tok else { continue };
        let ends = match c {
            '!' | '?' | ';' => true,
            ':' => !colon_joins,
            '.' => !is_abbreviation(tokens, i, text),
            _ => false,
        };
        if ends {
            out.push(Sentence {
                tokens: start..i + 1,
                question: c == '?',
                lead_in: c == ':',
            });
            start = i + 1;
        }
    }
    if start < tokens.len() {
        out.push(Sentence {
            tokens: start..tokens.len(),
            question: false,
            lead_in: false,
        });
    }
    out
}

fn is_abbreviation(tokens: &[Token], i: usize, text: &str) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &tokens[p]) else {
        return false;
    };
    let adjacent = prev.range.end == tokens[i].range.start;
    let next_lower = text[tokens[i].range.end..]
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    let letter_after = text[tokens[i].range.end..]
        .chars()
        .next()
        .is_some_and(char::is_alphabetic);
    let dotted_before =
        i >= 2 && tokens[i - 2].is_punct('.') && tokens[i - 2].range.end == prev.range.start;
    match prev.word() {
        Some(w) if adjacent && w.chars().count() == 1 && (letter_after || dotted_before) => true,
        Some(w) if adjacent => {
            (w.chars().count() == 1 && text[prev.range.clone()].chars().all(char::is_uppercase))
                || ABBREVIATIONS.contains(&w) && next_lower
                || ABBREVIATIONS.contains(&w) && !matches!(w, "etc" | "no")
        }
        _ => next_lower && adjacent && !matches!(prev.tok, Tok::Entity(_)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        tokens(text, &[])
            .iter()
            .map(|t| match &t.tok {
                Tok::Word(w) => w.to_string(),
                Tok::Number { value, .. } => format!("#{value}"),
                Tok::Date(d) => format!("@{d}"),
                Tok::Punct(c) => c.to_string(),
                Tok::Entity(i) => format!("E{i}"),
            })
            .collect()
    }

    #[test]
    fn words_numbers_and_dates() {
        assert_eq!(
            show(
                "It isn't 17,000–22,000 or seventeen thousand; on 5 January 2022 and May 2010, 2,030 (1992)."
            ),
            [
                "it",
                "is",
                "not",
                "#17000",
                "–",
                "#22000",
                "or",
                "#17000",
                ";",
                "on",
                "@2022-01-05",
                "and",
                "@2010-05",
                ",",
                "#2030",
                "(",
                "@1992",
                ")",
                "."
            ]
        );
        assert_eq!(
            show("twenty-two thousand, two hundred fifty, January 5, 2022, 2022-01-05"),
            [
                "#22000",
                ",",
                "#250",
                ",",
                "@2022-01-05",
                ",",
                "@2022-01-05"
            ]
        );
    }

    #[test]
    fn sentence_ends_skip_abbreviations() {
        let text = "Gen. Zas said so, e.g. in Jan. 2020. It grew: Russia? Yes.";
        let toks = tokens(text, &[]);
        let s = sentences(text, &toks, false);
        let spans: Vec<&str> = s
            .iter()
            .map(|s| &text[toks[s.tokens.start].range.start..toks[s.tokens.end - 1].range.end])
            .collect();
        assert_eq!(
            spans,
            [
                "Gen. Zas said so, e.g. in Jan. 2020.",
                "It grew:",
                "Russia?",
                "Yes."
            ]
        );
        assert!(s[1].lead_in && s[2].question);
    }
}
