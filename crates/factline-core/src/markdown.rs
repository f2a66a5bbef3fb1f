//! Reads a Markdown note into prose blocks a reader would take claims from.
//!
//! Paragraphs, headings, list items, table cells and block quotes are prose;
//! code (fenced, indented, inline), HTML, link destinations and front matter
//! are not. Each block keeps an exact map from its prose text back to byte
//! offsets in the note, so findings point at the right place.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

/// What kind of block a stretch of prose is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// A heading, with its level.
    Heading(u8),
    /// A list item.
    ListItem,
    /// A table cell.
    TableCell {
        /// The text of its column's header cell (`None` in the header row).
        header: Option<String>,
        /// Which table of the note (0-based).
        table: usize,
        /// Which row of the table (0 is the header row).
        row: usize,
        /// Which column.
        column: usize,
    },
}

/// One block of prose and where each piece of it came from. Cheap to clone
/// and to move within a note (text and segments are shared).
#[derive(Clone, Debug)]
pub struct Block {
    /// What kind of block it is.
    pub kind: BlockKind,
    /// Nesting depth of block quotes around the block.
    pub quote_depth: u32,
    /// Its prose, markup blanked out.
    pub text: Arc<str>,
    /// Byte range of the block in the note.
    pub range: Range<usize>,
    /// (offset in `text`, range in the parsed text) for each piece of text.
    segments: Arc<[(usize, Range<usize>)]>,
    /// Added to `segments` ranges: where the parsed text starts in the note.
    shift: usize,
    /// Its citations, wiki links and footnote references.
    pub annotations: Arc<[Annotation]>,
    /// The label of the footnote definition this block belongs to.
    pub footnote: Option<Arc<str>>,
}

/// A citation or an entity link written in a block, in the block's text coordinates.
/// The markup is blanked out of the prose (so claims read only what a reader reads);
/// a wiki link's shown text stays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Annotation {
    /// `[@id]`, `[@id, p. 3]`, `[@a; @b]`: one entry per key, each with its locator.
    Cite {
        /// Where the whole citation is.
        range: Range<usize>,
        /// Each key: id, locator, and where the id is.
        keys: Vec<(String, Option<String>, Range<usize>)>,
    },
    /// `[[Entity]]` or `[[entity-id|shown text]]`.
    Wiki {
        /// Where the whole link is.
        range: Range<usize>,
        /// The entity it names (an id or a name).
        target: String,
        /// The shown text, which stays in the prose.
        shown: Range<usize>,
    },
    /// `[^label]`: a footnote whose definition may cite sources.
    Footnote {
        /// Where the reference is.
        range: Range<usize>,
        /// The footnote's label.
        label: String,
    },
}

/// A block while it is being read.
struct Draft {
    kind: BlockKind,
    quote_depth: u32,
    text: String,
    range: Range<usize>,
    segments: Vec<(usize, Range<usize>)>,
    footnote_refs: Vec<Annotation>,
}

impl Block {
    /// Maps a byte offset in `text` to a byte offset in the note.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|(start, _)| *start <= offset);
        let Some((start, src)) = i.checked_sub(1).map(|i| &self.segments[i]) else {
            return self.range.start;
        };
        let src = src.start + self.shift..src.end + self.shift;
        let within = offset - start;
        // Escapes and entities make a piece shorter or longer than its source:
        // map inside it only when the lengths agree.
        let piece_len = self.segment_len(i - 1);
        if piece_len == src.len() {
            src.start + within.min(src.len())
        } else if within >= piece_len {
            src.end
        } else {
            src.start
        }
    }

    fn segment_len(&self, i: usize) -> usize {
        let end = self
            .segments
            .get(i + 1)
            .map_or(self.text.len(), |(s, _)| *s);
        end - self.segments[i].0
    }

    /// Maps a byte range in `text` to a byte range in the note.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_offset(range.start);
        let end = if range.end > range.start {
            self.source_offset(range.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }
}

/// A `<!-- factline: ... -->` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The words after `factline:`, e.g. `as-of 2010-06-01` or `ignore`.
    pub text: String,
    /// Byte offset in the note.
    pub offset: usize,
}

/// A parsed note: its prose blocks and directives.
#[derive(Clone, Debug, Default)]
pub struct Note {
    /// Its blocks, in order.
    pub blocks: Vec<Block>,
    /// `key: value` pairs of the YAML front matter, in order.
    pub front_matter: Vec<(String, String)>,
    /// Its `<!-- factline: … -->` directives.
    pub directives: Vec<Directive>,
}

impl Note {
    /// A front-matter value.
    pub fn front(&self, key: &str) -> Option<&str> {
        self.front_matter
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `source` into prose blocks, front matter and directives.
pub fn parse(source: &str) -> Note {
    parse_part(source, true)
}

/// Parses one chunk of a note (see [`chunk_scan`]); only the first may hold front matter.
pub fn parse_part(source: &str, front_matter: bool) -> Note {
    let mut options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    if front_matter {
        options |= Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    }
    let mut reader = Reader::default();
    let source = &*lone_cr_as_lf(source);
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        reader.event(event, range);
    }
    reader.note
}

/// A carriage return not followed by a line feed ends a line too (as LSP clients count
/// lines); pulldown-cmark only knows `\n` and `\r\n`, so such a `\r` becomes `\n`. Same
/// length, so every offset still maps.
fn lone_cr_as_lf(source: &str) -> std::borrow::Cow<'_, str> {
    let lone = |(i, _): (usize, &str)| !source[i + 1..].starts_with('\n');
    if !source.match_indices('\r').any(lone) {
        return source.into();
    }
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    out.into()
}

/// Splits a note into chunks that parse the same alone as in the whole note:
/// before a line that starts flush left after a blank line, outside fenced
/// code, HTML comments and front matter. An edit then re-parses one chunk.
/// (Reference-style link definitions do not reach across chunks; factline
/// reads link text, which does not depend on them.)
///
/// `source` is a stretch of a note that starts where a chunk starts (`at_start`:
/// the note's start, where front matter may open). Also says whether the stretch
/// ends between chunks: a flush-left line right after it would start a new chunk,
/// so whatever follows chunks as it did before.
pub fn chunk_scan(source: &str, at_start: bool) -> (Vec<Range<usize>>, bool) {
    let source = &*lone_cr_as_lf(source);
    let mut out = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    let mut prev_blank = false;
    let mut fence: Option<(char, usize)> = None;
    let mut comment = false;
    let mut front = at_start && (source.starts_with("---\n") || source.starts_with("---\r\n"));
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        let flush = !line.starts_with([' ', '\t']) && !trimmed.is_empty();
        if prev_blank && flush && fence.is_none() && !comment && !front && offset > start {
            out.push(start..offset);
            start = offset;
        }
        if front {
            front = i == 0 || !(trimmed == "---" || trimmed == "...");
        } else if let Some((c, n)) = fence {
            let t = trimmed.trim_start();
            if t.len() >= n && t.chars().all(|x| x == c) {
                fence = None;
            }
        } else {
            let t = line.trim_start_matches(' ');
            let indent = line.len() - t.len();
            for c in ['`', '~'] {
                let n = t.chars().take_while(|&x| x == c).count();
                if indent <= 3 && n >= 3 {
                    fence = Some((c, n));
                }
            }
            if let Some(open) = line.rfind("<!--") {
                comment = !line[open..].contains("-->");
            }
        }
        if comment && line.contains("-->") && !line.trim_start().starts_with("<!--") {
            comment = false;
        }
        prev_blank = trimmed.is_empty();
        offset += line.len();
    }
    if start < source.len() {
        out.push(start..source.len());
    }
    let between = prev_blank && source.ends_with('\n') && fence.is_none() && !comment && !front;
    (out, between)
}

impl Block {
    /// This block as found `by` bytes later in a note (a chunk's block placed in the note).
    pub fn shifted(&self, by: usize) -> Block {
        let mut b = self.clone();
        b.range = b.range.start + by..b.range.end + by;
        b.shift += by;
        b
    }
}

#[derive(Default)]
struct Reader {
    note: Note,
    current: Option<Draft>,
    /// Inside a footnote definition: its label.
    footnote: Option<Arc<str>>,
    quote_depth: u32,
    /// Inside code, HTML, front matter or an autolink: not prose.
    skip: u32,
    in_front_matter: bool,
    in_table_head: bool,
    headers: Vec<String>,
    column: usize,
    tables: usize,
    row: usize,
}

impl Reader {
    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if self.in_front_matter => self.front_matter(&text),
            Event::Text(text) if self.skip == 0 => self.push_text(&text, range),
            Event::SoftBreak | Event::HardBreak if self.skip == 0 => self.push_text(" ", range),
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html, range.start),
            Event::FootnoteReference(label) if self.skip == 0 => self.footnote_ref(&label, range),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        match tag {
            Tag::Paragraph if self.current.is_none() => self.open(BlockKind::Paragraph, range),
            Tag::Heading { level, .. } => self.open(BlockKind::Heading(level as u8), range),
            Tag::Item => self.open(BlockKind::ListItem, range),
            Tag::TableHead => {
                self.in_table_head = true;
                self.headers.clear();
                self.column = 0;
                self.row = 0;
                self.tables += 1;
            }
            Tag::TableRow => {
                self.column = 0;
                self.row += 1;
            }
            Tag::TableCell => {
                let header = (!self.in_table_head)
                    .then(|| self.headers.get(self.column).cloned())
                    .flatten();
                let kind = BlockKind::TableCell {
                    header,
                    table: self.tables,
                    row: self.row,
                    column: self.column,
                };
                self.open(kind, range);
            }
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::FootnoteDefinition(label) => {
                self.close();
                self.footnote = Some(label.to_string().into());
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock => self.skip += 1,
            Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => self.in_front_matter = true,
            Tag::MetadataBlock(_) => self.skip += 1,
            Tag::Link { link_type, .. } if is_autolink(link_type) => self.skip += 1,
            Tag::Image { .. } => self.skip += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item => self.close(),
            TagEnd::TableCell => {
                if self.in_table_head {
                    let text = self.current.as_ref().map(|b| b.text.trim().to_string());
                    self.headers.push(text.unwrap_or_default());
                }
                self.column += 1;
                self.close();
            }
            TagEnd::TableHead => self.in_table_head = false,
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::FootnoteDefinition => {
                self.close();
                self.footnote = None;
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Image => {
                self.skip = self.skip.saturating_sub(1)
            }
            TagEnd::MetadataBlock(MetadataBlockKind::YamlStyle) => self.in_front_matter = false,
            TagEnd::MetadataBlock(_) => self.skip = self.skip.saturating_sub(1),
            TagEnd::Link if self.skip > 0 => self.skip -= 1,
            _ => {}
        }
    }

    /// Starts a block; a list item's own text closes when a nested block starts.
    fn open(&mut self, kind: BlockKind, range: Range<usize>) {
        self.close();
        self.current = Some(Draft {
            kind,
            quote_depth: self.quote_depth,
            text: String::new(),
            range,
            segments: Vec::new(),
            footnote_refs: Vec::new(),
        });
    }

    fn close(&mut self) {
        if let Some(mut d) = self.current.take() {
            let mut annotations = annotate(&mut d.text);
            annotations.append(&mut d.footnote_refs);
            if d.text.trim().is_empty() && annotations.is_empty() {
                return;
            }
            self.note.blocks.push(Block {
                kind: d.kind,
                quote_depth: d.quote_depth,
                text: d.text.into(),
                range: d.range,
                segments: d.segments.into(),
                shift: 0,
                annotations: annotations.into(),
                footnote: self.footnote.clone(),
            });
        }
    }

    /// `[^label]` in prose: a placeholder space keeps its position.
    fn footnote_ref(&mut self, label: &str, range: Range<usize>) {
        self.push_text(" ", range.clone());
        if let Some(d) = self.current.as_mut() {
            let at = d.text.len() - 1;
            d.footnote_refs.push(Annotation::Footnote {
                range: at..at + 1,
                label: label.to_string(),
            });
        }
    }

    fn push_text(&mut self, text: &str, range: Range<usize>) {
        if self.current.is_none() {
            // Text after a nested list inside an item: continue as a new piece of prose.
            self.open(BlockKind::Paragraph, range.clone());
        }
        let block = self.current.as_mut().expect("opened above");
        block.segments.push((block.text.len(), range.clone()));
        block.text.push_str(&blank_urls(text));
        block.range.end = block.range.end.max(range.end);
    }

    fn html(&mut self, html: &str, offset: usize) {
        for (at, _) in html.match_indices("<!--") {
            let rest = &html[at + 4..];
            let body = rest.split("-->").next().unwrap_or(rest).trim();
            if let Some(text) = body.strip_prefix("factline:") {
                self.note.directives.push(Directive {
                    text: text.trim().to_string(),
                    offset: offset + at,
                });
            }
        }
    }

    fn front_matter(&mut self, text: &str) {
        for line in text.lines() {
            if let Some((key, value)) = line.split_once(':')
                && !key.starts_with([' ', '\t', '-', '#'])
            {
                let value = value.trim().trim_matches(['"', '\'']).to_string();
                self.note.front_matter.push((key.trim().to_string(), value));
            }
        }
    }
}

/// Finds citations and wiki links in a block's text, blanks their markup in
/// place (same byte length, so offsets still map) and returns them.
fn annotate(text: &mut String) -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut from = 0;
    // The next "]]", "]" and newline at or after a point, found once and reused while
    // `from` moves forward: searching from every "[" made "[[[[…" quadratic.
    let mut wiki_close = Next::new("]]");
    let mut bracket = Next::new("]");
    let mut newline = Next::new("\n");
    while let Some(open) = text[from..].find('[').map(|i| i + from) {
        let rest = &text[open..];
        if rest.starts_with("[^")
            && let Some(close) = bracket.at(text, open).map(|c| c - open)
            && !rest[2..close].contains([' ', '\n', '['])
            && close > 2
        {
            // A footnote mark whose definition lies in another chunk reaches us as text.
            let label = rest[2..close].to_string();
            blank(text, open..open + close + 1);
            out.push(Annotation::Footnote {
                range: open..open + close + 1,
                label,
            });
            from = open + close + 1;
            continue;
        }
        let found = if rest.starts_with("[[") {
            wiki_close.at(text, open).map(|close| (close + 2, true))
        } else if rest.starts_with("[@") || rest.starts_with("[-@") {
            bracket.at(text, open).map(|close| (close + 1, false))
        } else {
            None
        };
        let line_end = newline.at(text, open).unwrap_or(text.len());
        let Some((end, wiki)) = found.filter(|(end, _)| *end <= line_end) else {
            from = open + 1;
            continue;
        };
        let inner = open + if wiki { 2 } else { 1 }..end - if wiki { 2 } else { 1 };
        let annotation = if wiki {
            let body = &text[inner.clone()];
            let (target, shown) = match body.find('|') {
                Some(bar) => (
                    body[..bar].trim().to_string(),
                    inner.start + bar + 1..inner.end,
                ),
                None => (body.trim().to_string(), inner.clone()),
            };
            Annotation::Wiki {
                range: open..end,
                target,
                shown,
            }
        } else {
            Annotation::Cite {
                range: open..end,
                keys: cite_keys(text, inner),
            }
        };
        let keep = match &annotation {
            Annotation::Wiki { shown, .. } => shown.clone(),
            _ => end..end,
        };
        blank(text, open..keep.start);
        blank(text, keep.end..end);
        out.push(annotation);
        from = end;
    }
    out
}

/// The first occurrence of a pattern at or after a position, for positions that only
/// grow: one scan of the text in all.
struct Next {
    pattern: &'static str,
    /// (searched from, found at): a later query before `found` reuses it.
    last: Option<(usize, Option<usize>)>,
}

impl Next {
    fn new(pattern: &'static str) -> Next {
        Next {
            pattern,
            last: None,
        }
    }

    fn at(&mut self, text: &str, from: usize) -> Option<usize> {
        if let Some((searched, found)) = self.last
            && searched <= from
            && found.is_none_or(|f| f >= from)
        {
            return found;
        }
        let found = text[from..].find(self.pattern).map(|i| i + from);
        self.last = Some((from, found));
        found
    }
}

/// `@a, p. 3; @b` → [("a", Some("p. 3"), range), ("b", None, range)].
fn cite_keys(text: &str, inner: Range<usize>) -> Vec<(String, Option<String>, Range<usize>)> {
    let mut out = Vec::new();
    let mut at = inner.start;
    for part in text[inner.clone()].split(';') {
        let start = at + part.find('@').map_or(0, |i| i + 1);
        at += part.len() + 1;
        let Some(body) = part.split_once('@').map(|(_, b)| b) else {
            continue;
        };
        let key_len = body
            .find(|c: char| !(c.is_alphanumeric() || "_-:.".contains(c)))
            .unwrap_or(body.len());
        let key = body[..key_len].trim_end_matches(['.', ':']).to_string();
        let locator = body[key_len..].trim().trim_start_matches(',').trim();
        if !key.is_empty() {
            let locator = (!locator.is_empty()).then(|| locator.to_string());
            out.push((key.clone(), locator, start..start + key.len()));
        }
    }
    out
}

fn blank(text: &mut String, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    let spaces = " ".repeat(range.len());
    text.replace_range(range, &spaces);
}

/// Bare URLs are not prose: each of their bytes becomes a space, so offsets still map.
fn blank_urls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("://") && !text.contains("www.") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_inclusive(char::is_whitespace) {
        let url = word.contains("://") || word.starts_with("www.");
        if url {
            let (body, space) = word.split_at(word.trim_end().len());
            out.extend(std::iter::repeat_n(' ', body.len()));
            out.push_str(space);
        } else {
            out.push_str(word);
        }
    }
    out.into()
}

fn is_autolink(link_type: pulldown_cmark::LinkType) -> bool {
    matches!(
        link_type,
        pulldown_cmark::LinkType::Autolink | pulldown_cmark::LinkType::Email
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(note: &Note) -> Vec<&str> {
        note.blocks.iter().map(|b| &*b.text).collect()
    }

    #[test]
    fn prose_blocks_and_what_is_skipped() {
        let src = "---\ntitle: CSTO\nas_of: 2010-06-01\n---\n# The CSTO\n\nIt has `code` and [a link](http://x.org) here.\n\n```\nUzbekistan is a member.\n```\n\n<div>Armenia</div>\n\n> Quoted claim.\n\n- one\n- two <http://example.org>\n";
        let note = parse(src);
        assert_eq!(
            texts(&note),
            [
                "The CSTO",
                "It has  and a link here.",
                "Quoted claim.",
                "one",
                "two "
            ]
        );
        assert_eq!(note.front("as_of"), Some("2010-06-01"));
        assert_eq!(note.blocks[0].kind, BlockKind::Heading(1));
        assert_eq!(note.blocks[2].quote_depth, 1);
    }

    #[test]
    fn carriage_returns_alone_end_lines_for_fences_and_chunks() {
        let cr = "```\rUzbekistan is a member.\r```\r\rAfter.\r";
        assert_eq!(texts(&parse(cr)), ["After."]);
        let parts: Vec<&str> = chunk_scan(cr, true).0.into_iter().map(|r| &cr[r]).collect();
        assert_eq!(parts, ["```\rUzbekistan is a member.\r```\r\r", "After.\r"]);
    }

    #[test]
    fn chunks_split_between_flush_blocks_only() {
        let src = "---\na: 1\n\nb: 2\n---\n# T\n\npara\n\n- item\n\n  cont\n\n```\ncode\n\nmore\n```\n\n<!--\n\nx -->\n\nend\n";
        let parts: Vec<&str> = chunk_scan(src, true)
            .0
            .into_iter()
            .map(|r| &src[r])
            .collect();
        assert_eq!(
            parts,
            [
                "---\na: 1\n\nb: 2\n---\n# T\n\n",
                "para\n\n",
                "- item\n\n  cont\n\n",
                "```\ncode\n\nmore\n```\n\n",
                "<!--\n\nx -->\n\n",
                "end\n"
            ]
        );
    }

    #[test]
    fn citations_wiki_links_and_footnotes() {
        let note = parse(
            "Zas led [[csto|the alliance]] [@W116, p. 3; @seed004] and [[Russia]].[^1]\n\n[^1]: As [@W17] says.\n",
        );
        let b = &note.blocks[0];
        let words: Vec<&str> = b.text.split_whitespace().collect();
        assert_eq!(
            words,
            ["Zas", "led", "the", "alliance", "and", "Russia", "."]
        );
        // Offsets still map: the shown text sits where it is in the note.
        let at = b.text.find("the alliance").unwrap();
        let src = "Zas led [[csto|the alliance]]";
        assert_eq!(
            b.source_range(at..at + 12),
            src.find("the alliance").unwrap()..src.len() - 2
        );
        let kinds: Vec<String> = b
            .annotations
            .iter()
            .map(|a| match a {
                Annotation::Cite { keys, .. } => format!(
                    "cite {:?}",
                    keys.iter()
                        .map(|k| (k.0.as_str(), k.1.as_deref()))
                        .collect::<Vec<_>>()
                ),
                Annotation::Wiki { target, shown, .. } => {
                    format!("wiki {target} {}", &b.text[shown.clone()])
                }
                Annotation::Footnote { label, .. } => format!("note {label}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "wiki csto the alliance",
                "cite [(\"W116\", Some(\"p. 3\")), (\"seed004\", None)]",
                "wiki Russia Russia",
                "note 1"
            ]
        );
        let def = note.blocks.iter().find(|b| b.footnote.is_some()).unwrap();
        assert_eq!(def.footnote.as_deref(), Some("1"));
        assert!(matches!(&def.annotations[0], Annotation::Cite { keys, .. } if keys[0].0 == "W17"));
    }

    #[test]
    fn bare_urls_are_blanked_in_place() {
        let note = parse("See https://en.wikipedia.org/wiki/Uzbekistan now.\n");
        assert_eq!(
            &*note.blocks[0].text,
            format!("See {} now.", " ".repeat(40))
        );
    }

    #[test]
    fn table_cells_know_their_header() {
        let note = parse("| State | Status |\n|---|---|\n| Armenia | member |\n");
        let cell = &note.blocks[3];
        assert_eq!(&*cell.text, "member");
        assert_eq!(
            cell.kind,
            BlockKind::TableCell {
                header: Some("Status".into()),
                table: 1,
                row: 1,
                column: 1
            }
        );
    }

    #[test]
    fn offsets_map_back_to_the_note() {
        let src = "Intro line\r\nwith *emphasis* and 😀 Uzbekistan.\n";
        let note = parse(src);
        let block = &note.blocks[0];
        let at = block.text.find("Uzbekistan").unwrap();
        let range = block.source_range(at..at + "Uzbekistan".len());
        assert_eq!(&src[range], "Uzbekistan");
        let at = block.text.find("emphasis").unwrap();
        assert_eq!(&src[block.source_range(at..at + 8)], "emphasis");
    }

    #[test]
    fn directives_are_collected_with_offsets() {
        let src = "Text.\n\n<!-- factline: as-of 2010-06-01 -->\n\nMore <!-- factline: ignore --> text.\n";
        let note = parse(src);
        let found: Vec<&str> = note.directives.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(found, ["as-of 2010-06-01", "ignore"]);
        assert!(src[note.directives[1].offset..].starts_with("<!-- factline: ignore"));
    }
}
