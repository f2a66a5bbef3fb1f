//! Random Markdown never panics the checker, and every finding and fix lies
//! inside the note on character boundaries.

use factline_core::check::{self, Engine, Settings};
use factline_core::facts::{LoadOptions, load_embedded};

/// A small deterministic generator, so a failure reproduces.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "Uzbekistan",
    "the CSTO",
    "CSTO's",
    "Armenia",
    "Zas",
    "is",
    "was",
    "not",
    "no longer",
    "a member of",
    "members",
    "joined",
    "left",
    "in",
    "2012",
    "2006–2012",
    "from",
    "to",
    "since",
    "six",
    "seventeen thousand",
    "about",
    "17,000–22,000",
    "troops",
    "has",
    "the alliance",
    "its",
    "it",
    ",",
    ".",
    ":",
    "?",
    "(",
    ")",
    "\n",
    "\n\n",
    "\r\n",
    "- ",
    "| ",
    " |",
    "|---|",
    "# ",
    "> ",
    "`",
    "```\n",
    "<!-- factline: as-of 2010 -->",
    "<!-- factline: ignore -->",
    "<!-- factline: disable -->",
    "<!-- factline: bogus -->",
    "🇺🇿",
    "中文",
    "é",
    "\t",
    "[link](http://x)",
    "**",
    "_",
    "---\n",
    "as_of: 2010-01-01\n",
    "Secretary General",
    "neither",
    "nor",
    "and",
    "'s",
    "’",
    "-",
    "—",
    "Georgia",
    "former",
    "current",
    "may",
    "never",
];

#[test]
fn random_notes_never_panic_and_ranges_stay_in_bounds() {
    let engine = Engine::new(load_embedded(&LoadOptions::default()).base);
    let settings = Settings {
        today: Some(jiff::civil::date(2026, 11, 24)),
        ..Settings::default()
    };
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let mut findings = 0;
    for _ in 0..1500 {
        let len = 1 + rng.next() % 60;
        let mut note = String::new();
        for _ in 0..len {
            if rng.next().is_multiple_of(4) {
                // A sentence shaped like a claim, so the verdict stage runs too.
                let s = rng.pick(&[
                    "Uzbekistan",
                    "Armenia",
                    "Georgia",
                    "Zas",
                    "Masadykov",
                    "The CSTO",
                    "It",
                ]);
                let v = rng.pick(&[
                    "is",
                    "was",
                    "is not",
                    "is no longer",
                    "has been",
                    "has",
                    "joined",
                    "left",
                ]);
                let o = rng.pick(&[
                    "a member of the CSTO",
                    "the Secretary General of the CSTO",
                    "six members",
                    "the CSTO",
                    "about 18,000 troops",
                ]);
                let t = rng.pick(&[
                    "",
                    " in 2010",
                    " since 2012",
                    " from 2006 to 2012",
                    " (2018-2021)",
                ]);
                note.push_str(&format!("{s} {v} {o}{t}. "));
            }
            note.push_str(rng.pick(PIECES));
            if !rng.next().is_multiple_of(3) {
                note.push(' ');
            }
        }
        let report = check::check(&engine, &note, &settings);
        for f in report.findings.iter() {
            findings += 1;
            let ranges = std::iter::once(f.range.clone()).chain(f.fixes().map(|x| x.range));
            for r in ranges {
                assert!(r.start <= r.end && r.end <= note.len(), "{r:?} in {note:?}");
                assert!(
                    note.is_char_boundary(r.start) && note.is_char_boundary(r.end),
                    "{r:?} in {note:?}"
                );
            }
        }
    }
    assert!(
        findings > 100,
        "the generator should produce claims ({findings})"
    );
}
