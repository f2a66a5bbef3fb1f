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

pub const FILE_NAME: &str = "factline.toml";

impl Severity {
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

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    facts: Option<Vec<String>>,
    default_facts: Option<bool>,
    as_of: Option<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    ignore_relations: Vec<String>,
    #[serde(default)]
    ignore_entities: Vec<String>,
}

/// A parsed configuration; paths are resolved against the file's directory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub facts: Vec<PathBuf>,
    pub default_facts: bool,
    pub as_of: Option<Date>,
    /// Severity per verdict code (contradicted, outdated, disputed, supported).
    pub severity: BTreeMap<String, Severity>,
    pub ignore_relations: Vec<String>,
    pub ignore_entities: Vec<String>,
}

/// A configuration error: file, 1-based line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl Config {
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

    /// Parses `text`, the contents of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let lines = LineIndex::new(text);
        let error = |offset: usize, message: String| ConfigError {
            path: shown.clone(),
            line: lines.line_of(offset) + 1,
            message,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
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
        let find = |key: &str| text.find(key).unwrap_or(0);
        let as_of = match &raw.as_of {
            Some(s) => Some(
                crate::date::PartialDate::parse(s)
                    .map_err(|e| error(find("as_of"), format!("as_of: {e}")))?
                    .latest(),
            ),
            None => None,
        };
        for code in raw.severity.keys() {
            if Verdict::from_code(code).is_none_or(|v| v == Verdict::Unknown) {
                let codes: Vec<&str> = Verdict::configurable().map(Verdict::code).collect();
                return Err(error(
                    find(code),
                    format!(
                        "severity: unknown code `{code}`, expected one of {}",
                        codes.join(", ")
                    ),
                ));
            }
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        Ok(Config {
            path: Some(path.to_path_buf()),
            facts: raw
                .facts
                .unwrap_or_default()
                .iter()
                .map(|f| dir.join(f))
                .collect(),
            default_facts: raw.default_facts.unwrap_or(true),
            as_of,
            severity: raw.severity,
            ignore_relations: raw.ignore_relations,
            ignore_entities: raw.ignore_entities,
        })
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
}
