//! Positions in an open document: byte offsets and char indexes to LSP positions (UTF-16
//! units) and back, through the document's rope or its table of line starts. The one place
//! the server maps positions; a plain string (a fact file's text, the CLI's notes) uses
//! `factline_core::text::LineIndex`, which this module's tests hold it equal to.
//!
//! [`Lines`] is where each line of an open note starts, kept through edits, so that a
//! publish finds the positions of thousands of sorted offsets in one forward pass.
//!
//! The rope answers the same questions with a walk down its tree per offset; with a
//! long note's thousands of diagnostics re-sent on every keystroke, those walks (cold
//! in the cache between keystrokes) are slow. A flat table is read in order instead,
//! and an ASCII line's column is a subtraction.

use ropey::{Rope, RopeSlice};
use std::ops::Range;
use tower_lsp_server::ls_types::{Position, Range as LspRange};

/// Line starts of a text, as LSP counts lines (`\n`, `\r\n` and a lone `\r` end one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lines {
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
    /// Per line: it is all ASCII, so that its columns are byte counts.
    ascii: Vec<bool>,
}

impl Lines {
    pub fn new(rope: &Rope) -> Lines {
        let (starts, ascii) = scan(rope, 0..rope.len_bytes());
        Lines { starts, ascii }
    }

    /// Follows an edit: `rope` (already edited) had bytes `old` replaced by `new_len`.
    /// Work is proportional to the edit's lines, plus one pass of additions over the
    /// starts after it.
    pub fn edit(&mut self, rope: &Rope, old: Range<usize>, new_len: usize) {
        // From one line before the edit: a `\r` ending it may now pair with a `\n`.
        let first = self.line_of(old.start).saturating_sub(1);
        let last = self.line_of(old.end);
        let old_len = rope.len_bytes() + (old.end - old.start) - new_len;
        let old_end = self.starts.get(last + 1).copied().unwrap_or(old_len);
        let new_end = old_end + new_len - (old.end - old.start);
        let from = self.starts[first];
        // The lines of the region [from, new_end); they end where an untouched line begins.
        let (mut starts, mut ascii) = scan(rope, from..new_end);
        if last + 1 < self.starts.len() {
            // The line after the region is untouched: its start is among `after`.
            debug_assert_eq!(starts.last(), Some(&(new_end - from)));
            starts.pop();
            ascii.pop();
        }
        let new_count = starts.len();
        self.starts
            .splice(first..=last, starts.iter().map(|&s| s + from));
        self.ascii.splice(first..=last, ascii);
        // Every later line moves by the edit's change in length: one pass of additions.
        let (grown, shrunk) = (new_len, old.end - old.start);
        for s in &mut self.starts[first + new_count..] {
            *s = *s + grown - shrunk;
        }
    }

    /// The line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// A reader of positions for offsets given in increasing order (any order works;
    /// increasing is fast).
    pub fn cursor<'a>(&'a self, rope: &'a Rope) -> Cursor<'a> {
        Cursor {
            lines: self,
            rope,
            line: 0,
        }
    }
}

/// Line starts (relative to `range.start`) and ASCII flags of `rope`'s bytes in
/// `range`, which must start at a line start; a break at its end starts one more line.
fn scan(rope: &Rope, range: Range<usize>) -> (Vec<usize>, Vec<bool>) {
    let mut starts = vec![0];
    let mut ascii = vec![true];
    let mut at = 0;
    let mut after_cr = false;
    for chunk in rope.byte_slice(range).chunks() {
        for &b in chunk.as_bytes() {
            if after_cr && b != b'\n' {
                starts.push(at);
                ascii.push(true);
            }
            after_cr = b == b'\r';
            at += 1;
            if b == b'\n' {
                starts.push(at);
                ascii.push(true);
            } else if !b.is_ascii() {
                *ascii.last_mut().expect("one line at least") = false;
            }
        }
    }
    if after_cr {
        starts.push(at);
        ascii.push(true);
    }
    (starts, ascii)
}

pub struct Cursor<'a> {
    lines: &'a Lines,
    rope: &'a Rope,
    line: usize,
}

impl Cursor<'_> {
    /// The LSP range of a byte range (clamped to the text; offsets inside a char
    /// round down to it, as `LineIndex` does).
    pub fn range(&mut self, bytes: &Range<usize>) -> tower_lsp_server::ls_types::Range {
        let start = self.position(bytes.start);
        let end = self.position(bytes.end.max(bytes.start));
        tower_lsp_server::ls_types::Range::new(start, end)
    }

    pub fn position(&mut self, offset: usize) -> Position {
        let offset = offset.min(self.rope.len_bytes());
        let starts = &self.lines.starts;
        // In a local, not in `self`: the loop below would store it on every step.
        let mut line = match starts[self.line] > offset {
            true => 0,
            false => self.line,
        };
        // Gallop forward, then search the last stretch.
        let mut step = 1;
        while line + step < starts.len() && starts[line + step] <= offset {
            line += step;
            step *= 2;
        }
        let end = (line + step).min(starts.len());
        line += starts[line..end].partition_point(|&s| s <= offset) - 1;
        self.line = line;
        let start = starts[line];
        let col = match self.lines.ascii[line] {
            true => offset - start,
            false => utf16_between(self.rope, start, offset),
        };
        Position::new(line as u32, col as u32)
    }
}

/// The LSP range of a byte range of `rope`.
pub fn rope_range(rope: &Rope, bytes: &Range<usize>) -> LspRange {
    if let Some(r) = in_one_chunk(rope, bytes) {
        return r;
    }
    let start = position(rope, bytes.start);
    let end = match line_tail(rope, bytes.start, bytes.end) {
        // Most ranges end on the line they start on: count on from the start.
        Some(units) => Position::new(start.line, start.character + units),
        None => position(rope, bytes.end),
    };
    LspRange::new(start, end)
}

/// The range when it lies on one line that starts in the rope chunk holding it: one
/// tree walk instead of several (a keystroke converts thousands of ranges). `None`
/// sends every other case (a range over a line break, a line begun in an earlier
/// chunk, an offset inside a char or inside a `\r\n`) the general way.
fn in_one_chunk(rope: &Rope, bytes: &Range<usize>) -> Option<LspRange> {
    if bytes.end < bytes.start || bytes.end > rope.len_bytes() {
        return None;
    }
    let (chunk, at, _, first_line) = rope.chunk_at_byte(bytes.start);
    let (from, to) = (bytes.start - at, bytes.end - at);
    if to > chunk.len() || !chunk.is_char_boundary(from) || !chunk.is_char_boundary(to) {
        return None;
    }
    let (head, body) = (&chunk.as_bytes()[..from], &chunk.as_bytes()[from..to]);
    let line_start = head.iter().rposition(|&b| b == b'\n' || b == b'\r')? + 1;
    let breaks = |b: &[u8]| b.iter().any(|&c| c == b'\n' || c == b'\r');
    let mid_crlf = head.last() == Some(&b'\r') && chunk.as_bytes().get(from) == Some(&b'\n');
    if mid_crlf || breaks(body) {
        return None;
    }
    // Breaks counted as the rope counts them (`\r\n`, `\n`, `\r`).
    let line = first_line + str_indices::lines_crlf::count_breaks(&chunk[..from]);
    let col = str_utf16_len(&chunk[line_start..from]);
    let start = Position::new(line as u32, col as u32);
    let end = Position::new(line as u32, (col + str_utf16_len(&chunk[from..to])) as u32);
    Some(LspRange::new(start, end))
}

/// The LSP position of a byte offset, through the rope (logarithmic: no line table
/// of the whole note is built per keystroke). Offsets past the end clamp to it; an
/// offset inside a char means that char (rounded down, as `LineIndex` does).
pub fn position(rope: &Rope, offset: usize) -> Position {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    // In the rope's tree (O(log n)), not by counting from the line's start: a long line
    // with thousands of findings would be counted over for each.
    let col = utf16_between(rope, rope.line_to_byte(line), offset);
    Position::new(line as u32, col as u32)
}

/// UTF-16 units from `from` to `to` when both lie on one line (no line break between).
fn line_tail(rope: &Rope, from: usize, to: usize) -> Option<u32> {
    let (from, to) = (from.min(rope.len_bytes()), to.min(rope.len_bytes()));
    if to < from || to - from > 4096 {
        return None;
    }
    let slice = rope.byte_slice(floor(rope, from)..floor(rope, to));
    let breaks = slice.chunks().any(|c| c.contains(['\n', '\r']));
    (!breaks).then(|| utf16_len(slice) as u32)
}

fn floor(rope: &Rope, offset: usize) -> usize {
    // Findings' offsets are char boundaries: one byte lookup says so, and saves
    // two tree walks per position (thousands of positions per keystroke).
    let boundary = offset >= rope.len_bytes() || (rope.byte(offset) & 0xC0) != 0x80;
    if boundary {
        return offset;
    }
    rope.char_to_byte(rope.byte_to_char(offset))
}

/// UTF-16 units from byte `from` (a char boundary) to `to` (rounded down to one).
pub fn utf16_between(rope: &Rope, from: usize, to: usize) -> usize {
    utf16_at(rope, floor(rope, to)) - utf16_at(rope, from)
}

/// UTF-16 units before byte `offset` (a char boundary), from the rope's tree in O(log n).
fn utf16_at(rope: &Rope, offset: usize) -> usize {
    rope.char_to_utf16_cu(rope.byte_to_char(offset))
}

fn utf16_len(slice: RopeSlice) -> usize {
    slice.chunks().map(str_utf16_len).sum()
}

fn str_utf16_len(s: &str) -> usize {
    str_indices::utf16::count(s)
}

/// The char index of an LSP position, clamped to its line's content.
pub fn char_at(rope: &Rope, pos: Position) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;
    use factline_core::text::LineIndex;

    proptest::proptest! {
        /// The rope's positions (the server's) equal `LineIndex`'s (the CLI's and the
        /// client model's) at every byte offset, inside chars too (both round down).
        #[test]
        fn rope_positions_equal_the_line_index(text in "[a-z😀中é\r\n ]{0,40}", cut in 0usize..200) {
            let rope = ropey::Rope::from_str(&text);
            let lines = LineIndex::new(&text);
            for offset in (0..=text.len() + 2).chain([cut]) {
                let want = lines.utf16(&text, offset);
                let got = position(&rope, offset);
                proptest::prop_assert_eq!((got.line, got.character), (want.line, want.col), "at {}", offset);
            }
            let end = cut.min(text.len());
            for start in 0..=end {
                let (a, b) = (lines.utf16(&text, start), lines.utf16(&text, end));
                let r = rope_range(&rope, &(start..end));
                proptest::prop_assert_eq!((r.start.line, r.start.character, r.end.line, r.end.character), (a.line, a.col, b.line, b.col));
            }
        }

        /// The same over notes of many rope chunks, built by edits as an editor's are,
        /// for ranges that start and end anywhere (inside chars, across line breaks and
        /// chunk boundaries).
        #[test]
        fn ranges_across_rope_chunks_equal_the_line_index(
            lines in proptest::collection::vec("[a-z😀é ]{0,60}(\r\n|\n|\r)", 1..300),
            cuts in proptest::collection::vec((0usize..20_000, 0usize..200), 1..60),
        ) {
            let text = lines.concat();
            let mut rope = ropey::Rope::new();
            for line in &lines {
                rope.insert(rope.len_chars(), line);
            }
            let index = LineIndex::new(&text);
            for (start, len) in cuts {
                let start = start.min(text.len());
                let end = (start + len).min(text.len());
                let (a, b) = (index.utf16(&text, start), index.utf16(&text, end));
                let r = rope_range(&rope, &(start..end));
                proptest::prop_assert_eq!((r.start.line, r.start.character, r.end.line, r.end.character), (a.line, a.col, b.line, b.col), "{}..{}", start, end);
            }
        }
    }

    fn check(lines: &Lines, text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let rope = Rope::from_str(text);
        proptest::prop_assert_eq!(lines, &Lines::new(&rope), "{:?}", text);
        let index = LineIndex::new(text);
        let mut cursor = lines.cursor(&rope);
        for offset in (0..=text.len() + 1).chain((0..=text.len()).rev()) {
            let want = index.utf16(text, offset);
            let got = cursor.position(offset);
            proptest::prop_assert_eq!(
                (got.line, got.character),
                (want.line, want.col),
                "{} in {:?}",
                offset,
                text
            );
        }
        Ok(())
    }

    proptest::proptest! {
        /// A table built from a text, or kept through any edits, is the one a fresh
        /// scan makes, and its positions are `LineIndex`'s (the CLI's, the client's).
        #[test]
        fn kept_through_edits_equals_fresh_and_positions_equal_the_line_index(
            start in "[ab😀é\r\n]{0,30}",
            edits in proptest::collection::vec((0usize..40, 0usize..6, "[x😀\r\n]{0,4}"), 0..12),
        ) {
            let mut text = start.clone();
            let mut rope = Rope::from_str(&text);
            let mut lines = Lines::new(&rope);
            check(&lines, &text)?;
            for (at, len, insert) in edits {
                let a = at.min(text.len());
                let b = (a + len).min(text.len());
                let (a, b) = (floor(&text, a), floor(&text, b));
                text.replace_range(a..b, &insert);
                let (ca, cb) = (rope.byte_to_char(a), rope.byte_to_char(b));
                rope.remove(ca..cb);
                rope.insert(ca, &insert);
                lines.edit(&rope, a..b, insert.len());
                check(&lines, &text)?;
            }
        }
    }

    fn floor(text: &str, mut i: usize) -> usize {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}
