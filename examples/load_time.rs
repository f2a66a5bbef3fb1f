//! Times loading fact bases: `cargo run --release --example load_time [FILE]`.
//! No file: the embedded base, loaded 200 times (median reported).

use std::time::Instant;

fn main() {
    let options = factline_core::facts::LoadOptions::default();
    let file = std::env::args().nth(1);
    let runs = if file.is_some() { 3 } else { 200 };
    let mut times = Vec::new();
    let mut summary = None;
    for _ in 0..runs {
        let start = Instant::now();
        let loaded = match &file {
            Some(f) => factline_core::facts::load_files(std::slice::from_ref(f), &options),
            None => factline_core::facts::load_embedded(&options),
        };
        times.push(start.elapsed());
        summary = Some((loaded.base.stats(), loaded.problems.len()));
    }
    times.sort();
    // Read before tree-sitter's parse below, whose tree would dwarf the loader's peak.
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or("unknown".into(), |kib| format!("{} MB", kib / 1024));
    println!("peak resident memory while loading: {peak}");
    if let Some(f) = &file {
        // The share of tree-sitter's parse alone (the loader's first step).
        let text = std::fs::read_to_string(f).expect("readable");
        let start = Instant::now();
        let tree = factline_core::facts::syntax::parse(&text);
        let parse = start.elapsed();
        let nodes = tree.root_node().descendant_count();
        println!("tree-sitter parse alone: {parse:.2?} ({nodes} nodes)");
    }
    let (stats, problems) = summary.unwrap();
    println!(
        "{} statements, {} entities, {problems} problems: median {:.2?} over {runs} runs",
        stats.statements,
        stats.entities,
        times[runs / 2]
    );
}
