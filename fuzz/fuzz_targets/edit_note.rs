//! A note and a few edits: the note kept between checks (`NoteState`) must give exactly what
//! a fresh check of the edited text gives, chunks included. The first bytes of the input
//! choose the edits (where, how much to delete, what to insert) and the segments' size;
//! the rest is the note.
#![no_main]

use factline_core::check::{Engine, NoteState, Report, Settings, check};
use factline_core::facts::{LoadOptions, load_embedded};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(load_embedded(&LoadOptions::default()).base))
}

/// What edits insert: the pieces that make and break chunks, and some prose.
const PIECES: [&str; 16] = [
    "",
    "\n",
    "\n\n",
    "- ",
    "```\n",
    "# ",
    "x",
    "<!-- ",
    "-->",
    "---\n",
    "| a | b |\n",
    "[^1]",
    "  ",
    "Uzbekistan is a member of the CSTO.",
    ":\n",
    "<!-- factline: ignore -->\n",
];

fn view(r: &Report) -> Vec<(String, std::ops::Range<usize>, String, Vec<String>)> {
    r.findings
        .iter()
        .map(|f| {
            let cites = f.citations.iter().map(|c| c.to_string()).collect();
            (
                f.verdict.code().to_string(),
                f.range.clone(),
                f.message.to_string(),
                cites,
            )
        })
        .collect()
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fuzz_target!(|data: &[u8]| {
    let (ops, rest) = data.split_at(data.len().min(12));
    let Ok(start) = std::str::from_utf8(rest) else {
        return;
    };
    let settings = Settings {
        today: Some(jiff::civil::date(2026, 11, 24)),
        ..Settings::default()
    };
    let mut text = start.to_string();
    // Segments of one to three chunks: small notes get several, and edits reuse them.
    let every = 1 + u64::from(ops.iter().fold(0, |a, b| a ^ b) % 3);
    let mut state = NoteState::new(&text).with_segments_of(every);
    state.check(engine(), &settings);
    for op in ops.chunks_exact(3) {
        let a = floor(&text, op[0] as usize * (text.len() + 1) / 256);
        let b = floor(&text, a + (op[1] % 16) as usize).max(a);
        let piece = PIECES[(op[2] % 16) as usize];
        text.replace_range(a..b, piece);
        state.edit(a..b, piece);
        assert_eq!(state.text(), text);
        let fresh = NoteState::new(&text);
        assert!(
            state.chunks().eq(fresh.chunks()),
            "chunks differ after an edit"
        );
        let kept = state.check(engine(), &settings);
        assert_eq!(view(&kept), view(&check(engine(), &text, &settings)));
    }
});
