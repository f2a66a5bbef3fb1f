//! `cargo bench`: check throughput by note size and stage, keystroke re-checks, base loading
//! and alias matching. Notes are generated with a realistic mix: about one claim in five
//! lines, paragraphs of four lines.

use divan::{Bencher, black_box};
use factline_core::check::{Engine, NoteState, Settings, check};
use factline_core::claims::{self, Phrases};
use factline_core::facts::{LoadOptions, load_embedded};
use factline_core::mentions::Matcher;
use factline_core::{markdown, verdict};

fn main() {
    divan::main();
}

const LINES: [&str; 10] = [
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

fn note_of_bytes(bytes: usize) -> String {
    let mut out = String::from("---\nas_of: 2026-06-01\n---\n");
    let mut i = 0;
    while out.len() < bytes {
        let line = LINES[i % LINES.len()];
        if line.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!("{line} ({i})\n"));
        }
        i += 1;
    }
    out
}

fn note_of_lines(lines: usize) -> String {
    (0..lines)
        .map(|i| match LINES[i % LINES.len()] {
            "" => "\n".to_string(),
            line => format!("{line} ({i})\n"),
        })
        .collect()
}

fn engine() -> Engine {
    Engine::new(load_embedded(&LoadOptions::default()).base)
}

fn settings() -> Settings {
    Settings {
        as_of: Some(jiff::civil::date(2026, 6, 1)),
        ..Settings::default()
    }
}

/// Whole-note check, cold (no cache). Throughput is in bytes of note.
#[divan::bench(args = [10_000, 100_000, 1_000_000, 10_000_000], sample_count = 10, sample_size = 1)]
fn check_note(bencher: Bencher, bytes: usize) {
    let engine = engine();
    let text = note_of_bytes(bytes);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| check(&engine, black_box(&text), &settings()));
}

mod stages {
    use super::*;
    const BYTES: usize = 1_000_000;

    #[divan::bench(sample_count = 10)]
    fn markdown(bencher: Bencher) {
        let text = note_of_bytes(BYTES);
        bencher
            .counter(divan::counter::BytesCount::new(text.len()))
            .bench(|| markdown::parse(black_box(&text)));
    }

    #[divan::bench(sample_count = 10)]
    fn mentions(bencher: Bencher) {
        let base = load_embedded(&LoadOptions::default()).base;
        let matcher = Matcher::new(&base);
        let note = markdown::parse(&note_of_bytes(BYTES));
        bencher.bench(|| {
            note.blocks
                .iter()
                .map(|b| matcher.find(&b.text).len())
                .sum::<usize>()
        });
    }

    #[divan::bench(sample_count = 10)]
    fn claims(bencher: Bencher) {
        let base = load_embedded(&LoadOptions::default()).base;
        let (matcher, phrases) = (Matcher::new(&base), Phrases::new(&base));
        let note = markdown::parse(&note_of_bytes(BYTES));
        let blocks: Vec<_> = note
            .blocks
            .iter()
            .map(|b| (b.text.clone(), matcher.find(&b.text)))
            .collect();
        let cx = claims::Context::default();
        bencher.bench(|| {
            blocks
                .iter()
                .map(|(t, m)| claims::extract(&base, &phrases, t, m, cx).len())
                .sum::<usize>()
        });
    }

    #[divan::bench(sample_count = 10)]
    fn verdicts(bencher: Bencher) {
        let base = load_embedded(&LoadOptions::default()).base;
        let (matcher, phrases) = (Matcher::new(&base), Phrases::new(&base));
        let note = markdown::parse(&note_of_bytes(BYTES));
        let found: Vec<_> = note
            .blocks
            .iter()
            .flat_map(|b| {
                let m = matcher.find(&b.text);
                claims::extract(&base, &phrases, &b.text, &m, claims::Context::default())
                    .into_iter()
                    .map(|c| (b.text.clone(), c))
                    .collect::<Vec<_>>()
            })
            .collect();
        let day = jiff::civil::date(2026, 6, 1);
        bencher.bench(|| {
            found
                .iter()
                .filter(|(t, c)| {
                    verdict::judge(&base, c, t, day).verdict != verdict::Verdict::Unknown
                })
                .count()
        });
    }
}

/// Re-check after a one-character edit in the middle of a note kept between checks.
#[divan::bench(args = [100, 1_000, 10_000, 100_000], sample_count = 20, sample_size = 1)]
fn keystroke(bencher: Bencher, lines: usize) {
    let engine = engine();
    let text = note_of_lines(lines);
    let mut note = NoteState::new(&text);
    note.check(&engine, &settings());
    let mut at = (text.len() / 2..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    bencher.bench_local(|| {
        note.edit(at..at, "x");
        at += 1;
        note.check(&engine, black_box(&settings()))
    });
}

/// Loading the embedded base (parse, resolve, check, index).
#[divan::bench(sample_count = 50)]
fn load_embedded_base() -> usize {
    load_embedded(&LoadOptions::default()).base.statements.len()
}

/// Alias matching against an automaton of many names (generated entities, ten names each).
#[divan::bench(args = [10_000, 100_000, 1_000_000], sample_count = 10)]
fn alias_matching(bencher: Bencher, aliases: usize) {
    let mut facts = String::from("kind state\n");
    for i in 0..aliases / 10 {
        facts.push_str(&format!("entity e{i} state \"Name{i}\"\n  alias"));
        for a in 0..9 {
            facts.push_str(&format!(" \"Alias{i}x{a}\""));
        }
        facts.push('\n');
    }
    let dir = std::env::temp_dir().join(format!("factline-bench-{aliases}.facts"));
    std::fs::write(&dir, facts).unwrap();
    let loaded =
        factline_core::facts::load_files(&[dir.display().to_string()], &LoadOptions::default());
    let matcher = Matcher::new(&loaded.base);
    let text: String = (0..2_000)
        .map(|i| format!("Alias{}x3 met Name{} and nobody else. ", i * 7, i * 3))
        .collect();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| matcher.find(black_box(&text)).len());
}
