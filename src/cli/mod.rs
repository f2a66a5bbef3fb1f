//! Command-line interface: argument parsing and report rendering only.

use clap::{Parser, Subcommand, ValueEnum};
use factline_core::facts::{self, LoadOptions, Loaded, Problem};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod check;
mod ci;
mod import;
mod snippet;

use snippet::Snippet;

#[derive(Parser)]
#[command(
    name = "factline",
    version,
    about = "Checks Markdown notes against a sourced, time-aware fact base"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check Markdown notes against the fact base.
    Check(check::Args),
    /// List the sources each note cites (`[@id]`) and the claims each is cited for.
    Sources(check::Args),
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for clients that pass it: stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Work with fact-base (`.facts`) files.
    Facts {
        #[command(subcommand)]
        command: FactsCommand,
    },
}

#[derive(Subcommand)]
enum FactsCommand {
    /// Load fact files and report every error (no files: the embedded base).
    Check {
        /// Directory holding the sources' texts, for quote verification.
        #[arg(long, value_name = "DIR")]
        sources: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fact files to load (their includes are followed), or directories to search for
        /// `*.facts`.
        files: Vec<String>,
    },
    /// Bring statements into `.facts` from another fact base.
    Import {
        #[command(subcommand)]
        from: ImportFrom,
    },
}

#[derive(Subcommand)]
enum ImportFrom {
    /// Wikidata's entity JSON, JSON dumps or SPARQL results, mapped by the base's
    /// `wikidata` declarations; the `.facts` goes to stdout.
    Wikidata(import::Args),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Sources(args) => check::sources(args),
        Command::Lsp { .. } => crate::lsp::run(),
        Command::Facts {
            command:
                FactsCommand::Check {
                    sources,
                    format,
                    files,
                },
        } => facts_check(sources, format, files),
        Command::Facts {
            command:
                FactsCommand::Import {
                    from: ImportFrom::Wikidata(args),
                },
        } => import::run(args),
    }
}

fn facts_check(sources: Option<PathBuf>, format: Format, paths: Vec<String>) -> ExitCode {
    // A directory stands for every `*.facts` under it, like `check DIR` for notes.
    let mut files = Vec::new();
    for path in &paths {
        let mut found = Vec::new();
        match check::collect_files(Path::new(path), &["facts"], &mut found) {
            Ok(()) if found.is_empty() => {
                eprintln!("warning: {path}: no fact files (*.facts) found");
            }
            Ok(()) => files.extend(found.iter().map(|f| f.display().to_string())),
            // Unreadable: the loader says so, at the path as given.
            Err(_) => files.push(path.clone()),
        }
    }
    if !paths.is_empty() && files.is_empty() {
        return ExitCode::SUCCESS;
    }
    let options = LoadOptions {
        sources_dir: sources,
        ..Default::default()
    };
    let loaded = match files.is_empty() {
        true => facts::load_embedded(&options),
        false => facts::load_files(&files, &options),
    };
    let with_texts = options.sources_dir.is_some();
    let shown = if files.is_empty() {
        vec![facts::embedded::ROOT.to_string()]
    } else {
        files
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match format {
        Format::Human => write_human(&mut out, &loaded, &shown, with_texts),
        Format::Json => write_json(&mut out, &loaded, &shown),
    };
    if written.is_err() || out.flush().is_err() {
        return ExitCode::from(2);
    }
    match (loaded.unreadable, loaded.error_count()) {
        (true, _) => ExitCode::from(2),
        (false, 0) => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

/// With `with_texts` (`--sources`), unverified quotes are mismatches or missing texts;
/// without, no quote could be checked, and the summary says why.
fn write_human(
    out: &mut impl Write,
    loaded: &Loaded,
    files: &[String],
    with_texts: bool,
) -> std::io::Result<()> {
    let color = snippet::colour();
    for problem in &loaded.problems {
        write_problem(out, loaded, problem, color)?;
    }
    let s = loaded.base.stats();
    let errors = loaded.error_count();
    let warnings = loaded.problems.len() - errors;
    writeln!(
        out,
        "{}: {}, {}, {}, {}, {}, {} of {} quotes verified{}, {}; {}, {}",
        files.join(", "),
        count(s.entities, "entity", "entities"),
        count(s.relations, "relation", "relations"),
        count(s.statements, "statement", "statements"),
        count(s.sources, "source", "sources"),
        count(s.citations, "citation", "citations"),
        s.quotes_verified,
        s.quotes,
        if with_texts {
            ""
        } else {
            " (no source texts given: --sources DIR)"
        },
        count(s.disputes, "dispute", "disputes"),
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings"),
    )
}

/// One problem in the manner of rustc: header, source line, underline.
fn write_problem(
    out: &mut impl Write,
    loaded: &Loaded,
    p: &Problem,
    color: bool,
) -> std::io::Result<()> {
    let source = loaded
        .base
        .files
        .iter()
        .find(|f| f.path == p.path)
        .map(|file| {
            let line = (p.line - 1) as usize;
            let text = file.lines.line_text(&file.text, line);
            let line_end = file.lines.line_start(line) + text.len();
            let (from, to) = (
                p.bytes.0.min(line_end),
                p.bytes.1.clamp(p.bytes.0, line_end),
            );
            let width = file.text[from..to.max(from)].chars().count();
            let start = p.column as usize - 1;
            (text, start..start + width)
        });
    let snippet = Snippet {
        severity: if p.is_error() { "error" } else { "warning" },
        code: p.code,
        message: &p.message,
        path: &p.path,
        line: p.line as usize,
        column: p.column as usize,
        source,
    };
    snippet.write(out, color)?;
    writeln!(out)
}

fn write_json(out: &mut impl Write, loaded: &Loaded, files: &[String]) -> std::io::Result<()> {
    let errors = loaded.error_count();
    let doc = serde_json::json!({
        "files": files,
        "problems": loaded.problems,
        "summary": loaded.base.stats(),
        "errors": errors,
        "warnings": loaded.problems.len() - errors,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// "1 note", "2 notes".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
