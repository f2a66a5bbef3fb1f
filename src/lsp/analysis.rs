//! A note as last checked: its text (a rope, kept cheaply), the engine's report, and the
//! line table and string made only when a request needs them.

use factline_core::check::{Engine, Report};
use factline_core::facts::model::EntityId;
use factline_core::text::LineIndex;
use std::ops::Range as Bytes;
use tower_lsp_server::ls_types::Position;

/// A checked snapshot of a note.
pub struct Analysis {
    pub version: i32,
    /// The text checked (a rope: cheap to keep, so a keystroke copies nothing).
    pub rope: ropey::Rope,
    /// The text as one string and its lines, made when a request first needs them.
    text: std::sync::OnceLock<String>,
    lines: std::sync::OnceLock<LineIndex>,
    pub report: Report,
}

impl Analysis {
    pub fn new(version: i32, rope: ropey::Rope, report: Report) -> Analysis {
        Analysis {
            version,
            rope,
            text: Default::default(),
            lines: Default::default(),
            report,
        }
    }

    pub fn text(&self) -> &str {
        self.text.get_or_init(|| self.rope.to_string())
    }

    /// The byte offset of an LSP position in the checked text.
    pub fn offset(&self, pos: Position) -> usize {
        self.lines()
            .offset_utf16(self.text(), pos.line as usize, pos.character as usize)
    }

    /// The entity named, with no ambiguity, at byte `at`, and the name's byte range.
    pub fn mention_at(&self, engine: &Engine, at: usize) -> Option<(EntityId, Bytes<usize>)> {
        let line = self.lines().line_of(at);
        let start = self.lines().line_start(line);
        let text = self.lines().line_text(self.text(), line);
        let m = engine.mentions(text).into_iter().find(|m| {
            m.range.start + start <= at && at <= m.range.end + start && m.entities.len() == 1
        })?;
        Some((m.entities[0], m.range.start + start..m.range.end + start))
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text()))
    }
}
