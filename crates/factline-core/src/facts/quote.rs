//! Quote verification: does a cited quote occur in its source's text?
//!
//! Both sides are normalised first, so line wrapping, runs of spaces and
//! typographic quotes (’ “ ”) do not make a faithful quote fail.

/// Whether `quote` occurs in `text` after normalisation.
pub fn occurs_in(quote: &str, text: &str) -> bool {
    let quote = normalize(quote);
    !quote.is_empty() && normalize(text).contains(&quote)
}

/// Collapses whitespace to single spaces and maps typographic quotes to ASCII.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            c => c,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_typographic_quotes_do_not_matter() {
        let text = "the CSTO\u{2019}s emphasis on\n   rapid, coordinated action";
        assert!(occurs_in("the CSTO's emphasis on rapid, coordinated", text));
        assert!(!occurs_in("the CSTO's emphasis on slow action", text));
        assert!(!occurs_in("   ", text));
    }
}
