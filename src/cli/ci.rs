//! Writes findings in the formats CI systems read: SARIF 2.1.0 (code-scanning dashboards)
//! and GitHub workflow commands (annotations on a pull request).
//!
//! Both are streamed note by note like the JSON report: SARIF's one run opens before the
//! first note and closes after the last, its results written as each note is checked.

use factline_core::config::Severity;
use factline_core::verdict::Verdict;
use serde_json::json;
use std::io::Write;

/// The SARIF schema a report names (the OASIS 2.1.0 standard).
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A 1-based line and 1-based UTF-16 column.
pub type At = (u32, u32);

/// One finding, located as CI wants it.
pub struct Located<'a> {
    pub path: &'a str,
    pub start: At,
    pub end: At,
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    /// The preferred fix: its range (as above) and new text.
    pub fix: Option<(At, At, &'a str)>,
}

/// The run's opening: the tool and its rules (one per finding code), up to `results: [`.
pub fn sarif_start(out: &mut impl Write) -> std::io::Result<()> {
    let rules: Vec<serde_json::Value> = Verdict::configurable()
        .map(|v| {
            json!({
                "id": v.code(),
                "shortDescription": {"text": v.summary()},
            })
        })
        .collect();
    let driver = json!({
        "name": "factline",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let head = json!({"$schema": SARIF_SCHEMA, "version": "2.1.0"});
    let head = head.to_string();
    // `{"$schema":…,"version":"2.1.0"` then the run, left open for its results.
    write!(
        out,
        "{},\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"columnKind\":\"utf16CodeUnits\",\"results\":[",
        &head[..head.len() - 1]
    )
}

/// One result; `first` is whether no result was written before it.
pub fn sarif_result(out: &mut impl Write, f: &Located, first: bool) -> std::io::Result<()> {
    let region = |(s, e): ((u32, u32), (u32, u32))| json!({"startLine": s.0, "startColumn": s.1, "endLine": e.0, "endColumn": e.1});
    let location = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(f.path)},
            "region": region((f.start, f.end)),
        }
    });
    let mut result = json!({
        "ruleId": f.code,
        "level": match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "note",
        },
        "message": {"text": f.message},
        "locations": [location],
    });
    if let Some((start, end, text)) = f.fix {
        result["fixes"] = json!([{
            "description": {"text": format!("Replace with “{text}”")},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri(f.path)},
                "replacements": [{
                    "deletedRegion": region((start, end)),
                    "insertedContent": {"text": text},
                }],
            }],
        }]);
    }
    if !first {
        write!(out, ",")?;
    }
    writeln!(out)?;
    serde_json::to_writer(&mut *out, &result).map_err(std::io::Error::other)
}

pub fn sarif_end(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "\n]}}]}}")
}

/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
pub fn github(out: &mut impl Write, f: &Located) -> std::io::Result<()> {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "notice",
    };
    writeln!(
        out,
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(f.path),
        f.start.0,
        f.start.1,
        f.end.0,
        f.end.1,
        property(&format!("factline {}", f.code)),
        data(f.message)
    )
}

/// A note's path as a relative URI reference (forward slashes, spaces and the like escaped).
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A workflow command's message: `%`, CR and LF escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// What each finding code means, for SARIF's rule list.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_would_break_them() {
        let f = Located {
            path: "notes/a,b.md",
            start: (3, 1),
            end: (3, 10),
            severity: Severity::Warning,
            code: "outdated",
            message: "100% sure: no\nsecond line",
            fix: None,
        };
        let mut out = Vec::new();
        github(&mut out, &f).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::warning file=notes/a%2Cb.md,line=3,col=1,endLine=3,endColumn=10,title=factline outdated::100%25 sure: no%0Asecond line\n"
        );
        assert_eq!(uri("./my notes/ü.md"), "my%20notes/%C3%BC.md");
    }
}
