//! `factline check`: notes in, findings out (human or JSON), exit code for CI.

use super::Format;
use factline::check::{self, Engine, Finding, Settings};
use factline::config::{self, Config, Severity};
use factline::date::PartialDate;
use factline::facts::{self, LoadOptions};
use factline::text::LineIndex;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
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
    let mut bad_input = false;
    let mut notes = Vec::new();
    for path in &args.paths {
        if let Err(e) = collect(path, &mut notes) {
            let _ = writeln!(stderr, "error: {}: {e}", path.display());
            bad_input = true;
        }
    }
    let mut engines: HashMap<(Vec<PathBuf>, bool), Engine> = HashMap::new();
    let mut configs: HashMap<Option<PathBuf>, Config> = HashMap::new();
    let mut checked = Vec::new();
    for note in notes {
        let dir = note.parent().map_or(Path::new("."), |d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        });
        let config_path = config::find(dir);
        let config = match configs.get(&config_path) {
            Some(c) => c.clone(),
            None => match config_path
                .as_deref()
                .map_or(Ok(Config::defaults()), Config::read)
            {
                Ok(c) => {
                    configs.insert(config_path.clone(), c.clone());
                    c
                }
                Err(e) => {
                    let _ = writeln!(stderr, "error: {e}");
                    return ExitCode::from(2);
                }
            },
        };
        let mut files = config.facts.clone();
        files.extend(args.facts.iter().map(PathBuf::from));
        let defaults = config.default_facts && !args.no_default_facts;
        let key = (files.clone(), defaults);
        if !engines.contains_key(&key) {
            match load_engine(&files, defaults) {
                Ok(engine) => {
                    engines.insert(key.clone(), engine);
                }
                Err(message) => {
                    let _ = write!(stderr, "{message}");
                    return ExitCode::from(2);
                }
            }
        }
        let text = match std::fs::read(&note).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                let _ = writeln!(stderr, "error: {}: not UTF-8 text", note.display());
                bad_input = true;
                continue;
            }
            Err(e) => {
                let _ = writeln!(stderr, "error: {}: {e}", note.display());
                bad_input = true;
                continue;
            }
        };
        let settings = Settings {
            as_of: as_of.or(config.as_of),
            today: None,
            ignore_relations: config.ignore_relations.clone(),
            ignore_entities: config.ignore_entities.clone(),
        };
        let report = check::check(&engines[&key], &text, &settings);
        let path = note.display().to_string();
        if !report.errors.is_empty() {
            bad_input = true;
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
        checked.push((
            Checked {
                path,
                text,
                report,
                config,
            },
            key,
        ));
    }
    // Buffered: stdout is line-buffered, and a pretty-printed report is one write per line.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if list_sources {
        let written = match args.format {
            Format::Human => checked
                .iter()
                .try_for_each(|(c, key)| write_sources(&mut out, c, &engines[key])),
            Format::Json => {
                let files: Vec<Value> = checked
                    .iter()
                    .map(|(c, key)| json_sources(c, &engines[key]))
                    .collect();
                serde_json::to_writer_pretty(&mut out, &json!({ "files": files }))
                    .map_err(std::io::Error::other)
                    .and_then(|_| writeln!(out))
            }
        };
        return if written.is_err() || out.flush().is_err() || bad_input {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let mut findings = 0;
    let result = match args.format {
        Format::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            checked.iter().try_for_each(|(c, key)| {
                findings += count_findings(c);
                write_human(&mut out, c, &engines[key], color)
            })
        }
        Format::Json => {
            let files: Vec<Value> = checked
                .iter()
                .map(|(c, key)| {
                    findings += count_findings(c);
                    json_file(c, &engines[key])
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &json!({ "files": files }))
                .map_err(std::io::Error::other)
                .and_then(|_| writeln!(out))
        }
    };
    if args.format == Format::Human {
        let _ = writeln!(
            out,
            "{} notes checked, {findings} findings at warning or above",
            checked.len()
        );
    }
    let flushed = out.flush();
    match (result.is_err() || flushed.is_err() || bad_input, findings) {
        (true, _) => ExitCode::from(2),
        (false, 0) => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

/// Adds `path` (a note, or every `*.md` under a directory, sorted) to `notes`. Inside a
/// directory, symlinks are not followed (a link loop would check notes again and again) and
/// only regular files are read (a FIFO named `*.md` would block forever); a path named on
/// the command line is read as given.
fn collect(path: &Path, notes: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        notes.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        let hidden = entry
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        let Ok(kind) = std::fs::symlink_metadata(&entry).map(|m| m.file_type()) else {
            continue;
        };
        if kind.is_dir() {
            collect(&entry, notes)?;
        } else if kind.is_file()
            && entry
                .extension()
                .is_some_and(|e| e == "md" || e == "markdown")
        {
            notes.push(entry);
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
        return Err(format!(
            "{}the fact base has errors; run `factline facts check` on it\n",
            errors.concat()
        ));
    }
    Ok(Engine::new(loaded.base))
}

/// Each cited key of a note, in order of first appearance, with the claims citing it.
fn cited(c: &Checked) -> Vec<(String, Vec<Finding>)> {
    let note = factline::markdown::parse(&c.text);
    let mut out: Vec<(String, Vec<Finding>)> = Vec::new();
    let mut keys: Vec<(usize, String)> = factline::cite::Citations::of(&note)
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
                        f.verdict.code(),
                        "unsupported-citation" | "stale-citation" | "uncited"
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
    writeln!(out, "{}:", c.path)?;
    for (id, claims) in cited(c) {
        match engine.base.source(&id).map(|s| engine.base.source_of(s)) {
            Some(src) => {
                let mut line = format!("  [@{id}] {}", src.title);
                for extra in [
                    src.publisher.as_deref().map(str::to_string),
                    src.date.map(|d| d.to_string()),
                ]
                .into_iter()
                .flatten()
                {
                    line.push_str(&format!(", {extra}"));
                }
                if let Some(url) = &src.url {
                    line.push_str(&format!(" <{url}>"));
                }
                writeln!(out, "{line}")?;
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
    c.config.severity(f.verdict.code())
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

/// The citations behind a finding, one per source and quote.
fn citations(engine: &Engine, f: &Finding) -> Vec<Value> {
    let base = &engine.base;
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for &s in f.evidence.iter() {
        for c in &base.statement_of(s).citations {
            let key = (c.source, c.quote.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let src = base.source_of(c.source);
            out.push(json!({
                "source": &*src.id,
                "title": &*src.title,
                "publisher": src.publisher.as_deref(),
                "date": src.date.map(|d| d.to_string()),
                "url": src.url.as_deref(),
                "quote": c.quote.as_deref(),
            }));
        }
    }
    out
}

fn lsp_range(lines: &LineIndex, text: &str, range: &std::ops::Range<usize>) -> Value {
    let pos = |o: usize| {
        let p = lines.utf16(text, o);
        json!({"line": p.line, "character": p.col})
    };
    json!({"start": pos(range.start), "end": pos(range.end)})
}

fn json_file(c: &Checked, engine: &Engine) -> Value {
    let lines = LineIndex::new(&c.text);
    let diagnostics: Vec<Value> = reported(c)
        .map(|f| {
            let fixes: Vec<Value> = f
                .fixes()
                .map(|x| json!({"title": &*x.title, "range": lsp_range(&lines, &c.text, &x.range), "new_text": &*x.new_text}))
                .collect();
            json!({
                "range": lsp_range(&lines, &c.text, &f.range),
                "severity": severity(c, &f).name(),
                "code": f.verdict.code(),
                "message": &*f.message,
                "as_of": f.as_of.to_string(),
                "citations": citations(engine, &f),
                "fixes": fixes,
            })
        })
        .collect();
    json!({
        "path": c.path,
        "as_of": c.report.as_of.to_string(),
        "as_of_origin": c.report.as_of_origin,
        "diagnostics": diagnostics,
    })
}

fn write_human(
    out: &mut impl Write,
    c: &Checked,
    engine: &Engine,
    color: bool,
) -> std::io::Result<()> {
    let lines = LineIndex::new(&c.text);
    for f in reported(c) {
        let sev = severity(c, &f);
        let (on, off) = match (color, sev) {
            (false, _) => ("", ""),
            (true, Severity::Error) => ("\x1b[1;31m", "\x1b[0m"),
            (true, Severity::Warning) => ("\x1b[1;33m", "\x1b[0m"),
            (true, _) => ("\x1b[1;36m", "\x1b[0m"),
        };
        let start = lines.chars(&c.text, f.range.start);
        writeln!(
            out,
            "{on}{}[{}]{off}: {}",
            sev.name(),
            f.verdict.code(),
            f.message
        )?;
        writeln!(out, "  --> {}:{}:{}", c.path, start.line + 1, start.col + 1)?;
        let line = start.line as usize;
        let text = lines.line_text(&c.text, line);
        let line_end = lines.line_start(line) + text.len();
        let width = c.text[f.range.start..f.range.end.min(line_end).max(f.range.start)]
            .chars()
            .count()
            .max(1);
        let number = (line + 1).to_string();
        let pad = " ".repeat(number.len());
        writeln!(out, "{pad} |")?;
        writeln!(out, "{number} | {}", text.replace('\t', " "))?;
        writeln!(
            out,
            "{pad} | {}{on}{}{off}",
            " ".repeat(start.col as usize),
            "^".repeat(width)
        )?;
        writeln!(out, "{pad} = as of {}", f.as_of)?;
        for cite in citations(engine, &f).iter().take(4) {
            let field = |k: &str| cite[k].as_str().map(str::to_string);
            let mut line = format!("{pad} = source: {}", field("title").unwrap_or_default());
            for extra in [field("publisher"), field("date")].into_iter().flatten() {
                line.push_str(&format!(", {extra}"));
            }
            if let Some(url) = field("url") {
                line.push_str(&format!(" <{url}>"));
            }
            if let Some(q) = field("quote") {
                line.push_str(&format!(": “{q}”"));
            }
            writeln!(out, "{line}")?;
        }
        for fix in f.fixes() {
            writeln!(out, "{pad} = fix: {}", fix.title)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
