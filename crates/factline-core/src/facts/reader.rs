//! A hand-written reader of the `.facts` grammar, for loading without tree-sitter.
//!
//! tree-sitter's parse of a million-statement file takes seconds and its tree gigabytes;
//! this reader builds the loader's [`Cst`] straight from the text in one pass. It reads
//! only what it is sure of: on anything unusual (a syntax error, a keyword where a name is
//! due, a comment that does not start a line, a number it cannot place) it gives up and
//! the loader parses with tree-sitter, which also explains the errors. Where it does
//! answer, its tree equals the one converted from tree-sitter's (tests/reader.rs).

use super::cst::{Builder, Cst, field_id, kind_id};
use std::sync::OnceLock;

/// The tree of `text`, or `None` when tree-sitter must read it.
pub fn read(text: &str) -> Option<Cst> {
    // tree-sitter's lexer takes a NUL byte for the end of input, wherever it is.
    if text.as_bytes().contains(&0) {
        return None;
    }
    let mut r = Reader {
        lex: Lexer::new(text),
        // About one node per five bytes: sized once, not doubled (and copied) while reading.
        b: Builder::with_capacity(text.len() / 5 + 16),
        ids: ids(),
        last: 0,
    };
    r.b.open(r.kind(K::source_file), 0, 0, false);
    r.file()?;
    Some(r.b.finish(text.len()))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum T {
    Ident,
    Int,
    Grouped,
    FullDate,
    Str,
    Colon,
    Open,
    Close,
    DotDot,
    Comment,
    /// The end of a line that is not continued by an indented one.
    Newline,
    End,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    t: T,
    start: usize,
    end: usize,
}

struct Lexer<'a> {
    text: &'a str,
    at: usize,
    peeked: Option<Tok>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            at: 0,
            peeked: None,
        }
    }

    fn peek(&mut self) -> Option<Tok> {
        if self.peeked.is_none() {
            self.peeked = Some(self.scan()?);
        }
        self.peeked
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.peek()?;
        self.peeked = None;
        Some(t)
    }

    fn word(&self, t: Tok) -> &'a str {
        &self.text[t.start..t.end]
    }

    /// The next token; `None` for what this reader leaves to tree-sitter.
    fn scan(&mut self) -> Option<Tok> {
        let bytes = self.text.as_bytes();
        // Blanks, and line breaks before an indented line (which continues this one): a loop,
        // not a recursion, as a file may hold any number of blank indented lines.
        loop {
            while self.at < bytes.len() && matches!(bytes[self.at], b' ' | b'\t') {
                self.at += 1;
            }
            match continuation_end(bytes, self.at) {
                Some(end) => self.at = end,
                None => break,
            }
        }
        let start = self.at;
        let tok = |t, end| Some(Tok { t, start, end });
        let Some(&c) = bytes.get(start) else {
            return tok(T::End, start);
        };
        let class = match c {
            b'\r' | b'\n' => {
                let nl = if c == b'\r' { start + 1 } else { start };
                if bytes.get(nl) != Some(&b'\n') {
                    return None;
                }
                self.at = nl + 1;
                return tok(T::Newline, nl + 1);
            }
            // Only a comment that starts a line: elsewhere tree-sitter decides which node
            // the comment belongs to.
            b'#' if start == 0 || bytes[start - 1] == b'\n' => {
                let end = line_end(bytes, start);
                self.at = end;
                return tok(T::Comment, end);
            }
            b'"' => T::Str,
            b':' => T::Colon,
            b'[' => T::Open,
            b']' => T::Close,
            b'.' if bytes.get(start + 1) == Some(&b'.') => T::DotDot,
            b'0'..=b'9' => return self.number(start),
            c if c.is_ascii_alphabetic() || c == b'_' => T::Ident,
            _ => return None,
        };
        let end = match class {
            T::Str => string_end(bytes, start)?,
            T::DotDot => start + 2,
            T::Ident => {
                let len = bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
                    .count();
                start + len
            }
            _ => start + 1,
        };
        self.at = end;
        tok(class, end)
    }

    /// `\d{4}-\d{2}(-\d{2})?`, `\d+\.\d+`, `\d{1,3}(,\d{3})+` or `\d+`.
    fn number(&mut self, start: usize) -> Option<Tok> {
        let bytes = self.text.as_bytes();
        let digits = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let n = digits(start);
        let mut end = start + n;
        let next = bytes.get(end).copied();
        let t = if n == 4 && next == Some(b'-') && digits(end + 1) == 2 {
            end += 3;
            if bytes.get(end) == Some(&b'-') && digits(end + 1) == 2 {
                end += 3;
            }
            T::FullDate
        } else if next == Some(b'.') && digits(end + 1) > 0 {
            end += 1 + digits(end + 1);
            T::Grouped
        } else if next == Some(b',') && n <= 3 && digits(end + 1) == 3 {
            while bytes.get(end) == Some(&b',') && digits(end + 1) == 3 {
                end += 4;
            }
            T::Grouped
        } else {
            T::Int
        };
        // Digits or separators running on ("2012-1", "1,0000") are tree-sitter's to judge.
        if bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b',' | b'_'))
        {
            return None;
        }
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1) != Some(&b'.') {
            return None;
        }
        self.at = end;
        Some(Tok { t, start, end })
    }
}

/// Past a line break at `at` and the indentation after it, when the next line is indented.
fn continuation_end(bytes: &[u8], at: usize) -> Option<usize> {
    let nl = match bytes.get(at)? {
        b'\n' => at,
        b'\r' if bytes.get(at + 1) == Some(&b'\n') => at + 1,
        _ => return None,
    };
    let indent = bytes[nl + 1..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    (indent > 0).then_some(nl + 1 + indent)
}

/// Where the line from `from` ends: at its `\n` (a `\r` before it stays in the line, as it
/// does in tree-sitter's comment token).
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| from + i)
}

/// The end of a string literal starting at `start` (no line breaks inside).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\n' => return None,
            b'\\' => {
                if matches!(bytes.get(i + 1)?, b'\n') {
                    return None;
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
}

/// Every literal word of the grammar: where a name is due, one of these is left to
/// tree-sitter. A `match`, not a list scan: every identifier of a file is tested.
fn keyword(word: &str) -> Option<&'static str> {
    Some(match word {
        "about" => "about",
        "alias" => "alias",
        "at" => "at",
        "author" => "author",
        "complete" => "complete",
        "confirmed" => "confirmed",
        "count" => "count",
        "date" => "date",
        "deprecated" => "deprecated",
        "dispute" => "dispute",
        "ends" => "ends",
        "entity" => "entity",
        "excludes" => "excludes",
        "extend" => "extend",
        "estimated" => "estimated",
        "from" => "from",
        "functional" => "functional",
        "holds" => "holds",
        "include" => "include",
        "kind" => "kind",
        "locates" => "locates",
        "thousand" => "thousand",
        "million" => "million",
        "billion" => "billion",
        "trillion" => "trillion",
        "many" => "many",
        "note" => "note",
        "on" => "on",
        "over" => "over",
        "phrase" => "phrase",
        "preferred" => "preferred",
        "publisher" => "publisher",
        "quantity" => "quantity",
        "refuted_by" => "refuted_by",
        "relation" => "relation",
        "role" => "role",
        "source" => "source",
        "starts" => "starts",
        "subject" => "subject",
        "text" => "text",
        "topic" => "topic",
        "unconfirmed" => "unconfirmed",
        "under" => "under",
        "undated" => "undated",
        "until" => "until",
        "url" => "url",
        "value" => "value",
        "verb" => "verb",
        "wikidata" => "wikidata",
        _ => return None,
    })
}

/// The aspects a `phrase` may have and a `verb` must have.
const ASPECTS: &[&str] = &["holds", "starts", "ends", "count"];

/// Declares an enum of grammar names and the list of their spellings, in order.
macro_rules! grammar_names {
    ($(#[$doc:meta])* $enum:ident: $($name:ident),* $(,)?) => {
        $(#[$doc])*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum $enum { $($name),* }
        impl $enum {
            const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];
        }
    };
}

grammar_names!(
    /// Named node kinds the reader builds.
    K: include, kind, closure, extension, source, publisher, author, source_date, estimated, undated, url, text_path, note, entity, aliases, topics, description, relation, subject_kinds, value_type, date_type, quantity_type, text_type, cardinality, complete, phrase, aspect, role, role_side, verb, excludes, locates, statement, quantity, approximate, scale, validity, rank, unconfirmed, confirmed, refuted, citation, dispute, source_file, comment, identifier, string, number, date, year, entity_ref, wikidata
);

grammar_names!(
    /// Fields the reader fills (`none`: no field).
    F: none, amount, approximate, aspect, scale, citation, date, description, estimated, from, id, kind, label, locator, name, noun, on, path, quote, reason, relation, scope, side, source, statement, subject, template, title, r#type, unit, until, upper, validity, value, word
);

/// The grammar's ids for [`K`] and [`F`], by their position: looked up once, then each
/// node costs an array read, not a string hash (a million-statement file has 12 million).
struct Ids {
    kinds: Vec<u16>,
    fields: Vec<u16>,
}

fn ids() -> &'static Ids {
    static IDS: OnceLock<Ids> = OnceLock::new();
    IDS.get_or_init(|| Ids {
        kinds: K::NAMES.iter().map(|&k| kind_id(k)).collect(),
        fields: F::NAMES
            .iter()
            .map(|f| match f.trim_start_matches("r#") {
                "none" => 0,
                f => field_id(f),
            })
            .collect(),
    })
}

struct Reader<'a> {
    lex: Lexer<'a>,
    b: Builder,
    ids: &'static Ids,
    /// Where the last token taken ends: where the node being built ends.
    last: usize,
}

impl Reader<'_> {
    fn kind(&self, k: K) -> u16 {
        self.ids.kinds[k as usize]
    }

    fn field(&self, f: F) -> u16 {
        self.ids.fields[f as usize]
    }

    fn take(&mut self) -> Option<Tok> {
        let t = self.lex.next()?;
        self.last = t.end;
        Some(t)
    }

    fn peek(&mut self) -> Option<Tok> {
        self.lex.peek()
    }

    fn file(&mut self) -> Option<()> {
        loop {
            let t = self.take()?;
            match t.t {
                T::End => return Some(()),
                T::Newline => continue,
                T::Comment => self.b.leaf(self.kind(K::comment), 0, t.start, t.end),
                T::Ident => {
                    self.item(t)?;
                    match self.take()?.t {
                        T::Newline | T::End => {}
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    fn is_name(&self, t: Tok) -> bool {
        t.t == T::Ident && keyword(self.lex.word(t)).is_none()
    }

    /// The next token's word, if it is a keyword.
    fn peek_keyword(&mut self) -> Option<&'static str> {
        let t = self.peek()?;
        if t.t != T::Ident {
            return None;
        }
        keyword(self.lex.word(t))
    }

    fn open(&mut self, k: K, field: F, at: usize) {
        self.b.open(self.kind(k), self.field(field), at, false);
    }

    fn close(&mut self) {
        self.b.close(self.last);
    }

    fn item(&mut self, first: Tok) -> Option<()> {
        if self.is_name(first) {
            return self.statement(first);
        }
        let k = match self.lex.word(first) {
            "include" => K::include,
            "kind" => K::kind,
            "complete" => K::closure,
            "extend" => K::extension,
            "source" => K::source,
            "entity" => K::entity,
            "relation" => K::relation,
            "dispute" => K::dispute,
            _ => return None,
        };
        self.open(k, F::none, first.start);
        match k {
            K::include => self.string(F::path)?,
            K::kind => {
                self.name(F::name)?;
                if self.peek()?.t == T::Str {
                    self.string(F::description)?;
                }
                while self.peek_keyword() == Some("wikidata") {
                    self.wikidata()?;
                }
            }
            K::closure => {
                self.name(F::relation)?;
                self.names(F::scope)?;
                while self.peek()?.t == T::Open {
                    self.citation()?;
                }
            }
            K::extension => {
                self.name(F::relation)?;
                while matches!(
                    self.peek_keyword(),
                    Some("phrase" | "role" | "verb" | "excludes" | "locates" | "wikidata" | "note")
                ) {
                    self.relation_property()?;
                }
            }
            K::source => self.source()?,
            K::entity => self.entity()?,
            K::relation => self.relation()?,
            _ => self.dispute()?,
        }
        self.close();
        Some(())
    }

    /// A string literal in `field`.
    fn string(&mut self, field: F) -> Option<()> {
        let t = self.take()?;
        (t.t == T::Str).then_some(())?;
        self.b
            .leaf(self.kind(K::string), self.field(field), t.start, t.end);
        Some(())
    }

    /// One or more string literals in `field`.
    fn strings(&mut self, field: F) -> Option<()> {
        self.string(field)?;
        while self.peek()?.t == T::Str {
            self.string(field)?;
        }
        Some(())
    }

    /// An identifier (not a keyword) in `field`.
    fn name(&mut self, field: F) -> Option<()> {
        self.name_as(field, self.kind(K::identifier))
    }

    fn name_as(&mut self, field: F, kind: u16) -> Option<()> {
        let t = self.take()?;
        self.is_name(t).then_some(())?;
        self.b.leaf(kind, self.field(field), t.start, t.end);
        Some(())
    }

    /// Zero or more identifiers in `field`, up to a keyword or anything else.
    fn names(&mut self, field: F) -> Option<usize> {
        let mut n = 0;
        while self.peek().is_some_and(|t| self.is_name(t)) {
            self.name(field)?;
            n += 1;
        }
        Some(n)
    }

    /// A keyword-only node (`undated`, `unconfirmed`, `functional`, ...).
    fn word_node(&mut self, k: K, field: F) -> Option<()> {
        let t = self.take()?;
        self.b.leaf(self.kind(k), self.field(field), t.start, t.end);
        Some(())
    }

    /// `keyword "value"` as a node of `kind` with the string in field `value`.
    fn string_property(&mut self, k: K) -> Option<()> {
        let t = self.take()?;
        self.open(k, F::none, t.start);
        self.string(F::value)?;
        self.close();
        Some(())
    }

    /// A date in `field`: a full date, or a year (a `year` node inside the `date`).
    fn date(&mut self, field: F) -> Option<()> {
        let t = self.take()?;
        let field = self.field(field);
        match t.t {
            T::FullDate => self.b.leaf(self.kind(K::date), field, t.start, t.end),
            T::Int => {
                self.b.open(self.kind(K::date), field, t.start, false);
                self.b.leaf(self.kind(K::year), 0, t.start, t.end);
                self.b.close(t.end);
            }
            _ => return None,
        }
        Some(())
    }

    fn source(&mut self) -> Option<()> {
        self.name(F::id)?;
        self.string(F::title)?;
        loop {
            match self.peek_keyword() {
                Some("publisher") => self.string_property(K::publisher)?,
                Some("author") => self.string_property(K::author)?,
                Some("url") => self.string_property(K::url)?,
                Some("text") => self.string_property(K::text_path)?,
                Some("note") => self.string_property(K::note)?,
                Some("undated") => self.word_node(K::undated, F::none)?,
                Some("date") => {
                    let t = self.take()?;
                    self.open(K::source_date, F::none, t.start);
                    self.date(F::value)?;
                    if self.peek_keyword() == Some("estimated") {
                        self.word_node(K::estimated, F::estimated)?;
                    }
                    self.close();
                }
                _ => return Some(()),
            }
        }
    }

    /// An optional `from … until …`, `until …` or `on …`.
    fn validity(&mut self) -> Option<()> {
        if let Some(k @ ("from" | "until" | "on")) = self.peek_keyword() {
            let t = self.take()?;
            self.open(K::validity, F::validity, t.start);
            self.date(match k {
                "from" => F::from,
                "until" => F::until,
                _ => F::on,
            })?;
            if k == "from" && self.peek_keyword() == Some("until") {
                self.take()?;
                self.date(F::until)?;
            }
            self.close();
        }
        Some(())
    }

    fn entity(&mut self) -> Option<()> {
        self.name(F::id)?;
        self.name(F::kind)?;
        self.string(F::label)?;
        loop {
            let k = match self.peek_keyword() {
                Some("alias") => K::aliases,
                Some("topic") => K::topics,
                Some("about") => K::description,
                Some("note") => K::note,
                Some("wikidata") => {
                    self.wikidata()?;
                    continue;
                }
                _ => return Some(()),
            };
            let t = self.take()?;
            self.open(k, F::none, t.start);
            match k {
                K::aliases => {
                    self.strings(F::value)?;
                    self.validity()?;
                }
                K::topics => self.strings(F::value)?,
                _ => self.string(F::value)?,
            }
            self.close();
        }
    }

    fn relation(&mut self) -> Option<()> {
        self.name(F::id)?;
        self.string(F::label)?;
        loop {
            match self.peek_keyword() {
                Some("subject") => {
                    let t = self.take()?;
                    self.open(K::subject_kinds, F::none, t.start);
                    (self.names(F::kind)? > 0).then_some(())?;
                    self.close();
                }
                Some("value") => self.value_type()?,
                Some("functional" | "many") => self.word_node(K::cardinality, F::none)?,
                Some("complete") => {
                    let t = self.take()?;
                    self.open(K::complete, F::none, t.start);
                    self.names(F::scope)?;
                    self.close();
                }
                Some("phrase" | "role" | "verb" | "excludes" | "locates" | "wikidata" | "note") => {
                    self.relation_property()?
                }
                _ => return Some(()),
            }
        }
    }

    /// `keyword TAG "a" "b"…` (`role value "…"`, `verb starts "…"`): a node of kind `k`
    /// whose tag, one of `tags`, is a node of its own, then one or more strings in `field`.
    fn tagged_strings(
        &mut self,
        k: K,
        (tags, tag, tag_field): (&[&str], K, F),
        field: F,
    ) -> Option<()> {
        let t = self.take()?;
        self.open(k, F::none, t.start);
        self.peek_keyword().filter(|w| tags.contains(w))?;
        self.word_node(tag, tag_field)?;
        self.strings(field)?;
        self.close();
        Some(())
    }

    /// A phrase, role, verb or note of a relation (or of an `extend`).
    fn relation_property(&mut self) -> Option<()> {
        match self.peek_keyword() {
            Some("phrase") => {
                let t = self.take()?;
                self.open(K::phrase, F::none, t.start);
                if self.peek_keyword().is_some_and(|k| ASPECTS.contains(&k)) {
                    self.word_node(K::aspect, F::aspect)?;
                }
                self.string(F::template)?;
                self.close();
            }
            Some("role") => self.tagged_strings(
                K::role,
                (&["subject", "value"], K::role_side, F::side),
                F::noun,
            )?,
            Some("verb") => {
                self.tagged_strings(K::verb, (ASPECTS, K::aspect, F::aspect), F::word)?
            }
            Some("excludes") => {
                let t = self.take()?;
                self.open(K::excludes, F::none, t.start);
                (self.names(F::relation)? > 0).then_some(())?;
                self.close();
            }
            Some("locates") => self.word_node(K::locates, F::none)?,
            Some("wikidata") => self.wikidata()?,
            Some("note") => self.string_property(K::note)?,
            _ => return None,
        }
        Some(())
    }

    /// `wikidata Q… …`: one or more ids.
    fn wikidata(&mut self) -> Option<()> {
        let t = self.take()?;
        self.open(K::wikidata, F::none, t.start);
        (self.names(F::id)? > 0).then_some(())?;
        self.close();
        Some(())
    }

    fn value_type(&mut self) -> Option<()> {
        let t = self.take()?;
        self.open(K::value_type, F::none, t.start);
        match self.peek_keyword() {
            Some("date") => self.word_node(K::date_type, F::r#type)?,
            Some("text") => self.word_node(K::text_type, F::r#type)?,
            Some("quantity") => {
                self.word_node(K::quantity_type, F::r#type)?;
                if self.peek().is_some_and(|t| self.is_name(t)) {
                    self.name(F::unit)?;
                }
            }
            Some(_) => return None,
            None => (self.names(F::kind)? > 0).then_some(())?,
        }
        self.close();
        Some(())
    }

    fn dispute(&mut self) -> Option<()> {
        self.name(F::id)?;
        self.string(F::label)?;
        (self.names(F::statement)? > 0).then_some(())?;
        if self.peek_keyword() == Some("note") {
            self.string_property(K::note)?;
        }
        Some(())
    }

    fn statement(&mut self, first: Tok) -> Option<()> {
        self.b.open(self.kind(K::statement), 0, first.start, false);
        let field = if self.peek()?.t == T::Colon {
            self.take()?;
            F::id
        } else {
            F::subject
        };
        self.b.leaf(
            self.kind(K::identifier),
            self.field(field),
            first.start,
            first.end,
        );
        if field == F::id {
            self.name(F::subject)?;
        }
        self.name(F::relation)?;
        self.value()?;
        self.validity()?;
        loop {
            match self.peek_keyword() {
                Some("preferred") => self.word_node(K::rank, F::none)?,
                Some("deprecated") => {
                    let t = self.take()?;
                    self.open(K::rank, F::none, t.start);
                    self.string(F::reason)?;
                    self.close();
                }
                Some("unconfirmed") => self.word_node(K::unconfirmed, F::none)?,
                Some("confirmed") => {
                    let t = self.take()?;
                    self.open(K::confirmed, F::none, t.start);
                    self.date(F::date)?;
                    self.close();
                }
                Some("refuted_by") => {
                    let t = self.take()?;
                    self.open(K::refuted, F::none, t.start);
                    (self.names(F::statement)? > 0).then_some(())?;
                    self.close();
                }
                Some("note") => self.string_property(K::note)?,
                Some(_) => return None,
                None => break,
            }
        }
        while self.peek()?.t == T::Open {
            self.citation()?;
        }
        self.close();
        Some(())
    }

    fn value(&mut self) -> Option<()> {
        let t = self.peek()?;
        match t.t {
            T::Str => self.string(F::value),
            T::FullDate => self.date(F::value),
            T::Ident if self.is_name(t) => self.name_as(F::value, self.kind(K::entity_ref)),
            T::Ident => match self.peek_keyword() {
                Some("about" | "over" | "under") => self.quantity(),
                _ => None,
            },
            T::Grouped => self.quantity(),
            T::Int => {
                // A number with a unit (or a range) is a quantity; alone, a year.
                let mut ahead = Lexer {
                    text: self.lex.text,
                    at: t.end,
                    peeked: None,
                };
                let next = ahead.scan()?;
                if next.t == T::DotDot || self.is_name(next) {
                    self.quantity()
                } else {
                    self.date(F::value)
                }
            }
            _ => None,
        }
    }

    fn quantity(&mut self) -> Option<()> {
        let start = self.peek()?.start;
        self.open(K::quantity, F::value, start);
        if self.peek()?.t == T::Ident {
            self.word_node(K::approximate, F::approximate)?;
        }
        self.number(F::amount)?;
        if self.peek()?.t == T::DotDot {
            self.take()?;
            self.number(F::upper)?;
        }
        if matches!(
            self.peek_keyword(),
            Some("thousand" | "million" | "billion" | "trillion")
        ) {
            self.word_node(K::scale, F::scale)?;
        }
        self.name(F::unit)?;
        self.close();
        Some(())
    }

    fn number(&mut self, field: F) -> Option<()> {
        let t = self.take()?;
        matches!(t.t, T::Int | T::Grouped).then_some(())?;
        self.b
            .leaf(self.kind(K::number), self.field(field), t.start, t.end);
        Some(())
    }

    fn citation(&mut self) -> Option<()> {
        let t = self.take()?;
        self.open(K::citation, F::citation, t.start);
        self.name(F::source)?;
        if self.peek()?.t == T::Str {
            self.string(F::quote)?;
        }
        if self.peek_keyword() == Some("at") {
            self.take()?;
            self.string(F::locator)?;
        }
        (self.take()?.t == T::Close).then_some(())?;
        self.close();
        Some(())
    }
}
