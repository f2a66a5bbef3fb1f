//! A note kept between checks, so that re-checking after an edit costs what the edit touched.
//!
//! The note is a sequence of chunks ([`markdown::chunk_scan`]). An edit re-chunks only
//! the stretch around it; a check parses the new chunks and re-judges only chunks whose
//! text or context changed, reusing every other chunk's findings at its new offset.
//! What reaches across chunks is part of a chunk's context ([`ChunkKey`]): the note's
//! date and topic, the dates directives give its blocks, and the lead-in its first list
//! items are read with. Citations through footnotes, which may be defined anywhere, are
//! re-read on every check.
//!
//! A report is built from segments: runs of consecutive chunks whose findings were
//! gathered once and are reused while none of those chunks changes ([`Segment`]).
//! Segments end after chunks whose text hashes to a multiple of [`SEGMENT`], so an
//! edit moves at most the boundaries next to it, and a keystroke costs a pointer per
//! segment, not a pointer (and a cache miss) per chunk.

use super::*;
use crate::check::cite::{self, Citations, Key};
use crate::markdown::Directive;

/// A judged unit, by context and text.
type UnitKey = (UnitContext, Arc<str>);

/// A note as chunks, each with its parse and its last findings.
#[derive(Clone, Default)]
pub struct NoteState {
    chunks: Vec<Chunk>,
    /// Where each chunk starts, then the note's length: kept through edits, since
    /// summing the chunks' lengths again walks them all.
    starts: Vec<usize>,
    /// The chunks edits made (or moved to or from the front) since the last parse: the
    /// only ones that may need parsing, found without visiting every chunk.
    touched: Vec<usize>,
    /// The settings the chunks' findings were computed with.
    settings: Option<Settings>,
    /// Judged units of chunks that edits replaced, for the chunks that replace them.
    recycled: FxHashMap<UnitKey, Judged>,
    /// Sums over the parsed chunks, kept as chunks come and go, so that a check
    /// need not visit every chunk to find them.
    tally: Tally,
    /// Checked once and dropped (`check::check`): judged units are not kept for reuse.
    once: bool,
    /// The segments the last report was built from, by their first chunk's result.
    segments: FxHashMap<usize, Segment>,
    /// Chunks per segment, on average ([`SEGMENT`]; tests make it small).
    segment_every: u64,
}

/// Chunks per segment, on average.
const SEGMENT: u64 = 64;

/// The findings of consecutive chunks, each judged on its own (no footnotes).
#[derive(Clone)]
struct Segment {
    /// The chunks' results it was gathered from, in order (quiet ones too: their
    /// lengths place the others). Held, so that no other result takes their address.
    members: Vec<Arc<ChunkResult>>,
    /// Where its first chunk started when it was gathered.
    at: usize,
    findings: Arc<[Finding]>,
}

#[derive(Clone, Default)]
struct Tally {
    /// Topic candidates' mentions.
    counts: FxHashMap<EntityId, isize>,
    /// Parsed chunks with a heading, with a directive.
    headings: isize,
    directives: isize,
}

impl Tally {
    fn add(&mut self, p: &Parsed, sign: isize) {
        for &(e, n) in &p.topic_counts {
            *self.counts.entry(e).or_default() += sign * n as isize;
        }
        self.headings += sign * isize::from(p.first_heading.is_some());
        self.directives += sign * isize::from(!p.note.directives.is_empty());
    }
}

#[derive(Clone)]
struct Chunk {
    text: Arc<str>,
    parsed: Option<Arc<Parsed>>,
    result: Option<Arc<ChunkResult>>,
    // Copies of what every check reads of every chunk, kept inline: following a pointer
    // per chunk (a cache miss each) is what a check of a long note would spend its time on.
    /// `parsed.first`.
    first: bool,
    /// `parsed.lead_out`.
    lead_out: Option<Option<usize>>,
    /// The context `result` was judged in.
    key: Option<ChunkKey>,
    /// `result` has no findings at all.
    quiet: bool,
    /// `result` is its own (`ChunkResult::own`).
    alone: bool,
    /// Its text's hash: a segment ends after it when a multiple of `segment_every`.
    hash: u64,
}

/// A chunk's parse (blocks in chunk coordinates) and what note-level passes need of it.
struct Parsed {
    note: Note,
    /// Parsed as the note's first chunk (front matter allowed).
    first: bool,
    mentions: Vec<Arc<[Mention]>>,
    cites: Citations,
    first_heading: Option<usize>,
    topic_counts: Vec<(EntityId, usize)>,
    /// The block later list items are read with, when this chunk decides it
    /// (`Some(None)`: it ends any lead-in); `None` passes the previous one on.
    lead_out: Option<Option<usize>>,
}

/// What a chunk's findings depend on besides its text.
#[derive(Clone, PartialEq)]
struct ChunkKey {
    as_of: Date,
    topic: Option<EntityId>,
    also: Option<EntityId>,
    /// Per block, when the note has directives: its date (`None`: silenced).
    dates: Option<Vec<Option<Date>>>,
    lead: Option<Lead>,
}

/// The block, in an earlier chunk, that this chunk's first list items are read with.
#[derive(Clone)]
struct Lead {
    parsed: Arc<Parsed>,
    block: usize,
    /// From the lead block's start to this chunk's start.
    distance: usize,
}

impl PartialEq for Lead {
    fn eq(&self, other: &Lead) -> bool {
        Arc::ptr_eq(&self.parsed, &other.parsed)
            && self.block == other.block
            && self.distance == other.distance
    }
}

/// A chunk's findings, in note coordinates of when the chunk started at `at`.
struct ChunkResult {
    at: usize,
    /// All of them in note order, citations read, when they depend on this chunk alone
    /// (no footnote mark, no claim placed outside it).
    own: Option<Vec<Finding>>,
    /// Otherwise: the claim findings, without their citations (read on every check,
    /// with the note's footnotes)...
    claims: Vec<Finding>,
    /// ...and the `unknown-source` findings for the keys written in the chunk.
    unknown: Vec<Finding>,
    units: FxHashMap<UnitKey, Judged>,
}

impl Chunk {
    fn new(text: &str) -> Chunk {
        Chunk {
            hash: std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, text),
            alone: false,
            text: text.into(),
            parsed: None,
            result: None,
            first: false,
            lead_out: None,
            key: None,
            quiet: false,
        }
    }

    fn forget_result(&mut self) {
        self.result = None;
        self.key = None;
    }

    fn parsed(&self) -> &Arc<Parsed> {
        self.parsed
            .as_ref()
            .expect("chunks are parsed before they are judged")
    }
}

impl NoteState {
    /// A note split into chunks, nothing judged yet.
    pub fn new(text: &str) -> NoteState {
        let (ranges, _) = markdown::chunk_scan(text, true);
        let chunks: Vec<Chunk> = ranges.into_iter().map(|r| Chunk::new(&text[r])).collect();
        NoteState {
            starts: starts_of(0, &chunks),
            touched: (0..chunks.len()).collect(),
            chunks,
            segment_every: SEGMENT,
            ..NoteState::default()
        }
    }

    /// A note to check once: nothing is kept for later edits.
    pub fn once(text: &str) -> NoteState {
        NoteState {
            once: true,
            ..NoteState::new(text)
        }
    }

    /// This note with segments of `every` chunks on average instead of [`SEGMENT`]: small
    /// values give small notes segments, and their reuse, to test.
    #[doc(hidden)]
    pub fn with_segments_of(self, every: u64) -> NoteState {
        NoteState {
            segment_every: every,
            ..self
        }
    }

    /// The note's length in bytes.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Whether the note has no text.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// The note's text (linear: for tests and tools, not for every keystroke).
    pub fn text(&self) -> String {
        self.chunks.iter().map(|c| &*c.text).collect()
    }

    /// The chunks' texts, in order (for tests and tools).
    pub fn chunks(&self) -> impl Iterator<Item = &str> {
        self.chunks.iter().map(|c| &*c.text)
    }

    /// Forgets every parse and finding: the engine changed.
    pub fn reset(&mut self) {
        for c in &mut self.chunks {
            c.parsed = None;
            c.forget_result();
        }
        self.recycled.clear();
        self.segments.clear();
        self.touched = (0..self.chunks.len()).collect();
        self.tally = Tally::default();
    }

    /// Where each chunk starts.
    fn starts(&self) -> &[usize] {
        &self.starts[..self.chunks.len()]
    }

    /// Replaces the bytes in `range` (clamped to the note, on char boundaries) by `new`.
    pub fn edit(&mut self, range: Range<usize>, new: &str) {
        if self.chunks.is_empty() {
            *self = NoteState {
                settings: self.settings.take(),
                once: self.once,
                segment_every: self.segment_every,
                ..NoteState::new(new)
            };
            return;
        }
        let len = self.len();
        let (start, end) = (
            range.start.min(len),
            range.end.min(len).max(range.start.min(len)),
        );
        let (from, to, text, ranges) = self.rechunk(start..end, new);
        let fresh: Vec<Chunk> = ranges
            .into_iter()
            .map(|r| self.reuse(&self.chunks[from..=to], &text[r]))
            .collect();
        for p in fresh.iter().filter_map(|c| c.parsed.as_ref()) {
            self.tally.add(p, 1);
        }
        // In place: as many chunks in as out (a keystroke, mostly) moves none of the
        // thousands after them; their starts move by the edit's change in length.
        let region = starts_of(self.starts[from], &fresh);
        let old: Vec<Chunk> = self.chunks.splice(from..=to, fresh).collect();
        let after = from + region.len() - 1;
        let moved = after as isize - (to + 1) as isize;
        self.touched.retain_mut(|i| match *i {
            i if i < from => true,
            i if i <= to => false,
            _ => {
                *i = i.saturating_add_signed(moved);
                true
            }
        });
        // The chunk now first may not have been: touched too.
        self.touched
            .extend((from..after).chain((from == 0).then_some(0)));
        self.starts
            .splice(from..=to, region[..region.len() - 1].iter().copied());
        let grown = new.len() as isize - (end - start) as isize;
        for e in &mut self.starts[after..] {
            *e = e.saturating_add_signed(grown);
        }
        for c in old {
            if let Some(p) = &c.parsed {
                self.tally.add(p, -1);
            }
            if let Some(r) = c.result {
                self.recycled
                    .extend(r.units.iter().map(|(k, j)| (k.clone(), j.clone())));
            }
        }
    }

    /// The chunks `from..=to` that an edit writing `new` over `range` re-chunks, the
    /// text they become, and its chunks.
    fn rechunk(&self, range: Range<usize>, new: &str) -> (usize, usize, String, Vec<Range<usize>>) {
        let (start, end) = (range.start, range.end);
        let starts = self.starts();
        let n = self.chunks.len();
        let chunk_of = |o: usize| starts.partition_point(|&s| s <= o).saturating_sub(1);
        let first = chunk_of(start);
        let from = first.saturating_sub(1);
        let mut to = if end > start {
            chunk_of(end - 1)
        } else {
            first
        };
        // Re-chunk from the chunk before the edit (the edit may join it) until the
        // new chunks end where old ones did, so what follows chunks as before.
        loop {
            let region_end = starts[to] + self.chunks[to].text.len();
            let mut text = String::with_capacity(region_end - starts[from] + new.len());
            self.push_text(&mut text, starts, from..=to, starts[from]..start);
            text.push_str(new);
            self.push_text(&mut text, starts, from..=to, end..region_end);
            let (ranges, between) = markdown::chunk_scan(&text, from == 0);
            if between || to + 1 == n {
                return (from, to, text, ranges);
            }
            to = (to + (to - from + 1)).min(n - 1);
        }
    }

    /// An old chunk with this text (unchanged by the edit), else a new one.
    fn reuse(&self, old: &[Chunk], text: &str) -> Chunk {
        old.iter()
            .find(|c| &*c.text == text)
            .cloned()
            .unwrap_or_else(|| Chunk::new(text))
    }

    /// Appends the note's bytes in `range`, which lies within chunks `within`.
    fn push_text(
        &self,
        out: &mut String,
        starts: &[usize],
        within: std::ops::RangeInclusive<usize>,
        range: Range<usize>,
    ) {
        for i in within {
            let (s, text) = (starts[i], &self.chunks[i].text);
            let (a, b) = (range.start.max(s), range.end.min(s + text.len()));
            if a < b {
                out.push_str(&text[a - s..b - s]);
            }
        }
    }

    /// Checks the note, re-judging only what changed since the last check.
    pub fn check(&mut self, engine: &Engine, settings: &Settings) -> Report {
        if self.settings.as_ref() != Some(settings) {
            self.chunks.iter_mut().for_each(Chunk::forget_result);
            self.recycled.clear();
            self.settings = Some(settings.clone());
        }
        self.parse(engine);
        debug_assert_eq!(self.starts, starts_of(0, &self.chunks), "chunk starts kept");
        // Taken for the check (it changes the chunks, not their places), then put back.
        let kept = std::mem::take(&mut self.starts);
        let (starts, len) = (
            &kept[..self.chunks.len()],
            kept.last().copied().unwrap_or(0),
        );
        let mut errors = Vec::new();
        let empty = Note::default();
        let (front, front_text) = match self.chunks.first() {
            Some(c) => (&c.parsed().note, &*c.text),
            None => (&empty, ""),
        };
        let (as_of, as_of_origin) = note_date(front, front_text, settings, &mut errors);
        let (topic, also) = self.topic(engine, front);
        let scopes = self.scopes(starts, len, as_of, &mut errors);
        let stale = self.stale_chunks(starts, as_of, (topic, also), scopes.as_ref());
        let results = par_map(&stale, |(i, key)| {
            self.judge_chunk(engine, settings, *i, starts[*i], key)
        });
        for ((i, key), result) in stale.into_iter().zip(results) {
            let chunk = &mut self.chunks[i];
            chunk.quiet = result.claims.is_empty()
                && result.unknown.is_empty()
                && result.own.as_ref().is_none_or(Vec::is_empty);
            chunk.alone = result.own.is_some();
            chunk.result = Some(Arc::new(result));
            chunk.key = Some(key);
        }
        self.recycled.clear();
        let findings = self.assemble(engine, starts);
        self.starts = kept;
        Report {
            as_of,
            as_of_origin,
            topic,
            findings,
            errors,
        }
    }

    /// The chunks whose findings must be recomputed, with the context they are judged in.
    fn stale_chunks(
        &self,
        starts: &[usize],
        as_of: Date,
        (topic, also): (Option<EntityId>, Option<EntityId>),
        scopes: Option<&Scopes>,
    ) -> Vec<(usize, ChunkKey)> {
        let mut stale = Vec::new();
        let mut lead: Option<(usize, usize)> = None;
        for i in 0..self.chunks.len() {
            let dates = scopes.map(|s| {
                let at = |b: &Block| s.date_at(b.range.start + starts[i]);
                self.chunks[i].parsed().note.blocks.iter().map(at).collect()
            });
            let lead_here = lead.map(|(c, block)| {
                let at = self.chunks[c].parsed().note.blocks[block].range.start;
                (c, block, starts[i] - starts[c] - at)
            });
            // Compared in place: most chunks are unchanged, and this loop visits them all.
            let current = self.chunks[i].key.as_ref().is_some_and(|key| {
                let same_lead = match (&key.lead, lead_here) {
                    (None, None) => true,
                    (Some(l), Some((c, block, distance))) => {
                        Arc::ptr_eq(&l.parsed, self.chunks[c].parsed())
                            && l.block == block
                            && l.distance == distance
                    }
                    _ => false,
                };
                key.as_of == as_of
                    && (key.topic, key.also) == (topic, also)
                    && key.dates == dates
                    && same_lead
            });
            if !current {
                let lead = lead_here.map(|(c, block, distance)| Lead {
                    parsed: self.chunks[c].parsed().clone(),
                    block,
                    distance,
                });
                let key = ChunkKey {
                    as_of,
                    topic,
                    also,
                    dates,
                    lead,
                };
                stale.push((i, key));
            }
            if let Some(out) = self.chunks[i].lead_out {
                lead = out.map(|b| (i, b));
            }
        }
        stale
    }

    /// Parses the chunks that are new (or that became, or stopped being, the first).
    fn parse(&mut self, engine: &Engine) {
        let needs = |i: usize| {
            let c = &self.chunks[i];
            c.parsed.is_none() || c.first != (i == 0)
        };
        let mut todo = std::mem::take(&mut self.touched);
        todo.sort_unstable();
        todo.dedup();
        todo.retain(|&i| i < self.chunks.len() && needs(i));
        debug_assert!(
            (0..self.chunks.len()).all(|i| !needs(i) || todo.binary_search(&i).is_ok()),
            "every chunk that needs parsing was touched"
        );
        let parsed = par_map(&todo, |&i| {
            Arc::new(parse_chunk(engine, &self.chunks[i].text, i == 0))
        });
        for (i, parsed) in todo.into_iter().zip(parsed) {
            let c = &mut self.chunks[i];
            self.tally.add(&parsed, 1);
            (c.first, c.lead_out) = (parsed.first, parsed.lead_out);
            if let Some(old) = c.parsed.replace(parsed) {
                self.tally.add(&old, -1);
            }
            c.forget_result();
        }
    }

    fn topic(&self, engine: &Engine, front: &Note) -> (Option<EntityId>, Option<EntityId>) {
        let heading = (self.tally.headings > 0)
            .then(|| {
                self.chunks.iter().find_map(|c| {
                    let p = c.parsed();
                    p.first_heading.map(|h| &*p.mentions[h])
                })
            })
            .flatten();
        let counts = || {
            let positive = self.tally.counts.iter().filter(|&(_, &n)| n > 0);
            positive.map(|(&e, &n)| (e, n as usize)).collect()
        };
        super::topic(engine, front, heading, counts)
    }

    /// Directive scopes, when the note has directives (they need the whole block list).
    fn scopes(
        &self,
        starts: &[usize],
        len: usize,
        as_of: Date,
        errors: &mut Vec<NoteError>,
    ) -> Option<Scopes> {
        if self.tally.directives == 0 {
            return None;
        }
        let mut directives = Vec::new();
        for (c, &s) in self.chunks.iter().zip(starts) {
            directives.extend(c.parsed().note.directives.iter().map(|d| Directive {
                text: d.text.clone(),
                offset: d.offset + s,
            }));
        }
        if directives.is_empty() {
            return None;
        }
        let blocks = self
            .chunks
            .iter()
            .zip(starts)
            .flat_map(|(c, &s)| c.parsed().note.blocks.iter().map(move |b| b.shifted(s)));
        let whole = Note {
            blocks: blocks.collect(),
            front_matter: Vec::new(),
            directives,
        };
        Some(Scopes::new(&whole, len, as_of, errors))
    }

    /// Judges chunk `i` (starting at `start`) in its context.
    fn judge_chunk(
        &self,
        engine: &Engine,
        settings: &Settings,
        i: usize,
        start: usize,
        key: &ChunkKey,
    ) -> ChunkResult {
        let chunk = &self.chunks[i];
        let parsed = chunk.parsed();
        let lead = key.lead.as_ref().map(|l| {
            let block = &l.parsed.note.blocks[l.block];
            block.shifted(start - l.distance - block.range.start)
        });
        let skip = usize::from(lead.is_some());
        let note = Note {
            blocks: lead
                .into_iter()
                .chain(parsed.note.blocks.iter().map(|b| b.shifted(start)))
                .collect(),
            ..Note::default()
        };
        let previous = chunk.result.as_ref().map(|r| &r.units);
        let mut judged_units = FxHashMap::default();
        let mut claims = Vec::new();
        let mut seen = FxHashMap::default();
        let mut same_claim: FxHashMap<(Range<usize>, Verdict), Vec<usize>> = FxHashMap::default();
        // Lines of the chunk, found once: comparing two findings' lines must not rescan
        // the text between them (n findings on one long line were n² bytes).
        let mut lines: Option<crate::text::LineIndex> = None;
        for unit in units(&note).into_iter().filter(|u| u.main >= skip) {
            let block = unit.main - skip;
            let as_of = match &key.dates {
                Some(dates) => match dates[block] {
                    Some(d) => d,
                    None => continue,
                },
                None => key.as_of,
            };
            let cx = UnitContext {
                as_of,
                topic: key.topic,
                also: key.also,
                synthetic: unit.pieces.len() > 1,
            };
            let unit_key = (cx, unit.text.clone());
            let known = previous
                .and_then(|p| p.get(&unit_key))
                .or_else(|| self.recycled.get(&unit_key));
            let judged = match known {
                Some(j) => j.clone(),
                None => {
                    let mentions: Arc<[Mention]> = if cx.synthetic {
                        engine.mentions(&unit.text).into()
                    } else {
                        parsed.mentions[block].clone()
                    };
                    Arc::new(judge_unit(engine, &unit.text, &mentions, cx, settings))
                }
            };
            for (claim, j) in judged.iter() {
                let Some(f) = place(&unit, &note.blocks, claim, j, cx) else {
                    continue;
                };
                // A list item is read alone and with its lead-in, a table row cell by
                // cell: one finding, not two (the same message on one line).
                let said = seen
                    .entry(f.body().message.clone())
                    .or_insert_with(Vec::new);
                let lines = lines.get_or_insert_with(|| crate::text::LineIndex::new(&chunk.text));
                let one_line = |r: &Range<usize>| {
                    let (lo, hi) = (r.start.min(f.range.start), r.end.max(f.range.end));
                    let inside = lo >= start && hi <= start + chunk.text.len();
                    inside && lines.line_of(lo - start) == lines.line_of(hi - start)
                };
                let overlaps = said.iter().any(|r: &Range<usize>| {
                    (r.start < f.range.end && f.range.start < r.end) || one_line(r)
                });
                if overlaps {
                    continue;
                }
                said.push(f.range.clone());
                // One claim read two ways ("X | 1980 | 1991": held from 1980 to 1991, and
                // started in 1980), judged alike: one finding, with the fixes of both.
                let twin = same_claim.entry((f.range.clone(), f.verdict)).or_default();
                match twin.iter().find(|&&i| is_same_claim(&claims[i], &f)) {
                    Some(&i) => claims[i] = with_fixes_of(&claims[i], &f),
                    None => {
                        twin.push(claims.len());
                        claims.push(f);
                    }
                }
            }
            if !self.once {
                judged_units.insert(unit_key, judged);
            }
        }
        let keys: Vec<Key> = parsed.cites.all().map(|k| shift_key(k, start)).collect();
        let mut unknown = cite::unknown_sources(&engine.base, keys.iter(), key.as_of);
        let inside =
            |f: &Finding| f.range.start >= start && f.range.end <= start + chunk.text.len();
        let own = (parsed.cites.refs.is_empty() && claims.iter().all(inside)).then(|| {
            let none = HashMap::new();
            let mut out = std::mem::take(&mut unknown);
            for mut f in std::mem::take(&mut claims) {
                let extra = cite_one(engine, &mut f, &chunk.text, &parsed.cites, start, &none);
                out.push(f);
                out.extend(extra);
            }
            out.sort_by_key(|f| (f.range.start, f.range.end));
            out
        });
        ChunkResult {
            at: start,
            own,
            claims,
            unknown,
            units: judged_units,
        }
    }

    /// Every chunk's findings at its current offset, citations read where they depend
    /// on other chunks.
    fn assemble(&mut self, engine: &Engine, starts: &[usize]) -> Findings {
        let mut old = std::mem::take(&mut self.segments);
        let mut kept = FxHashMap::default();
        let mut footnotes: Option<HashMap<String, Vec<Key>>> = None;
        let mut runs = Vec::new();
        let mut open = None;
        for (i, c) in self.chunks.iter().enumerate() {
            if c.quiet || c.alone {
                let lo = *open.get_or_insert(i);
                if c.hash % self.segment_every.max(1) == 0 || i + 1 == self.chunks.len() {
                    runs.extend(self.segment(lo..i + 1, starts, &mut old, &mut kept));
                    open = None;
                }
                continue;
            }
            if let Some(lo) = open.take() {
                runs.extend(self.segment(lo..i, starts, &mut old, &mut kept));
            }
            let footnotes = footnotes.get_or_insert_with(|| self.footnotes(starts));
            runs.push((0, self.cite_across(engine, i, starts, footnotes)));
        }
        if !self.once {
            self.segments = kept;
        }
        Findings::from_runs(runs)
    }

    /// The findings of chunks `range` (quiet or alone), as a run: the segment the last
    /// report had for them if none has changed, else gathered again. Kept for the next.
    fn segment(
        &self,
        range: Range<usize>,
        starts: &[usize],
        old: &mut FxHashMap<usize, Segment>,
        kept: &mut FxHashMap<usize, Segment>,
    ) -> Option<(isize, Arc<[Finding]>)> {
        let chunks = &self.chunks[range.clone()];
        if chunks.iter().all(|c| c.quiet) {
            return None;
        }
        let result = |c: &Chunk| c.result.clone().expect("every chunk was judged");
        let key = Arc::as_ptr(chunks[0].result.as_ref()?) as usize;
        let same = |s: &Segment| {
            s.members.len() == chunks.len()
                && s.members
                    .iter()
                    .zip(chunks)
                    .all(|(m, c)| c.result.as_ref().is_some_and(|r| Arc::ptr_eq(m, r)))
        };
        let segment = old.remove(&key).filter(same).unwrap_or_else(|| {
            let members: Vec<Arc<ChunkResult>> = chunks.iter().map(result).collect();
            let moved = members
                .iter()
                .zip(&starts[range.clone()])
                .flat_map(|(r, &s)| {
                    let delta = s as isize - r.at as isize;
                    r.own.iter().flatten().map(move |f| f.shifted(delta))
                });
            Segment {
                findings: moved.collect(),
                at: starts[range.start],
                members,
            }
        });
        let run = (
            starts[range.start] as isize - segment.at as isize,
            segment.findings.clone(),
        );
        kept.insert(key, segment);
        Some(run)
    }

    /// Chunk `i`'s findings with their citations read through the note's footnotes.
    fn cite_across(
        &self,
        engine: &Engine,
        i: usize,
        starts: &[usize],
        footnotes: &HashMap<String, Vec<Key>>,
    ) -> Arc<[Finding]> {
        let r = self.chunks[i]
            .result
            .as_ref()
            .expect("every chunk was judged");
        let delta = starts[i] as isize - r.at as isize;
        let mut found: Vec<Finding> = r.unknown.iter().map(|f| f.shifted(delta)).collect();
        for f in &r.claims {
            let mut f = f.shifted(delta);
            let at = starts
                .partition_point(|&s| s <= f.range.start)
                .saturating_sub(1);
            let home = &self.chunks[at];
            let extra = cite_one(
                engine,
                &mut f,
                &home.text,
                &home.parsed().cites,
                starts[at],
                footnotes,
            );
            found.push(f);
            found.extend(extra);
        }
        found.sort_by_key(|f| (f.range.start, f.range.end));
        found.into()
    }

    /// The keys each footnote definition cites, by label, in note coordinates.
    fn footnotes(&self, starts: &[usize]) -> HashMap<String, Vec<Key>> {
        let mut out: HashMap<String, Vec<Key>> = HashMap::new();
        for (c, &s) in self.chunks.iter().zip(starts) {
            for (label, keys) in &c.parsed().cites.footnotes {
                let keys = keys.iter().map(|k| shift_key(k, s));
                out.entry(label.clone()).or_default().extend(keys);
            }
        }
        out
    }
}

fn parse_chunk(engine: &Engine, text: &str, first: bool) -> Parsed {
    let note = markdown::parse_part(text, first);
    let mentions: Vec<Arc<[Mention]>> = note
        .blocks
        .iter()
        .map(|b| with_wiki_links(engine, b).into())
        .collect();
    let lead_out = note
        .blocks
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, b)| match b.kind {
            BlockKind::Heading(_) => Some(Some(i)),
            BlockKind::Paragraph => Some(b.text.trim_end().ends_with(':').then_some(i)),
            _ => None,
        });
    Parsed {
        cites: Citations::of(&note),
        first,
        first_heading: note
            .blocks
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Heading(_))),
        topic_counts: topic_counts(engine, &mentions),
        lead_out,
        mentions,
        note,
    }
}

/// Reads a claim finding's citations in the chunk it lies in (`text` starting at
/// `start`); returns the findings about them.
fn cite_one(
    engine: &Engine,
    f: &mut Finding,
    text: &str,
    cites: &Citations,
    start: usize,
    footnotes: &HashMap<String, Vec<Key>>,
) -> Vec<Finding> {
    let clamp = |o: usize| o.saturating_sub(start).min(text.len());
    let claim = clamp(f.range.start)..clamp(f.range.end);
    let attached = cite::attached(cites, text, &claim, footnotes, start);
    cite::claim_citations(&engine.base, f, &attached)
}

fn shift_key(k: &Key, by: usize) -> Key {
    Key {
        id: k.id.clone(),
        range: k.range.start + by..k.range.end + by,
    }
}

/// Where each of `chunks` starts when the first starts at `at`, then where they end.
fn starts_of(mut at: usize, chunks: &[Chunk]) -> Vec<usize> {
    let mut out = Vec::with_capacity(chunks.len() + 1);
    out.push(at);
    for c in chunks {
        at += c.text.len();
        out.push(at);
    }
    out
}

/// `f` over `items`, on every core when there are enough of them to pay for it (a
/// whole note checked at once), in order on this thread otherwise (a keystroke).
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use rayon::prelude::*;
    const PARALLEL_FROM: usize = 16;
    if items.len() < PARALLEL_FROM {
        return items.iter().map(f).collect();
    }
    items.par_iter().with_min_len(4).map(&f).collect()
}

/// Whether two findings judge the same claim: subject, relation and value.
fn is_same_claim(a: &Finding, b: &Finding) -> bool {
    match (&a.claim, &b.claim) {
        (Some(x), Some(y)) => {
            x.subject == y.subject && x.relation == y.relation && x.value == y.value
        }
        _ => false,
    }
}

/// `kept`, with the fixes of `other` it lacks added after its own.
fn with_fixes_of(kept: &Finding, other: &Finding) -> Finding {
    let mut fixes: Vec<NoteFix> = kept.fixes().collect();
    for fix in other.fixes() {
        if !fixes
            .iter()
            .any(|f| f.range == fix.range && f.new_text == fix.new_text)
        {
            fixes.push(fix);
        }
    }
    Finding::new(
        kept.range.clone(),
        kept.verdict,
        (**kept.body()).clone(),
        fixes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{LoadOptions, load_embedded};

    fn engine() -> Engine {
        Engine::new(load_embedded(&LoadOptions::default()).base)
    }

    fn settings() -> Settings {
        Settings {
            as_of: Some(jiff::civil::date(2026, 6, 1)),
            ..Settings::default()
        }
    }

    type View = (Verdict, Range<usize>, Arc<str>, Vec<Arc<str>>);

    fn view(r: &Report) -> Vec<View> {
        r.findings
            .iter()
            .map(|f| {
                (
                    f.verdict,
                    f.range.clone(),
                    f.message.clone(),
                    f.citations.clone(),
                )
            })
            .collect()
    }

    /// Applies `edits` (the first `from` becomes `to`) one by one, checking after
    /// each, and compares chunks and findings with a fresh check of the same text.
    /// With segments of every size, from one chunk each to the default.
    fn agrees(text: &str, edits: &[(&str, &str)]) {
        for every in [1, 2, 3, SEGMENT] {
            agrees_in_segments(text, edits, every);
        }
    }

    fn agrees_in_segments(text: &str, edits: &[(&str, &str)], every: u64) {
        let (engine, settings) = (engine(), settings());
        let mut state = NoteState::new(text).with_segments_of(every);
        let mut expected = text.to_string();
        state.check(&engine, &settings);
        for (from, to) in edits {
            let at = expected.find(from).expect("edit target");
            let range = at..at + from.len();
            state.edit(range.clone(), to);
            expected.replace_range(range, to);
            assert_eq!(state.text(), expected);
            let fresh = NoteState::new(&expected);
            assert_eq!(
                state.chunks.iter().map(|c| &*c.text).collect::<Vec<_>>(),
                fresh.chunks.iter().map(|c| &*c.text).collect::<Vec<_>>(),
                "chunks after {from:?} -> {to:?}"
            );
            let got = state.check(&engine, &settings);
            let want = check(&engine, &expected, &settings);
            assert_eq!(view(&got), view(&want), "after {from:?} -> {to:?}");
        }
    }

    #[test]
    fn edits_rejudge_what_they_touch_and_agree_with_a_fresh_check() {
        let note: String = (0..30)
            .map(|i| format!("Paragraph {i}: Uzbekistan is a member of the CSTO.\n\n"))
            .collect();
        let (engine, settings) = (engine(), settings());
        let mut state = NoteState::new(&note);
        assert_eq!(state.check(&engine, &settings).findings.len(), 30);
        state.edit(0..0, "Zas is the Secretary General of the CSTO.\n\n");
        let waiting = state.chunks.iter().filter(|c| c.result.is_none()).count();
        assert_eq!(waiting, 1, "only the new paragraph waits to be judged");
        assert_eq!(state.check(&engine, &settings).findings.len(), 31);
    }

    #[test]
    fn edits_that_join_split_fence_or_unfence_chunks() {
        let text = "---\ntitle: CSTO\n---\n# Members\n\nUzbekistan is a member of the CSTO.\n\nMembers:\n\n- Armenia\n\n- Georgia\n\nThe CSTO has six member states.\n";
        agrees(
            text,
            &[
                ("# Members\n\n", "# Members\n"),
                ("# Members\nUz", "# Members\n\nUz"),
                ("Uzbekistan is", "```\nUzbekistan is"),
                ("```\nUzbekistan", "Uzbekistan"),
                ("\n- Georgia", "\n  - Georgia"),
                ("\n  - Georgia", "\n- Georgia"),
                ("---\ntitle", "title"),
                ("title: CSTO", "---\ntitle: CSTO"),
                ("six member states.\n", "six"),
                ("six", "six member states.\n\n\n"),
            ],
        );
    }

    #[test]
    fn lead_ins_directives_and_footnotes_reach_across_chunks() {
        let text = "# CSTO\n\nCurrent member states:\n\n- Uzbekistan\n\n- Georgia\n\n<!-- factline: as-of 2010-06-01 -->\n## Then\n\nUzbekistan is a member of the CSTO.[^1]\n\n## Now\n\nUzbekistan is a member of the CSTO.\n\n[^1]: See [@nope].\n";
        // The cases are live: list items read with their lead-in, the directive's date,
        // the footnote's unknown source.
        let lines = crate::text::LineIndex::new(text);
        let fresh = check(&engine(), text, &settings());
        let found: Vec<(&str, usize)> = fresh
            .findings
            .iter()
            .map(|f| (f.verdict.code(), lines.line_of(f.range.start) + 1))
            .collect();
        assert_eq!(
            found,
            [
                ("outdated", 5),
                ("contradicted", 7),
                ("supported", 12),
                ("outdated", 16),
                ("unknown-source", 18)
            ]
        );
        agrees(
            text,
            &[
                ("## Then", "Some words.\n\n## Then"),
                ("[@nope]", "[@W08]"),
                ("Current member", "Former member"),
                ("- Uzbekistan\n\n", "- Uzbekistan\n\nSome words.\n\n"),
                ("as-of 2010", "as-of 2011"),
                ("# CSTO\n\n", ""),
            ],
        );
    }

    /// The point of segments: a keystroke gathers again only the segment it falls in;
    /// every other one is the very run the last report had.
    #[test]
    fn a_keystroke_regathers_only_its_own_segment() {
        let note: String = (0..400)
            .map(|i| format!("Paragraph {i}: Uzbekistan is a member of the CSTO.\n\n"))
            .collect();
        let (engine, settings) = (engine(), settings());
        let mut state = NoteState::new(&note).with_segments_of(8);
        state.check(&engine, &settings);
        // Held, so that no new run can take an old one's address.
        let runs = |s: &NoteState| -> Vec<Arc<[Finding]>> {
            s.segments.values().map(|g| g.findings.clone()).collect()
        };
        let before = runs(&state);
        assert!(before.len() > 20, "{} segments", before.len());
        let at = note.find("Paragraph 200:").unwrap();
        state.edit(at..at, "x");
        let report = state.check(&engine, &settings);
        let after = runs(&state);
        let kept = |a: &Arc<[Finding]>| before.iter().any(|b| Arc::ptr_eq(a, b));
        let new = after.iter().filter(|a| !kept(a)).count();
        assert_eq!(new, 1, "one segment gathered again, of {}", after.len());
        assert_eq!(after.len(), before.len());
        let fresh = check(&engine, &state.text(), &settings);
        assert_eq!(view(&report), view(&fresh));
        assert_eq!(report.findings.len(), 400);
    }
}
