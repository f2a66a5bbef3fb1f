//! Where each line of an open note starts, kept through edits, so that a publish finds
//! the positions of thousands of sorted offsets in one forward pass.
//!
//! The rope answers the same questions with a walk down its tree per offset; with a
//! long note's thousands of diagnostics re-sent on every keystroke, those walks (cold
//! in the cache between keystrokes) cost more than the check itself. A flat table is
//! read in order instead, and an ASCII line's column is a subtraction.

use ropey::Rope;
use std::ops::Range;
use tower_lsp_server::ls_types::Position;

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
            false => super::convert::utf16_between(self.rope, start, offset),
        };
        Position::new(line as u32, col as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use factline_core::text::LineIndex;

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
