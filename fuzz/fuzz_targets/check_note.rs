//! Any bytes as a note: the checker must not panic, and every range must lie in the note.
#![no_main]

use factline_core::check::{Engine, Settings, check};
use factline_core::facts::{LoadOptions, load_embedded};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(load_embedded(&LoadOptions::default()).base))
}

fuzz_target!(|data: &[u8]| {
    let Ok(note) = std::str::from_utf8(data) else {
        return;
    };
    let settings = Settings {
        today: Some(jiff::civil::date(2026, 11, 24)),
        ..Settings::default()
    };
    let report = check(engine(), note, &settings);
    for f in report.findings.iter() {
        for r in std::iter::once(f.range.clone()).chain(f.fixes().map(|x| x.range)) {
            assert!(r.start <= r.end && r.end <= note.len());
            assert!(note.is_char_boundary(r.start) && note.is_char_boundary(r.end));
        }
    }
});
