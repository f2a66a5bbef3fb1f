//! Loader findings: what is wrong, where (file, line, column), and how bad.

use crate::text::LineIndex;
use serde::Serialize;
use std::fmt;

/// How bad a fact-file problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The base cannot be served.
    Error,
    /// The base can be served; something deserves a look.
    Warning,
}

/// A 0-based line and UTF-16 character, as LSP counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 0-based line.
    pub line: u32,
    /// 0-based UTF-16 column.
    pub character: u32,
}

/// A range in LSP positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Range {
    /// Where it starts.
    pub start: Position,
    /// Where it ends.
    pub end: Position,
}

/// A problem in a fact file: where, how bad, what.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// How bad it is.
    pub severity: Severity,
    /// A stable kebab-case code (`syntax`, `unknown-source`, ...).
    pub code: &'static str,
    /// What is wrong, and what to do.
    pub message: String,
    /// The file.
    pub path: String,
    /// 1-based line and column (in chars), for people.
    pub line: u32,
    /// 1-based column, in chars.
    pub column: u32,
    /// LSP range (0-based, UTF-16), for editors.
    pub range: Range,
    /// Byte range in the file.
    #[serde(skip)]
    pub bytes: (usize, usize),
    /// An unknown name still to get its "did you mean" (see `load`), and where to look.
    #[serde(skip)]
    pub(crate) hint_for: Option<(Known, Box<str>)>,
}

/// The ids an unknown name may be a slip for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Known {
    Entity,
    Relation,
    Source,
    Statement,
    Kind,
}

impl Problem {
    /// A problem at a byte range of `text`, the contents of `path`.
    pub fn at(
        severity: Severity,
        code: &'static str,
        message: String,
        path: &str,
        text: &str,
        index: &LineIndex,
        (start, end): (usize, usize),
    ) -> Problem {
        let human = index.chars(text, start);
        let lsp = |o| {
            let p = index.utf16(text, o);
            Position {
                line: p.line,
                character: p.col,
            }
        };
        Problem {
            severity,
            code,
            message,
            path: path.to_string(),
            line: human.line + 1,
            column: human.col + 1,
            range: Range {
                start: lsp(start),
                end: lsp(end),
            },
            bytes: (start, end),
            hint_for: None,
        }
    }

    /// A problem with a whole file (unreadable, for instance).
    pub fn file(severity: Severity, code: &'static str, message: String, path: &str) -> Problem {
        let origin = Position {
            line: 0,
            character: 0,
        };
        Problem {
            severity,
            code,
            message,
            path: path.to_string(),
            line: 1,
            column: 1,
            range: Range {
                start: origin,
                end: origin,
            },
            bytes: (0, 0),
            hint_for: None,
        }
    }

    /// Whether it stops the base being served.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}[{}]: {}",
            self.path, self.line, self.column, self.code, self.message
        )
    }
}
