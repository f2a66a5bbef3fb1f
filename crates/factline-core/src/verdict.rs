//! Judges a claim against the fact base at the note's date, with evidence and corrections.
//!
//! Verdicts follow from the base's intervals: a present-tense claim is
//! judged on the note's date, a dated one over its period (a year matches any
//! day of it). Functional relations contradict through another holder,
//! closed-world ones through absence; deprecated statements never support a
//! claim but explain why it is wrong; disputes make a claim "disputed".

use crate::claims::words::quantities_agree;
use crate::claims::{Claim, ClaimValue, When};
use crate::date::{PartialDate, Validity};
use crate::facts::FactBase;
use crate::facts::model::{
    Approximation, Aspect, EntityId, Quantity, Rank, RelationId, Statement, StatementId, Value,
};
use crate::say::{self, Polarity, Say, Tense};
use jiff::civil::Date;
use std::ops::Range;
use std::sync::Arc;

/// What a finding says about a claim (or a citation). Its code (`outdated`), default
/// severity and one-line summary are written here only; JSON writes the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// The base holds the claim at its time.
    Supported,
    /// The base holds otherwise at the claim's time.
    Contradicted,
    /// The claim held before its time, not at it.
    Outdated,
    /// Sources disagree; the base records the dispute.
    Disputed,
    /// The base cannot settle it.
    Unknown,
    // Findings about a note's own citations rather than about a claim's truth:
    /// `[@id]` names no source of the base.
    UnknownSource,
    /// The cited source is not among the sources of the statements behind the claim.
    UnsupportedCitation,
    /// The cited source predates a change of the fact it is cited for.
    StaleCitation,
    /// A claim with no citation (an opt-in rule).
    Uncited,
}

impl Verdict {
    /// Every verdict, in the order reports list them.
    pub const ALL: [Verdict; 9] = [
        Verdict::Contradicted,
        Verdict::Outdated,
        Verdict::Disputed,
        Verdict::Supported,
        Verdict::Unknown,
        Verdict::UnknownSource,
        Verdict::UnsupportedCitation,
        Verdict::StaleCitation,
        Verdict::Uncited,
    ];

    /// The name reports, diagnostics and `factline.toml` use.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Outdated => "outdated",
            Verdict::Disputed => "disputed",
            Verdict::Unknown => "unknown",
            Verdict::UnknownSource => "unknown-source",
            Verdict::UnsupportedCitation => "unsupported-citation",
            Verdict::StaleCitation => "stale-citation",
            Verdict::Uncited => "uncited",
        }
    }

    /// The verdict a code names.
    pub fn from_code(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == code)
    }

    /// The verdicts a configuration may give a severity: all but `unknown`, never reported.
    pub fn configurable() -> impl Iterator<Item = Verdict> {
        Verdict::ALL.into_iter().filter(|&v| v != Verdict::Unknown)
    }

    /// How a finding is reported unless the configuration says otherwise.
    pub fn default_severity(self) -> Severity {
        match self {
            Verdict::Contradicted | Verdict::UnknownSource => Severity::Error,
            Verdict::Outdated | Verdict::UnsupportedCitation => Severity::Warning,
            Verdict::Disputed | Verdict::StaleCitation => Severity::Information,
            Verdict::Supported | Verdict::Unknown | Verdict::Uncited => Severity::Off,
        }
    }

    /// One line on what the verdict means (a SARIF rule's description).
    pub fn summary(self) -> &'static str {
        match self {
            Verdict::Supported => "The claim agrees with the fact base",
            Verdict::Contradicted => "The claim is false at its time, per the fact base",
            Verdict::Outdated => "The claim held before the note's date, not on it",
            Verdict::Disputed => "Sources disagree about the claim",
            Verdict::Unknown => "The fact base cannot settle the claim",
            Verdict::UnknownSource => "A citation names no source of the fact base",
            Verdict::UnsupportedCitation => "The cited source is not behind the claim",
            Verdict::StaleCitation => "The cited source predates a change of the fact",
            Verdict::Uncited => "A claim without a citation",
        }
    }
}

impl serde::Serialize for Verdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// How a finding is reported: a diagnostic's severity, or not at all.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported as an error.
    Error,
    /// Reported as a warning.
    Warning,
    /// Reported as information.
    Information,
    /// Reported as a hint.
    Hint,
    /// Not reported.
    Off,
}

/// A text edit that corrects a claim, in the coordinates of the claim's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix says it does.
    pub title: Arc<str>,
    /// The range it replaces, in the claim's text.
    pub range: Range<usize>,
    /// The text that replaces it.
    pub new_text: Arc<str>,
}

/// A claim judged: its verdict, why, on what evidence, and how to fix it.
#[derive(Clone, Debug)]
pub struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// Shared, so placing a cached judgement in a note copies no text.
    pub message: Arc<str>,
    /// The statements the verdict rests on, most relevant first.
    pub evidence: Arc<[StatementId]>,
    /// Corrections, best first.
    pub fixes: Vec<Fix>,
}

/// Judges `claim`, found in `text`, as of `as_of`.
pub fn judge(base: &FactBase, claim: &Claim, text: &str, as_of: Date) -> Judgement {
    let j = Judge {
        base,
        claim,
        text,
        as_of,
    };
    if let ClaimValue::Entity(v) = claim.value
        && let Some(wrong) = j.rank(v)
    {
        return wrong;
    }
    let found = match (&claim.value, claim.aspect) {
        (ClaimValue::Count { n, of }, _) => j.count(*n, *of),
        (ClaimValue::Date(d), _) => j.date_value(*d),
        (ClaimValue::Quantity(q), _) => j.quantity(q),
        (ClaimValue::Name(name), Aspect::Holds) => j.unknown_holder(name),
        (ClaimValue::Name(_), _) => unknown(),
        (ClaimValue::Entity(v), Aspect::Starts | Aspect::Ends) => j.event(*v),
        (ClaimValue::Entity(v), _) => j.holds(*v),
    };
    match found.verdict {
        Verdict::Supported => j.timed_name().unwrap_or(found),
        _ => found,
    }
}

struct Judge<'a> {
    base: &'a FactBase,
    claim: &'a Claim,
    text: &'a str,
    as_of: Date,
}

fn judgement(verdict: Verdict, message: String, evidence: Vec<StatementId>) -> Judgement {
    Judgement {
        verdict,
        message: message.into(),
        evidence: evidence.into(),
        fixes: Vec::new(),
    }
}

fn unknown() -> Judgement {
    judgement(Verdict::Unknown, String::new(), Vec::new())
}

impl Judge<'_> {
    /// A true claim that names its subject or value by a name used only at another time
    /// ("Nur-Sultan" written after the city took back the name Astana): outdated when the
    /// name went out of use before the claim's time, contradicted when it came later.
    fn timed_name(&self) -> Option<Judgement> {
        let on = match self.claim.when {
            When::Present | When::Since(_) => self.as_of,
            When::At(d) | When::Until(d) | When::Between(_, d) => d.latest().min(self.as_of),
            When::Past => return None,
        };
        let value = match self.claim.value {
            ClaimValue::Entity(v) => Some(v),
            _ => None,
        };
        let written = &self.text[self.claim.range.clone()];
        for e in self.claim.subject.into_iter().chain(value) {
            let entity = self.base.entity_of(e);
            for (name, validity) in &entity.timed {
                // "Macedonia" inside "North Macedonia" is the other name.
                let longer: Vec<Range<usize>> = std::iter::once(&entity.label)
                    .chain(&entity.aliases)
                    .filter(|n| n.len() > name.len() && !entity.timed.iter().any(|(t, _)| t == *n))
                    .flat_map(|n| find_words(written, n).map(move |at| at..at + n.len()))
                    .collect();
                let inside = |at: usize| longer.iter().any(|r| r.start <= at && at < r.end);
                let Some(at) = find_words(written, name).find(|&at| !inside(at)) else {
                    continue;
                };
                let (from, until) = validity.bounds();
                let verdict = match (from, until) {
                    (_, Some(u)) if u < on => Verdict::Outdated,
                    (Some(f), _) if on < f => Verdict::Contradicted,
                    _ => continue,
                };
                let current = self.name_on(entity, on);
                let start = self.claim.range.start + at;
                let mut j = judgement(
                    verdict,
                    format!(
                        "“{name}” was a name of {} only {}; on {on} it is {current}",
                        entity.label,
                        period_text(validity)
                    ),
                    Vec::new(),
                );
                j.fixes.push(Fix {
                    title: format!("Replace with “{current}”").into(),
                    range: start..start + name.len(),
                    new_text: current.into(),
                });
                return Some(j);
            }
        }
        None
    }

    /// The entity's name on `day`: its label, unless the label is itself a timed name
    /// not in use then and another name is.
    fn name_on<'e>(&self, entity: &'e crate::facts::model::Entity, day: Date) -> &'e str {
        let in_use = |name: &str| {
            entity
                .timed
                .iter()
                .filter(|(n, _)| &**n == name)
                .all(|(_, v)| v.holds_on(day))
        };
        std::iter::once(&entity.label)
            .chain(&entity.aliases)
            .find(|n| in_use(n))
            .unwrap_or(&entity.label)
    }

    fn st(&self, id: StatementId) -> &Statement {
        self.base.statement_of(id)
    }

    /// The claim's period as a day range.
    fn window(&self) -> (Date, Date) {
        match self.claim.when {
            When::Present => (self.as_of, self.as_of),
            When::Past => (Date::MIN, self.as_of),
            When::At(d) => (d.earliest(), d.latest()),
            When::Between(a, b) => (a.earliest(), b.latest()),
            // "has not been a member since 2012": from the end of that year.
            When::Since(d) if !self.claim.positive => (d.latest(), self.as_of.max(d.latest())),
            When::Since(d) => (d.earliest(), self.as_of.max(d.latest())),
            When::Until(d) => (d.earliest(), d.latest()),
        }
    }

    fn overlaps(&self, v: &Validity) -> bool {
        let (lo, hi) = self.window();
        let (a, b) = v.bounds();
        a.is_none_or(|a| a <= hi) && b.is_none_or(|b| lo <= b)
    }

    fn when_text(&self) -> String {
        match self.claim.when {
            When::Present => format!("on {}", self.as_of),
            When::Past => format!("before {}", self.as_of),
            When::At(d) => format!("in {d}"),
            When::Between(a, b) => format!("from {a} to {b}"),
            When::Since(d) => format!("since {d}"),
            When::Until(d) => format!("until {d}"),
        }
    }

    fn say(&self) -> Say<'_> {
        Say {
            base: self.base,
            text: self.text,
        }
    }

    /// An entity's short name, with "the" when due ("the CSTO").
    fn name(&self, e: EntityId) -> String {
        self.say().name(e)
    }

    /// A statement as a sentence with its time.
    fn fact(&self, s: &Statement) -> String {
        self.say().fact(s, self.as_of)
    }

    /// The claim's tense: the present for a claim about the note's date, else the past.
    fn tense(&self) -> Tense {
        match self.claim.when {
            When::Present => Tense::Present,
            _ => Tense::Past,
        }
    }

    /// The claim, with `value` as its value, as a clause in `tense` and `polarity`.
    fn clause(&self, value: &str, tense: Tense, polarity: Polarity) -> String {
        let subject = self.claim.subject.map(|s| self.name(s)).unwrap_or_default();
        let said = self
            .say()
            .clause((&subject, self.claim.relation, value), tense, polarity);
        say::sentence(&said)
    }

    /// What the base holds beside the claimed relation between the same two ends, on `day`
    /// (", participation frozen since …"), as a parenthesis.
    fn related(&self, value: EntityId, day: Date) -> String {
        let Some(subject) = self.claim.subject else {
            return String::new();
        };
        let ends = (subject, self.claim.relation, value);
        let related = self.say().related(ends, day, self.as_of);
        if related.is_empty() {
            return String::new();
        }
        format!(" ({})", related.join("; "))
    }

    fn counts(&self, s: &Statement) -> bool {
        !s.is_deprecated() && !s.unconfirmed
    }

    fn statements(&self) -> Vec<StatementId> {
        match self.claim.subject {
            Some(s) => self.base.statements_about(s, self.claim.relation).to_vec(),
            None => Vec::new(),
        }
    }

    /// The deprecation reasons of matching known-wrong statements, as a suffix.
    fn deprecated_reason(&self, matching: &[StatementId]) -> String {
        matching
            .iter()
            .find_map(|&id| match &self.st(id).rank {
                Rank::Deprecated(why) => Some(format!(": {why}")),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn complete(&self, value: Option<EntityId>) -> bool {
        let r = self.base.relation_of(self.claim.relation);
        value.is_some_and(|v| r.is_complete_for(v))
            || self.claim.subject.is_some_and(|s| r.is_complete_for(s))
    }

    /// A matched statement is disputed when it is not preferred and shares a
    /// dispute with a non-deprecated statement saying something else.
    fn disputed(&self, matched: &[StatementId]) -> Option<Judgement> {
        if matched.iter().any(|&m| {
            self.st(m).rank == Rank::Preferred || self.base.disputes_of(m).next().is_none()
        }) {
            return None;
        }
        let m = matched[0];
        let d = self.base.disputes_of(m).next()?;
        let others: Vec<StatementId> = d
            .statements
            .iter()
            .copied()
            .filter(|&o| {
                o != m && !self.st(o).is_deprecated() && self.st(o).value != self.st(m).value
            })
            .collect();
        if others.is_empty() {
            return None;
        }
        let sides: Vec<String> = std::iter::once(m)
            .chain(others.iter().copied())
            .map(|s| self.fact(self.st(s)))
            .collect();
        let note = d
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        let mut evidence = vec![m];
        evidence.extend(others);
        Some(judgement(
            Verdict::Disputed,
            format!(
                "Sources disagree ({}): {}{note}",
                d.label,
                sides.join("; or ")
            ),
            evidence,
        ))
    }

    // ---- entity values -------------------------------------------------------

    /// The statements with the claimed value, and those of them that count as evidence.
    fn with_value(&self, value: EntityId) -> (Vec<StatementId>, Vec<StatementId>) {
        let same: Vec<StatementId> = self
            .statements()
            .into_iter()
            .filter(|&s| self.st(s).value == Value::Entity(value))
            .collect();
        let good = same
            .iter()
            .copied()
            .filter(|&s| self.counts(self.st(s)))
            .collect();
        (same, good)
    }

    fn holds(&self, value: EntityId) -> Judgement {
        let all = self.statements();
        let (same, good) = self.with_value(value);
        let holding = self.holding(&good, value);
        if !self.claim.positive {
            return self.holds_negative(value, &good, &holding);
        }
        // "a founding member" describes the start, whatever has happened since.
        if self.claim.founding && self.claim.positive && !good.is_empty() {
            return self
                .not_founding(value, &good)
                .unwrap_or_else(|| judgement(Verdict::Supported, String::new(), good.clone()));
        }
        if !holding.is_empty() {
            if self.claim.no_longer && self.held_now(&good, value) {
                return self.still_holds(&good);
            }
            // "a member since 2006" says it still holds: it must, on the note's date.
            let since = matches!(self.claim.when, When::Since(_)) && !self.claim.past;
            if since && !self.held_now(&good, value) {
                return self.outdated(value, holding);
            }
            if let Some(j) = self.not_throughout(value, &holding) {
                return j;
            }
            if let Some(j) = self.ended_otherwise(value, &holding) {
                return j;
            }
            return self
                .disputed(&holding)
                .unwrap_or_else(|| judgement(Verdict::Supported, String::new(), holding));
        }
        // An event told in the present ("the treaty is signed in Tashkent", a timeline's
        // historical present) happened; it is never outdated, nor rewritten with "until".
        let happened: Vec<StatementId> = good
            .iter()
            .copied()
            .filter(|&s| matches!(self.st(s).validity, Validity::Point(p) if p.earliest() <= self.as_of))
            .collect();
        if self.claim.when == When::Present && !happened.is_empty() {
            return judgement(Verdict::Supported, String::new(), happened);
        }
        let held_before = self.ended_before_note(&good);
        if self.claim.when == When::Present && !held_before.is_empty() {
            return self.outdated(value, held_before);
        }
        let relation = self.base.relation_of(self.claim.relation);
        let others = self.other_holders(&all, value);
        // "X headed Y" where X held another post at Y then (head of the Commonwealth, not
        // its secretary-general): the verb may mean either, so nothing is said.
        if relation.functional && !others.is_empty() && self.holds_another(value) {
            return unknown();
        }
        if relation.functional && !others.is_empty() {
            let mut j = judgement(
                Verdict::Contradicted,
                format!(
                    "{} {}: {}",
                    self.clause(&self.name(value), self.tense(), Polarity::Not),
                    self.when_text(),
                    self.facts(&others)
                ),
                others.clone(),
            );
            j.fixes = self.replacements(&others);
            return j;
        }
        if let Some(j) = self.excluded(value) {
            return j;
        }
        let deprecated: Vec<StatementId> = same
            .iter()
            .copied()
            .filter(|&s| self.st(s).is_deprecated())
            .collect();
        if self.complete(Some(value)) || !deprecated.is_empty() {
            let message = if good.is_empty() {
                format!(
                    "{}{}",
                    self.clause(&self.name(value), Tense::Past, Polarity::Never),
                    self.deprecated_reason(&deprecated)
                )
            } else {
                self.only(value, &good)
            };
            let mut evidence = good.clone();
            evidence.extend(deprecated);
            return judgement(Verdict::Contradicted, message, evidence);
        }
        unknown()
    }

    /// "from 2017 to 2020", "since 1992": the claim's period must be covered from its first
    /// year to its last (at the claim's precision), not merely touched.
    fn not_throughout(&self, value: EntityId, holding: &[StatementId]) -> Option<Judgement> {
        let (need_from, need_until) = match self.claim.when {
            When::Between(a, b) => (a.latest(), b.earliest()),
            When::Since(a) => (a.latest(), a.latest()),
            _ => return None,
        };
        let mut spans: Vec<(Date, Date)> = holding
            .iter()
            .map(|&s| {
                let (from, until) = self.st(s).validity.bounds();
                (from.unwrap_or(Date::MIN), until.unwrap_or(Date::MAX))
            })
            .collect();
        spans.sort();
        // Consecutive terms (a re-appointment, a handover the next day) join up.
        let mut merged: Vec<(Date, Date)> = Vec::new();
        for (from, until) in spans {
            match merged.last_mut() {
                Some(last) if from <= last.1.tomorrow().unwrap_or(last.1) => {
                    last.1 = last.1.max(until);
                }
                _ => merged.push((from, until)),
            }
        }
        let covered = |&(start, end): &(Date, Date)| start <= need_from && end >= need_until;
        if let (When::Since(a), Some(&(start, _))) =
            (self.claim.when, merged.iter().find(|span| covered(span)))
        {
            return self.started_otherwise(value, a, start, holding);
        }
        if merged.is_empty() || merged.iter().any(covered) {
            return None;
        }
        let message = self.only(value, holding);
        Some(judgement(Verdict::Contradicted, message, holding.to_vec()))
    }

    /// "X was not a member of Y in 2015: only from 2006-08-16 to 2012-12-18".
    fn only(&self, value: EntityId, held: &[StatementId]) -> String {
        let periods: Vec<String> = held
            .iter()
            .map(|&s| period_text(&self.st(s).validity))
            .collect();
        format!(
            "{} {}: only {}",
            self.clause(&self.name(value), self.tense(), Polarity::Not),
            self.when_text(),
            periods.join(", ")
        )
    }

    /// "a member since 2006" also dates the start: a holding that began in another year
    /// (at the claim's precision) contradicts it, though it held in 2006 too.
    fn started_otherwise(
        &self,
        value: EntityId,
        since: PartialDate,
        start: Date,
        holding: &[StatementId],
    ) -> Option<Judgement> {
        let began = holding
            .iter()
            .filter_map(|&s| self.st(s).validity.start())
            .find(|d| d.earliest() == start)?;
        if began.earliest() <= since.latest() && since.earliest() <= began.latest() {
            return None;
        }
        let mut j = judgement(
            Verdict::Contradicted,
            format!(
                "{} from {began}, not {}",
                self.clause(&self.name(value), Tense::Past, Polarity::Yes),
                self.when_text()
            ),
            holding.to_vec(),
        );
        j.fixes = self.date_fixes(self.claim.time_range.clone(), std::iter::once(began));
        Some(j)
    }

    /// Whether the subject holds another one-holder relation with `value` in the claim's
    /// window.
    fn holds_another(&self, value: EntityId) -> bool {
        let Some(subject) = self.claim.subject else {
            return false;
        };
        (0..self.base.relations.len() as u32)
            .map(RelationId)
            .filter(|&r| r != self.claim.relation && self.base.relation_of(r).functional)
            .flat_map(|r| self.base.statements_about(subject, r))
            .any(|&s| {
                let st = self.st(s);
                st.value == Value::Entity(value) && self.counts(st) && self.overlaps(&st.validity)
            })
    }

    /// "a member until 2002" also dates the end: a holding that ran on past that year (and
    /// ended before the note's date, or still holds) contradicts it.
    fn ended_otherwise(&self, value: EntityId, holding: &[StatementId]) -> Option<Judgement> {
        let When::Until(until) = self.claim.when else {
            return None;
        };
        if until.latest() >= self.as_of || self.claim.no_longer || !self.claim.positive {
            return None;
        }
        // Only a holding that covers the claimed end and ended later: one that still holds
        // may be a lasting fact in a sentence whose time is about something else ("The
        // Dutch politician X headed NATO until 2014").
        let (runs_on, ended) = holding.iter().find_map(|&s| {
            let (from, end) = self.st(s).validity.bounds();
            let end = end.filter(|&e| e > until.latest())?;
            from.is_none_or(|f| f <= until.latest()).then_some((s, end))
        })?;
        let message = format!(
            "{} until {ended}, not {}",
            self.clause(&self.name(value), Tense::Past, Polarity::Yes),
            self.when_text()
        );
        let mut j = judgement(Verdict::Contradicted, message, vec![runs_on]);
        j.fixes = self.date_fixes(
            self.claim.time_range.clone(),
            std::iter::once(PartialDate::from_date(ended)),
        );
        Some(j)
    }

    /// "a founding member": contradicted when the claim's holding started in a later year
    /// than the first holding of the same kind (the first members, the first holder).
    fn not_founding(&self, value: EntityId, good: &[StatementId]) -> Option<Judgement> {
        let (own, first) = self.joined_late(value, good)?;
        let message = format!(
            "{} only from {own}, after the first ones ({first}): not from the founding",
            self.clause(&self.name(value), Tense::Past, Polarity::Yes)
        );
        Some(judgement(Verdict::Contradicted, message, good.to_vec()))
    }

    /// "The Holy See is a member of the UN" where the base has it an observer there then, and
    /// the relations exclude each other (`excludes`, declared on either side): contradicted,
    /// citing the holding that excludes it.
    fn excluded(&self, value: EntityId) -> Option<Judgement> {
        let subject = self.claim.subject?;
        let own = self.claim.relation;
        let relation = self.base.relation_of(own);
        let holding: Vec<StatementId> = (0..self.base.relations.len() as u32)
            .map(RelationId)
            .filter(|&r| {
                relation.excludes.contains(&r) || self.base.relation_of(r).excludes.contains(&own)
            })
            .flat_map(|r| self.base.statements_about(subject, r).iter().copied())
            .filter(|&s| {
                let st = self.st(s);
                self.counts(st)
                    && matches!(st.value, Value::Entity(v) if v == value)
                    && self.overlaps(&st.validity)
            })
            .collect();
        if holding.is_empty() {
            return None;
        }
        let message = format!(
            "{} {}: {}, which rules it out",
            self.clause(&self.name(value), self.tense(), Polarity::Not),
            self.when_text(),
            self.facts(&holding)
        );
        Some(judgement(Verdict::Contradicted, message, holding))
    }

    /// The start of `own`'s holding and of the first holdings of its kind (the first
    /// members, the first holder), when `own` started in a later year.
    fn joined_late(
        &self,
        value: EntityId,
        own: &[StatementId],
    ) -> Option<(PartialDate, PartialDate)> {
        let relation = self.base.relation_of(self.claim.relation);
        let peers: &[StatementId] = match (relation.functional, self.claim.subject) {
            (true, Some(s)) => self.base.statements_about(s, self.claim.relation),
            _ => self.base.statements_with_value(self.claim.relation, value),
        };
        let first = self.first_start(peers)?;
        let own = self.first_start(own)?;
        (own.year > first.year).then_some((own, first))
    }

    /// The earliest start among the statements that count (open starts are not dates).
    fn first_start(&self, ids: &[StatementId]) -> Option<PartialDate> {
        ids.iter()
            .filter(|&&s| self.counts(self.st(s)))
            .filter_map(|&s| self.st(s).validity.start())
            .min_by_key(|d| d.earliest())
    }

    /// A name the base does not know, in a one-at-a-time relation: contradicted when the
    /// base knows who held it then (a positive claim only: "X is not the chair" says little).
    fn unknown_holder(&self, name: &str) -> Judgement {
        if !self.claim.positive || self.claim.when == When::Past {
            return unknown();
        }
        let all = self.statements();
        let holders: Vec<StatementId> = match (self.claim.when, self.claim.subject) {
            (When::Present, Some(subject)) => {
                self.base
                    .values_on(subject, self.claim.relation, self.as_of)
            }
            _ => all
                .iter()
                .copied()
                .filter(|&s| self.counts(self.st(s)) && self.overlaps(&self.st(s).validity))
                .collect(),
        };
        if holders.is_empty() {
            return unknown();
        }
        let mut j = judgement(
            Verdict::Contradicted,
            format!(
                "{} {}: {}",
                self.clause(name, self.tense(), Polarity::Not),
                self.when_text(),
                self.facts(&holders)
            ),
            holders.clone(),
        );
        j.fixes = self.replacements(&holders);
        j
    }

    /// Those of `ids` whose holding ended before the note's date (events, which hold on
    /// their day only, never end).
    fn ended_before_note(&self, ids: &[StatementId]) -> Vec<StatementId> {
        ids.iter()
            .copied()
            .filter(|&s| match self.st(s).validity {
                Validity::Interval { until: Some(u), .. } => u.latest() < self.as_of,
                _ => false,
            })
            .collect()
    }

    /// The statements (of the claimed value) holding during the claim's period.
    fn holding(&self, good: &[StatementId], value: EntityId) -> Vec<StatementId> {
        let relation = self.base.relation_of(self.claim.relation);
        if self.claim.when == When::Present && relation.functional {
            let Some(subject) = self.claim.subject else {
                return Vec::new();
            };
            return self
                .base
                .values_on(subject, self.claim.relation, self.as_of)
                .into_iter()
                .filter(|&s| self.st(s).value == Value::Entity(value))
                .collect();
        }
        good.iter()
            .copied()
            .filter(|&s| self.overlaps(&self.st(s).validity))
            .collect()
    }

    fn held_now(&self, good: &[StatementId], _value: EntityId) -> bool {
        good.iter()
            .any(|&s| self.st(s).validity.holds_on(self.as_of))
    }

    fn still_holds(&self, good: &[StatementId]) -> Judgement {
        let now: Vec<StatementId> = good
            .iter()
            .copied()
            .filter(|&s| self.st(s).validity.holds_on(self.as_of))
            .collect();
        judgement(
            Verdict::Contradicted,
            format!("It still holds on {}: {}", self.as_of, self.facts(&now)),
            now,
        )
    }

    /// Other values of a functional relation during the claim's period.
    fn other_holders(&self, all: &[StatementId], value: EntityId) -> Vec<StatementId> {
        if self.claim.when == When::Present
            && let Some(subject) = self.claim.subject
        {
            return self
                .base
                .values_on(subject, self.claim.relation, self.as_of);
        }
        all.iter()
            .copied()
            .filter(|&s| {
                let st = self.st(s);
                self.counts(st) && st.value != Value::Entity(value) && self.overlaps(&st.validity)
            })
            .collect()
    }

    fn holds_negative(
        &self,
        value: EntityId,
        good: &[StatementId],
        holding: &[StatementId],
    ) -> Judgement {
        let c = self.claim;
        let ever: Vec<StatementId> = good
            .iter()
            .copied()
            .filter(|&s| {
                self.st(s)
                    .validity
                    .bounds()
                    .0
                    .is_none_or(|f| f <= self.as_of)
            })
            .collect();
        if c.never && matches!(c.when, When::Past | When::Present) {
            if !ever.is_empty() {
                return judgement(
                    Verdict::Contradicted,
                    format!("It did: {}", self.facts(&ever)),
                    ever,
                );
            }
            return self.supported_if_closed(value);
        }
        // "ceased to be a party" (no date): true once a holding has ended before the note.
        if c.no_longer && c.when == When::Past {
            let ended = self.ended_before_note(&ever);
            if !ended.is_empty() {
                return judgement(Verdict::Supported, String::new(), ended);
            }
        }
        if c.no_longer && c.when == When::Present {
            if self.held_now(good, value) {
                return self.still_holds(good);
            }
            if !ever.is_empty() {
                return judgement(Verdict::Supported, String::new(), ever);
            }
            if self.complete(Some(value)) {
                return judgement(
                    Verdict::Contradicted,
                    format!(
                        "{}, so it cannot have ended",
                        self.clause(&self.name(value), Tense::Past, Polarity::Never)
                    ),
                    Vec::new(),
                );
            }
            return unknown();
        }
        // "Finland is not a member of NATO", written after it joined: true until then.
        if !holding.is_empty()
            && c.when == When::Present
            && let Some((began, _)) = self.joined_late(value, holding)
        {
            return judgement(
                Verdict::Outdated,
                format!(
                    "Outdated on {}: {} since {began}",
                    self.as_of,
                    self.clause(&self.name(value), Tense::Perfect, Polarity::Yes)
                ),
                holding.to_vec(),
            );
        }
        if !holding.is_empty() {
            return judgement(
                Verdict::Contradicted,
                format!("It holds {}: {}", self.when_text(), self.facts(holding)),
                holding.to_vec(),
            );
        }
        let relation = self.base.relation_of(c.relation);
        let others = self.other_holders(&self.statements(), value);
        if relation.functional && !others.is_empty() {
            return judgement(Verdict::Supported, String::new(), others);
        }
        self.supported_if_closed(value)
    }

    fn supported_if_closed(&self, value: EntityId) -> Judgement {
        if self.complete(Some(value)) {
            judgement(Verdict::Supported, String::new(), Vec::new())
        } else {
            unknown()
        }
    }

    fn facts(&self, ids: &[StatementId]) -> String {
        ids.iter()
            .map(|&s| self.fact(self.st(s)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn outdated(&self, value: EntityId, before: Vec<StatementId>) -> Judgement {
        let relation = self.base.relation_of(self.claim.relation);
        let last = *before
            .iter()
            .max_by_key(|&&s| self.st(s).validity.bounds().1)
            .expect("non-empty");
        let until = match self.st(last).validity {
            Validity::Interval { until: Some(u), .. } => Some(u),
            Validity::Point(p) => Some(p),
            _ => None,
        };
        let current = self.claim.subject.map_or(Vec::new(), |s| {
            if relation.functional {
                self.base.values_on(s, self.claim.relation, self.as_of)
            } else {
                Vec::new()
            }
        });
        let lapsed = match until {
            Some(u) => format!(
                "{} since {}",
                self.clause(&self.name(value), Tense::Perfect, Polarity::Not),
                say::after(u)
            ),
            None => format!(
                "{} on {}",
                self.clause(&self.name(value), Tense::Present, Polarity::Not),
                self.as_of
            ),
        };
        let mut message = format!(
            "Outdated on {}: {lapsed}{}",
            self.as_of,
            self.related(value, self.as_of)
        );
        if !current.is_empty() {
            message.push_str(&format!("; {}", self.facts(&current)));
        }
        let mut fixes = Vec::new();
        let rewrite = until.and_then(|u| self.past_tense_fix(u));
        let replace = self.replacements(&current);
        if relation.functional {
            fixes.extend(replace);
            fixes.extend(rewrite);
        } else {
            fixes.extend(rewrite);
            fixes.extend(replace);
        }
        let mut evidence = vec![last];
        evidence.extend(current);
        Judgement {
            verdict: Verdict::Outdated,
            message: message.into(),
            evidence: evidence.into(),
            fixes,
        }
    }

    /// "is a member of X" → "was a member of X until 2012".
    fn past_tense_fix(&self, until: PartialDate) -> Option<Fix> {
        let aux = self.claim.aux.as_ref()?;
        let past = match (aux.have, aux.plural) {
            (true, _) => "had",
            (false, true) => "were",
            (false, false) => "was",
        };
        let end = self.claim.range.end;
        if aux.range.start < self.claim.range.start || aux.range.end > end {
            return None;
        }
        let rest = &self.text[aux.range.end..end];
        let new_text = format!("{past}{rest} until {}", until.year);
        Some(Fix {
            title: format!("Rewrite in the past: “{new_text}”").into(),
            range: aux.range.start..end,
            new_text: new_text.into(),
        })
    }

    /// Replace the claimed value's name with each current holder's.
    fn replacements(&self, holders: &[StatementId]) -> Vec<Fix> {
        let Some(range) = self.claim.value_range.clone() else {
            return Vec::new();
        };
        holders
            .iter()
            .filter_map(|&s| match self.st(s).value {
                Value::Entity(e) => Some(Fix {
                    title: format!("Replace with “{}”", self.name(e)).into(),
                    range: range.clone(),
                    new_text: self.name(e).into(),
                }),
                _ => None,
            })
            .collect()
    }

    // ---- events: starts and ends -----------------------------------------------

    fn event(&self, value: EntityId) -> Judgement {
        let (same, good) = self.with_value(value);
        let point = |s: StatementId| -> Option<PartialDate> {
            match (self.st(s).validity, self.claim.aspect) {
                (Validity::Point(p), _) => Some(p),
                (Validity::Interval { from, .. }, Aspect::Starts) => from,
                (Validity::Interval { until, .. }, _) => until,
                _ => None,
            }
        };
        let (lo, hi) = self.window();
        // `until` is the last day held: an end "on 1 January" is an `until` of 31 December.
        let lo = match self.claim.aspect {
            Aspect::Ends => lo.yesterday().unwrap_or(lo),
            _ => lo,
        };
        // "appointed in November 2022" for a term from January 2023: a choice comes first.
        let chosen = self.claim.chosen && self.claim.aspect == Aspect::Starts;
        let start_by = match chosen {
            true => hi.checked_add(jiff::Span::new().years(1)).unwrap_or(hi),
            false => hi,
        };
        let matching: Vec<StatementId> = good
            .iter()
            .copied()
            .filter(|&s| point(s).is_some_and(|p| p.earliest() <= start_by && lo <= p.latest()))
            .collect();
        let verb = if self.claim.aspect == Aspect::Starts {
            "started"
        } else {
            "ended"
        };
        if !self.claim.positive {
            return match (matching.is_empty(), self.complete(Some(value))) {
                (false, _) => judgement(
                    Verdict::Contradicted,
                    format!("It {verb} {}: {}", self.when_text(), self.facts(&matching)),
                    matching,
                ),
                (true, true) => judgement(Verdict::Supported, String::new(), Vec::new()),
                _ => unknown(),
            };
        }
        if !matching.is_empty() {
            return self
                .disputed(&matching)
                .unwrap_or_else(|| judgement(Verdict::Supported, String::new(), matching));
        }
        let dated: Vec<(StatementId, PartialDate)> = good
            .iter()
            .filter_map(|&s| point(s).map(|p| (s, p)))
            .collect();
        let deprecated: Vec<StatementId> = same
            .iter()
            .copied()
            .filter(|&s| self.st(s).is_deprecated())
            .collect();
        if !dated.is_empty() && self.claim.when.is_explicit() {
            let mut j = judgement(
                Verdict::Contradicted,
                format!(
                    "{} {}, not {}{}",
                    self.clause(&self.name(value), Tense::Past, Polarity::Yes),
                    dated
                        .iter()
                        .map(|(_, p)| match verb {
                            "started" => format!("from {p}"),
                            _ => format!("until {p}"),
                        })
                        .collect::<Vec<_>>()
                        .join(" and "),
                    self.when_text().trim_start_matches("in "),
                    // What did change then ("participation frozen since 2012-06-28").
                    self.related(value, hi.min(self.as_of))
                ),
                dated.iter().map(|(s, _)| *s).collect(),
            );
            j.fixes = self.date_fixes(self.claim.time_range.clone(), dated.iter().map(|(_, p)| *p));
            return j;
        }
        // "Armenia left the CSTO in 2024" while the membership runs on.
        let ran_on: Vec<StatementId> = good
            .iter()
            .copied()
            .filter(|&s| {
                let (from, until) = self.st(s).validity.bounds();
                let covers = from.is_none_or(|f| f <= hi) && until.is_none_or(|u| u >= hi);
                let past_end = until.is_none_or(|u| u > hi) && from.is_none_or(|f| f < lo);
                covers && past_end
            })
            .collect();
        if self.claim.aspect == Aspect::Ends && self.claim.when.is_explicit() && !ran_on.is_empty()
        {
            return judgement(
                Verdict::Contradicted,
                format!(
                    "It did not end {}: {}{}",
                    self.when_text(),
                    self.facts(&ran_on),
                    self.related(value, hi.min(self.as_of))
                ),
                ran_on,
            );
        }
        if good.is_empty() && (self.complete(Some(value)) || !deprecated.is_empty()) {
            return judgement(
                Verdict::Contradicted,
                format!(
                    "{}{}",
                    self.clause(&self.name(value), Tense::Past, Polarity::Never),
                    self.deprecated_reason(&deprecated)
                ),
                deprecated,
            );
        }
        unknown()
    }

    /// Replace a written date with each correct one, at the written precision.
    fn date_fixes(
        &self,
        range: Option<Range<usize>>,
        dates: impl Iterator<Item = PartialDate>,
    ) -> Vec<Fix> {
        let Some(range) = range else {
            return Vec::new();
        };
        let written = &self.text[range.clone()];
        let mut out: Vec<Fix> = Vec::new();
        for d in dates {
            let new_text = match written.parse::<i32>() {
                Ok(_) => d.year.to_string(),
                Err(_) => d.to_string(),
            };
            if new_text != written && !out.iter().any(|f| *f.new_text == *new_text) {
                out.push(Fix {
                    title: format!("Replace with {new_text}").into(),
                    range: range.clone(),
                    new_text: new_text.into(),
                });
            }
        }
        out
    }

    // ---- dates, quantities, counts ---------------------------------------------

    fn date_value(&self, claimed: PartialDate) -> Judgement {
        let all = self.statements();
        let good: Vec<StatementId> = all
            .iter()
            .copied()
            .filter(|&s| self.counts(self.st(s)))
            .collect();
        let overlaps = |s: StatementId| match self.st(s).value {
            Value::Date(d) => d.earliest() <= claimed.latest() && claimed.earliest() <= d.latest(),
            _ => false,
        };
        let matching: Vec<StatementId> = good.iter().copied().filter(|&s| overlaps(s)).collect();
        let wrong: Vec<StatementId> = all
            .iter()
            .copied()
            .filter(|&s| self.st(s).is_deprecated() && overlaps(s))
            .collect();
        if good.is_empty() {
            return unknown();
        }
        if !self.claim.positive {
            return if matching.is_empty() {
                judgement(Verdict::Supported, String::new(), good)
            } else {
                judgement(
                    Verdict::Contradicted,
                    format!("It is so: {}", self.facts(&matching)),
                    matching,
                )
            };
        }
        if !matching.is_empty() {
            return self
                .disputed(&matching)
                .unwrap_or_else(|| judgement(Verdict::Supported, String::new(), matching));
        }
        let mut best = good.clone();
        best.sort_by_key(|&s| self.st(s).rank != Rank::Preferred);
        let dates = best.iter().filter_map(|&s| match self.st(s).value {
            Value::Date(d) => Some(d),
            _ => None,
        });
        let mut j = judgement(
            Verdict::Contradicted,
            format!(
                "Not {claimed}: {}{}",
                self.facts(&best),
                match self.deprecated_reason(&wrong).strip_prefix(": ") {
                    Some(why) => format!(" ({why})"),
                    None => String::new(),
                }
            ),
            best.iter().copied().chain(wrong.iter().copied()).collect(),
        );
        j.fixes = self.date_fixes(
            self.claim.value_range.clone(),
            dates.map(|d| d.at_precision(claimed.precision())),
        );
        j
    }

    fn quantity(&self, claimed: &Quantity) -> Judgement {
        let good: Vec<StatementId> = self
            .statements()
            .into_iter()
            .filter(|&s| self.counts(self.st(s)) && matches!(self.st(s).value, Value::Quantity(_)))
            .collect();
        let qty = |s: StatementId| match &self.st(s).value {
            Value::Quantity(q) => q.clone(),
            _ => unreachable!("filtered to quantities"),
        };
        let started = |s: StatementId| {
            self.st(s)
                .validity
                .bounds()
                .0
                .is_none_or(|f| f <= self.as_of)
        };
        let relevant: Vec<StatementId> = match self.claim.when {
            When::Present => {
                let latest = good
                    .iter()
                    .copied()
                    .filter(|&s| started(s))
                    .map(|s| self.st(s).validity.bounds().0)
                    .max();
                good.iter()
                    .copied()
                    .filter(|&s| started(s) && Some(self.st(s).validity.bounds().0) == latest)
                    .collect()
            }
            When::Past => good.iter().copied().filter(|&s| started(s)).collect(),
            _ => good
                .iter()
                .copied()
                .filter(|&s| self.overlaps(&self.st(s).validity))
                .collect(),
        };
        if relevant.is_empty() {
            return unknown();
        }
        let agree: Vec<StatementId> = relevant
            .iter()
            .copied()
            .filter(|&s| quantities_agree(claimed, &qty(s)))
            .collect();
        if !agree.is_empty() {
            return self
                .disputed(&agree)
                .unwrap_or_else(|| judgement(Verdict::Supported, String::new(), agree));
        }
        let mut best = relevant.clone();
        best.sort_by_key(|&s| self.st(s).rank != Rank::Preferred);
        // Only a figure (not a bound like "over 17,000") can make a claim outdated.
        let figure = |q: &Quantity| {
            q.upper.is_none() && matches!(q.approx, Approximation::Exact | Approximation::About)
        };
        let earlier: Vec<StatementId> = good
            .iter()
            .copied()
            .filter(|&s| started(s) && figure(&qty(s)) && quantities_agree(claimed, &qty(s)))
            .collect();
        let (verdict, lead) = if self.claim.when == When::Present && !earlier.is_empty() {
            (
                Verdict::Outdated,
                format!(
                    "Outdated on {}: {} held earlier ({})",
                    self.as_of,
                    say::quantity_text(claimed, false),
                    self.facts(&earlier)
                ),
            )
        } else {
            (
                Verdict::Contradicted,
                format!(
                    "Not {} {}",
                    say::quantity_text(claimed, false),
                    self.when_text()
                ),
            )
        };
        let mut j = judgement(
            verdict,
            format!("{lead}: {}", self.facts(&best)),
            best.clone(),
        );
        if let Some(range) = self.claim.value_range.clone() {
            j.fixes = best
                .iter()
                .map(|&s| say::quantity_text(&qty(s), false))
                .fold(Vec::new(), |mut acc: Vec<String>, t| {
                    if !acc.contains(&t) {
                        acc.push(t);
                    }
                    acc
                })
                .into_iter()
                .map(|t| Fix {
                    title: format!("Replace with “{t}”").into(),
                    range: range.clone(),
                    new_text: t.into(),
                })
                .collect();
        }
        j
    }

    fn count(&self, claimed: u32, target: EntityId) -> Judgement {
        let c = self.claim;
        let relation = self.base.relation_of(c.relation);
        if !relation.is_complete_for(target) || !c.positive {
            return unknown();
        }
        let ids = self.base.statements_with_value(c.relation, target);
        let at = |day: Date| self.base.subjects_on(c.relation, target, day).len() as u32;
        if c.founding {
            return self.founders(claimed, target);
        }
        let days = |lo: Date, hi: Date| -> Vec<Date> {
            let mut days = vec![lo.max(Date::new(1800, 1, 1).expect("valid")), hi];
            for &s in ids {
                let (a, b) = self.st(s).validity.bounds();
                let after = b.and_then(|b| b.tomorrow().ok());
                days.extend(
                    [a, b, after]
                        .into_iter()
                        .flatten()
                        .filter(|d| (lo..=hi).contains(d)),
                );
            }
            days
        };
        let (lo, hi) = self.window();
        let possible: Vec<u32> = days(lo, hi).into_iter().map(at).collect();
        if possible.contains(&claimed) {
            let evidence = self.base.subjects_on(c.relation, target, hi);
            return judgement(
                Verdict::Supported,
                String::new(),
                self.holders_evidence(target, &evidence, hi),
            );
        }
        let now = at(hi);
        let members = self.base.subjects_on(c.relation, target, hi);
        let names = members
            .iter()
            .map(|&e| self.name(e))
            .collect::<Vec<_>>()
            .join(", ");
        let earlier = days(Date::MIN, self.as_of)
            .into_iter()
            .any(|d| at(d) == claimed);
        let verdict = if c.when == When::Present && earlier {
            Verdict::Outdated
        } else {
            Verdict::Contradicted
        };
        let mut j = judgement(
            verdict,
            format!(
                "{}{} {} {now} {} {}, not {claimed}: {names}",
                if verdict == Verdict::Outdated {
                    format!("Outdated on {}: ", self.as_of)
                } else {
                    String::new()
                },
                say::sentence(&self.name(target)),
                if hi < self.as_of { "had" } else { "has" },
                self.counted(now),
                if c.when.is_explicit() {
                    self.when_text()
                } else {
                    format!("on {hi}")
                },
            ),
            self.holders_evidence(target, &members, hi),
        );
        if let Some(range) = c.value_range.clone() {
            let text = if c.spelled {
                crate::numbers::spell(now)
            } else {
                now.to_string()
            };
            j.fixes.push(Fix {
                title: format!("Replace with {text}").into(),
                range,
                new_text: text.into(),
            });
        }
        j
    }

    /// The noun a count of the relation's subjects takes: its first subject role ("member",
    /// "members"), else its label.
    fn counted(&self, n: u32) -> String {
        let relation = self.base.relation_of(self.claim.relation);
        let noun = relation
            .roles
            .iter()
            .find(|r| !r.value_side)
            .and_then(|r| r.nouns.first());
        match noun {
            Some(noun) if n == 1 => noun.to_string(),
            Some(noun) => format!("{noun}s"),
            None => relation.label.to_string(),
        }
    }

    /// "the six founding members": those holding on the first day anyone did.
    fn founders(&self, claimed: u32, target: EntityId) -> Judgement {
        let c = self.claim;
        let ids = self.base.statements_with_value(c.relation, target);
        let Some(day) = self.first_start(ids).map(|d| d.earliest()) else {
            return unknown();
        };
        let founders = self.base.subjects_on(c.relation, target, day);
        let evidence = self.holders_evidence(target, &founders, day);
        if founders.len() as u32 == claimed {
            return judgement(Verdict::Supported, String::new(), evidence);
        }
        let names: Vec<String> = founders.iter().map(|&e| self.name(e)).collect();
        judgement(
            Verdict::Contradicted,
            format!(
                "{} had {} founding {} on {day}, not {claimed}: {}",
                say::sentence(&self.name(target)),
                founders.len(),
                self.counted(founders.len() as u32),
                names.join(", ")
            ),
            evidence,
        )
    }

    /// "X was Y's 32nd member": X's place among all who held the relation to Y, by the day
    /// each first did, when Y's list is complete. `None` when the rank agrees or cannot be
    /// told.
    fn rank(&self, value: EntityId) -> Option<Judgement> {
        let c = self.claim;
        let (n, range, spelled) = c.ordinal.clone()?;
        let subject = c.subject?;
        let relation = self.base.relation_of(c.relation);
        if !c.positive || relation.functional || !relation.is_complete_for(value) {
            return None;
        }
        let mut first: Vec<(EntityId, Date)> = Vec::new();
        let mut evidence = Vec::new();
        for &s in self.base.statements_with_value(c.relation, value) {
            let st = self.st(s);
            if !self.counts(st) {
                continue;
            }
            let day = st.validity.start().map_or(Date::MIN, |d| d.earliest());
            if st.subject == subject {
                evidence.push(s);
            }
            match first.iter_mut().find(|(e, _)| *e == st.subject) {
                Some((_, d)) => *d = (*d).min(day),
                None => first.push((st.subject, day)),
            }
        }
        let own = first.iter().find(|(e, _)| *e == subject)?.1;
        let lo = 1 + first.iter().filter(|(_, d)| *d < own).count() as u32;
        let hi = first.iter().filter(|(_, d)| *d <= own).count() as u32;
        if (lo..=hi).contains(&n) {
            return None;
        }
        let ordinal = |k: u32| crate::numbers::ordinal_text(k, false);
        let place = if lo == hi {
            ordinal(lo)
        } else {
            format!("{} to {}", ordinal(lo), ordinal(hi))
        };
        let mut j = judgement(
            Verdict::Contradicted,
            format!(
                "{}: the {place} by the day each began ({own}), not the {}",
                self.clause(&self.name(value), Tense::Past, Polarity::Yes),
                ordinal(n)
            ),
            evidence,
        );
        if lo == hi {
            let text = crate::numbers::ordinal_text(lo, spelled);
            j.fixes.push(Fix {
                title: format!("Replace with {text}").into(),
                range,
                new_text: text.into(),
            });
        }
        Some(j)
    }

    fn holders_evidence(
        &self,
        target: EntityId,
        holders: &[EntityId],
        day: Date,
    ) -> Vec<StatementId> {
        self.base
            .statements_with_value(self.claim.relation, target)
            .iter()
            .copied()
            .filter(|&s| {
                holders.contains(&self.st(s).subject)
                    && self.counts(self.st(s))
                    && self.st(s).validity.holds_on(day)
            })
            .collect()
    }
}

fn validity_text(v: &Validity) -> String {
    match v {
        Validity::Always => "always".into(),
        other => other.to_string(),
    }
}

/// Where `name` occurs in `text` as whole words, ignoring ASCII case.
fn find_words<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = usize> + 't {
    let boundary = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    text.char_indices().map(|(i, _)| i).filter(move |&i| {
        text.get(i..i + name.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(name))
            && boundary(text[..i].chars().next_back())
            && boundary(text[i + name.len()..].chars().next())
    })
}

/// "until 2019-02-11", "from 2019-03-23 until 2022-09-17".
fn period_text(v: &Validity) -> String {
    match v {
        Validity::Interval {
            from: Some(f),
            until: Some(u),
        } => format!("from {f} until {u}"),
        Validity::Interval {
            from: None,
            until: Some(u),
        } => format!("until {u}"),
        Validity::Interval {
            from: Some(f),
            until: None,
        } => format!("from {f}"),
        other => validity_text(other),
    }
}

#[cfg(test)]
mod tests {
    //! One table per branch of the judgement, over a small base of its own (no CSTO):
    //! claims are built directly, so a failure points at `judge`, not at the reader.

    use super::*;
    use crate::claims::{Claim, ClaimValue, When};
    use crate::facts::model::{Approximation, Aspect, Quantity};
    use crate::facts::{FileReader, LoadOptions, load};

    struct One(&'static str);

    impl FileReader for One {
        fn read(&self, _: &str) -> std::io::Result<String> {
            Ok(self.0.to_string())
        }
    }

    const BASE: &str = r#"
kind org
kind land
kind person
kind force
kind event
source S "A source"
  publisher "Pub"
  undated
source T "Another source"
  publisher "Other"
  undated
relation member_of "member of"
  subject land
  value org
  many
relation head "head"
  subject org
  value person
  functional
relation founded "founded"
  subject org
  value date
  functional
relation strength "strength"
  subject force
  value quantity personnel
  functional
relation held_in "held in"
  subject event
  value land
  many
entity guild org "The Guild"
entity north land "Northland"
entity south land "Southland"
entity east land "Eastland"
entity west land "Westland"
entity ann person "Ann Able"
entity bob person "Bob Best"
entity corps force "The Corps"
entity summit event "The Summit"
north member_of guild from 2000 [S]
south member_of guild from 2000 until 2010 [S]
east member_of guild from 2005 [S]
complete member_of guild [S]
guild head ann from 2001 until 2015 [S]
guild head bob from 2016 [S]
f1: guild founded 2000 [S]
f2: guild founded 1998 [T]
dispute founding "When the Guild was founded" f1 f2
corps strength about 5,000 personnel on 2020-01-01 [S]
summit held_in north on 2019-05-01 [S]
"#;

    fn base() -> &'static FactBase {
        static BASE_LOADED: std::sync::OnceLock<FactBase> = std::sync::OnceLock::new();
        BASE_LOADED.get_or_init(|| {
            let loaded = load(&One(BASE), &["t.facts".into()], &LoadOptions::default());
            assert_eq!(loaded.error_count(), 0, "{:?}", loaded.problems);
            loaded.base
        })
    }

    fn year(y: i16) -> PartialDate {
        PartialDate::parse(&y.to_string()).unwrap()
    }

    fn entity(id: &str) -> ClaimValue {
        ClaimValue::Entity(base().entity(id).unwrap())
    }

    /// "`subject` `relation` `value`", in the present, positive, nothing else said.
    fn claim(subject: &str, relation: &str, value: ClaimValue) -> Claim {
        let base = base();
        Claim {
            relation: base.relation(relation).unwrap(),
            aspect: Aspect::Holds,
            subject: Some(base.entity(subject).unwrap()),
            value,
            when: When::Present,
            positive: true,
            no_longer: false,
            never: false,
            past: false,
            founding: false,
            range: 0..0,
            aux: None,
            value_range: None,
            spelled: false,
            time_range: None,
            ordinal: None,
            chosen: false,
        }
    }

    fn at(mut c: Claim, when: When) -> Claim {
        c.past = matches!(when, When::Past | When::At(_) | When::Between(..));
        c.when = when;
        c
    }

    fn verdict(c: &Claim) -> Verdict {
        judge(base(), c, "", jiff::civil::date(2024, 6, 1)).verdict
    }

    fn check(table: Vec<(&str, Claim, Verdict)>) {
        let wrong: Vec<String> = table
            .iter()
            .filter(|(_, c, want)| verdict(c) != *want)
            .map(|(what, c, want)| format!("{what}: {:?}, want {want:?}", verdict(c)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn one_holder_at_a_time() {
        check(vec![
            (
                "the holder now",
                claim("guild", "head", entity("bob")),
                Verdict::Supported,
            ),
            (
                "an earlier holder, said now",
                claim("guild", "head", entity("ann")),
                Verdict::Outdated,
            ),
            (
                "an earlier holder, at their time",
                at(claim("guild", "head", entity("ann")), When::At(year(2010))),
                Verdict::Supported,
            ),
            (
                "another holder's time",
                at(claim("guild", "head", entity("bob")), When::At(year(2010))),
                Verdict::Contradicted,
            ),
        ]);
    }

    #[test]
    fn a_closed_list_decides_absence() {
        check(vec![
            (
                "a member",
                claim("north", "member_of", entity("guild")),
                Verdict::Supported,
            ),
            (
                "not on the complete list",
                claim("west", "member_of", entity("guild")),
                Verdict::Contradicted,
            ),
            (
                "a former member, said now",
                claim("south", "member_of", entity("guild")),
                Verdict::Outdated,
            ),
            (
                "a member before joining",
                at(
                    claim("east", "member_of", entity("guild")),
                    When::At(year(2002)),
                ),
                Verdict::Contradicted,
            ),
        ]);
    }

    #[test]
    fn no_longer_and_never() {
        // "is no longer a member" (negative) and "was formerly a member" (positive, past).
        let no_longer = |s| Claim {
            positive: false,
            no_longer: true,
            ..claim(s, "member_of", entity("guild"))
        };
        let formerly = |s| Claim {
            no_longer: true,
            ..at(claim(s, "member_of", entity("guild")), When::Past)
        };
        let never = |s| Claim {
            positive: false,
            never: true,
            ..at(claim(s, "member_of", entity("guild")), When::Past)
        };
        let not_now = |s| Claim {
            positive: false,
            ..claim(s, "member_of", entity("guild"))
        };
        check(vec![
            (
                "no longer, and it is not",
                no_longer("south"),
                Verdict::Supported,
            ),
            (
                "no longer, but it still is",
                no_longer("north"),
                Verdict::Contradicted,
            ),
            (
                "formerly, and it left",
                formerly("south"),
                Verdict::Supported,
            ),
            (
                "formerly, but it still is",
                formerly("north"),
                Verdict::Contradicted,
            ),
            ("never, but it was", never("south"), Verdict::Contradicted),
            ("never, and it was not", never("west"), Verdict::Supported),
            (
                "not now, and it is not",
                not_now("south"),
                Verdict::Supported,
            ),
            (
                "not now, but it is",
                not_now("north"),
                Verdict::Contradicted,
            ),
        ]);
    }

    #[test]
    fn events_are_never_outdated() {
        let held = |land| claim("summit", "held_in", entity(land));
        check(vec![
            (
                "where it was held",
                at(held("north"), When::Past),
                Verdict::Supported,
            ),
            ("said in the present", held("north"), Verdict::Supported),
            // Where else it was held is an open list: not said, not denied.
            (
                "somewhere else",
                at(held("south"), When::Past),
                Verdict::Unknown,
            ),
        ]);
    }

    #[test]
    fn quantities_agree_within_their_approximation() {
        let strength = |amount: f64| {
            let q = Quantity {
                approx: Approximation::Exact,
                amount,
                upper: None,
                unit: "personnel".into(),
            };
            at(
                claim("corps", "strength", ClaimValue::Quantity(q)),
                When::At(year(2020)),
            )
        };
        check(vec![
            ("the figure itself", strength(5000.0), Verdict::Supported),
            (
                "close to an approximate figure",
                strength(5100.0),
                Verdict::Supported,
            ),
            (
                "nearly twice as many",
                strength(9000.0),
                Verdict::Contradicted,
            ),
        ]);
    }

    #[test]
    fn counts_of_a_closed_list() {
        let count = |n: u32, when: When| {
            let of = base().entity("guild").unwrap();
            Claim {
                subject: None,
                aspect: Aspect::Count,
                ..at(
                    claim("north", "member_of", ClaimValue::Count { n, of }),
                    when,
                )
            }
        };
        check(vec![
            (
                "two members now (North, East)",
                count(2, When::Present),
                Verdict::Supported,
            ),
            (
                "three now, as in 2005-2010",
                count(3, When::Present),
                Verdict::Outdated,
            ),
            (
                "three in 2006",
                count(3, When::At(year(2006))),
                Verdict::Supported,
            ),
            (
                "five, never so many",
                count(5, When::Present),
                Verdict::Contradicted,
            ),
        ]);
    }

    #[test]
    fn disputes_are_said_not_decided() {
        let founded = |y| {
            at(
                claim("guild", "founded", ClaimValue::Date(year(y))),
                When::Past,
            )
        };
        check(vec![
            ("one side of the dispute", founded(1998), Verdict::Disputed),
            ("the other side", founded(2000), Verdict::Disputed),
            ("neither side", founded(2005), Verdict::Contradicted),
        ]);
    }
}
