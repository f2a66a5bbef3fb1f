//! Checks a whole note: its date, topic and directives, then each block's claims and verdicts.
//!
//! The unit of work is a [`Unit`]: one block's text, or a text synthesized
//! from a lead-in and a list item, or from a table's header and one row.
//! Units depend only on their text and a [`Context`] (date, topic), which is
//! what lets the language server cache them.

use crate::claims::{self, Claim, Phrases};
use crate::date::PartialDate;
use crate::facts::FactBase;
use crate::facts::model::EntityId;
use crate::markdown::{self, Block, BlockKind, Note};
use crate::mentions::{self, Mention};
use crate::verdict::{self, Judgement, Verdict};
use jiff::civil::Date;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub mod cite;
mod findings;
mod note;
pub use findings::{Finding, FindingBody, Findings, NoteFix};
pub use note::NoteState;

/// A fact base with its compiled name automaton and phrasings.
pub struct Engine {
    /// The fact base judged against.
    pub base: FactBase,
    mentions: mentions::Matcher,
    phrases: Phrases,
}

impl Engine {
    /// Compiles `base`'s names and phrasings, once per base.
    pub fn new(base: FactBase) -> Engine {
        Engine {
            mentions: mentions::Matcher::new(&base),
            phrases: Phrases::new(&base),
            base,
        }
    }

    /// The entity names in `text`.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.mentions.find(text)
    }
}

/// Settings from the command line or `factline.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The date to check against when the note's front matter gives none.
    pub as_of: Option<Date>,
    /// "Today", for notes with no date at all (defaults to the system date).
    pub today: Option<Date>,
    /// Relation ids whose claims are not judged.
    pub ignore_relations: Vec<String>,
    /// Entity ids whose claims are not judged.
    pub ignore_entities: Vec<String>,
}

impl From<&crate::config::Config> for Settings {
    /// What a check takes from a configuration: its date and what to ignore.
    fn from(config: &crate::config::Config) -> Settings {
        Settings {
            as_of: config.as_of,
            today: None,
            ignore_relations: config.ignore_relations.clone(),
            ignore_entities: config.ignore_entities.clone(),
        }
    }
}

/// Where the note's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AsOfOrigin {
    /// The note's front matter (`as_of` or `date`).
    FrontMatter,
    /// The settings (`--as-of`, `factline.toml`, the editor).
    Settings,
    /// Nothing said: today.
    Today,
}

/// A problem with the note itself (a bad date in its front matter or a directive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteError {
    /// Byte offset in the note.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// What a check found in a note.
#[derive(Clone, Debug)]
pub struct Report {
    /// The date the note was checked at.
    pub as_of: Date,
    /// Where that date came from.
    pub as_of_origin: AsOfOrigin,
    /// What the note is about (front matter `topic`, its title, or its most-named entity).
    pub topic: Option<EntityId>,
    /// Every judged claim except the unknown ones, in note order.
    pub findings: Findings,
    /// Problems with the note itself (a bad date, a bad directive).
    pub errors: Vec<NoteError>,
}

/// What a unit's verdicts depend on besides its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnitContext {
    /// The date claims are judged at.
    pub as_of: Date,
    /// The entity a topic noun ("the alliance") and a missing subject refer to.
    pub topic: Option<EntityId>,
    /// A second entity the title names, if any.
    pub also: Option<EntityId>,
    /// The unit was put together (a lead-in with its item, a header with its row).
    pub synthetic: bool,
}

/// Where a stretch of a unit's text came from.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// Its start in the unit's text, and its length.
    at: usize,
    len: usize,
    /// The block it was taken from; `None` for glue the unit added (". ", "is").
    block: Option<usize>,
    /// Where it starts in that block's text.
    offset: usize,
}

/// A piece of checkable text and where its parts came from.
#[derive(Clone, Debug)]
pub struct Unit {
    /// Shared with the block for a plain unit; built for a synthesized one.
    pub text: Arc<str>,
    pieces: Vec<Piece>,
    /// The block findings are reported on.
    pub main: usize,
}

impl Unit {
    fn single(block: usize, text: &Arc<str>) -> Unit {
        Unit {
            text: text.clone(),
            pieces: vec![Piece {
                at: 0,
                len: text.len(),
                block: Some(block),
                offset: 0,
            }],
            main: block,
        }
    }

    /// A unit to build piece by piece with [`Unit::push`].
    fn synthetic(main: usize) -> Unit {
        Unit {
            text: Arc::from(""),
            pieces: Vec::new(),
            main,
        }
    }

    fn push(&mut self, text: &str, block: Option<usize>) {
        self.push_at(text, block, 0);
    }

    fn push_at(&mut self, text: &str, block: Option<usize>, offset: usize) {
        self.pieces.push(Piece {
            at: self.text.len(),
            len: text.len(),
            block,
            offset,
        });
        let mut joined = String::with_capacity(self.text.len() + text.len());
        joined.push_str(&self.text);
        joined.push_str(text);
        self.text = joined.into();
    }

    /// Maps a range of `text` into the note, if it lies inside one block's piece
    /// (clipped to the main block's piece when it spans several).
    fn map(&self, range: &Range<usize>, blocks: &[Block], clip: bool) -> Option<Range<usize>> {
        let overlapping = self.pieces.iter().filter(|p| {
            p.block.is_some() && p.at < range.end.max(range.start + 1) && range.start < p.at + p.len
        });
        let candidates: Vec<&Piece> = overlapping.collect();
        let &&Piece {
            at,
            len,
            block,
            offset,
        } = candidates
            .iter()
            .find(|p| p.block == Some(self.main))
            .or(candidates.first())?;
        let inside = range.start >= at && range.end <= at + len;
        if !inside && !clip {
            return None;
        }
        let start = range.start.clamp(at, at + len) - at + offset;
        let end = range.end.clamp(at, at + len) - at + offset;
        Some(blocks[block?].source_range(start..end))
    }
}

/// A block's mentions: names found by the automaton, and wiki links (`[[id|shown]]`),
/// which name their entity whatever the shown text says.
fn with_wiki_links(engine: &Engine, block: &Block) -> Vec<Mention> {
    let mut found = engine.mentions(&block.text);
    for a in block.annotations.iter() {
        let markdown::Annotation::Wiki { target, shown, .. } = a else {
            continue;
        };
        let base = &engine.base;
        let entity = base
            .entity(target)
            .or_else(|| match base.entities_named(target) {
                [one] => Some(*one),
                _ => None,
            });
        let Some(entity) = entity else { continue };
        found.retain(|m| m.range.end <= shown.start || m.range.start >= shown.end);
        found.push(Mention {
            range: shown.clone(),
            entities: vec![entity],
            topic: false,
            possessive: false,
        });
    }
    found.sort_by_key(|m| m.range.start);
    found
}

/// A unit's judged claims, shared between checks.
pub(crate) type Judged = Arc<Vec<(Claim, Judgement)>>;

/// Checks `text` (a whole note) with `engine`'s base.
///
/// ```
/// use factline_core::check::{Engine, Settings, check};
/// use factline_core::facts::{LoadOptions, load_embedded};
///
/// let engine = Engine::new(load_embedded(&LoadOptions::default()).base);
/// let note = "---\nas_of: 2026-06-01\n---\nUzbekistan is a member of the CSTO.\n";
/// let report = check(&engine, note, &Settings::default());
/// let found: Vec<&str> = report.findings.iter().map(|f| f.verdict.code()).collect();
/// assert_eq!(found, ["outdated"]);
/// assert!(report.findings.iter().next().unwrap().message.contains("2012-12-19"));
/// ```
pub fn check(engine: &Engine, text: &str, settings: &Settings) -> Report {
    let mut note = NoteState::once(text);
    let report = note.check(engine, settings);
    // Freeing a long note's chunks takes milliseconds nobody needs to wait for.
    rayon::spawn(move || drop(note));
    report
}

/// Claims and verdicts of one unit's text, in its coordinates (unknowns dropped).
pub fn judge_unit(
    engine: &Engine,
    text: &str,
    mentions: &[Mention],
    cx: UnitContext,
    settings: &Settings,
) -> Vec<(Claim, Judgement)> {
    let claim_cx = claims::Context {
        topic: cx.topic,
        also: cx.also,
        synthetic: cx.synthetic,
        as_of: Some(crate::date::PartialDate::from_date(cx.as_of)),
    };
    claims::extract(&engine.base, &engine.phrases, text, mentions, claim_cx)
        .into_iter()
        .filter(|claim| !ignored(engine, claim, settings))
        .map(|claim| {
            let mut j = verdict::judge(&engine.base, &claim, text, cx.as_of);
            j.fixes
                .retain(|f| fix_holds(engine, text, (&claim, f), claim_cx, cx.as_of));
            (claim, j)
        })
        .filter(|(_, j)| j.verdict != Verdict::Unknown)
        .collect()
}

/// Whether `fix` writes a true sentence: applied to `text`, the claims found where the
/// claim and the fix were are neither contradicted nor outdated, and no year it writes
/// comes after the note's date.
fn fix_holds(
    engine: &Engine,
    text: &str,
    (claim, fix): (&Claim, &verdict::Fix),
    claim_cx: claims::Context,
    as_of: Date,
) -> bool {
    let future_year = fix
        .new_text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i16>().ok())
        .any(|year| year > as_of.year());
    if future_year {
        return false;
    }
    // Only the sentence, and the one before it (for "it" and "the latter"), is read again.
    let (lo, hi) = (
        claim.range.start.min(fix.range.start),
        claim.range.end.max(fix.range.end),
    );
    let end = match crate::check::cite::sentence_end(text, hi) {
        (stop, true) => stop + 1,
        (end, false) => end,
    };
    let window = sentence_start(text, sentence_start(text, lo).saturating_sub(1))..end;
    let mut fixed = String::with_capacity(window.len() + fix.new_text.len());
    fixed.push_str(&text[window.start..fix.range.start]);
    fixed.push_str(&fix.new_text);
    fixed.push_str(&text[fix.range.end..window.end]);
    let shift = |at: usize| {
        let at = at - window.start;
        let (start, end) = (fix.range.start - window.start, fix.range.end - window.start);
        if at >= end {
            (at + fix.new_text.len()).saturating_sub(fix.range.len())
        } else {
            at.min(start + fix.new_text.len())
        }
    };
    let region = shift(lo)..shift(hi).max(shift(fix.range.start) + fix.new_text.len());
    // The fixed sentence, from the claim's start: a claim there about the same thing ("six
    // members, including Uzbekistan") must hold too.
    let sentence = region.start..crate::check::cite::sentence_end(&fixed, region.end).0;
    let ends = |c: &Claim| [c.subject, c.value.entity()];
    let related = |c: &Claim| {
        let inside = sentence.start <= c.range.start && c.range.end <= sentence.end;
        inside
            && ends(c)
                .iter()
                .flatten()
                .any(|e| ends(claim).contains(&Some(*e)))
    };
    let mentions = engine.mentions(&fixed);
    claims::extract(&engine.base, &engine.phrases, &fixed, &mentions, claim_cx)
        .iter()
        .filter(|c| (c.range.start < region.end && region.start < c.range.end) || related(c))
        .all(|c| {
            let v = verdict::judge(&engine.base, c, &fixed, as_of).verdict;
            !matches!(v, Verdict::Contradicted | Verdict::Outdated)
        })
}

/// A judged claim placed in the note; `None` if it cannot be mapped.
fn place(
    unit: &Unit,
    blocks: &[Block],
    claim: &Claim,
    j: &Judgement,
    cx: UnitContext,
) -> Option<Finding> {
    let range = unit.map(&claim.range, blocks, true)?;
    let fixes = j
        .fixes
        .iter()
        .filter_map(|f| {
            Some(NoteFix {
                title: f.title.clone(),
                range: unit.map(&f.range, blocks, false)?,
                new_text: f.new_text.clone(),
            })
        })
        .collect();
    let body = FindingBody {
        claim: Some(Arc::new(claim.clone())),
        evidence: j.evidence.clone(),
        ..FindingBody::new(j.message.clone(), cx.as_of)
    };
    Some(Finding::new(range, j.verdict, body, fixes))
}

/// Where the sentence holding byte `at` starts: after the last stop and space before it.
fn sentence_start(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    (1..at.min(bytes.len()))
        .rev()
        .find(|&i| {
            matches!(bytes[i - 1], b'.' | b'!' | b'?' | b'\n') && bytes[i].is_ascii_whitespace()
        })
        .map_or(0, |i| i + 1)
}

fn ignored(engine: &Engine, claim: &Claim, settings: &Settings) -> bool {
    let base = &engine.base;
    let relation = &base.relation_of(claim.relation).id;
    let entities = claim.subject.into_iter().chain(claim.value.entity());
    settings.ignore_relations.iter().any(|r| **r == **relation)
        || entities.into_iter().any(|e| {
            settings
                .ignore_entities
                .iter()
                .any(|i| **i == *base.entity_of(e).id)
        })
}

/// The note's date: front matter `as_of`, else `date`, else settings, else today.
/// `note` and `text` are the note's first chunk, which holds the front matter.
fn note_date(
    note: &Note,
    text: &str,
    settings: &Settings,
    errors: &mut Vec<NoteError>,
) -> (Date, AsOfOrigin) {
    for key in ["as_of", "as-of", "date"] {
        let Some(value) = note.front(key) else {
            continue;
        };
        // Front matter dates may carry a time ("2022-05-18T10:00"): the day is enough.
        let day = value.split(['T', ' ']).next().unwrap_or(value);
        match PartialDate::parse(day) {
            Ok(d) => return (d.latest(), AsOfOrigin::FrontMatter),
            Err(e) => errors.push(NoteError {
                offset: text.find(value).unwrap_or(0),
                message: format!("front matter `{key}`: {e}"),
            }),
        }
    }
    if let Some(d) = settings.as_of {
        return (d, AsOfOrigin::Settings);
    }
    let today = settings.today.unwrap_or_else(|| jiff::Zoned::now().date());
    (today, AsOfOrigin::Today)
}

/// The topic: front matter `topic`, else what the title or first heading
/// names, else the most-mentioned entity that has topic nouns (`counts`); and another
/// entity the title names, if any.
fn topic(
    engine: &Engine,
    front: &Note,
    heading: Option<&[Mention]>,
    counts: impl FnOnce() -> HashMap<EntityId, usize>,
) -> (Option<EntityId>, Option<EntityId>) {
    let base = &engine.base;
    if let Some(t) = front.front("topic") {
        let named = base
            .entity(t)
            .or_else(|| base.entities_named(t).first().copied());
        return (named, None);
    }
    let title_mentions = match front.front("title") {
        Some(title) => engine.mentions(title),
        None => heading.map(<[Mention]>::to_vec).unwrap_or_default(),
    };
    // "Armenia and the CSTO": of the names in the title, the one topic nouns ("the bloc")
    // can mean, else the first.
    let single = || {
        title_mentions
            .iter()
            .filter(|m| !m.topic && m.entities.len() == 1)
            .map(|m| m.entities[0])
    };
    let named = single()
        .find(|&e| !base.entity_of(e).topics.is_empty())
        .or_else(|| single().next());
    if named.is_some() {
        return (named, single().find(|&e| Some(e) != named));
    }
    let counted = counts()
        .into_iter()
        .max_by_key(|&(e, n)| (n, std::cmp::Reverse(e)))
        .map(|(e, _)| e);
    (counted, None)
}

/// Mentions that count towards the topic: one entity, with topic nouns.
fn topic_counts(engine: &Engine, mentions: &[Arc<[Mention]>]) -> Vec<(EntityId, usize)> {
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    for m in mentions
        .iter()
        .flat_map(|m| m.iter())
        .filter(|m| !m.topic && m.entities.len() == 1)
    {
        if !engine.base.entity_of(m.entities[0]).topics.is_empty() {
            *counts.entry(m.entities[0]).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// Directive scopes: `as-of` for the rest of a section, `ignore` for the next
/// block, `disable`/`enable` regions.
struct Scopes {
    /// (from offset, until offset, date)
    dates: Vec<(usize, usize, Date)>,
    silenced: Vec<Range<usize>>,
    default: Date,
}

impl Scopes {
    fn new(note: &Note, len: usize, default: Date, errors: &mut Vec<NoteError>) -> Scopes {
        let mut s = Scopes {
            dates: Vec::new(),
            silenced: Vec::new(),
            default,
        };
        let mut disabled_from = None;
        for d in &note.directives {
            let mut words = d.text.split_whitespace();
            match (words.next(), words.next()) {
                (Some("as-of" | "as_of"), Some(date)) => match PartialDate::parse(date) {
                    Ok(date) => {
                        let end = section_end(note, d.offset);
                        s.dates.push((d.offset, end, date.latest()));
                    }
                    Err(e) => errors.push(NoteError {
                        offset: d.offset,
                        message: format!("directive `as-of`: {e}"),
                    }),
                },
                (Some("ignore"), None) => {
                    if let Some(b) = note.blocks.iter().find(|b| b.range.start > d.offset) {
                        s.silenced.push(b.range.clone());
                    }
                }
                (Some("disable"), None) => {
                    disabled_from.get_or_insert(d.offset);
                }
                (Some("enable"), None) => {
                    if let Some(from) = disabled_from.take() {
                        s.silenced.push(from..d.offset);
                    }
                }
                _ => errors.push(NoteError {
                    offset: d.offset,
                    message: format!(
                        "unknown directive `{}`: expected `as-of YYYY-MM-DD`, `ignore`, `disable` or `enable`",
                        d.text
                    ),
                }),
            }
        }
        if let Some(from) = disabled_from {
            s.silenced.push(from..len);
        }
        s
    }

    /// The date a block starting at `at` is checked at, or `None` when it is silenced.
    fn date_at(&self, at: usize) -> Option<Date> {
        if self.silenced.iter().any(|r| r.contains(&at)) {
            return None;
        }
        let date = self
            .dates
            .iter()
            .filter(|(from, until, _)| *from <= at && at < *until)
            .max_by_key(|(from, ..)| *from)
            .map(|(.., d)| *d);
        Some(date.unwrap_or(self.default))
    }
}

/// Where the section holding `offset` ends: the next heading of the same or
/// a higher level. A directive just above a heading belongs to that heading's section.
fn section_end(note: &Note, offset: usize) -> usize {
    let heading = |b: &Block| match b.kind {
        BlockKind::Heading(l) => Some(l),
        _ => None,
    };
    let next = note.blocks.iter().find(|b| b.range.start > offset);
    let level = next.and_then(heading).or_else(|| {
        note.blocks
            .iter()
            .filter(|b| b.range.start < offset)
            .filter_map(heading)
            .next_back()
    });
    let from = match next {
        Some(b) if heading(b).is_some() => b.range.end,
        _ => offset,
    };
    note.blocks
        .iter()
        .filter(|b| b.range.start >= from)
        .find(|b| matches!((heading(b), level), (Some(l), Some(cur)) if l <= cur))
        .map_or(usize::MAX, |b| b.range.start)
}

/// Splits a note into units: plain blocks, lead-in + list item, header + table row.
pub fn units(note: &Note) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut lead: Option<usize> = None;
    let mut i = 0;
    while i < note.blocks.len() {
        let block = &note.blocks[i];
        match &block.kind {
            BlockKind::TableCell { table, row, .. } => {
                let row_cells: Vec<usize> = (i..note.blocks.len())
                    .take_while(|&j| matches!(&note.blocks[j].kind, BlockKind::TableCell { table: t, row: r, .. } if t == table && r == row))
                    .collect();
                out.extend(
                    row_cells
                        .iter()
                        .map(|&j| Unit::single(j, &note.blocks[j].text)),
                );
                if *row > 0 {
                    out.extend(table_row(note, &row_cells));
                }
                i += row_cells.len();
                continue;
            }
            BlockKind::ListItem => {
                out.push(Unit::single(i, &block.text));
                out.extend(key_value_unit(i, &block.text));
                if let Some(l) = lead {
                    out.push(lead_in_unit(note, l, i));
                }
            }
            BlockKind::Heading(_) => {
                out.push(Unit::single(i, &block.text));
                lead = Some(i);
            }
            BlockKind::Paragraph => {
                out.push(Unit::single(i, &block.text));
                lead = block.text.trim_end().ends_with(':').then_some(i);
            }
        }
        i += 1;
    }
    out
}

fn lead_in_unit(note: &Note, lead: usize, item: usize) -> Unit {
    let lead_text = note.blocks[lead].text.trim_end();
    let mut unit = Unit::synthetic(item);
    // Only the lead-in's last sentence introduces the list.
    let start = lead_text
        .trim_end_matches(':')
        .rfind(['.', '!', '?'])
        .map_or(0, |p| p + 1);
    let sentence = &lead_text[start..];
    unit.push_at(sentence, Some(lead), start);
    if !sentence.ends_with(':') {
        unit.push(":", None);
    }
    unit.push(" ", None);
    unit.push(&note.blocks[item].text, Some(item));
    unit
}

/// A list item written "Key: Value" ("- Secretary-General: X", "- Members: 7"), read as an
/// infobox entry about the note's topic: the colon is the copula, a missing first name the
/// topic.
fn key_value_unit(block: usize, text: &Arc<str>) -> Option<Unit> {
    let colon = text.find(':')?;
    let (key, value) = (&text[..colon], text[colon + 1..].trim());
    // A fact box's key is a few words and its value a short phrase; "Origins (1992):
    // Following the dissolution of …" is a sentence with a heading, read as it is.
    let short = key.split_whitespace().count() <= 6 && !key.contains(['.', '!', '?']);
    let brief = value.split_whitespace().count() <= 12;
    if !short || !brief || key.trim().is_empty() || value.is_empty() {
        return None;
    }
    let mut unit = Unit::synthetic(block);
    unit.push(key, Some(block));
    unit.push_at(&text[colon..], Some(block), colon);
    Some(unit)
}

/// A table row read with its header. The first cell is the row's subject, each other
/// cell a statement about it under its column's header: "Uzbekistan | yes" under
/// "State | CSTO member" reads "Uzbekistan is CSTO member"; "Zas | Belarus" under
/// "Secretary-General | Country" reads "Zas country: Belarus"; "Zas | 2020 | 2022" reads
/// "Zas is Secretary-General (2020 – 2022)". A first cell that is a year ("2014 | 7")
/// dates the row instead, whose cells are then about the note's topic ("Members: 7").
fn table_row(note: &Note, cells: &[usize]) -> Vec<Unit> {
    let Some((&first, rest)) = cells.split_first() else {
        return Vec::new();
    };
    let header = |j: usize| match &note.blocks[j].kind {
        BlockKind::TableCell { header, .. } => header.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let text = |j: usize| note.blocks[j].text.trim_end();
    let mut out = Vec::new();
    if is_time_cell(text(first)) {
        for &j in rest.iter().filter(|&&j| !text(j).trim().is_empty()) {
            let mut unit = Unit::synthetic(j);
            unit.push(&format!("{}: ", header(j)), None);
            unit.push(text(j), Some(j));
            unit.push(" (", None);
            unit.push(text(first), Some(first));
            unit.push(")", None);
            out.push(unit);
        }
        return out;
    }
    let times: Vec<usize> = rest
        .iter()
        .copied()
        .filter(|&j| is_time_cell(text(j)))
        .collect();
    // A two-column table is often a fact box: "| Headquarters | Moscow |" about the topic.
    if let [value] = rest {
        let mut unit = Unit::synthetic(*value);
        unit.push(text(first), Some(first));
        unit.push(": ", None);
        unit.push(text(*value), Some(*value));
        out.push(unit);
    }
    // A status cell ("former member", "suspended") says what the row's subject is; the
    // first column's header ("Member") then only names the column.
    let status = rest.iter().any(|&j| {
        let cell = text(j).trim();
        !times.contains(&j)
            && !cell.chars().any(char::is_uppercase)
            && describes(cell)
            && !matches!(
                cell,
                "yes" | "no" | "x" | "true" | "false" | "never" | "member"
            )
    });
    let mut unit = Unit::synthetic(first);
    unit.push(text(first), Some(first));
    unit.push(&format!(" is {}", header(first)), None);
    match times[..] {
        // "took office | left office": one term.
        [from, to] => {
            unit.push(" (", None);
            unit.push(text(from), Some(from));
            unit.push(" – ", None);
            unit.push(text(to), Some(to));
            unit.push(")", None);
        }
        _ => {
            for &t in &times {
                unit.push(" (", None);
                unit.push(text(t), Some(t));
                unit.push(")", None);
            }
        }
    }
    if !status {
        out.push(unit);
    }
    // "<subject><glue><cell>": one statement about the row's subject.
    let about = |glue: &str, j: usize| {
        let mut unit = Unit::synthetic(first);
        unit.push(text(first), Some(first));
        unit.push(glue, None);
        unit.push(text(j), Some(j));
        unit
    };
    for &j in rest {
        let cell = text(j).trim().to_lowercase();
        // A header that is a verb phrase ("Sent troops") is said, not described.
        let verb = header(j)
            .split_whitespace()
            .next()
            .is_some_and(|w| crate::claims::words::is_past_verb(&w.to_lowercase()));
        let be = match cell.as_str() {
            "yes" | "✓" | "✔" | "true" | "x" | "member" if verb => " ",
            "no" | "✗" | "✘" | "false" | "—" | "-" | "never" if verb => " did not ",
            "yes" | "✓" | "✔" | "true" | "x" | "member" => " is ",
            "no" | "✗" | "✘" | "false" | "—" | "-" | "never" => " is not ",
            _ if times.contains(&j) => {
                // "since 1992" under "Party to the treaty": "X is party to the treaty since
                // 1992"; "2005" under "Created": "X created: 2005"; a bare year under a verb
                // ("Joined"): "X joined in 2023".
                out.push(about(&format!(" is {} ", header(j)), j));
                out.push(about(&format!(" {}: ", header(j)), j));
                if text(j).trim().starts_with(|c: char| c.is_ascii_digit()) {
                    out.push(about(&format!(" {} in ", header(j).to_lowercase()), j));
                }
                continue;
            }
            _ => {
                out.push(about(&format!(" {}: ", header(j)), j));
                // A status cell ("former member", "observer"): "X is former member".
                if describes(&cell) {
                    out.push(about(" is ", j));
                }
                continue;
            }
        };
        let mut unit = Unit::synthetic(first);
        unit.push(text(first), Some(first));
        unit.push(&format!("{be}{}", header(j)), None);
        out.push(unit);
    }
    out
}

/// A cell that reads as a predicate: a few lowercase words, no figures.
fn describes(cell: &str) -> bool {
    let words = cell.split_whitespace().count();
    (1..=6).contains(&words) && !cell.contains(|c: char| c.is_ascii_digit())
}

/// A year, a date or a span of them, possibly after "since", "from", "until".
fn is_time_cell(text: &str) -> bool {
    let t = text.trim();
    let t = ["since ", "from ", "until ", "in "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || " -–—/,".contains(c))
        && t.chars().filter(char::is_ascii_digit).count() >= 4
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{LoadOptions, load_embedded};

    fn codes(text: &str, settings: &Settings) -> Vec<(&'static str, usize)> {
        let engine = Engine::new(load_embedded(&LoadOptions::default()).base);
        let lines = crate::text::LineIndex::new(text);
        check(&engine, text, settings)
            .findings
            .iter()
            .filter(|f| f.claim.is_some() && f.verdict != Verdict::Uncited)
            .map(|f| (f.verdict.code(), lines.line_of(f.range.start) + 1))
            .collect()
    }

    /// A table row read two ways (held from 2015 to 2022; took office in 2015) that one
    /// wrong start contradicts twice is one finding, with the start's fix.
    #[test]
    fn one_claim_read_two_ways_is_one_finding_with_both_fixes() {
        let engine = Engine::new(load_embedded(&LoadOptions::default()).base);
        let text = "---\nas_of: 2024-06-01\ntopic: csto\n---\n\
| Secretary General | Took office | Left office |\n|---|---|---|\n\
| Stanislav Zas | 2015 | 2022 |\n| Yuri Khachaturov | 2017 | 2018 |\n";
        let report = check(&engine, text, &Settings::default());
        let lines = crate::text::LineIndex::new(text);
        let found: Vec<(usize, &str, Vec<String>)> = report
            .findings
            .iter()
            .filter(|f| f.verdict != Verdict::Uncited)
            .map(|f| {
                let fixes = f.fixes().map(|x| x.new_text.to_string()).collect();
                (lines.line_of(f.range.start) + 1, f.verdict.code(), fixes)
            })
            .collect();
        assert_eq!(
            found,
            [
                (7, "contradicted", vec!["2020".to_string()]),
                (8, "supported", vec![]),
            ],
            "{:#?}",
            report
                .findings
                .iter()
                .map(|f| f.message.to_string())
                .collect::<Vec<_>>()
        );
    }

    /// Each fix is applied and its sentence judged again: one that would write another
    /// false claim (a holder of another nationality, a year that breaks a list's other
    /// names) is not offered, while a true one is.
    #[test]
    fn only_fixes_that_write_a_true_sentence_are_offered() {
        let engine = Engine::new(load_embedded(&LoadOptions::default()).base);
        let text = "---\nas_of: 2024-06-01\n---\n\
Stanislav Zas, a Belarusian general, is the Secretary General of the CSTO.\n\n\
Stanislav Zas is the Secretary General of the CSTO.\n\n\
Armenia, Belarus and Uzbekistan joined the CSTO in 2006.\n\n\
Uzbekistan joined the CSTO in 2005.\n\n\
The bloc counts seven members, including Uzbekistan.\n\n\
The bloc counts eight members.\n";
        let lines = crate::text::LineIndex::new(text);
        let fixes: Vec<(usize, String)> = check(&engine, text, &Settings::default())
            .findings
            .iter()
            .filter(|f| matches!(f.verdict, Verdict::Contradicted | Verdict::Outdated))
            .flat_map(|f| {
                let line = lines.line_of(f.range.start) + 1;
                f.fixes()
                    .map(|x| (line, x.new_text.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let on = |line: usize| -> Vec<&str> {
            fixes
                .iter()
                .filter(|(l, _)| *l == line)
                .map(|(_, t)| t.as_str())
                .collect()
        };
        assert!(
            !on(4).iter().any(|t| t.contains("Tasmagambetov")),
            "{fixes:?}"
        );
        assert!(
            on(6).iter().any(|t| t.contains("Tasmagambetov")),
            "{fixes:?}"
        );
        assert!(on(8).is_empty(), "{fixes:?}");
        assert_eq!(on(10), ["2006"], "{fixes:?}");
        // "six members, including Uzbekistan" would be false: the names after a count count.
        assert!(on(12).is_empty(), "{fixes:?}");
        assert_eq!(on(14), ["six"], "{fixes:?}");
    }

    #[test]
    fn settings_date_and_ignores() {
        let text =
            "Uzbekistan is a member of the CSTO.\nZas is the Secretary General of the CSTO.\n";
        let at = |d| Settings {
            as_of: Some(d),
            ..Settings::default()
        };
        let in_2010 = at(jiff::civil::date(2010, 6, 1));
        assert_eq!(
            codes(text, &in_2010),
            [("supported", 1), ("contradicted", 2)]
        );
        let mut ignoring = at(jiff::civil::date(2026, 6, 1));
        ignoring.ignore_relations = vec!["secretary_general".into()];
        ignoring.ignore_entities = vec!["uzbekistan".into()];
        assert!(codes(text, &ignoring).is_empty());
    }

    #[test]
    fn directives_scope_the_date_and_silence_blocks() {
        let text = "---\nas_of: 2010-06-01\n---\n# A\n\nUzbekistan is a member of the CSTO.\n\n<!-- factline: as-of 2026-06-01 -->\n## B\n\nUzbekistan is a member of the CSTO.\n\n<!-- factline: ignore -->\nGeorgia is a member of the CSTO.\n\n## C\n\nUzbekistan is a member of the CSTO.\n";
        assert_eq!(
            codes(text, &Settings::default()),
            [("supported", 6), ("outdated", 11), ("supported", 18)]
        );
    }

    /// Fact boxes, tables and timelines, each with a flagged line and its true twin.
    #[test]
    fn fact_boxes_tables_and_timelines_are_read_about_the_topic() {
        let text = "---\nas_of: 2025-06-01\n---\n# The CSTO\n\n## Box\n\n\
- Headquarters: Moscow\n- Headquarters: Minsk\n- Members: 6\n- Members: 7\n\
- Chairmanship: Kazakhstan\n- Chairmanship (2024): Kazakhstan\n\n\
| Year | Members | Secretary-General |\n|---|---|---|\n\
| 2019 | 6 | Valery Semerikov |\n| 2021 | 6 | Stanislav Zas |\n| 2021 | 7 | Stanislav Zas |\n\n\
| State | Joined the treaty |\n|---|---|\n| Belarus | 1993 |\n| Belarus | 1992 |\n\n\
| Fact | Value |\n|---|---|\n| Founded | 2002 |\n| Founded | 1999 |\n\n\
## Timeline\n\n- 2022 – Armenia chairs the bloc.\n- 2024 – Armenia chairs the bloc.\n";
        let flagged: Vec<(&str, usize)> = codes(text, &Settings::default())
            .into_iter()
            .filter(|(code, _)| !matches!(*code, "supported" | "unknown"))
            .collect();
        assert_eq!(
            flagged,
            [
                ("contradicted", 9),
                ("outdated", 11),
                ("outdated", 12),
                ("contradicted", 19),
                ("contradicted", 24),
                ("contradicted", 29),
                ("contradicted", 34),
            ]
        );
    }

    /// A status cell says what the row's subject is; the first column's header ("Member")
    /// then only names the column, so "former member" is not also read as "member".
    #[test]
    fn status_cells_overrule_the_first_columns_header() {
        let text = "---\nas_of: 2025-06-01\n---\n# The CSTO\n\n\
| Member | Status |\n|---|---|\n| Uzbekistan | former member |\n| Armenia | former member |\n";
        let flagged: Vec<(&str, usize)> = codes(text, &Settings::default())
            .into_iter()
            .filter(|(code, _)| !matches!(*code, "supported" | "unknown"))
            .collect();
        assert_eq!(flagged, [("contradicted", 9)]);
    }

    /// A yes/no column under a verb phrase is said with the verb; the value it leaves out
    /// is what the title names, when the topic is not of its kind.
    #[test]
    fn verb_columns_and_title_names_fill_left_out_values() {
        let text = "---\nas_of: 2022-02-01\n---\n# CSTO troops in Kazakhstan\n\n\
| State | Sent troops |\n|---|---|\n| Russia | yes |\n| Kyrgyzstan | no |\n\
| Uzbekistan | yes |\n| Uzbekistan | no |\n";
        assert_eq!(
            codes(text, &Settings::default()),
            [
                ("supported", 8),
                ("contradicted", 9),
                ("contradicted", 10),
                ("supported", 11),
            ]
        );
    }
}
