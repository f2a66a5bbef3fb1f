//! Median time to re-check a note kept between checks after a one-character edit:
//! `cargo run --release --example keystroke [--claims-in-first N] [LINES...]`.
//!
//! With `--claims-in-first 100`, only the first 100 lines make claims and the rest is
//! prose: the note grows, its findings do not, which isolates the cost of length.
//! `KEYSTROKES=N` sets how many edits are timed (31 by default; more for `perf`).

use factline_core::check::{Engine, NoteState, Settings};
use factline_core::facts::{LoadOptions, load_embedded};
use std::time::Instant;

fn main() {
    let engine = Engine::new(load_embedded(&LoadOptions::default()).base);
    let settings = Settings {
        as_of: Some(jiff::civil::date(2026, 6, 1)),
        ..Settings::default()
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let claims_in_first = args
        .iter()
        .position(|a| a == "--claims-in-first")
        .and_then(|i| args.get(i + 1)?.parse::<usize>().ok());
    let sizes: Vec<usize> = args
        .iter()
        .filter(|a| Some(a.parse().ok()) != Some(claims_in_first))
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1_000, 10_000, 100_000]
    } else {
        sizes
    };
    // Roughly one claim in five lines of prose, paragraphs of four lines.
    let lines = [
        "Uzbekistan is a member of the CSTO.",
        "The delegations met in the afternoon and discussed the agenda at length.",
        "Observers noted that the talks went on late into the evening.",
        "Stanislav Zas is the Secretary General of the CSTO.",
        "",
        "The weather in Minsk was mild, and the press was kept waiting.",
        "Analysts disagreed about what the summit would change in practice.",
        "Several ministers gave short statements to reporters outside.",
        "The CSTO has six member states.",
        "",
    ];
    for n in sizes {
        let prose = |i: usize| claims_in_first.is_some_and(|k| i >= k);
        let mut note: String = (0..n)
            .map(|i| match lines[i % lines.len()] {
                line if prose(i) && !line.is_empty() && line.contains("CSTO") => {
                    format!("{} ({i})\n", lines[1])
                }
                "" => "\n".to_string(),
                line => format!("{line} ({i})\n"),
            })
            .collect();
        let cold = Instant::now();
        let mut state = NoteState::new(&note);
        state.check(&engine, &settings);
        let cold = cold.elapsed();
        let mut times = Vec::new();
        let rounds: usize = std::env::var("KEYSTROKES")
            .ok()
            .and_then(|k| k.parse().ok())
            .unwrap_or(31);
        for k in 0..rounds {
            let at = note.len() / 2 + k;
            let at = (at..note.len())
                .find(|&i| note.is_char_boundary(i))
                .unwrap_or(0);
            note.insert(at, 'x');
            let t = Instant::now();
            state.edit(at..at, "x");
            state.check(&engine, &settings);
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "{n:>7} lines ({:>8} bytes): cold {:>8.2?}, after a one-character edit median {:>8.2?}, max {:>8.2?}",
            note.len(),
            cold,
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
}
