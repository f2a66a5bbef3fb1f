//! The indexed fact base and its interval-aware queries.
//!
//! Invariant: every id stored in a statement, citation or dispute resolves;
//! the loader drops (and reports) anything that does not.

use super::model::*;
use crate::text::LineIndex;
use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;

/// One loaded `.facts` file, kept for positions and editor features.
#[derive(Debug)]
pub struct FactFile {
    /// The file's path as loaded (`<embedded>/…` for the embedded base).
    pub path: String,
    /// Its text.
    pub text: String,
    /// Its line starts, for positions.
    pub lines: LineIndex,
}

/// An id or a lowercased name as a table key (inline up to 24 bytes).
pub(super) type Key = compact_str::CompactString;

/// `name` lowercased, as the alias tables compare names.
pub(super) fn lowercase_key(name: &str) -> Key {
    if !name
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Key::from(name)
    } else if name.is_ascii() {
        let mut key = Key::from(name);
        key.as_mut_str().make_ascii_lowercase();
        key
    } else {
        Key::from(name.to_lowercase())
    }
}

/// A loaded fact base: its files and everything declared in them, indexed.
#[derive(Debug, Default)]
pub struct FactBase {
    /// The files loaded, in load order.
    pub files: Vec<FactFile>,
    /// Every kind, by [`model::Kind`] index.
    pub kinds: Vec<Kind>,
    /// Every source, by [`SourceId`].
    pub sources: Vec<Source>,
    /// Every entity, by [`EntityId`].
    pub entities: Vec<Entity>,
    /// Every relation, by [`RelationId`].
    pub relations: Vec<Relation>,
    /// Every statement, by [`StatementId`].
    pub statements: Vec<Statement>,
    /// Every dispute.
    pub disputes: Vec<Dispute>,
    // Ids are short: kept inline in the table, a lookup reads no string elsewhere in
    // memory (a cache miss each, a million of them in a million-statement base).
    pub(super) source_ids: HashMap<Key, SourceId>,
    pub(super) entity_ids: HashMap<Key, EntityId>,
    pub(super) relation_ids: HashMap<Key, RelationId>,
    pub(super) statement_ids: HashMap<Key, StatementId>,
    by_subject: HashMap<(EntityId, RelationId), Vec<StatementId>>,
    by_value: HashMap<(RelationId, EntityId), Vec<StatementId>>,
    aliases: HashMap<Key, Names>,
    disputes_of: HashMap<StatementId, Vec<usize>>,
}

impl FactBase {
    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<SourceId> {
        self.source_ids.get(id).copied()
    }
    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<EntityId> {
        self.entity_ids.get(id).copied()
    }
    /// The relation with this id.
    pub fn relation(&self, id: &str) -> Option<RelationId> {
        self.relation_ids.get(id).copied()
    }
    /// The statement with this id.
    pub fn statement(&self, id: &str) -> Option<StatementId> {
        self.statement_ids.get(id).copied()
    }
    /// The source `id` names.
    pub fn source_of(&self, id: SourceId) -> &Source {
        &self.sources[id.index()]
    }
    /// The entity `id` names.
    pub fn entity_of(&self, id: EntityId) -> &Entity {
        &self.entities[id.index()]
    }
    /// The relation `id` names.
    pub fn relation_of(&self, id: RelationId) -> &Relation {
        &self.relations[id.index()]
    }
    /// The statement `id` names.
    pub fn statement_of(&self, id: StatementId) -> &Statement {
        &self.statements[id.index()]
    }

    /// Entities known by this label or alias, compared without case.
    pub fn entities_named(&self, name: &str) -> &[EntityId] {
        self.aliases
            .get(lowercase_key(name).as_str())
            .map_or(&[], |n| n.named.as_slice())
    }

    /// Every statement (any rank, any time) of `relation` about `subject`, by start.
    pub fn statements_about(&self, subject: EntityId, relation: RelationId) -> &[StatementId] {
        self.by_subject
            .get(&(subject, relation))
            .map_or(&[], Vec::as_slice)
    }

    /// Every statement (any rank, any time) of `relation` whose value is `value`, by start.
    pub fn statements_with_value(&self, relation: RelationId, value: EntityId) -> &[StatementId] {
        self.by_value
            .get(&(relation, value))
            .map_or(&[], Vec::as_slice)
    }

    /// The disputes a statement takes part in.
    pub fn disputes_of(&self, statement: StatementId) -> impl Iterator<Item = &Dispute> {
        self.disputes_of
            .get(&statement)
            .into_iter()
            .flatten()
            .map(|&i| &self.disputes[i])
    }

    /// The statements of `relation` about `subject` that hold on `day`
    /// (deprecated ones excluded). For a functional relation, a handover day
    /// shared by two holders resolves to the one who starts that day, unless
    /// the two are recorded as a dispute.
    pub fn values_on(
        &self,
        subject: EntityId,
        relation: RelationId,
        day: Date,
    ) -> Vec<StatementId> {
        let mut found: Vec<StatementId> = self
            .statements_about(subject, relation)
            .iter()
            .copied()
            .filter(|&s| self.counts(s) && self.statement_of(s).validity.holds_on(day))
            .collect();
        if self.relation_of(relation).functional && found.len() > 1 {
            let disputed = found.iter().any(|&s| self.disputes_of(s).next().is_some());
            if !disputed {
                let latest = found
                    .iter()
                    .filter_map(|&s| self.statement_of(s).validity.bounds().0)
                    .max();
                found.retain(|&s| self.statement_of(s).validity.bounds().0 == latest);
            }
        }
        found
    }

    /// The subjects for which `relation` to `value` holds on `day`
    /// ("the members of the CSTO on 2010-06-01"), each once, in base order.
    pub fn subjects_on(&self, relation: RelationId, value: EntityId, day: Date) -> Vec<EntityId> {
        let mut out: Vec<EntityId> = self
            .statements_with_value(relation, value)
            .iter()
            .map(|&s| self.statement_of(s))
            .filter(|s| !s.is_deprecated() && !s.unconfirmed && s.validity.holds_on(day))
            .map(|s| s.subject)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether a statement counts as evidence: not deprecated, not unconfirmed.
    fn counts(&self, id: StatementId) -> bool {
        let s = self.statement_of(id);
        !s.is_deprecated() && !s.unconfirmed
    }

    /// The lookup tables of the finished base (the loader sets them with [`Self::set_indexes`]).
    pub(super) fn indexes(&self) -> Indexes {
        // Independent tables, built side by side (a million-statement base spends most
        // of a second here).
        let (statements, entities) = (&self.statements, &self.entities);
        let ((by_subject, by_value), (names, alias_clashes)) = rayon::join(
            || {
                rayon::join(
                    || index_by(statements, |s| Some((s.subject, s.relation))),
                    || {
                        index_by(statements, |s| match s.value {
                            Value::Entity(v) => Some((s.relation, v)),
                            _ => None,
                        })
                    },
                )
            },
            || names_index(entities),
        );
        let mut disputes_of: HashMap<StatementId, Vec<usize>> = HashMap::default();
        for (i, d) in self.disputes.iter().enumerate() {
            for &s in &d.statements {
                disputes_of.entry(s).or_default().push(i);
            }
        }
        Indexes {
            by_subject,
            by_value,
            names,
            disputes_of,
            alias_clashes,
        }
    }

    pub(super) fn set_indexes(&mut self, i: Indexes) {
        (self.by_subject, self.by_value) = (i.by_subject, i.by_value);
        (self.aliases, self.disputes_of) = (i.names, i.disputes_of);
        debug_assert!(
            i.alias_clashes.is_empty(),
            "the loader reports alias clashes first"
        );
    }

    /// How much the base holds.
    pub fn stats(&self) -> Stats {
        let closing = || {
            let lists = self.relations.iter().flat_map(|r| &r.complete_citations);
            lists.flat_map(|(_, citations)| citations)
        };
        let cited = || {
            let of_statements = self.statements.iter().flat_map(|s| &s.citations);
            of_statements.chain(closing())
        };
        let citations = cited().count();
        Stats {
            entities: self.entities.len(),
            relations: self.relations.len(),
            statements: self.statements.len(),
            sources: self.sources.len(),
            citations,
            quotes: cited().filter(|c| c.quote.is_some()).count(),
            quotes_verified: cited().filter(|c| c.quote_verified == Some(true)).count(),
            disputes: self.disputes.len(),
        }
    }
}

/// Statements grouped by `key`, each group in order of start date (then file order).
fn index_by<K: std::hash::Hash + Eq>(
    statements: &[Statement],
    key: impl Fn(&Statement) -> Option<K>,
) -> HashMap<K, Vec<StatementId>> {
    let mut index: HashMap<K, Vec<StatementId>> = HashMap::default();
    for (i, s) in statements.iter().enumerate() {
        if let Some(k) = key(s) {
            index.entry(k).or_default().push(StatementId(i as u32));
        }
    }
    // Start dates read once, in order: sorting by looking each up scattered reads
    // across a million statements.
    let starts: Vec<_> = statements.iter().map(|s| s.validity.bounds().0).collect();
    for ids in index.values_mut() {
        ids.sort_by_key(|s| starts[s.index()]);
    }
    index
}

/// A base's lookup tables, built apart from it so that other checks can run meanwhile.
pub(super) struct Indexes {
    by_subject: HashMap<(EntityId, RelationId), Vec<StatementId>>,
    by_value: HashMap<(RelationId, EntityId), Vec<StatementId>>,
    names: HashMap<Key, Names>,
    disputes_of: HashMap<StatementId, Vec<usize>>,
    /// Found while lowercasing the names anyway; the loader reports them (and empties this).
    pub alias_clashes: Vec<AliasClash>,
}

/// An alias that an earlier entity also has as an alias: (entity, alias, earlier entity).
pub(super) type AliasClash = (usize, Box<str>, usize);

/// What a lowercased name names, and the first entity that has it as an alias.
#[derive(Debug)]
struct Names {
    named: Named,
    first_alias: Option<u32>,
}

/// The entities a name names: nearly always one, kept without an allocation of its own
/// (a million-name base would otherwise allocate a list per name).
#[derive(Debug)]
enum Named {
    One(EntityId),
    Many(Vec<EntityId>),
}

impl Named {
    fn as_slice(&self) -> &[EntityId] {
        match self {
            Named::One(e) => std::slice::from_ref(e),
            Named::Many(list) => list,
        }
    }

    fn add(&mut self, e: EntityId) {
        match self {
            Named::One(first) if *first != e => *self = Named::Many(vec![*first, e]),
            Named::Many(list) if !list.contains(&e) => list.push(e),
            _ => {}
        }
    }
}

/// Every entity's label and aliases, lowercased, with the entities they name; and the
/// aliases another entity had first (one pass: lowercasing a million names is the cost).
fn names_index(entities: &[Entity]) -> (HashMap<Key, Names>, Vec<AliasClash>) {
    use rayon::prelude::*;
    use std::hash::BuildHasher;
    let hasher = rustc_hash::FxBuildHasher;
    // Every name lowercased and hashed, on every core: (hash, entity, 0 for the label or
    // 1 + the alias's index, key).
    let mut keys: Vec<(u64, u32, u32, Key)> = entities
        .par_iter()
        .enumerate()
        .with_min_len(4096)
        .flat_map_iter(|(i, e)| {
            let names = std::iter::once(&e.label).chain(&e.aliases).enumerate();
            names.map(move |(k, name)| {
                let key = lowercase_key(name);
                (hasher.hash_one(&key), i as u32, k as u32, key)
            })
        })
        .collect();
    // Entered in the order of their slots: in entity order each insert lands on a random
    // slot of a large table (a cache and a TLB miss each); in slot order the table fills
    // front to back. Sorting by entity after the slot keeps
    // each name's entities in entity order, so the first is still the first.
    let slots = (keys.len() * 8 / 7).next_power_of_two() as u64;
    keys.par_sort_unstable_by_key(|&(hash, entity, k, _)| (hash & (slots - 1), entity, k));
    // Sized once: rehashing a million names as the table doubles copies them again.
    let mut names: HashMap<Key, Names> =
        HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    let mut clashes = Vec::new();
    for (_, i, k, key) in keys {
        let id = EntityId(i);
        let entry = names.entry(key).or_insert(Names {
            named: Named::One(id),
            first_alias: None,
        });
        entry.named.add(id);
        if k > 0 {
            match *entry.first_alias.get_or_insert(i) {
                first if first != i => clashes.push((i as usize, k, first as usize)),
                _ => {}
            }
        }
    }
    clashes.sort_unstable();
    let clashes = clashes
        .into_iter()
        .map(|(i, k, first)| (i, entities[i].aliases[k as usize - 1].clone(), first));
    (names, clashes.collect())
}

/// Counts for the `facts check` summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Entities declared.
    pub entities: usize,
    /// Relations declared.
    pub relations: usize,
    /// Statements made.
    pub statements: usize,
    /// Sources declared.
    pub sources: usize,
    /// Citations of sources by statements.
    pub citations: usize,
    /// Citations with a quote.
    pub quotes: usize,
    /// Quotes found in their source's text.
    pub quotes_verified: usize,
    /// Disputes declared.
    pub disputes: usize,
}
