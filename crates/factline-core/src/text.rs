//! Maps byte offsets to lines and columns (UTF-16 for LSP, chars for humans).
//!
//! Line breaks are `\n`, `\r\n` and a lone `\r`, as the LSP specification
//! defines them, so every client agrees with us on line numbers.

/// Start offsets of every line of a text, for offset → position lookups.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 0-based line and a 0-based column, in the unit the caller asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 0-based line.
    pub line: u32,
    /// 0-based column (in the unit the method counts).
    pub col: u32,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// How many lines there are.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding `offset` (offsets past the end clamp to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte offset where `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// Position of `offset` with the column counted in UTF-16 code units (LSP).
    pub fn utf16(&self, text: &str, offset: usize) -> LineCol {
        self.position(text, offset, |c| c.len_utf16())
    }

    /// Position of `offset` with the column counted in chars (human output).
    pub fn chars(&self, text: &str, offset: usize) -> LineCol {
        self.position(text, offset, |_| 1)
    }

    fn position(&self, text: &str, offset: usize, width: impl Fn(char) -> usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = text[start..offset].chars().map(width).sum::<usize>();
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a 0-based line and UTF-16 column (LSP), clamped
    /// to the line's end, or to the text's end past the last line.
    pub fn offset_utf16(&self, text: &str, line: usize, col: usize) -> usize {
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let content = self.line_text(text, line);
        let mut units = 0;
        // A column inside a surrogate pair means the char it is part of (rounded down).
        for (i, c) in content.char_indices() {
            units += c.len_utf16();
            if units > col {
                return start + i;
            }
        }
        start + content.len()
    }

    /// The text of a line without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.line_start(line);
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_lone_cr_and_wide_chars() {
        let text = "a\r\nb\rc😀d\n中x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let d = text.find('d').unwrap();
        assert_eq!(idx.utf16(text, d), LineCol { line: 2, col: 3 });
        assert_eq!(idx.chars(text, d), LineCol { line: 2, col: 2 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.utf16(text, x), LineCol { line: 3, col: 1 });
        assert_eq!(idx.line_text(text, 0), "a");
        assert_eq!(idx.line_text(text, 2), "c😀d");
        assert_eq!(idx.offset_utf16(text, 2, 3), d);
        assert_eq!(idx.offset_utf16(text, 2, 99), d + 1);
        assert_eq!(idx.offset_utf16(text, 9, 0), text.len());
    }

    #[test]
    fn offsets_inside_a_char_or_past_the_end_clamp() {
        let text = "é\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.utf16(text, 1), LineCol { line: 0, col: 0 });
        assert_eq!(idx.utf16(text, 99), LineCol { line: 1, col: 0 });
    }
}
