//! `factline.toml`: fact files, the default base, the date, severities and ignores.
//!
//! Found by walking up from a note. Unknown keys and wrong types are errors
//! that name the key and its line, so a typo never silently changes a check.

use crate::text::LineIndex;
pub use crate::verdict::Severity;
use crate::verdict::Verdict;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The configuration file's name, looked for from a note's folder upwards.
pub const FILE_NAME: &str = "factline.toml";

impl Severity {
    /// The name configuration files and reports use.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
            Severity::Off => "off",
        }
    }
}

/// Settings as `factline.toml` and an editor's `initializationOptions` (or settings) give
/// them: one shape for both, unknown keys refused.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Fact files to load (relative to the configuration).
    pub facts: Option<Vec<String>>,
    /// Also load the embedded base (default: yes).
    pub default_facts: Option<bool>,
    /// The date to check at when a note gives none (`YYYY[-MM[-DD]]`).
    pub as_of: Option<String>,
    /// Severity per verdict code.
    pub severity: Option<BTreeMap<String, Severity>>,
    /// Relations whose claims are not reported.
    pub ignore_relations: Option<Vec<String>>,
    /// Entities whose claims are not reported.
    pub ignore_entities: Option<Vec<String>>,
}

/// A setting that could not apply: its key (`as_of`, `severity.stale`) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    /// The key path (`as_of`, `severity.stale`).
    pub key: Vec<String>,
    /// What is wrong with its value.
    pub message: String,
}

/// A parsed configuration; paths are resolved against the file's directory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// Fact files to load, resolved.
    pub facts: Vec<PathBuf>,
    /// Also load the embedded base.
    pub default_facts: bool,
    /// The date to check at when a note gives none (a partial date's last day).
    pub as_of: Option<Date>,
    /// Severity per verdict code (contradicted, outdated, disputed, supported).
    pub severity: BTreeMap<String, Severity>,
    /// Relations whose claims are not reported.
    pub ignore_relations: Vec<String>,
    /// Entities whose claims are not reported.
    pub ignore_entities: Vec<String>,
}

/// A configuration error: file, 1-based line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The configuration file.
    pub path: String,
    /// The 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl Config {
    /// No file: the embedded base, default severities.
    pub fn defaults() -> Config {
        Config {
            default_facts: true,
            ..Config::default()
        }
    }

    /// The severity a verdict is reported at.
    pub fn severity(&self, verdict: Verdict) -> Severity {
        let set = self.severity.get(verdict.code()).copied();
        set.unwrap_or(verdict.default_severity())
    }

    /// Applies `options` over this configuration (fact files resolved against `dir`,
    /// severities added to those set): every valid setting applies, the rest come back.
    pub fn apply(&mut self, options: Options, dir: &Path) -> Vec<OptionError> {
        let mut errors = Vec::new();
        let mut fail = |key: &[&str], message: String| {
            let key = key.iter().map(|k| k.to_string()).collect();
            errors.push(OptionError { key, message });
        };
        if let Some(facts) = options.facts {
            self.facts = facts.iter().map(|f| dir.join(f)).collect();
        }
        if let Some(b) = options.default_facts {
            self.default_facts = b;
        }
        match options
            .as_of
            .as_deref()
            .map(crate::date::PartialDate::parse)
        {
            Some(Ok(d)) => self.as_of = Some(d.latest()),
            Some(Err(e)) => fail(&["as_of"], e.to_string()),
            None => {}
        }
        for (code, severity) in options.severity.unwrap_or_default() {
            match Verdict::from_code(&code).filter(|&v| v != Verdict::Unknown) {
                Some(_) => {
                    self.severity.insert(code, severity);
                }
                None => {
                    let codes: Vec<&str> = Verdict::configurable().map(Verdict::code).collect();
                    let message = format!(
                        "unknown code `{code}`, expected one of {}",
                        codes.join(", ")
                    );
                    fail(&["severity", &code], message);
                }
            }
        }
        if let Some(r) = options.ignore_relations {
            self.ignore_relations = r;
        }
        if let Some(e) = options.ignore_entities {
            self.ignore_entities = e;
        }
        errors
    }

    /// Parses `text`, the contents of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let lines = LineIndex::new(text);
        let error = |offset: usize, message: String| ConfigError {
            path: shown.clone(),
            line: lines.line_of(offset) + 1,
            message,
        };
        let options: Options = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim();
            match key_at(text, offset) {
                // A wrong type names only the value: say whose value it is.
                Some(key) if !message.contains('`') || message.starts_with("invalid") => {
                    error(offset, format!("`{key}`: {message}"))
                }
                _ => error(offset, message.to_string()),
            }
        })?;
        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::defaults()
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        match config.apply(options, dir).into_iter().next() {
            None => Ok(config),
            Some(e) => {
                let keys: Vec<&str> = e.key.iter().map(String::as_str).collect();
                let at = span_of(text, &keys).map_or(0, |s| s.start);
                Err(error(at, format!("{}: {}", e.key[0], e.message)))
            }
        }
    }

    /// Reads `path`.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: 1,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(path, &text)
    }
}

/// The dotted key whose `key = value` line holds `offset` (`severity.outdated`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    let key = line.split_once('=')?.0.trim().trim_matches('"');
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim());
    Some(match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    })
}

/// Where the TOML parser found the key at `path` (its value for a top-level key): a
/// position a comment or another key's text cannot fake.
fn span_of(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let (mut table, mut span) = (table.into_inner(), None);
    for (i, key) in path.iter().enumerate() {
        let (k, v) = table.into_iter().find(|(k, _)| k.get_ref() == key)?;
        span = Some(if i + 1 == path.len() && path.len() > 1 {
            k.span()
        } else {
            v.span()
        });
        match v.into_inner() {
            toml::de::DeValue::Table(t) => table = t,
            _ => table = Default::default(),
        }
    }
    span
}

/// The nearest `factline.toml` in `dir` or its ancestors.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_resolves_paths() {
        let c = Config::parse(
            Path::new("/w/factline.toml"),
            "facts = [\"eu.facts\"]\ndefault_facts = false\nas_of = \"2020\"\n[severity]\noutdated = \"error\"\n",
        )
        .unwrap();
        assert_eq!(c.facts, [PathBuf::from("/w/eu.facts")]);
        assert!(!c.default_facts);
        assert_eq!(c.as_of.unwrap().to_string(), "2020-12-31");
        assert_eq!(c.severity(Verdict::Outdated), Severity::Error);
        assert_eq!(c.severity(Verdict::Disputed), Severity::Information);
    }

    #[test]
    fn errors_name_the_key_and_line() {
        let e =
            Config::parse(Path::new("f.toml"), "as_of = \"2020-01-01\"\nfact = []\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("unknown field `fact`"), "{}", e.message);
        let e = Config::parse(Path::new("f.toml"), "\ndefault_facts = \"yes\"\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.message.starts_with("`default_facts`: invalid type"),
            "{}",
            e.message
        );
        let e = Config::parse(Path::new("f.toml"), "[severity]\noutdated = 3\n").unwrap_err();
        assert!(
            e.message.starts_with("`severity.outdated`: "),
            "{}",
            e.message
        );
        let e = Config::parse(Path::new("f.toml"), "[severity]\nstale = \"error\"\n").unwrap_err();
        assert_eq!(
            (e.line, e.message.contains("unknown code `stale`")),
            (2, true)
        );
        let e = Config::parse(Path::new("f.toml"), "as_of = \"2020-13\"\n").unwrap_err();
        assert!(e.message.contains("month 13"), "{}", e.message);
    }

    /// Positions come from the TOML parser: a comment naming the key cannot take the error.
    #[test]
    fn errors_point_at_the_key_not_at_a_comment_naming_it() {
        let text = "# as_of is the note's date; stale = old\n\nas_of = \"2020-13\"\n";
        let e = Config::parse(Path::new("f.toml"), text).unwrap_err();
        assert_eq!((e.line, e.message.starts_with("as_of: ")), (3, true), "{e}");
        let text =
            "# stale\n[severity]\n# stale = \"off\"\noutdated = \"error\"\nstale = \"error\"\n";
        let e = Config::parse(Path::new("f.toml"), text).unwrap_err();
        assert_eq!(e.line, 5, "{e}");
    }

    /// Editor settings go through the same checks as the file, key by key.
    #[test]
    fn options_apply_what_is_valid_and_return_the_rest() {
        let mut c = Config::defaults();
        let options = Options {
            as_of: Some("2021-02".into()),
            severity: Some(BTreeMap::from([
                ("outdated".to_string(), Severity::Error),
                ("stale".to_string(), Severity::Off),
            ])),
            facts: Some(vec!["eu.facts".into()]),
            ..Options::default()
        };
        let errors = c.apply(options, Path::new("/w"));
        assert_eq!(c.as_of.unwrap().to_string(), "2021-02-28");
        assert_eq!(c.severity(Verdict::Outdated), Severity::Error);
        assert_eq!(c.facts, [PathBuf::from("/w/eu.facts")]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].key, ["severity", "stale"]);
        assert!(errors[0].message.starts_with("unknown code `stale`"));
    }
}
