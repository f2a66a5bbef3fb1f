//! The labelled evaluation: precision and recall of warning-or-error findings.
//!
//! Each note under `tests/eval/<domain>/` marks the findings it expects with
//! `<!-- expect: outdated -->` (or `contradicted`, several separated by
//! commas) at the end of the line; every other line expects none. A domain's
//! `factline.toml` names its fact files. The seed articles (read from
//! `../shared/seeds`, never copied) are judged against `tests/eval/seeds.toml`.

use factline::check::{self, Engine, Settings};
use factline::config::{self, Config, Severity};
use factline::facts;
use factline::text::LineIndex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.85;

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    sentences: usize,
}

impl Score {
    fn add(&mut self, other: &Score) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.sentences += other.sentences;
    }
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

fn engine_for(config: &Config) -> Engine {
    let files: Vec<String> = config
        .facts
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    let loaded = facts::load_with_defaults(&files, config.default_facts, &Default::default());
    assert_eq!(loaded.error_count(), 0, "{:#?}", loaded.problems);
    Engine::new(loaded.base)
}

fn settings(config: &Config) -> Settings {
    Settings {
        as_of: config.as_of,
        today: Some(jiff::civil::date(2026, 11, 24)),
        ignore_relations: config.ignore_relations.clone(),
        ignore_entities: config.ignore_entities.clone(),
    }
}

/// (line, code) of every reported warning-or-error finding, with its message.
fn findings(engine: &Engine, config: &Config, text: &str) -> Vec<(usize, String, String)> {
    let report = check::check(engine, text, &settings(config));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let lines = LineIndex::new(text);
    report
        .findings
        .iter()
        .filter(|f| config.severity(f.verdict.code()) <= Severity::Warning)
        .map(|f| {
            (
                lines.line_of(f.range.start) + 1,
                f.verdict.code().to_string(),
                f.message.to_string(),
            )
        })
        .collect()
}

fn expectations(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.split("<!-- expect:").nth(1) {
            let codes = rest.split("-->").next().unwrap_or("");
            out.extend(codes.split(',').map(|c| (i + 1, c.trim().to_string())));
        }
    }
    out
}

fn sentences(text: &str) -> usize {
    let note = factline::markdown::parse(text);
    note.blocks
        .iter()
        .filter(|b| !matches!(b.kind, factline::markdown::BlockKind::Heading(_)))
        .map(|b| {
            let t = b.text.trim();
            t.matches(". ").count() + t.matches("? ").count() + usize::from(!t.is_empty())
        })
        .sum()
}

fn score(
    name: &str,
    found: Vec<(usize, String, String)>,
    mut expected: Vec<(usize, String)>,
    log: &mut String,
) -> Score {
    let mut s = Score::default();
    for (line, code, message) in found {
        match expected.iter().position(|(l, c)| *l == line && *c == code) {
            Some(i) => {
                expected.remove(i);
                s.tp += 1;
            }
            None => {
                s.fp += 1;
                log.push_str(&format!("  false alarm  {name}:{line} {code}: {message}\n"));
            }
        }
    }
    for (line, code) in expected {
        s.fn_ += 1;
        log.push_str(&format!("  missed       {name}:{line} {code}\n"));
    }
    s
}

fn notes(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    out.sort();
    out
}

fn evaluate_domain(dir: &Path, log: &mut String) -> Score {
    let config = config::find(dir).map_or_else(Config::defaults, |p| Config::read(&p).unwrap());
    let engine = engine_for(&config);
    let mut total = Score::default();
    for note in notes(dir) {
        let text = std::fs::read_to_string(&note).unwrap();
        let name = note
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&note)
            .display()
            .to_string();
        let mut s = score(
            &name,
            findings(&engine, &config, &text),
            expectations(&text),
            log,
        );
        s.sentences = sentences(&text);
        total.add(&s);
    }
    total
}

fn report(label: &str, s: &Score) -> String {
    format!(
        "{label:<10} sentences {:>4}  expected {:>4}  found {:>4}  precision {:.3}  recall {:.3}\n",
        s.sentences,
        s.tp + s.fn_,
        s.tp + s.fp,
        s.precision(),
        s.recall()
    )
}

#[test]
fn labelled_notes_meet_precision_and_recall() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval");
    let mut log = String::new();
    let mut summary = String::new();
    let mut domains: BTreeMap<String, Score> = BTreeMap::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        if dir.is_dir() {
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            domains.insert(name, evaluate_domain(&dir, &mut log));
        }
    }
    let mut all = Score::default();
    for (name, s) in &domains {
        summary.push_str(&report(name, s));
        all.add(s);
    }
    summary.push_str(&report("all", &all));
    println!("{summary}{log}");
    assert!(domains.len() >= 2, "expected the CSTO and a second domain");
    assert!(all.sentences >= 250, "only {} sentences", all.sentences);
    for (name, s) in &domains {
        assert!(
            s.precision() >= MIN_PRECISION && s.recall() >= MIN_RECALL,
            "{name} below thresholds:\n{summary}{log}"
        );
    }
}

/// The five seed articles, dated as the dossier estimates: only their real
/// errors may be flagged.
#[test]
fn seed_articles_flag_only_their_real_errors() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: {} not found", seeds.display());
        return;
    }
    let spec: toml::Table = toml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/seeds.toml"),
        )
        .unwrap(),
    )
    .unwrap();
    let config = Config::defaults();
    let engine = engine_for(&config);
    let mut log = String::new();
    let mut total = Score::default();
    for (file, entry) in &spec {
        let as_of = entry["as_of"].as_str().unwrap();
        let text = std::fs::read_to_string(seeds.join(file)).unwrap();
        let note = format!("---\nas_of: {as_of}\n---\n{text}");
        // Expected lines are the seed's own line numbers: shift by the front matter.
        let expected = entry["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let e = e.as_array().unwrap();
                (
                    e[0].as_integer().unwrap() as usize + 3,
                    e[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let s = score(file, findings(&engine, &config, &note), expected, &mut log);
        total.add(&s);
    }
    println!("{}{log}", report("seeds", &total));
    assert_eq!(total.fp, 0, "seed articles: false alarms\n{log}");
    assert!(total.tp >= 1, "no seed error found\n{log}");
}
