//! Check throughput on a real note: `cargo run --release --example check_file NOTE.md [MB]`.
//! The note is repeated up to MB megabytes (default 1) and checked five times; the median is
//! reported with the number of findings.

use factline_core::check::{Engine, Settings, check};
use factline_core::facts::{LoadOptions, load_embedded};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a note to check");
    let megabytes: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1.0);
    let one = std::fs::read_to_string(&path).expect("a readable UTF-8 note");
    let mut text = String::new();
    while (text.len() as f64) < megabytes * 1e6 {
        text.push_str(&one);
        text.push_str("\n\n");
    }
    let engine = Engine::new(load_embedded(&LoadOptions::default()).base);
    let settings = Settings {
        as_of: Some(jiff::civil::date(2026, 6, 1)),
        ..Settings::default()
    };
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..5 {
        let start = Instant::now();
        findings = check(&engine, &text, &settings).findings.len();
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{path}: {} bytes, {findings} findings, median {median:.2?}, {:.1} MB/s",
        text.len(),
        text.len() as f64 / 1e6 / median.as_secs_f64()
    );
}
