//! Gathering what entities gave, resolving entities, kinds and sources, and writing a
//! deterministic `.facts` file.

use super::read::{Claim, Item, Rank, Read, Reference, Val};
use super::*;
use factline_core::date::Validity;
use factline_core::facts::model::{RelationId, ValueType};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

/// Counts of what an import read, kept and left out.
#[derive(Debug, Default)]
pub struct Summary {
    /// Entities read.
    pub entities: usize,
    /// Statements written.
    pub statements: usize,
    /// Entities declared (new to the base).
    pub declared: usize,
    /// Sources declared.
    pub sources: usize,
    /// Statements written `unconfirmed` (no reference).
    pub unconfirmed: usize,
    /// Disputes written: holders of a one-at-a-time relation that Wikidata lets overlap.
    pub disputes: usize,
    /// What was left out, by reason, with how many.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Problems, each with its entity and JSON path.
    pub problems: Vec<String>,
}

/// An import in progress: what the entities read so far keep.
pub struct Import<'m, 'b> {
    pub(super) mapping: &'m Mapping<'b>,
    pub(super) options: &'m Options,
    pub(super) items: HashMap<String, Item>,
    /// Labels of items the import does not declare, kept from whole documents only (a
    /// dump's would grow with the dump): reasons and works are named by them.
    pub(super) labels: HashMap<String, String>,
    pub(super) claims: Vec<Claim>,
    pub(super) summary: Summary,
}

impl<'m, 'b> Import<'m, 'b> {
    /// An empty import against `mapping`.
    pub fn new(mapping: &'m Mapping<'b>, options: &'m Options) -> Import<'m, 'b> {
        Import {
            mapping,
            options,
            items: HashMap::new(),
            labels: HashMap::new(),
            claims: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// Adds what one entity of a whole document gave, keeping its label whatever it is.
    pub fn add_with_label(&mut self, mut read: Read) {
        if let Some((id, label)) = read.label.take() {
            self.labels.insert(id, label);
        }
        read.keep |= read.item.is_some();
        self.add(read);
    }

    /// Adds what one entity gave (its item only if [`Read::keep`]).
    pub fn add(&mut self, read: Read) {
        self.summary.entities += 1;
        if let Some(item) = read.item.filter(|_| read.keep) {
            self.items.insert(item.id.clone(), item);
        }
        self.claims.extend(read.claims);
        for why in read.skipped {
            *self.summary.skipped.entry(why).or_default() += 1;
        }
        self.summary.problems.extend(read.problems);
    }

    /// A problem with the input itself (a line that is not JSON).
    pub fn problem(&mut self, message: String) {
        self.summary.problems.push(message);
    }

    /// Statements kept so far.
    pub fn kept(&self) -> usize {
        self.claims.len()
    }

    /// Items kept statements name as their value that the import has not kept: a dump
    /// is read again for them.
    pub(super) fn wanted_items(&self) -> HashSet<String> {
        self.claims
            .iter()
            .filter_map(|c| match &c.value {
                Val::Item(q) => Some(q),
                _ => None,
            })
            .filter(|q| {
                !self.items.contains_key(*q) && !self.mapping.entities.contains_key(q.as_str())
            })
            .cloned()
            .collect()
    }

    /// Items named only as a deprecation reason or in a reference (a work, a publisher)
    /// whose label the import has not seen.
    pub(super) fn wanted_labels(&self) -> HashSet<String> {
        let mut out = HashSet::new();
        for c in &self.claims {
            let reason = match &c.rank {
                Rank::Deprecated(Some(q)) => Some(q),
                _ => None,
            };
            let refs = c.references.iter();
            let named = refs.flat_map(|r| [r.stated_in.as_ref(), r.publisher.as_ref()]);
            for q in named.flatten().chain(reason) {
                let known = self.mapping.entities.contains_key(q.as_str())
                    || self.items.contains_key(q)
                    || self.labels.contains_key(q);
                if !known {
                    out.insert(q.clone());
                }
            }
        }
        out
    }

    /// The `.facts` text (with `include` lines first) and what was kept and left out.
    pub fn write(self, includes: &[String]) -> (String, Summary) {
        let Import {
            mapping,
            options,
            items,
            labels,
            claims,
            mut summary,
        } = self;
        let ctx = Resolve {
            mapping,
            options,
            items: &items,
            labels: &labels,
        };
        let mut entities: BTreeMap<String, (String, &Item)> = BTreeMap::new();
        let mut sources: BTreeMap<Reference, String> = BTreeMap::new();
        let mut lines: BTreeSet<String> = BTreeSet::new();
        // One-at-a-time holdings, by subject and relation, to find those Wikidata lets
        // overlap: (value, validity, line).
        let mut holdings: Holdings = BTreeMap::new();
        for claim in &claims {
            match ctx.statement(claim, &mut entities, &mut sources) {
                Ok((line, holding)) => {
                    if let Some((key, value, validity)) = holding {
                        holdings
                            .entry(key)
                            .or_default()
                            .push((value, validity, line.clone()));
                    }
                    lines.insert(line);
                }
                Err(why) => *summary.skipped.entry(why).or_default() += 1,
            }
        }
        let disputes = ctx.disputes(&holdings, &entities, &mut lines);
        let base = mapping.base;
        let new_sources: Vec<(&Reference, &String)> = sources
            .iter()
            .filter(|(_, id)| base.source(id).is_none())
            .collect();
        summary.statements = lines.len();
        summary.declared = entities.len();
        summary.sources = new_sources.len();
        summary.unconfirmed = lines.iter().filter(|l| l.contains(" unconfirmed")).count();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Imported from Wikidata by `factline facts import wikidata`: {} entities read, {} \
             statements kept.",
            summary.entities, summary.statements
        );
        for path in includes {
            let _ = writeln!(out, "include {}", quoted(path));
        }
        if !new_sources.is_empty() {
            out.push('\n');
        }
        for (r, id) in new_sources {
            ctx.write_source(&mut out, id, r);
        }
        if !entities.is_empty() {
            out.push('\n');
        }
        for (id, (kind, item)) in &entities {
            write_entity(&mut out, id, kind, item);
        }
        if !lines.is_empty() {
            out.push('\n');
        }
        for line in &lines {
            out.push_str(line);
            out.push('\n');
        }
        if !disputes.is_empty() {
            out.push('\n');
        }
        for d in &disputes {
            out.push_str(d);
            out.push('\n');
        }
        summary.disputes = disputes.len();
        (out, summary)
    }
}

fn write_entity(out: &mut String, id: &str, kind: &str, item: &Item) {
    let label = item.label.clone().unwrap_or_else(|| item.id.clone());
    let _ = writeln!(out, "entity {id} {kind} {}", quoted(&label));
    if !item.aliases.is_empty() {
        let aliases: Vec<String> = item.aliases.iter().map(|a| quoted(a)).collect();
        let _ = writeln!(out, "  alias {}", aliases.join(" "));
    }
    if let Some(d) = &item.description {
        let _ = writeln!(out, "  about {}", quoted(d));
    }
    let _ = writeln!(out, "  wikidata {}", item.id);
}

/// A one-at-a-time holding: (subject, relation), value, when.
type Holding = ((String, RelationId), String, Validity);

/// One-at-a-time holdings by subject and relation: (value, when, statement line).
type Holdings = BTreeMap<(String, RelationId), Vec<(String, Validity, String)>>;

/// What resolving the kept claims reads: the mapping and the items the input gave.
struct Resolve<'a, 'b> {
    mapping: &'a Mapping<'b>,
    options: &'a Options,
    items: &'a HashMap<String, Item>,
    labels: &'a HashMap<String, String>,
}

impl<'a> Resolve<'a, '_> {
    /// The statement line of `claim`, declaring what it needs.
    fn statement(
        &self,
        claim: &Claim,
        entities: &mut BTreeMap<String, (String, &'a Item)>,
        sources: &mut BTreeMap<Reference, String>,
    ) -> Result<(String, Option<Holding>), &'static str> {
        let base = self.mapping.base;
        let relation = base.relation_of(claim.relation);
        let mut declare = Vec::new();
        let subject = self.entity(&claim.subject, &relation.subject_kinds, &mut declare)?;
        let value = match &claim.value {
            Val::Item(q) => {
                let ValueType::Entity(kinds) = &relation.value else {
                    return Err("values of the wrong type");
                };
                self.entity(q, kinds, &mut declare)?
            }
            Val::Date(d) => d.to_string(),
            Val::Quantity(q) => match &relation.value {
                ValueType::Quantity(Some(unit)) => format!("{q} {unit}"),
                _ => q.clone(),
            },
            Val::Text(t) => quoted(t),
        };
        let mut line = format!("{subject} {} {value}", relation.id);
        match (&claim.from, &claim.until, &claim.on) {
            (None, None, Some(on)) => {
                let _ = write!(line, " on {on}");
            }
            (from, until, _) => {
                if let Some(f) = from {
                    let _ = write!(line, " from {f}");
                }
                if let Some(u) = until {
                    let _ = write!(line, " until {u}");
                }
            }
        }
        match &claim.rank {
            Rank::Preferred => line.push_str(" preferred"),
            Rank::Normal => {}
            Rank::Deprecated(reason) => {
                let why = reason
                    .as_ref()
                    .map(|q| self.label(q))
                    .unwrap_or_else(|| "deprecated in Wikidata".into());
                let _ = write!(line, " deprecated {}", quoted(&why));
            }
        }
        entities.extend(declare);
        let mut cited: Vec<String> = Vec::new();
        for r in &claim.references {
            let id = sources
                .entry(r.clone())
                .or_insert_with(|| self.source_id(r))
                .clone();
            if !cited.contains(&id) {
                cited.push(id);
            }
        }
        if cited.is_empty() {
            // Every statement cites a source: one with no reference cites the item it is
            // on, and is not used against a note unless the user trusts such statements.
            let item = Reference {
                item: Some(claim.subject.clone()),
                ..Reference::default()
            };
            let id = sources
                .entry(item)
                .or_insert_with(|| item_source_id(&claim.subject));
            cited.push(id.clone());
            if !self.options.trust_unreferenced {
                line.push_str(" unconfirmed");
            }
        }
        cited.sort();
        for id in cited {
            let _ = write!(line, " [{id}]");
        }
        let validity = match (claim.from, claim.until, claim.on) {
            (None, None, Some(on)) => Validity::Point(on),
            (None, None, None) => Validity::Always,
            (from, until, _) => Validity::Interval { from, until },
        };
        let deprecated = matches!(claim.rank, Rank::Deprecated(_));
        let holding = (relation.functional && !deprecated)
            .then(|| ((subject.clone(), claim.relation), value.clone(), validity));
        Ok((line, holding))
    }

    /// Disputes for the holders of a one-at-a-time relation whose times overlap by more
    /// than a handover (Wikidata allows it; the base records it as a dispute, so neither
    /// decides a note alone). The statements involved get ids, in `lines`.
    fn disputes(
        &self,
        holdings: &Holdings,
        entities: &BTreeMap<String, (String, &Item)>,
        lines: &mut BTreeSet<String>,
    ) -> Vec<String> {
        let base = self.mapping.base;
        let mut out = Vec::new();
        for ((subject, relation), held) in holdings {
            let mut involved: BTreeSet<&String> = BTreeSet::new();
            for (i, (va, a, la)) in held.iter().enumerate() {
                for (vb, b, lb) in &held[..i] {
                    if va != vb && a.overlaps_beyond_handover(b) {
                        involved.insert(la);
                        involved.insert(lb);
                    }
                }
            }
            if involved.is_empty() {
                continue;
            }
            let relation = base.relation_of(*relation);
            let name = format!("{subject}_{}", relation.id);
            let mut ids = Vec::new();
            for (n, line) in involved.into_iter().enumerate() {
                let id = format!("{name}_{}", n + 1);
                lines.remove(line);
                lines.insert(format!("{id}: {line}"));
                ids.push(id);
            }
            let label = match base.entity(subject) {
                Some(e) => base.entity_of(e).label.to_string(),
                None => entities
                    .get(subject)
                    .and_then(|(_, item)| item.label.clone())
                    .unwrap_or_else(|| subject.clone()),
            };
            let what = format!(
                "Wikidata gives {label} more than one {} at a time",
                relation.label
            );
            out.push(format!(
                "dispute {name} {} {}",
                quoted(&what),
                ids.join(" ")
            ));
        }
        out
    }

    /// The base's id for item `q` (declaring it when new), if its kind is one of `kinds`.
    fn entity(
        &self,
        q: &str,
        kinds: &[Box<str>],
        declare: &mut Vec<(String, (String, &'a Item))>,
    ) -> Result<String, &'static str> {
        let base = self.mapping.base;
        let fits = |kind: &str| kinds.is_empty() || kinds.iter().any(|k| &**k == kind);
        if let Some(&e) = self.mapping.entities.get(q) {
            let e = base.entity_of(e);
            return match fits(&e.kind) {
                true => Ok(e.id.to_string()),
                false => Err("statements whose entity is of a kind the relation does not take"),
            };
        }
        let item = self
            .items
            .get(q)
            .ok_or("statements about items not in the input")?;
        let kind = item
            .classes
            .iter()
            .filter_map(|c| self.mapping.kinds.get(c.as_str()).copied())
            .find(|k| fits(k))
            .ok_or("statements whose entity has no kind the relation takes")?;
        let id = entity_id(item);
        declare.push((id.clone(), (kind.to_string(), item)));
        Ok(id)
    }

    /// An item's label: the base's, else the input's, else its id.
    fn label(&self, q: &str) -> String {
        let mapped = self.mapping.entities.get(q).map(|&e| {
            let e = self.mapping.base.entity_of(e);
            e.label.to_string()
        });
        mapped
            .or_else(|| self.items.get(q).and_then(|i| i.label.clone()))
            .or_else(|| self.labels.get(q).cloned())
            .unwrap_or_else(|| q.to_string())
    }

    /// The base's source of this URL, or a new id from the reference's content.
    fn source_id(&self, r: &Reference) -> String {
        if let Some(id) = r.url.as_deref().and_then(|u| self.mapping.sources.get(u)) {
            return id.to_string();
        }
        let text = format!("{r:?}");
        // FNV-1a: the same reference gets the same id in every run and release.
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
        format!("wd_{:08x}", hash >> 32)
    }

    /// A source declaration: the title (else the work it is in, else the URL), publisher,
    /// date, URL and when it was retrieved.
    fn write_source(&self, out: &mut String, id: &str, r: &Reference) {
        if let Some(q) = &r.item {
            let title = format!("Wikidata item {q} ({})", self.label(q));
            let _ = writeln!(out, "source {id} {}", quoted(&title));
            let url = format!("https://www.wikidata.org/wiki/{q}");
            let _ = writeln!(
                out,
                "  publisher \"Wikidata\"\n  undated\n  url {}",
                quoted(&url)
            );
            return;
        }
        let work = r.stated_in.as_ref().map(|q| self.label(q));
        let title = r
            .title
            .clone()
            .or_else(|| work.clone())
            .or_else(|| r.url.clone())
            .unwrap_or_default();
        let _ = writeln!(out, "source {id} {}", quoted(&title));
        // A source needs a publisher: the reference's, else the work the title is in,
        // else the URL's host, else a plain statement that Wikidata does not say.
        let host = r
            .url
            .as_deref()
            .and_then(|u| u.split('/').nth(2))
            .map(str::to_string);
        let publisher = match (&r.publisher, &r.title) {
            (Some(q), _) => self.label(q),
            (None, Some(_)) => work.or(host).unwrap_or_else(|| NO_PUBLISHER.into()),
            (None, None) => host.unwrap_or_else(|| NO_PUBLISHER.into()),
        };
        let _ = writeln!(out, "  publisher {}", quoted(&publisher));
        match &r.published {
            Some(d) => {
                let _ = writeln!(out, "  date {d}");
            }
            None => out.push_str("  undated\n"),
        }
        if let Some(u) = &r.url {
            let _ = writeln!(out, "  url {}", quoted(u));
        }
        if let Some(d) = &r.retrieved {
            let _ = writeln!(out, "  note {}", quoted(&format!("retrieved {d}")));
        }
    }
}

/// A `.facts` string literal.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The source id of a Wikidata item's own page (`wikidata_q7184`).
fn item_source_id(q: &str) -> String {
    format!("wikidata_{}", q.to_lowercase())
}

/// A new entity's id: its label as a lower-case word, then its item id (`belgium_q31`).
fn entity_id(item: &Item) -> String {
    let label = item.label.as_deref().unwrap_or_default().to_lowercase();
    let mut slug = String::new();
    for c in label.chars() {
        match c {
            'a'..='z' | '0'..='9' => slug.push(c),
            _ if !slug.ends_with('_') && !slug.is_empty() => slug.push('_'),
            _ => {}
        }
    }
    let slug: String = slug.trim_end_matches('_').chars().take(40).collect();
    let q = item.id.to_lowercase();
    match slug.trim_end_matches('_') {
        "" => q,
        // An id starts with a letter: "1st Division" is `q123_1st_division`.
        s if s.starts_with(|c: char| c.is_ascii_digit()) => format!("{q}_{s}"),
        s => format!("{s}_{q}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_entities_are_named_by_label_and_item() {
        let item = |id: &str, label: Option<&str>| Item {
            id: id.into(),
            label: label.map(Into::into),
            aliases: Vec::new(),
            description: None,
            classes: Vec::new(),
        };
        assert_eq!(entity_id(&item("Q31", Some("Belgium"))), "belgium_q31");
        assert_eq!(
            entity_id(&item("Q221", Some("North Macedonia!"))),
            "north_macedonia_q221"
        );
        assert_eq!(entity_id(&item("Q7", Some("Ελλάδα"))), "q7");
        assert_eq!(entity_id(&item("Q8", None)), "q8");
        assert_eq!(
            entity_id(&item("Q9", Some("1st Division"))),
            "q9_1st_division"
        );
    }
}
