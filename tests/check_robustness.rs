//! Random Markdown never panics the checker, and every finding and fix lies
//! inside the note on character boundaries.

use factline_core::check::{self, Engine, Settings};
use factline_core::facts::{LoadOptions, load_embedded};
use proptest::prelude::*;

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

const SUBJECTS: &[&str] = &[
    "Uzbekistan",
    "Armenia",
    "Georgia",
    "Zas",
    "Masadykov",
    "The CSTO",
    "It",
];
const VERBS: &[&str] = &[
    "is",
    "was",
    "is not",
    "is no longer",
    "has been",
    "has",
    "joined",
    "left",
];
const OBJECTS: &[&str] = &[
    "a member of the CSTO",
    "the Secretary General of the CSTO",
    "six members",
    "the CSTO",
    "about 18,000 troops",
];
const TIMES: &[&str] = &[
    "",
    " in 2010",
    " since 2012",
    " from 2006 to 2012",
    " (2018-2021)",
];

fn engine() -> &'static (Engine, Settings) {
    static ENGINE: std::sync::OnceLock<(Engine, Settings)> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let settings = Settings {
            today: Some(jiff::civil::date(2026, 11, 24)),
            ..Settings::default()
        };
        (
            Engine::new(load_embedded(&LoadOptions::default()).base),
            settings,
        )
    })
}

/// A sentence shaped like a claim, so the verdict stage runs too.
fn claim() -> impl Strategy<Value = String> {
    let pick = |words: &'static [&'static str]| proptest::sample::select(words);
    (pick(SUBJECTS), pick(VERBS), pick(OBJECTS), pick(TIMES))
        .prop_map(|(s, v, o, t)| format!("{s} {v} {o}{t}. "))
}

/// A piece of prose or markup, with or without a space after it.
fn piece() -> impl Strategy<Value = String> {
    (proptest::sample::select(PIECES), any::<bool>()).prop_map(|(p, space)| {
        if space {
            format!("{p} ")
        } else {
            p.to_string()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Random Markdown never panics the checker, and every finding and fix lies inside
    /// the note, on char boundaries.
    #[test]
    fn random_notes_never_panic_and_ranges_stay_in_bounds(
        parts in proptest::collection::vec(prop_oneof![3 => piece(), 1 => claim()], 1..60),
    ) {
        let note = parts.concat();
        let (engine, settings) = engine();
        let report = check::check(engine, &note, settings);
        for f in report.findings.iter() {
            let ranges = std::iter::once(f.range.clone()).chain(f.fixes().map(|x| x.range));
            for r in ranges {
                prop_assert!(r.start <= r.end && r.end <= note.len(), "{:?} in {:?}", r, note);
                prop_assert!(
                    note.is_char_boundary(r.start) && note.is_char_boundary(r.end),
                    "{:?} in {:?}", r, note
                );
            }
        }
    }
}

/// The generator's claim sentences reach the verdict stage: together they get findings.
#[test]
fn the_claim_sentences_are_judged() {
    let mut note = String::new();
    for s in SUBJECTS {
        for v in VERBS {
            for o in OBJECTS {
                for t in TIMES {
                    note.push_str(&format!("{s} {v} {o}{t}.\n\n"));
                }
            }
        }
    }
    let (engine, settings) = engine();
    let findings = check::check(engine, &note, settings)
        .findings
        .iter()
        .count();
    assert!(
        findings > 100,
        "the generator should produce claims ({findings})"
    );
}
