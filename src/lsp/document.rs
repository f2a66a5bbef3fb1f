//! Open documents: a rope per document, edited incrementally in LSP (UTF-16) positions.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Note,
    Facts,
}

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub kind: Kind,
}

impl Document {
    pub fn new(text: &str, version: i32, kind: Kind) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            kind,
        }
    }

    /// Applies one change; positions beyond the end clamp to it.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let start = self.char_at(range.start);
                let end = self.char_at(range.end).max(start);
                self.rope.remove(start..end);
                self.rope.insert(start, &change.text);
            }
        }
    }

    /// The char index of an LSP position, clamped to its line's content.
    pub fn char_at(&self, pos: Position) -> usize {
        let rope = &self.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let start = rope.line_to_char(line);
        let slice = rope.line(line);
        let mut content = slice.len_chars();
        while content > 0 && matches!(slice.char(content - 1), '\n' | '\r') {
            content -= 1;
        }
        let base = rope.char_to_utf16_cu(start);
        let limit = rope.char_to_utf16_cu(start + content);
        let target = (base + pos.character as usize).min(limit);
        rope.utf16_cu_to_char(target)
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn edit(doc: &mut Document, (l1, c1): (u32, u32), (l2, c2): (u32, u32), text: &str) {
        doc.apply(&TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        });
    }

    #[test]
    fn edits_in_utf16_across_emoji_crlf_and_lone_cr() {
        let mut doc = Document::new("a😀b\r\nc\rd", 1, Kind::Note);
        edit(&mut doc, (0, 3), (0, 4), "B");
        assert_eq!(doc.text(), "a😀B\r\nc\rd");
        edit(&mut doc, (2, 0), (2, 1), "D");
        assert_eq!(doc.text(), "a😀B\r\nc\rD");
        // Past the end of a line or of the document: clamped, never a panic.
        edit(&mut doc, (1, 50), (1, 60), "!");
        assert_eq!(doc.text(), "a😀B\r\nc!\rD");
        edit(&mut doc, (9, 0), (9, 9), "?");
        assert_eq!(doc.text(), "a😀B\r\nc!\rD?");
        // A range whose end precedes its start inserts at the start.
        edit(&mut doc, (0, 1), (0, 0), "x");
        assert_eq!(doc.text(), "ax😀B\r\nc!\rD?");
    }
}
