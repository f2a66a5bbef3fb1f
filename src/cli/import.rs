//! `factline facts import wikidata`: writes the imported `.facts` to stdout and what was
//! kept and left out to stderr.

use crate::import::wikidata::{self, Mapping, Options, Summary};
use factline_core::facts::{self, LoadOptions};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `facts import wikidata`.
#[derive(clap::Args)]
pub struct Args {
    /// The base whose `wikidata` declarations map properties, classes and items (and whose
    /// relations and kinds the output uses); default: the embedded base.
    #[arg(long, value_name = "FILE.facts")]
    map: Option<PathBuf>,
    /// Languages for labels, aliases and descriptions, preferred first.
    #[arg(
        long,
        value_name = "LANGS",
        default_value = "en",
        value_delimiter = ','
    )]
    lang: Vec<String>,
    /// Keep statements without a reference as usable (otherwise they are `unconfirmed`).
    #[arg(long)]
    trust_unreferenced: bool,
    /// The `include` line the output starts with (default: the `--map` path as given).
    #[arg(long, value_name = "PATH")]
    include: Option<String>,
    /// Entity JSON (`Special:EntityData`), a JSON dump (also `.gz`, `.bz2`) or SPARQL
    /// JSON results; `-` reads stdin.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

pub fn run(args: Args) -> ExitCode {
    let loaded = match &args.map {
        Some(map) => facts::load_files(&[map.display().to_string()], &LoadOptions::default()),
        None => facts::load_embedded(&LoadOptions::default()),
    };
    if loaded.error_count() > 0 || loaded.unreadable {
        let shown = args.map.as_ref().map(|m| m.display().to_string());
        eprintln!(
            "error: the map {} has errors; run `factline facts check` on it",
            shown.unwrap_or_else(|| "(the embedded base)".into())
        );
        return ExitCode::from(2);
    }
    let mapping = Mapping::new(&loaded.base);
    for conflict in &mapping.conflicts {
        eprintln!("warning: the map: {conflict}");
    }
    if mapping.properties() == 0 {
        eprintln!(
            "error: the map declares no `wikidata P…` on any relation: nothing would be kept"
        );
        return ExitCode::from(2);
    }
    let options = Options {
        languages: args.lang.clone(),
        trust_unreferenced: args.trust_unreferenced,
    };
    let includes: Vec<String> = args
        .include
        .clone()
        .or_else(|| args.map.as_ref().map(|m| m.display().to_string()))
        .into_iter()
        .collect();
    let bar = progress_bar();
    let mut progress = |entities: usize, kept: usize| {
        bar.set_position(entities as u64);
        bar.set_message(format!("{kept} statements kept"));
    };
    let result = wikidata::run(&args.inputs, &mapping, &options, &includes, &mut progress);
    bar.finish_and_clear();
    let (text, summary) = match result {
        Ok(done) => done,
        Err(e) => {
            eprintln!("error: cannot read the input: {e}");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    report(&summary);
    match summary.problems.is_empty() {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    }
}

/// A spinner on stderr (entities read, their rate, statements kept); nothing when stderr
/// is not a terminal.
fn progress_bar() -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} {human_pos} entities read ({per_sec}), {msg}",
    );
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

/// What was kept and left out, on stderr.
fn report(s: &Summary) {
    eprintln!(
        "imported {} statements ({} unconfirmed: no reference), {} new entities and {} new \
         sources from {} entities",
        s.statements, s.unconfirmed, s.declared, s.sources, s.entities
    );
    if s.disputes > 0 {
        eprintln!(
            "  {} disputes: holders of a one-at-a-time relation whose times overlap",
            s.disputes
        );
    }
    for (why, n) in &s.skipped {
        eprintln!("  skipped {n}: {why}");
    }
    const SHOWN: usize = 20;
    for p in s.problems.iter().take(SHOWN) {
        eprintln!("error: {p}");
    }
    if s.problems.len() > SHOWN {
        eprintln!("… and {} more problems", s.problems.len() - SHOWN);
    }
}
