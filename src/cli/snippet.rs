//! The one rustc-style snippet both reports print: a coloured header, the location, the
//! source line (or the window of it a caller chose) and an underline.

use std::io::{IsTerminal, Write};

/// Whether to colour: stdout is a terminal and `NO_COLOR` is unset (no-color.org).
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// One located message.
pub struct Snippet<'a> {
    /// "error", "warning", "information" or "hint": names the header and picks its colour.
    pub severity: &'a str,
    pub code: &'a str,
    pub message: &'a str,
    pub path: &'a str,
    /// 1-based line and column (in chars) of the start.
    pub line: usize,
    pub column: usize,
    /// The text shown under the location, and where in it (in chars) the underline goes;
    /// `None` when the file is not at hand.
    pub source: Option<(&'a str, std::ops::Range<usize>)>,
}

impl Snippet<'_> {
    /// Writes the snippet; returns the gutter's padding, for notes (`{pad} = …`) after it.
    pub fn write(&self, out: &mut impl Write, colour: bool) -> std::io::Result<String> {
        let (on, off) = match (colour, self.severity) {
            (false, _) => ("", ""),
            (true, "error") => ("\x1b[1;31m", "\x1b[0m"),
            (true, "warning") => ("\x1b[1;33m", "\x1b[0m"),
            (true, _) => ("\x1b[1;36m", "\x1b[0m"),
        };
        let (severity, code, message) = (self.severity, self.code, self.message);
        writeln!(out, "{on}{severity}[{code}]{off}: {message}")?;
        writeln!(out, "  --> {}:{}:{}", self.path, self.line, self.column)?;
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        if let Some((shown, underline)) = &self.source {
            writeln!(out, "{pad} |")?;
            writeln!(out, "{number} | {}", shown.replace('\t', " "))?;
            let indent = " ".repeat(underline.start);
            writeln!(
                out,
                "{pad} | {indent}{on}{}{off}",
                "^".repeat(underline.len().max(1))
            )?;
        }
        Ok(pad)
    }
}
