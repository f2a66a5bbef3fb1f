//! "Did you mean": the closest known name to a misspelt one, by one rule everywhere.
//!
//! The same rule serves fact files (unknown ids, kinds, relations, statements) and notes
//! (unknown citation keys), so one typo gets the same hint in both. Each hint compares the
//! name with every known one; at most [`MAX_HINTS`] per load (the first in file order, given
//! after the load so threads do not decide which) or per note, so a file with thousands of
//! unknown ids (a bad import) costs time linear in its size.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Most hints one budget gives.
pub const MAX_HINTS: usize = 256;

/// How far a known name may be from `name` (Damerau–Levenshtein edits) to be offered.
fn tolerance(name: &str) -> usize {
    match name.chars().count() {
        0..=4 => 1,
        n => 2.max(n / 4),
    }
}

/// The known name closest to `name` within the tolerance (ties: the first in order), if
/// any. A name is never "close" to one it shares fewer letters with than it changes.
pub fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = tolerance(name);
    let len = name.chars().count();
    known
        .filter(|k| k.chars().count().abs_diff(len) <= limit)
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .filter(|&(d, k)| d <= limit && d < len.min(k.chars().count()))
        .min()
        .map(|(_, k)| k)
}

/// "; did you mean `x`?", or nothing.
pub fn hint(found: Option<&str>) -> String {
    found.map_or_else(String::new, |k| format!("; did you mean `{k}`?"))
}

/// A budget of hints for one note's check (sequential, so the first keys get them).
#[derive(Debug)]
pub struct Hints(AtomicUsize);

impl Default for Hints {
    fn default() -> Hints {
        Hints(AtomicUsize::new(MAX_HINTS))
    }
}

impl Hints {
    /// [`closest`], while the budget lasts; then nothing.
    pub fn closest<'a>(&self, name: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
        let left = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
        left.ok().and_then(|_| closest(name, known))
    }

    /// "; did you mean `x`?" for [`Hints::closest`].
    pub fn hint<'a>(&self, name: &str, known: impl Iterator<Item = &'a str>) -> String {
        hint(self.closest(name, known))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_for_short_and_long_names() {
        let known = ["csto", "nato", "uzbekistan", "member_of", "W38", "W138"];
        let find = |name| closest(name, known.iter().copied());
        assert_eq!(find("cst0"), Some("csto"));
        assert_eq!(find("uzbekistna"), Some("uzbekistan"));
        assert_eq!(find("membr_of"), Some("member_of"));
        assert_eq!(find("W83"), Some("W38"));
        // Too far, or sharing too little.
        assert_eq!(find("cs"), None);
        assert_eq!(find("kazakhstan"), None);
        assert_eq!(find("X1"), None);
    }

    #[test]
    fn the_budget_runs_out_and_then_gives_no_hint() {
        let hints = Hints::default();
        let known = ["alpha"];
        for _ in 0..MAX_HINTS {
            assert_eq!(hints.closest("alpah", known.iter().copied()), Some("alpha"));
        }
        assert_eq!(hints.closest("alpah", known.iter().copied()), None);
    }
}
