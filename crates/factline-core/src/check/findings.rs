//! A report's findings in note order, as runs shared with the chunks that found them.
//!
//! After a keystroke in a long note every finding past the edit has moved, and almost
//! none has changed. A run is one chunk's findings, kept as they were found, and how far
//! they have moved since: a report costs a pointer per chunk with findings, not a copy of
//! each finding (and a reference count on each body, a cache miss apiece).
//!
//! Invariant: the runs, each moved, read in order are sorted by `(start, end)` exactly
//! as a stable sort of their concatenation would be.

use crate::claims::Claim;
use crate::facts::model::StatementId;
use crate::verdict::Verdict;
use jiff::civil::Date;
use std::ops::Range;
use std::sync::Arc;

/// A correction of a finding, in the note's coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteFix {
    /// What the fix says it does ("Replace with 2002").
    pub title: Arc<str>,
    /// Byte range in the note.
    pub range: Range<usize>,
    /// The text that replaces `range`.
    pub new_text: Arc<str>,
}

/// `r` moved by `delta` bytes.
pub(crate) fn shift_range(r: &Range<usize>, delta: isize) -> Range<usize> {
    r.start.saturating_add_signed(delta)..r.end.saturating_add_signed(delta)
}

/// A judged claim (or citation) at its place in the note.
///
/// What it says is shared by every check that reports it: after an edit every later
/// finding moves, and a move copies a range and one pointer, not the finding.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Byte range of the claim in the note.
    pub range: Range<usize>,
    /// Kept beside the range, not in the body: reports are filtered by verdict, and
    /// reading it there would visit every body.
    pub verdict: Verdict,
    /// `range.start` when the fixes were made (they move with the range).
    fixes_at: usize,
    body: Arc<FindingBody>,
}

/// What a finding says, shared by every check that reports it (see [`Finding`]).
#[derive(Clone, Debug)]
pub struct FindingBody {
    /// The verdict in plain English, with what the base holds.
    pub message: Arc<str>,
    /// The date the claim was judged at.
    pub as_of: Date,
    /// The claim judged (`None` for a finding about a citation alone).
    pub claim: Option<Arc<Claim>>,
    /// The statements the verdict rests on, most relevant first.
    pub evidence: Arc<[StatementId]>,
    /// Source ids cited for this claim (`[@id]` in its sentence or in its footnotes).
    pub citations: Vec<Arc<str>>,
    /// In the coordinates of `Finding::fixes_at`: read them through `Finding::fixes`.
    pub(crate) fixes: Vec<NoteFix>,
}

impl FindingBody {
    /// A body that says `message` as of `as_of`, about no claim.
    pub fn new(message: Arc<str>, as_of: Date) -> FindingBody {
        FindingBody {
            message,
            as_of,
            claim: None,
            evidence: Arc::from(Vec::new()),
            citations: Vec::new(),
            fixes: Vec::new(),
        }
    }
}

impl Finding {
    /// A finding at `range` with `fixes` in the same coordinates.
    pub(crate) fn new(
        range: Range<usize>,
        verdict: Verdict,
        body: FindingBody,
        fixes: Vec<NoteFix>,
    ) -> Finding {
        Finding {
            fixes_at: range.start,
            range,
            verdict,
            body: Arc::new(FindingBody { fixes, ..body }),
        }
    }

    /// The fixes, best first, in note coordinates.
    pub fn fixes(&self) -> impl ExactSizeIterator<Item = NoteFix> + '_ {
        let shift = self.range.start as isize - self.fixes_at as isize;
        self.body.fixes.iter().map(move |f| NoteFix {
            range: shift_range(&f.range, shift),
            ..f.clone()
        })
    }

    /// What the finding says, as shared between reports: while held, its address names it.
    pub fn body(&self) -> &Arc<FindingBody> {
        &self.body
    }

    /// What the finding says, to change (copied first if shared).
    pub(crate) fn body_mut(&mut self) -> &mut FindingBody {
        Arc::make_mut(&mut self.body)
    }

    /// The finding moved by `delta` bytes.
    pub(crate) fn shifted(&self, delta: isize) -> Finding {
        Finding {
            range: shift_range(&self.range, delta),
            ..self.clone()
        }
    }
}

impl std::ops::Deref for Finding {
    type Target = FindingBody;

    fn deref(&self) -> &FindingBody {
        &self.body
    }
}

/// A report's findings, in note order.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    runs: Vec<Run>,
    /// Findings in runs `0..=i`.
    ends: Vec<usize>,
}

#[derive(Clone, Debug)]
struct Run {
    delta: isize,
    items: Arc<[Finding]>,
}

impl Run {
    fn key(&self, f: &Finding) -> (usize, usize) {
        let r = shift_range(&f.range, self.delta);
        (r.start, r.end)
    }

    fn moved(&self) -> impl Iterator<Item = Finding> + '_ {
        self.items.iter().map(|f| f.shifted(self.delta))
    }
}

impl Findings {
    /// Findings from runs of findings (each sorted by range), moved by their deltas.
    /// Runs that overlap are merged into one, so the order is a stable sort's.
    pub(crate) fn from_runs(runs: impl IntoIterator<Item = (isize, Arc<[Finding]>)>) -> Findings {
        let mut out: Vec<Run> = Vec::new();
        let mut sorted = true;
        for (delta, items) in runs {
            let run = Run { delta, items };
            let (Some(first), Some(prev)) = (run.items.first(), out.last()) else {
                if !run.items.is_empty() {
                    out.push(run);
                }
                continue;
            };
            let last = prev.items.last().expect("runs kept are not empty");
            sorted &= prev.key(last) <= run.key(first);
            out.push(run);
        }
        if !sorted {
            // A claim placed outside its chunk: rare, so sorted the simple way.
            let mut all: Vec<Finding> = out.iter().flat_map(Run::moved).collect();
            all.sort_by_key(|f| (f.range.start, f.range.end));
            return Findings::from(all);
        }
        let mut total = 0;
        let ends = out
            .iter()
            .map(|r| {
                total += r.items.len();
                total
            })
            .collect();
        Findings { runs: out, ends }
    }

    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each finding where it is now.
    pub fn iter(&self) -> impl Iterator<Item = Finding> + '_ {
        self.runs.iter().flat_map(Run::moved)
    }

    /// Finding `i` (in note order) where it is now.
    pub fn get(&self, i: usize) -> Option<Finding> {
        let run = self.ends.partition_point(|&end| end <= i);
        let before = run.checked_sub(1).map_or(0, |r| self.ends[r]);
        let r = self.runs.get(run)?;
        Some(r.items[i - before].shifted(r.delta))
    }

    /// The findings (with their index) whose range, where it is now, touches `lo..=hi`.
    pub fn touching(&self, lo: usize, hi: usize) -> impl Iterator<Item = (usize, Finding)> + '_ {
        let placed = self.placed().enumerate();
        let touching = placed.filter(move |(_, (r, _))| r.start <= hi && lo <= r.end);
        touching.map(|(i, (r, f))| (i, f.shifted(r.start as isize - f.range.start as isize)))
    }

    /// Each finding's range where it is now, with the finding as it was found (its own
    /// `range` is where it was then). Reads nothing of what the findings say: for
    /// readers of every finding on every keystroke.
    pub fn placed(&self) -> impl Iterator<Item = (Range<usize>, &Finding)> + '_ {
        self.runs.iter().flat_map(|r| {
            let delta = r.delta;
            r.items
                .iter()
                .map(move |f| (shift_range(&f.range, delta), f))
        })
    }
}

impl From<Vec<Finding>> for Findings {
    /// Findings already in note order.
    fn from(items: Vec<Finding>) -> Findings {
        let n = items.len();
        match n {
            0 => Findings::default(),
            _ => Findings {
                runs: vec![Run {
                    delta: 0,
                    items: items.into(),
                }],
                ends: vec![n],
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{FindingBody, Verdict};
    use proptest::prelude::*;

    fn finding(range: Range<usize>, tag: usize) -> Finding {
        let body = FindingBody::new(tag.to_string().into(), jiff::civil::date(2026, 1, 1));
        Finding::new(range, Verdict::Supported, body, Vec::new())
    }

    fn view(f: &Finding) -> (Range<usize>, String) {
        (f.range.clone(), f.message.to_string())
    }

    /// Runs of `(start, len)` findings, each run sorted, with a delta each.
    fn runs() -> impl Strategy<Value = Vec<(isize, Vec<(usize, usize)>)>> {
        let run = (
            0isize..40,
            prop::collection::vec((0usize..60, 0usize..8), 0..5),
        );
        prop::collection::vec(run, 0..8)
    }

    proptest! {
        /// Whatever the runs, reading them is a stable sort of their moved findings,
        /// and `get`, `len` and `placed` agree with it.
        #[test]
        fn runs_read_as_a_stable_sort_of_their_findings(spec in runs(), lo in 0usize..140, len in 0usize..20) {
            let mut tag = 0;
            let mut runs = Vec::new();
            let mut all = Vec::new();
            for (delta, items) in spec {
                let mut run: Vec<Finding> = items
                    .into_iter()
                    .map(|(s, len)| {
                        tag += 1;
                        finding(s + 40..s + 40 + len, tag)
                    })
                    .collect();
                run.sort_by_key(|f| (f.range.start, f.range.end));
                all.extend(run.iter().map(|f| f.shifted(delta)));
                runs.push((delta, Arc::from(run)));
            }
            all.sort_by_key(|f| (f.range.start, f.range.end));
            let findings = Findings::from_runs(runs);
            let want: Vec<_> = all.iter().map(view).collect();
            prop_assert_eq!(findings.iter().map(|f| view(&f)).collect::<Vec<_>>(), want.clone());
            prop_assert_eq!(findings.len(), want.len());
            let got: Vec<_> = (0..want.len()).map(|i| view(&findings.get(i).unwrap())).collect();
            prop_assert_eq!(got, want.clone());
            prop_assert!(findings.get(want.len()).is_none());
            let placed: Vec<_> = findings
                .placed()
                .map(|(r, f)| (r, f.message.to_string()))
                .collect();
            prop_assert_eq!(placed, want);
            let hi = lo + len;
            let touching: Vec<_> = findings.touching(lo, hi).map(|(i, f)| (i, view(&f))).collect();
            let near = |(_, f): &(usize, &Finding)| f.range.start <= hi && lo <= f.range.end;
            let expected: Vec<_> = all.iter().enumerate().filter(near).map(|(i, f)| (i, view(f))).collect();
            prop_assert_eq!(touching, expected);
        }
    }

    #[test]
    fn runs_in_order_are_shared_not_copied() {
        let a: Arc<[Finding]> = vec![finding(0..3, 1), finding(5..9, 2)].into();
        let b: Arc<[Finding]> = vec![finding(0..4, 3)].into();
        let findings = Findings::from_runs([(0, a.clone()), (0, Arc::from(Vec::new())), (20, b)]);
        assert_eq!(findings.runs.len(), 2, "the empty run is dropped");
        assert!(Arc::ptr_eq(&findings.runs[0].items, &a));
        let ranges: Vec<_> = findings.iter().map(|f| f.range).collect();
        assert_eq!(ranges, [0..3, 5..9, 20..24]);
    }
}
