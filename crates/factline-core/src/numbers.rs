//! Numbers in words: cardinals below a hundred ("six", "thirty-two") and ordinals
//! ("seventh", "twenty-eighth"), read and written. Shared by the reader of names, the
//! reader of claims and the messages, so it depends on nothing else in the crate.

/// Number words below twenty, by value.
pub const SMALL_NUMBERS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// A number in words when it is below twenty ("six"), else in digits.
pub fn spell(n: u32) -> String {
    SMALL_NUMBERS
        .get(n as usize)
        .map_or(n.to_string(), |w| w.to_string())
}

/// "six", "thirty", "thirty-two": a number below a hundred in words.
pub fn is_number_word(w: &str) -> bool {
    unit_word(&w.to_ascii_lowercase()).is_some()
}

/// Tens in words, from twenty.
pub const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

pub(crate) fn unit_word(w: &str) -> Option<f64> {
    const SMALL: [&str; 20] = SMALL_NUMBERS;
    if let Some(n) = SMALL.iter().position(|&s| s == w) {
        return Some(n as f64);
    }
    if let Some(n) = TENS.iter().position(|&s| s == w) {
        return Some((n as f64 + 2.0) * 10.0);
    }
    let (tens, unit) = w.split_once('-')?;
    let t = TENS.iter().position(|&s| s == tens)?;
    let u = SMALL[1..10].iter().position(|&s| s == unit)?;
    Some((t as f64 + 2.0) * 10.0 + u as f64 + 1.0)
}

const ORDINAL_UNITS: [&str; 19] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// The rank a spelled ordinal says ("seventh" 7, "twenty-eighth" 28); "first" is left
/// out, as it is so often not a rank ("the first African woman to …").
pub fn ordinal_value(w: &str) -> Option<u32> {
    let unit = |u: &str| {
        ORDINAL_UNITS
            .iter()
            .position(|&x| x == u)
            .map(|i| i as u32 + 1)
    };
    let tens = |t: &str| {
        TENS.iter()
            .position(|&x| x == t)
            .map(|i| i as u32 * 10 + 20)
    };
    if w == "first" {
        return None;
    }
    if let Some(n) = unit(w) {
        return Some(n);
    }
    if let Some(stem) = w.strip_suffix("ieth") {
        return tens(&format!("{stem}y"));
    }
    let (t, u) = w.split_once('-')?;
    Some(tens(t)? + unit(u).filter(|&n| n < 10)?)
}

/// `n` as an ordinal in words below a hundred ("thirty-second") when `spelled`, else in
/// figures ("32nd").
pub fn ordinal_text(n: u32, spelled: bool) -> String {
    if spelled && (1..100).contains(&n) {
        let unit = |k: u32| ORDINAL_UNITS[k as usize - 1];
        let tens = TENS
            .get((n / 10).saturating_sub(2) as usize)
            .copied()
            .unwrap_or("");
        return match n {
            1..=19 => unit(n).to_string(),
            _ if n.is_multiple_of(10) => format!("{}ieth", tens.trim_end_matches('y')),
            _ => format!("{tens}-{}", unit(n % 10)),
        };
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_read_and_written() {
        assert_eq!(
            [
                "seventh",
                "twenty-eighth",
                "thirtieth",
                "first",
                "thirty-first"
            ]
            .map(ordinal_value),
            [Some(7), Some(28), Some(30), None, Some(31)]
        );
        assert_eq!(
            [(32, false), (11, false), (28, true), (30, true), (3, true)]
                .map(|(n, s)| ordinal_text(n, s)),
            ["32nd", "11th", "twenty-eighth", "thirtieth", "third"]
        );
    }

    #[test]
    fn cardinals_in_words() {
        assert!(
            ["six", "Thirty", "thirty-two", "nineteen"]
                .iter()
                .all(|w| is_number_word(w))
        );
        assert!(
            !["hundred", "thirty-", "sixth", "two-thirty"]
                .iter()
                .any(|w| is_number_word(w))
        );
        assert_eq!([spell(6), spell(19), spell(20)], ["six", "nineteen", "20"]);
    }
}
