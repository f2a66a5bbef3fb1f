//! The labelled evaluation: precision and recall of warning-or-error findings.
//!
//! Each note under `tests/eval/<domain>/` marks the findings it expects with
//! `<!-- expect: outdated -->` (or `contradicted`, several separated by
//! commas) at the end of the line; every other line expects none. A domain's
//! `factline.toml` names its fact files. The seed articles (read from
//! `../shared/seeds`, never copied) are judged against `tests/eval/seeds.toml`.
//! The public corpus (`../shared/corpus/20*.md`, labelled independently of the
//! engine) is scored as `../shared/corpus/score.py` scores it, overall and per
//! form. Every eval note's findings are also kept as a snapshot
//! (`tests/snapshots/`), so a change below the thresholds still shows.

use factline_core::check::{self, Engine, Settings};
use factline_core::config::{self, Config, Severity};
use factline_core::facts;
use factline_core::text::LineIndex;
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
    findings_at(engine, config, text, Severity::Warning)
}

/// Findings at `least` or more severe, as (line, code, message).
fn findings_at(
    engine: &Engine,
    config: &Config,
    text: &str,
    least: Severity,
) -> Vec<(usize, String, String)> {
    let report = check::check(engine, text, &settings(config));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let lines = LineIndex::new(text);
    report
        .findings
        .iter()
        .filter(|f| config.severity(f.verdict) <= least)
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
    let note = factline_core::markdown::parse(text);
    note.blocks
        .iter()
        .filter(|b| !matches!(b.kind, factline_core::markdown::BlockKind::Heading(_)))
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

/// The eval domains (`tests/eval/<domain>/`), sorted, each with its `factline.toml`.
fn eval_domains() -> Vec<(PathBuf, Config)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let config =
                config::find(&dir).map_or_else(Config::defaults, |p| Config::read(&p).unwrap());
            (dir, config)
        })
        .collect()
}

/// The public corpus's notes (`../shared/corpus/20*.md`), sorted; `None` when it is absent.
fn corpus_notes() -> Option<Vec<PathBuf>> {
    let dir = shared("corpus")?;
    let found: Vec<PathBuf> = notes(&dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("20"))
        })
        .collect();
    assert!(!found.is_empty(), "no corpus notes in {}", dir.display());
    Some(found)
}

/// Every labelled note, eval domains and corpus, with the configuration it is checked under.
fn labelled_sets() -> Vec<(Config, Vec<PathBuf>)> {
    let mut sets: Vec<(Config, Vec<PathBuf>)> = eval_domains()
        .into_iter()
        .map(|(dir, config)| (config, notes(&dir)))
        .collect();
    sets.extend(corpus_notes().map(|found| (Config::defaults(), found)));
    sets
}

fn evaluate_domain(dir: &Path, config: &Config, log: &mut String) -> Score {
    let engine = engine_for(config);
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
            findings(&engine, config, &text),
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
    let mut log = String::new();
    let mut summary = String::new();
    let mut domains: BTreeMap<String, Score> = BTreeMap::new();
    for (dir, config) in eval_domains() {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        domains.insert(name, evaluate_domain(&dir, &config, &mut log));
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

/// `../shared/NAME` beside the repository, or `None` (said on stderr) when it is absent.
fn shared(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(name);
    if !dir.is_dir() {
        eprintln!("skipped: {} not found", dir.display());
        return None;
    }
    Some(dir)
}

/// The five seed articles, dated as the dossier estimates: only their real
/// errors may be flagged.
#[test]
fn seed_articles_flag_only_their_real_errors() {
    let Some(seeds) = shared("seeds") else {
        return;
    };
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

/// Thresholds on the public corpus. Precision and overall recall are the goal;
/// the per-form floor is what the reader reaches on every form today (see the closing
/// note of issue 16: negation and passive lines left are troop figures and deployments
/// to "a member state", which no declaration in the base expresses yet).
const CORPUS_PRECISION: f64 = 0.97;
const CORPUS_RECALL: f64 = 0.90;
const CORPUS_FORM_RECALL: f64 = 0.60;

/// A corpus line's forms: `<!-- form: a, b; pair: p1 -->`.
fn forms(line: &str) -> Vec<String> {
    let Some(rest) = line.split("<!-- form:").nth(1) else {
        return Vec::new();
    };
    let tags = rest.split("-->").next().unwrap_or("");
    let tags = tags.split(';').next().unwrap_or("");
    tags.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[derive(Default)]
struct FormScore {
    tp: usize,
    missed: usize,
    false_alarms: usize,
}

#[test]
fn public_corpus_meets_precision_and_recall() {
    let Some(notes) = corpus_notes() else {
        return;
    };
    let config = Config::defaults();
    let engine = engine_for(&config);
    let (mut total, mut log) = (Score::default(), String::new());
    let mut by_form: BTreeMap<String, FormScore> = BTreeMap::new();
    for note in &notes {
        let text = std::fs::read_to_string(note).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let name = note.file_name().unwrap().to_string_lossy().to_string();
        // Any finding counts, information included: an unmarked line must stay silent.
        let mut found = findings_at(&engine, &config, &text, Severity::Hint);
        // Several findings with the same code on one line count once (as score.py counts).
        found.sort();
        found.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let expected = expectations(&text);
        for (line, code) in &expected {
            let hit = found.iter().any(|(l, c, _)| l == line && c == code);
            for form in forms(lines[line - 1]) {
                let f = by_form.entry(form).or_default();
                if hit { f.tp += 1 } else { f.missed += 1 }
            }
        }
        for (line, code, _) in &found {
            if !expected.iter().any(|(l, c)| l == line && c == code) {
                for form in forms(lines[line - 1]) {
                    by_form.entry(form).or_default().false_alarms += 1;
                }
            }
        }
        total.add(&score(&name, found, expected, &mut log));
    }
    let mut table = String::from("form           flag   tp miss f.a.  recall\n");
    let mut weak = Vec::new();
    for (form, f) in &by_form {
        let flagged = f.tp + f.missed;
        let recall = f.tp as f64 / flagged.max(1) as f64;
        table.push_str(&format!(
            "{form:<14} {flagged:>4} {:>4} {:>4} {:>4}  {}\n",
            f.tp,
            f.missed,
            f.false_alarms,
            if flagged == 0 {
                "-".to_string()
            } else {
                format!("{recall:.2}")
            }
        ));
        if flagged > 0 && recall < CORPUS_FORM_RECALL {
            weak.push(form.clone());
        }
    }
    println!("{}{table}{log}", report("corpus", &total));
    assert!(
        total.precision() >= CORPUS_PRECISION && total.recall() >= CORPUS_RECALL,
        "corpus below precision {CORPUS_PRECISION} / recall {CORPUS_RECALL}:\n{}{table}{log}",
        report("corpus", &total)
    );
    assert!(
        weak.is_empty(),
        "forms below {CORPUS_FORM_RECALL}: {weak:?}\n{table}{log}"
    );
}

/// Each eval note's findings (line, code, message) as a snapshot: any change in what a
/// note gets shows up in review, even one that keeps the scores above the thresholds.
#[test]
fn eval_findings_are_as_recorded() {
    for (dir, config) in eval_domains() {
        let engine = engine_for(&config);
        for note in notes(&dir) {
            let text = std::fs::read_to_string(&note).unwrap();
            let found: Vec<String> = findings_at(&engine, &config, &text, Severity::Hint)
                .into_iter()
                .map(|(line, code, message)| format!("{line:>3} {code}: {message}"))
                .collect();
            let name = format!(
                "{}__{}",
                dir.file_name().unwrap().to_string_lossy(),
                note.file_stem().unwrap().to_string_lossy()
            );
            // Curators' references to the dossier ("(D13)", "(F046)") stay in comments.
            let leaked = found.iter().find(|m| {
                m.match_indices(['(', ' ']).any(|(i, _)| {
                    let rest = &m[i + 1..];
                    rest.starts_with(['D', 'F'])
                        && rest[1..].starts_with(|c: char| c.is_ascii_digit())
                        && rest[1..].chars().take_while(char::is_ascii_digit).count() >= 2
                })
            });
            assert!(leaked.is_none(), "{name}: a dossier id in {leaked:?}");
            insta::assert_snapshot!(name, found.join("\n"));
        }
    }
}

/// Every finding about a claim on the labelled notes and the public corpus cites a source,
/// and the first one backs the base's side, never the deprecated statement a note repeats.
#[test]
fn every_finding_cites_a_settling_source_first() {
    use factline_core::evidence::{self, Side};
    use factline_core::verdict::Verdict;
    let mut wrong = Vec::new();
    let mut walked = 0;
    for (config, notes) in labelled_sets() {
        let engine = engine_for(&config);
        for note in notes {
            let text = std::fs::read_to_string(&note).unwrap();
            let report = check::check(&engine, &text, &settings(&config));
            for f in report.findings.iter() {
                let judged = [Verdict::Contradicted, Verdict::Outdated, Verdict::Disputed];
                if f.claim.is_none() || !judged.contains(&f.verdict) {
                    continue;
                }
                walked += 1;
                let cited =
                    evidence::cited(&engine.base, f.verdict, f.claim.as_deref(), &f.evidence);
                if cited.first().is_none_or(|c| c.side != Side::Settles) {
                    let line = text[..f.range.start].lines().count();
                    wrong.push(format!("{}:{line}: {}", note.display(), f.message));
                }
            }
        }
    }
    assert!(walked > 100, "only {walked} findings walked");
    assert!(
        wrong.is_empty(),
        "{} findings without a settling source first:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Every fix offered on the labelled notes and the public corpus, applied to its note,
/// leaves a note whose fixed sentence checks clean (no contradicted or outdated finding).
#[test]
fn every_offered_fix_writes_a_sentence_that_checks_clean() {
    use factline_core::verdict::Verdict;
    let bad = |v: Verdict| matches!(v, Verdict::Contradicted | Verdict::Outdated);
    let (mut tried, mut wrong) = (0, Vec::new());
    for (config, notes) in labelled_sets() {
        let engine = engine_for(&config);
        for note in notes {
            let text = std::fs::read_to_string(&note).unwrap();
            let report = check::check(&engine, &text, &settings(&config));
            for f in report.findings.iter().filter(|f| bad(f.verdict)) {
                for fix in f.fixes() {
                    tried += 1;
                    let mut fixed = text.clone();
                    fixed.replace_range(fix.range.clone(), &fix.new_text);
                    // The finding's span, where it lies in the fixed note.
                    let shift = |at: usize| {
                        if at >= fix.range.end {
                            at + fix.new_text.len() - fix.range.len()
                        } else {
                            at.min(fix.range.start + fix.new_text.len())
                        }
                    };
                    let start = f.range.start.min(fix.range.start);
                    let end = shift(f.range.end).max(fix.range.start + fix.new_text.len());
                    let again = check::check(&engine, &fixed, &settings(&config));
                    let left = again
                        .findings
                        .iter()
                        .find(|g| bad(g.verdict) && g.range.start < end && start < g.range.end);
                    if let Some(g) = left {
                        let line = text[..f.range.start].lines().count();
                        wrong.push(format!(
                            "{}:{line}: “{}” → “{}”: still {} ({})",
                            note.display(),
                            &text[fix.range.clone()],
                            fix.new_text,
                            g.verdict.code(),
                            g.message
                        ));
                    }
                }
            }
        }
    }
    assert!(tried > 50, "only {tried} fixes tried");
    assert!(
        wrong.is_empty(),
        "{} of {tried} fixes leave a false sentence:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
