//! `factline check`: notes in, findings out (human or JSON), exit code for CI.

use super::ci::{self, Located};
use super::snippet::Snippet;
use factline_core::check::{self, Engine, Finding, Settings};
use factline_core::config::{self, Config, Severity};
use factline_core::date::PartialDate;
use factline_core::evidence::{self, Link, Side};
use factline_core::facts::model::Source;
use factline_core::facts::{self, LoadOptions};
use factline_core::text::LineIndex;
use factline_core::verdict::Verdict;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Date to check notes against when their front matter gives none (YYYY[-MM[-DD]]).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// A fact file to load (repeatable), in addition to the embedded base.
    #[arg(long = "facts", value_name = "FILE")]
    facts: Vec<String>,
    /// Do not load the embedded (CSTO) base.
    #[arg(long)]
    no_default_facts: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Markdown notes, or directories to search for `*.md`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards (`check` only).
    Sarif,
    /// GitHub workflow commands: annotations on a pull request (`check` only).
    Github,
}

/// One checked note, ready to print.
struct Checked {
    path: String,
    text: String,
    report: check::Report,
    config: Config,
}

pub fn run(args: Args) -> ExitCode {
    run_as(args, false)
}

/// `factline sources`: the sources each note cites and what each supports there.
pub fn sources(args: Args) -> ExitCode {
    run_as(args, true)
}

fn run_as(args: Args, list_sources: bool) -> ExitCode {
    let mut stderr = std::io::stderr();
    let as_of = match args.as_of.as_deref().map(PartialDate::parse).transpose() {
        Ok(d) => d.map(|d| d.latest()),
        Err(e) => {
            let _ = writeln!(stderr, "error: --as-of: {e}");
            return ExitCode::from(2);
        }
    };
    if list_sources && matches!(args.format, Format::Sarif | Format::Github) {
        let _ = writeln!(
            stderr,
            "error: `sources` writes human or json; sarif and github are for `check`"
        );
        return ExitCode::from(2);
    }
    let mut bad_input = false;
    let mut notes = Vec::new();
    for path in &args.paths {
        let before = notes.len();
        if let Err(e) = collect(path, &mut notes) {
            let _ = writeln!(stderr, "error: {}: {e}", path.display());
            bad_input = true;
        } else if notes.len() == before {
            let _ = writeln!(
                stderr,
                "warning: {}: no Markdown notes (*.md, *.markdown) found",
                path.display()
            );
        }
    }
    // Every configuration and base first, so a bad one stops the run before any output.
    let plan = match Plan::new(&notes, &args) {
        Ok(plan) => plan,
        Err(message) => {
            let _ = write!(stderr, "{message}");
            return ExitCode::from(2);
        }
    };
    // Buffered: stdout is line-buffered. Each note is checked, written and freed before
    // the next, so memory follows the largest note, not the sum of them.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let color = super::snippet::colour();
    let format = args.format;
    let json = format == Format::Json;
    let mut result = match format {
        Format::Json => write!(out, "{{\"files\":["),
        Format::Sarif => ci::sarif_start(&mut out),
        _ => Ok(()),
    };
    let (mut findings, mut written, mut results) = (0, 0, 0);
    for (note, (config, key)) in notes.iter().zip(&plan.notes) {
        let engine = &plan.engines[key];
        let Some(c) = check_one(note, config, engine, as_of, &mut bad_input) else {
            continue;
        };
        if result.is_err() {
            break;
        }
        if json && written > 0 {
            result = write!(out, ",");
        }
        written += 1;
        findings += count_findings(&c);
        result = result.and_then(|_| match (list_sources, format) {
            (true, Format::Json) => json_line(&mut out, &json_sources(&c, engine)),
            (true, _) => write_sources(&mut out, &c, engine),
            (false, Format::Human) => write_human(&mut out, &c, engine, color),
            (false, Format::Json) => json_line(&mut out, &JsonFile::new(&c, engine)),
            (false, _) => write_ci(&mut out, &c, format, &mut results),
        });
        // A long note's findings take a while to free: not on the way to the next note.
        std::thread::spawn(move || drop(c));
    }
    result = result.and_then(|_| match (format, list_sources) {
        (Format::Json, _) => writeln!(out, "\n]}}"),
        (Format::Sarif, _) => ci::sarif_end(&mut out),
        (Format::Github, _) => Ok(()),
        (_, false) => writeln!(
            out,
            "{} checked, {} at warning or above",
            super::count(written, "note", "notes"),
            super::count(findings, "finding", "findings")
        ),
        (_, true) => Ok(()),
    });
    let flushed = out.flush();
    match (result.is_err() || flushed.is_err() || bad_input, findings) {
        (true, _) => ExitCode::from(2),
        (false, _) if list_sources => ExitCode::SUCCESS,
        (false, 0) => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

/// A note's findings as SARIF results or workflow commands; `results` counts SARIF's.
fn write_ci(
    out: &mut impl Write,
    c: &Checked,
    format: Format,
    results: &mut usize,
) -> std::io::Result<()> {
    let lines = LineIndex::new(&c.text);
    let at = |o: usize| {
        let p = lines.utf16(&c.text, o);
        (p.line + 1, p.col + 1)
    };
    for f in reported(c) {
        let fix = f.fixes().next();
        let located = Located {
            path: &c.path,
            start: at(f.range.start),
            end: at(f.range.end),
            severity: severity(c, &f),
            code: f.verdict.code(),
            message: &f.message,
            fix: fix
                .as_ref()
                .map(|x| (at(x.range.start), at(x.range.end), &*x.new_text)),
        };
        match format {
            Format::Sarif => ci::sarif_result(out, &located, *results == 0)?,
            _ => ci::github(out, &located)?,
        }
        *results += 1;
    }
    Ok(())
}

/// One line of a JSON report: a value, compact, after a line break.
fn json_line(out: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    writeln!(out)?;
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::other)
}

/// Each note's configuration and base, loaded once per distinct set of fact files.
struct Plan {
    engines: HashMap<(Vec<PathBuf>, bool), Engine>,
    notes: Vec<(Config, (Vec<PathBuf>, bool))>,
}

impl Plan {
    fn new(notes: &[PathBuf], args: &Args) -> Result<Plan, String> {
        let mut plan = Plan {
            engines: HashMap::new(),
            notes: Vec::new(),
        };
        let mut configs: HashMap<Option<PathBuf>, Config> = HashMap::new();
        for note in notes {
            let dir = note
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let config_path = config::find(dir);
            let config = match configs.get(&config_path) {
                Some(c) => c.clone(),
                None => {
                    let read = config_path
                        .as_deref()
                        .map_or(Ok(Config::defaults()), Config::read);
                    let c = read.map_err(|e| format!("error: {e}\n"))?;
                    configs.insert(config_path, c.clone());
                    c
                }
            };
            let mut files = config.facts.clone();
            files.extend(args.facts.iter().map(PathBuf::from));
            let defaults = config.default_facts && !args.no_default_facts;
            let key = (files, defaults);
            if !plan.engines.contains_key(&key) {
                let engine = load_engine(&key.0, defaults)?;
                plan.engines.insert(key.clone(), engine);
            }
            plan.notes.push((config, key));
        }
        Ok(plan)
    }
}

/// Reads and checks one note; reports an unreadable note or a bad date on stderr.
fn check_one(
    note: &Path,
    config: &Config,
    engine: &Engine,
    as_of: Option<jiff::civil::Date>,
    bad_input: &mut bool,
) -> Option<Checked> {
    let mut stderr = std::io::stderr();
    let text = match std::fs::read(note).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            let _ = writeln!(stderr, "error: {}: not UTF-8 text", note.display());
            *bad_input = true;
            return None;
        }
        Err(e) => {
            let _ = writeln!(stderr, "error: {}: {e}", note.display());
            *bad_input = true;
            return None;
        }
    };
    let settings = Settings {
        as_of: as_of.or(config.as_of),
        ..Settings::from(config)
    };
    let report = check::check(engine, &text, &settings);
    let path = note.display().to_string();
    if !report.errors.is_empty() {
        *bad_input = true;
        let lines = LineIndex::new(&text);
        for e in &report.errors {
            let at = lines.chars(&text, e.offset);
            let _ = writeln!(
                stderr,
                "error: {path}:{}:{}: {}",
                at.line + 1,
                at.col + 1,
                e.message
            );
        }
    }
    Some(Checked {
        path,
        text,
        report,
        config: config.clone(),
    })
}

/// Adds `path` (a note, or every `*.md` under a directory, sorted) to `notes`.
fn collect(path: &Path, notes: &mut Vec<PathBuf>) -> std::io::Result<()> {
    collect_files(path, &["md", "markdown"], notes)
}

/// Adds `path` (a file, or every file with one of `extensions` under a directory, sorted)
/// to `out`. Inside a directory, symlinks are not followed (a link loop would read files
/// again and again) and only regular files are read (a FIFO named `*.md` would block
/// forever); hidden entries and what a `.gitignore` or `.ignore` names are skipped. A path
/// named on the command line is read as given.
pub(super) fn collect_files(
    path: &Path,
    extensions: &[&str],
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let walk = ignore::WalkBuilder::new(path)
        .hidden(true)
        .follow_links(false)
        // A notes folder need not be a git repository for its .gitignore to count.
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        let regular = entry.file_type().is_some_and(|t| t.is_file());
        let wanted = entry
            .path()
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x));
        if regular && wanted {
            out.push(entry.into_path());
        }
    }
    Ok(())
}

fn load_engine(files: &[PathBuf], defaults: bool) -> Result<Engine, String> {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    if names.is_empty() && !defaults {
        return Err("error: no fact base: --no-default-facts (or default_facts = false) needs --facts FILE or `facts` in factline.toml\n".into());
    }
    let loaded = facts::load_with_defaults(&names, defaults, &LoadOptions::default());
    let errors: Vec<String> = loaded
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| {
            format!(
                "error: {}:{}:{}: {} [{}]\n",
                p.path, p.line, p.column, p.message, p.code
            )
        })
        .collect();
    if !errors.is_empty() {
        // A clash with the embedded base (two definitions of one id, one of them embedded)
        // is not in the files themselves: say how to leave the embedded base out.
        let embedded = facts::embedded::PREFIX;
        let clash = defaults
            && loaded.problems.iter().any(|p| {
                p.is_error() && (p.path.starts_with(embedded) || p.message.contains(embedded))
            });
        let hint = match clash {
            true => {
                "the fact base has errors where your files meet the embedded CSTO base; load them alone with --no-default-facts (or `default_facts = false` in factline.toml)"
            }
            false => "the fact base has errors; run `factline facts check` on it",
        };
        return Err(format!("{}{hint}\n", errors.concat()));
    }
    Ok(Engine::new(loaded.base))
}

/// Each cited key of a note, in order of first appearance, with the claims citing it.
fn cited(c: &Checked) -> Vec<(String, Vec<Finding>)> {
    let note = factline_core::markdown::parse(&c.text);
    let mut out: Vec<(String, Vec<Finding>)> = Vec::new();
    let mut keys: Vec<(usize, String)> = factline_core::check::cite::Citations::of(&note)
        .all()
        .map(|k| (k.range.start, k.id.clone()))
        .collect();
    keys.sort();
    for (_, id) in keys {
        if !out.iter().any(|(k, _)| *k == id) {
            let claims = c
                .report
                .findings
                .iter()
                .filter(|f| f.claim.is_some() && f.citations.iter().any(|x| **x == *id))
                .filter(|f| {
                    !matches!(
                        f.verdict,
                        Verdict::UnsupportedCitation | Verdict::StaleCitation | Verdict::Uncited
                    )
                })
                .collect();
            out.push((id, claims));
        }
    }
    out
}

fn write_sources(out: &mut impl Write, c: &Checked, engine: &Engine) -> std::io::Result<()> {
    let lines = LineIndex::new(&c.text);
    let cited = cited(c);
    if cited.is_empty() {
        return writeln!(out, "{}: no citations ([@id])", c.path);
    }
    writeln!(out, "{}:", c.path)?;
    for (id, claims) in cited {
        match engine.base.source(&id).map(|s| engine.base.source_of(s)) {
            Some(src) => {
                let reference = evidence::reference(src, None, Link::Angled);
                writeln!(out, "  [@{id}] {reference}")?;
            }
            None => writeln!(out, "  [@{id}] unknown source")?,
        }
        for f in claims {
            let at = lines.chars(&c.text, f.range.start);
            writeln!(
                out,
                "      {}:{} {}: {}",
                at.line + 1,
                at.col + 1,
                f.verdict.code(),
                &c.text[f.range.clone()]
            )?;
        }
    }
    Ok(())
}

fn json_sources(c: &Checked, engine: &Engine) -> Value {
    let lines = LineIndex::new(&c.text);
    let sources: Vec<Value> = cited(c)
        .into_iter()
        .map(|(id, claims)| {
            let src = engine.base.source(&id).map(|s| engine.base.source_of(s));
            json!({
                "source": id,
                "known": src.is_some(),
                "title": src.map(|s| &*s.title),
                "publisher": src.and_then(|s| s.publisher.as_deref()),
                "date": src.and_then(|s| s.date.map(|d| d.to_string())),
                "url": src.and_then(|s| s.url.as_deref()),
                "claims": claims.iter().map(|f| json!({
                    "range": lsp_range(&lines, &c.text, &f.range),
                    "verdict": f.verdict.code(),
                    "text": &c.text[f.range.clone()],
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"path": c.path, "sources": sources})
}

fn severity(c: &Checked, f: &Finding) -> Severity {
    c.config.severity(f.verdict)
}

fn reported(c: &Checked) -> impl Iterator<Item = Finding> + '_ {
    c.report
        .findings
        .iter()
        .filter(|f| severity(c, f) != Severity::Off)
}

fn count_findings(c: &Checked) -> usize {
    reported(c)
        .filter(|f| severity(c, f) <= Severity::Warning)
        .count()
}

/// A source behind a finding, as the report shows it.
#[derive(serde::Serialize)]
struct Cite<'a> {
    #[serde(skip)]
    of: &'a Source,
    source: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    date: Option<String>,
    url: Option<&'a str>,
    quote: Option<&'a str>,
    /// `settles` (backs the base) or `claimed-by` (made the claim the base records as wrong).
    side: Side,
}

/// The citations behind a finding, the settling ones first (see [`evidence::cited`]).
fn citations<'e>(engine: &'e Engine, f: &Finding) -> Vec<Cite<'e>> {
    let base = &engine.base;
    let claim = f.claim.as_deref();
    let cited = evidence::cited(base, f.verdict, claim, &f.evidence);
    cited
        .into_iter()
        .map(|c| {
            let src = base.source_of(c.citation.source);
            Cite {
                of: src,
                source: &src.id,
                title: &src.title,
                publisher: src.publisher.as_deref(),
                date: src.date.map(|d| d.to_string()),
                url: src.url.as_deref(),
                quote: c.citation.quote.as_deref(),
                side: c.side,
            }
        })
        .collect()
}

#[derive(serde::Serialize)]
struct Pos {
    line: u32,
    character: u32,
}

/// An LSP range: 0-based lines, UTF-16 columns.
#[derive(serde::Serialize)]
struct Range16 {
    start: Pos,
    end: Pos,
}

fn lsp_range(lines: &LineIndex, text: &str, range: &std::ops::Range<usize>) -> Range16 {
    let pos = |o: usize| {
        let p = lines.utf16(text, o);
        Pos {
            line: p.line,
            character: p.col,
        }
    };
    Range16 {
        start: pos(range.start),
        end: pos(range.end),
    }
}

#[derive(serde::Serialize)]
struct FixOut {
    title: String,
    range: Range16,
    new_text: String,
}

/// One finding of the JSON report.
#[derive(serde::Serialize)]
struct Diag<'e> {
    range: Range16,
    severity: &'static str,
    code: &'static str,
    message: String,
    as_of: String,
    citations: Vec<Cite<'e>>,
    fixes: Vec<FixOut>,
}

/// One note of the JSON report, written as it is serialised: its findings are never all
/// held as JSON at once (a long note may have hundreds of thousands).
struct JsonFile<'a> {
    c: &'a Checked,
    engine: &'a Engine,
    lines: LineIndex,
}

impl<'a> JsonFile<'a> {
    fn new(c: &'a Checked, engine: &'a Engine) -> JsonFile<'a> {
        JsonFile {
            c,
            engine,
            lines: LineIndex::new(&c.text),
        }
    }
}

impl serde::Serialize for JsonFile<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut file = s.serialize_struct("File", 4)?;
        file.serialize_field("path", &self.c.path)?;
        file.serialize_field("as_of", &self.c.report.as_of.to_string())?;
        file.serialize_field("as_of_origin", &self.c.report.as_of_origin)?;
        file.serialize_field("diagnostics", &Diagnostics(self))?;
        file.end()
    }
}

struct Diagnostics<'a>(&'a JsonFile<'a>);

impl serde::Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let JsonFile { c, engine, lines } = self.0;
        s.collect_seq(reported(c).map(|f| {
            Diag {
                range: lsp_range(lines, &c.text, &f.range),
                severity: severity(c, &f).name(),
                code: f.verdict.code(),
                message: f.message.to_string(),
                as_of: f.as_of.to_string(),
                citations: citations(engine, &f),
                fixes: f
                    .fixes()
                    .map(|x| FixOut {
                        title: x.title.to_string(),
                        range: lsp_range(lines, &c.text, &x.range),
                        new_text: x.new_text.to_string(),
                    })
                    .collect(),
            }
        }))
    }
}

fn write_human(
    out: &mut impl Write,
    c: &Checked,
    engine: &Engine,
    color: bool,
) -> std::io::Result<()> {
    let lines = LineIndex::new(&c.text);
    for f in reported(c) {
        let start = lines.chars(&c.text, f.range.start);
        let line = start.line as usize;
        let line_start = lines.line_start(line);
        let text = lines.line_text(&c.text, line);
        let (shown, col, width) =
            window(text, f.range.start - line_start, f.range.end - line_start);
        let snippet = Snippet {
            severity: severity(c, &f).name(),
            code: f.verdict.code(),
            message: &f.message,
            path: &c.path,
            line: line + 1,
            column: start.col as usize + 1,
            source: Some((&shown, col..col + width)),
        };
        let pad = snippet.write(out, color)?;
        writeln!(out, "{pad} = as of {}", f.as_of)?;
        let cites = citations(engine, &f);
        // Each side keeps a place: the claimers come last and would be cut first.
        let (settles, claims): (Vec<&Cite>, Vec<&Cite>) =
            cites.iter().partition(|c| c.side == Side::Settles);
        let shown: Vec<&Cite> = settles
            .iter()
            .take(SHOWN_SOURCES)
            .chain(claims.iter().take(2))
            .copied()
            .collect();
        for cite in &shown {
            let label = match cite.side {
                Side::Settles => "source",
                Side::ClaimedBy => "claimed by",
            };
            let reference = evidence::reference(cite.of, cite.quote, Link::Angled);
            writeln!(out, "{pad} = {label}: {reference}")?;
        }
        if let Some(more) = cites.len().checked_sub(shown.len()).filter(|&n| n > 0) {
            let sources = if more == 1 { "source" } else { "sources" };
            writeln!(
                out,
                "{pad} = and {more} more {sources} (all in --format json)"
            )?;
        }
        for fix in f.fixes() {
            writeln!(out, "{pad} = fix: {}", fix.title)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Sources listed under a finding in the human report; JSON lists them all.
const SHOWN_SOURCES: usize = 4;

/// Characters of context shown on each side of a finding in a long line.
const CONTEXT: usize = 60;

/// The part of `line` shown under a finding at bytes `from..to` of it: the whole line when
/// short, else the range (at most a few lines' worth) with some context and "…" where the
/// line goes on (a very long line is never printed once per finding); with the range's column
/// and width in characters there.
fn window(line: &str, from: usize, to: usize) -> (String, usize, usize) {
    let from = floor_char(line, from.min(line.len()));
    let to = floor_char(line, to.clamp(from, line.len()));
    if line.len() <= 4 * CONTEXT {
        let width = line[from..to].chars().count().max(1);
        return (line.to_string(), line[..from].chars().count(), width);
    }
    // At most 4 × CONTEXT characters of the range itself.
    let to = line[from..to]
        .char_indices()
        .nth(4 * CONTEXT)
        .map_or(to, |(i, _)| from + i);
    let start = line[..from]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let end = line[to..]
        .char_indices()
        .nth(CONTEXT)
        .map_or(line.len(), |(i, _)| to + i);
    let head = if start > 0 { "…" } else { "" };
    let tail = if end < line.len() { "…" } else { "" };
    let col = line[start..from].chars().count() + head.chars().count();
    let width = line[from..to].chars().count().max(1);
    (format!("{head}{}{tail}", &line[start..end]), col, width)
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn short_lines_show_whole_and_long_ones_a_window() {
        assert_eq!(
            window("Uzbekistan is a member.", 0, 10),
            ("Uzbekistan is a member.".into(), 0, 10)
        );
        let long = format!(
            "{}Uzbekistan is a member.{}",
            "é".repeat(500),
            "x".repeat(500)
        );
        let from = "é".len() * 500;
        let (shown, col, width) = window(&long, from, from + 10);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), 1 + 60 + 10 + 60 + 1);
        assert_eq!((col, width), (61, 10));
        assert_eq!(
            shown.chars().skip(col).take(width).collect::<String>(),
            "Uzbekistan"
        );
    }
}
