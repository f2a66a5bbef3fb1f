//! Open documents: a rope per document, edited incrementally in LSP (UTF-16) positions.

use super::convert::Messages;
use super::position::{self, Lines};
use factline_core::check::NoteState;
use factline_core::facts::syntax;
use ropey::Rope;
use std::sync::Arc;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};
use tree_sitter::{InputEdit, Point, Tree};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Note,
    Facts,
}

impl Kind {
    /// A `.facts` document by its language id or, failing that, its extension; else a note.
    pub fn of(uri: &Uri, language: Option<&str>) -> Kind {
        let facts = language == Some("facts") || uri.as_str().ends_with(".facts");
        if facts { Kind::Facts } else { Kind::Note }
    }
}

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub body: Body,
}

/// What a document keeps beside its text, by kind: a note's checker state, a fact file's tree.
pub enum Body {
    Note(NoteDoc),
    /// The syntax tree, edited and reparsed incrementally (`None` between a replacement of
    /// the whole text and the next reparse).
    Facts(Option<Tree>),
}

pub struct NoteDoc {
    /// The note as the checker keeps it, edited in step with the rope. A check holds its
    /// lock; edits that arrive meanwhile wait in `pending`, in order.
    pub state: Arc<tokio::sync::Mutex<NoteState>>,
    pub pending: Vec<(std::ops::Range<usize>, String)>,
    /// Where the rope's lines start, kept in step with it.
    pub lines: Lines,
    /// Its findings' messages as JSON, from one publish to the next.
    pub messages: Messages,
    /// The engine changed while a check held the note: forget what it learnt first.
    pub reset: bool,
}

impl Document {
    pub fn new(text: &str, version: i32, kind: Kind) -> Document {
        let rope = Rope::from_str(text);
        let body = match kind {
            Kind::Facts => Body::Facts(Some(syntax::parse(text))),
            Kind::Note => Body::Note(NoteDoc {
                state: fresh_note(text),
                pending: Vec::new(),
                lines: Lines::new(&rope),
                messages: Messages::default(),
                reset: false,
            }),
        };
        Document {
            rope,
            version,
            body,
        }
    }

    pub fn kind(&self) -> Kind {
        match self.body {
            Body::Note(_) => Kind::Note,
            Body::Facts(_) => Kind::Facts,
        }
    }

    pub fn note(&self) -> Option<&NoteDoc> {
        match &self.body {
            Body::Note(n) => Some(n),
            Body::Facts(_) => None,
        }
    }

    pub fn note_mut(&mut self) -> Option<&mut NoteDoc> {
        match &mut self.body {
            Body::Note(n) => Some(n),
            Body::Facts(_) => None,
        }
    }

    /// A fact file's syntax tree.
    pub fn tree(&self) -> Option<&Tree> {
        match &self.body {
            Body::Facts(tree) => tree.as_ref(),
            Body::Note(_) => None,
        }
    }

    /// Brings the syntax tree up to date after edits (incremental reparse).
    pub fn reparse(&mut self) {
        if let Body::Facts(tree) = &self.body {
            let reparsed = syntax::reparse(&self.rope.to_string(), tree.as_ref());
            self.body = Body::Facts(Some(reparsed));
        }
    }

    fn point(&self, char_idx: usize) -> Point {
        let line = self.rope.char_to_line(char_idx);
        let column = self.rope.char_to_byte(char_idx) - self.rope.line_to_byte(line);
        Point::new(line, column)
    }

    /// Applies one change; positions beyond the end clamp to it.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent) {
        match change.range {
            None => {
                self.rope = Rope::from_str(&change.text);
                match &mut self.body {
                    Body::Facts(tree) => *tree = None,
                    Body::Note(note) => {
                        note.lines = Lines::new(&self.rope);
                        // Replacing everything: an edit of the whole note.
                        note.edit(0..usize::MAX, &change.text);
                    }
                }
            }
            Some(range) => {
                let start = position::char_at(&self.rope, range.start);
                let end = position::char_at(&self.rope, range.end).max(start);
                let (start_byte, old_end_byte) =
                    (self.rope.char_to_byte(start), self.rope.char_to_byte(end));
                let (start_position, old_end_position) = (self.point(start), self.point(end));
                self.rope.remove(start..end);
                self.rope.insert(start, &change.text);
                let new_end_position = self.point(start + change.text.chars().count());
                match &mut self.body {
                    Body::Note(note) => {
                        let old = start_byte..old_end_byte;
                        note.lines.edit(&self.rope, old.clone(), change.text.len());
                        note.edit(old, &change.text);
                    }
                    Body::Facts(Some(tree)) => tree.edit(&InputEdit {
                        start_byte,
                        old_end_byte,
                        new_end_byte: start_byte + change.text.len(),
                        start_position,
                        old_end_position,
                        new_end_position,
                    }),
                    Body::Facts(None) => {}
                }
            }
        }
    }

    /// Starts the note's checker state again from the text (after a failed check).
    pub fn renew_note(&mut self) {
        let text = self.rope.to_string();
        if let Some(note) = self.note_mut() {
            note.state = fresh_note(&text);
            note.pending.clear();
        }
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

impl NoteDoc {
    /// Edits the note now, or queues the edit while a check holds it.
    fn edit(&mut self, range: std::ops::Range<usize>, text: &str) {
        match self.state.try_lock() {
            Ok(mut note) => {
                for (range, text) in self.pending.drain(..) {
                    note.edit(range, &text);
                }
                note.edit(range, text);
            }
            Err(_) => self.pending.push((range, text.to_string())),
        }
    }
}

fn fresh_note(text: &str) -> Arc<tokio::sync::Mutex<NoteState>> {
    Arc::new(NoteState::new(text).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn edit(doc: &mut Document, (l1, c1): (u32, u32), (l2, c2): (u32, u32), text: &str) {
        doc.apply(&TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        });
    }

    /// The client's view: an LSP position as a byte offset, clamped to the line's content.
    fn client_offset(text: &str, line: usize, ch: usize) -> usize {
        let mut start = 0;
        let mut i = 0;
        let bytes = text.as_bytes();
        let mut current = 0;
        while current < line {
            match bytes.get(i) {
                None => return text.len(),
                Some(b'\n') => {
                    current += 1;
                    start = i + 1;
                }
                Some(b'\r') if bytes.get(i + 1) != Some(&b'\n') => {
                    current += 1;
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let mut units = 0;
        for (j, c) in text[start..].char_indices() {
            units += c.len_utf16();
            if units > ch || c == '\n' || c == '\r' {
                return start + j;
            }
        }
        text.len()
    }

    /// One random edit (line, column, width, text), applied to the server's document
    /// and to the client's model of the text.
    fn edit_both(doc: &mut Document, client: &mut String, change: (u32, u32, u32, String)) {
        let (line, ch, extra, insert) = change;
        let a = client_offset(client, line as usize, ch as usize);
        let b = client_offset(client, line as usize, (ch + extra) as usize).max(a);
        client.replace_range(a..b, &insert);
        edit(doc, (line, ch), (line, ch + extra), &insert);
    }

    proptest::proptest! {
        #[test]
        fn random_edits_keep_the_rope_equal_to_the_client(
            start in "[a-z😀中é\r\n ]{0,40}",
            edits in proptest::collection::vec((0u32..6, 0u32..12, 0u32..3, "[x😀\r\n中]{0,3}"), 1..20),
        ) {
            let mut client = start.clone();
            let mut doc = Document::new(&start, 1, Kind::Facts);
            for change in edits {
                edit_both(&mut doc, &mut client, change);
                proptest::prop_assert_eq!(doc.text(), client.clone());
            }
            doc.reparse();
            proptest::prop_assert_eq!(
                doc.tree().unwrap().root_node().to_sexp(),
                syntax::parse(&client).root_node().to_sexp()
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn random_edits_keep_the_note_equal_to_the_client(
            start in "[a-z#>`\\- \r\n]{0,60}",
            edits in proptest::collection::vec((0u32..8, 0u32..8, 0u32..4, "[x`#\\- \r\n]{0,4}"), 1..20),
        ) {
            let mut client = start.clone();
            let mut doc = Document::new(&start, 1, Kind::Note);
            for change in edits {
                edit_both(&mut doc, &mut client, change);
                let note = doc.note().unwrap().state.try_lock().unwrap();
                proptest::prop_assert_eq!(note.text(), client.clone());
                // Chunked as a fresh note would be.
                let fresh = NoteState::new(&client);
                proptest::prop_assert_eq!(note.chunks().collect::<Vec<_>>(), fresh.chunks().collect::<Vec<_>>());
                proptest::prop_assert_eq!(&doc.note().unwrap().lines, &Lines::new(&doc.rope));
            }
        }
    }

    #[test]
    fn incremental_reparse_equals_a_fresh_parse() {
        let text = "entity a state \"A\"\nentity b state \"B\"\n";
        let mut doc = Document::new(text, 1, Kind::Facts);
        edit(&mut doc, (1, 7), (1, 8), "bee");
        edit(&mut doc, (0, 0), (0, 0), "# ü comment\n");
        doc.reparse();
        let fresh = syntax::parse(&doc.text());
        assert_eq!(
            doc.tree().unwrap().root_node().to_sexp(),
            fresh.root_node().to_sexp()
        );
        assert!(doc.text().contains("entity bee state"));
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
