//! Property tests: incremental checks equal fresh ones, ranges stay on char boundaries,
//! and quick fixes do what they promise.

use factline_core::check::{self, Engine, NoteState, Settings};
use factline_core::facts::{LoadOptions, load_embedded};
use proptest::prelude::*;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(load_embedded(&LoadOptions::default()).base))
}

fn settings() -> Settings {
    Settings {
        as_of: Some(jiff::civil::date(2026, 6, 1)),
        today: Some(jiff::civil::date(2026, 11, 24)),
        ..Settings::default()
    }
}

const PIECES: &[&str] = &[
    "Uzbekistan is a member of the CSTO.",
    "Stanislav Zas is the Secretary General of the CSTO.",
    "The CSTO has seven member states.",
    "The CSTO was founded in 1992.",
    "Armenia left the CSTO in 2024.",
    "The CRRF has about 20,000 troops.",
    "Georgia, Azerbaijan and Uzbekistan are members of the CSTO.",
    "Current member states:",
    "- Uzbekistan",
    "| State | CSTO member |\n|---|---|\n| Georgia | yes |",
    "<!-- factline: as-of 2010-06-01 -->",
    "# Heading",
    "[@W19]",
    "[[uzbekistan|the republic]]",
    "🇺🇿",
    "😀",
    "中文",
    "é",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    " ",
    "\t",
    "`code`",
    "> ",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

/// An edit: replace the chars between two fractions of the text with a piece.
fn edits() -> impl Strategy<Value = Vec<(f64, f64, &'static str)>> {
    prop::collection::vec(
        (0.0..1.0f64, 0.0..0.2f64, prop::sample::select(PIECES)),
        1..12,
    )
}

fn char_boundary(text: &str, fraction: f64) -> usize {
    let target = (text.len() as f64 * fraction) as usize;
    (0..=target.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn view(r: &check::Report) -> Vec<(String, std::ops::Range<usize>, String)> {
    r.findings
        .iter()
        .map(|f| {
            (
                f.verdict.code().to_string(),
                f.range.clone(),
                f.message.to_string(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn incremental_checks_equal_fresh_checks(start in text(), edits in edits(), every in 1u64..4) {
        let mut note = start;
        let mut state = NoteState::new(&note).with_segments_of(every);
        state.check(engine(), &settings());
        for (at, len, piece) in edits {
            let a = char_boundary(&note, at);
            let b = char_boundary(&note, (at + len).min(1.0)).max(a);
            note.replace_range(a..b, piece);
            state.edit(a..b, piece);
            prop_assert_eq!(state.text(), note.clone());
            let kept = state.check(engine(), &settings());
            let fresh = check::check(engine(), &note, &settings());
            prop_assert_eq!(view(&kept), view(&fresh));
        }
    }

    #[test]
    fn ranges_lie_inside_the_note_on_char_boundaries(note in text()) {
        let report = check::check(engine(), &note, &settings());
        for f in report.findings.iter() {
            for r in std::iter::once(f.range.clone()).chain(f.fixes().map(|x| x.range)) {
                prop_assert!(r.start <= r.end && r.end <= note.len());
                prop_assert!(note.is_char_boundary(r.start) && note.is_char_boundary(r.end));
            }
            let lines = factline_core::text::LineIndex::new(&note);
            let p = lines.utf16(&note, f.range.start);
            prop_assert_eq!(lines.offset_utf16(&note, p.line as usize, p.col as usize), f.range.start);
        }
    }

    #[test]
    fn the_best_fix_removes_its_finding(note in text()) {
        let report = check::check(engine(), &note, &settings());
        for f in report.findings.iter().filter(|f| matches!(f.verdict.code(), "outdated" | "contradicted")) {
            let Some(fix) = f.fixes().next() else { continue };
            let mut fixed = note.clone();
            fixed.replace_range(fix.range.clone(), &fix.new_text);
            prop_assert_eq!(&fixed[fix.range.start..fix.range.start + fix.new_text.len()], &*fix.new_text);
            let after = check::check(engine(), &fixed, &settings());
            let same_place = after.findings.iter().any(|g| {
                g.range.start == f.range.start && g.verdict == f.verdict && g.message == f.message
            });
            prop_assert!(!same_place, "fix {:?} left {:?} in {:?}", fix.new_text, f.message, fixed);
        }
    }
}
