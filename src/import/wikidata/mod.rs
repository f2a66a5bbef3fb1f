//! Wikidata's statements as `.facts`: items, qualifiers, ranks and references, mapped by
//! the `wikidata` declarations of a base.
//!
//! Reading is split from writing. [`Reader::entity`] turns one entity's JSON (as
//! `Special:EntityData` and the JSON dumps give it) into what the mapping keeps, on any
//! thread; [`Import::add`] gathers those, and [`Import::write`] resolves entities, kinds
//! and sources and writes a deterministic file. Only what is mapped is kept, so memory
//! follows the output, not the input.

use factline_core::facts::FactBase;
use factline_core::facts::model::{EntityId, RelationId};
use serde_json::Value as Json;
use std::collections::HashMap;

mod read;
mod sparql;
mod write;

pub use read::{Read, Reader};
pub use write::{Import, Summary};

/// Wikidata's calendar models (`calendarmodel`).
const GREGORIAN: &str = "http://www.wikidata.org/entity/Q1985727";
const JULIAN: &str = "http://www.wikidata.org/entity/Q1985786";

/// A source's publisher when the reference names none.
const NO_PUBLISHER: &str = "publisher not given in Wikidata";

/// Properties read as qualifiers and in references.
const START: &str = "P580";
const END: &str = "P582";
const POINT: &str = "P585";
const DEPRECATION_REASON: &str = "P2241";
const INSTANCE_OF: &str = "P31";
const REFERENCE_URL: &str = "P854";
const STATED_IN: &str = "P248";
const TITLE: &str = "P1476";
const PUBLISHED: &str = "P577";
const RETRIEVED: &str = "P813";
const PUBLISHER: &str = "P123";

/// How to import.
#[derive(Clone, Debug)]
pub struct Options {
    /// Languages for labels, aliases and descriptions, preferred first.
    pub languages: Vec<String>,
    /// Keep a statement with no reference as a usable one (otherwise it is `unconfirmed`).
    pub trust_unreferenced: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            languages: vec!["en".into()],
            trust_unreferenced: false,
        }
    }
}

/// The base's `wikidata` declarations, by Wikidata id.
pub struct Mapping<'b> {
    base: &'b FactBase,
    relations: HashMap<&'b str, RelationId>,
    /// Class → kind; of two kinds naming a class, the first declared.
    kinds: HashMap<&'b str, &'b str>,
    entities: HashMap<&'b str, EntityId>,
    /// Source URL → source id, so a reference the base already has is cited as it is.
    sources: HashMap<&'b str, &'b str>,
    /// Ids declared twice (two relations with one property, two entities with one item):
    /// the first declaration is used, and the import says so.
    pub conflicts: Vec<String>,
}

impl<'b> Mapping<'b> {
    /// The mapping `base` declares.
    pub fn new(base: &'b FactBase) -> Mapping<'b> {
        let mut m = Mapping {
            base,
            relations: HashMap::new(),
            kinds: HashMap::new(),
            entities: HashMap::new(),
            sources: HashMap::new(),
            conflicts: Vec::new(),
        };
        let relation = |r: RelationId| &*base.relation_of(r).id;
        for (i, r) in base.relations.iter().enumerate() {
            for p in &r.wikidata {
                let (map, conflicts) = (&mut m.relations, &mut m.conflicts);
                first_declared(
                    map,
                    conflicts,
                    p,
                    RelationId(i as u32),
                    relation,
                    "relations",
                );
            }
        }
        for k in &base.kinds {
            for q in &k.wikidata {
                m.kinds.entry(q).or_insert(&k.name);
            }
        }
        let entity = |e: EntityId| &*base.entity_of(e).id;
        for (i, e) in base.entities.iter().enumerate() {
            for q in &e.wikidata {
                let (map, conflicts) = (&mut m.entities, &mut m.conflicts);
                first_declared(map, conflicts, q, EntityId(i as u32), entity, "entities");
            }
        }
        for s in &base.sources {
            if let Some(url) = &s.url {
                m.sources.entry(url).or_insert(&s.id);
            }
        }
        m
    }

    /// How many properties are mapped.
    pub fn properties(&self) -> usize {
        self.relations.len()
    }
}

/// Maps `id` to `this` unless an earlier declaration has it, which is then kept and the
/// clash noted in `conflicts`.
fn first_declared<'b, T: Copy + PartialEq>(
    map: &mut HashMap<&'b str, T>,
    conflicts: &mut Vec<String>,
    id: &'b str,
    this: T,
    name: impl Fn(T) -> &'b str,
    what: &str,
) {
    let first = *map.entry(id).or_insert(this);
    if first != this {
        let (used, other) = (name(first), name(this));
        conflicts.push(format!(
            "{id} is declared by {what} `{used}` and `{other}`; `{used}` is used"
        ));
    }
}

/// Imports `inputs` (paths, `-` for stdin) against `mapping`: the `.facts` text (with
/// `include` lines for `includes`) and the summary. `progress` hears the entities read
/// and the statements kept after each batch.
pub fn run(
    inputs: &[String],
    mapping: &Mapping,
    options: &Options,
    includes: &[String],
    progress: &mut dyn FnMut(usize, usize),
) -> std::io::Result<(String, Summary)> {
    use rayon::prelude::*;
    let reader = Reader::new(mapping, options);
    let mut import = Import::new(mapping, options);
    for path in inputs {
        let (shape, mut input) = super::input::open(path)?;
        match shape {
            super::input::Shape::Lines => {
                let mut line_no = 0;
                loop {
                    let lines = super::input::batch(&mut *input, 8192, &mut line_no)?;
                    if lines.is_empty() {
                        break;
                    }
                    // Parsed and read on every core; gathered in input order.
                    let reads: Vec<Result<Read, String>> = lines
                        .par_iter()
                        .map(|(n, line)| match serde_json::from_str::<Json>(line) {
                            Ok(e) => Ok(reader.entity(&e)),
                            Err(e) => Err(format!("{path}:{n}: not JSON: {e}")),
                        })
                        .collect();
                    for r in reads {
                        match r {
                            Ok(read) => import.add(read),
                            Err(message) => import.problem(message),
                        }
                    }
                    progress(import.summary.entities, import.kept());
                }
            }
            super::input::Shape::Document => {
                let doc: Json = match serde_json::from_reader(input) {
                    Ok(doc) => doc,
                    Err(e) => {
                        import.problem(format!("{path}: not JSON: {e}"));
                        continue;
                    }
                };
                match document_entities(&doc, options) {
                    Some(entities) => {
                        for e in entities {
                            import.add_with_label(reader.entity(&e));
                        }
                    }
                    None => import.problem(format!(
                        "{path}: $: neither entity data (`entities`), an entity (`claims`) nor \
                         SPARQL results (`results.bindings`)"
                    )),
                }
                progress(import.summary.entities, import.kept());
            }
        }
    }
    // A dump's items are kept only when they have statements kept: read the dumps again
    // for the items those statements name, and the labels a reason or a reference needs
    // (stdin cannot be read again; there, such items stay out and names stay ids).
    let items = import.wanted_items();
    let labels = import.wanted_labels();
    if !items.is_empty() || !labels.is_empty() {
        for path in inputs.iter().filter(|p| *p != "-") {
            let (shape, mut input) = super::input::open(path)?;
            if shape != super::input::Shape::Lines {
                continue;
            }
            let mut line_no = 0;
            loop {
                let lines = super::input::batch(&mut *input, 8192, &mut line_no)?;
                if lines.is_empty() {
                    break;
                }
                let found: Vec<Read> = lines
                    .par_iter()
                    .filter_map(|(_, line)| {
                        let e: Json = serde_json::from_str(line).ok()?;
                        let id = e.get("id")?.as_str()?;
                        (items.contains(id) || labels.contains(id)).then(|| reader.entity(&e))
                    })
                    .collect();
                for mut read in found {
                    if let Some((id, label)) = read.label.take() {
                        import.labels.insert(id, label);
                    }
                    if let Some(item) = read.item.filter(|i| items.contains(&i.id)) {
                        import.items.insert(item.id.clone(), item);
                    }
                }
            }
        }
    }
    Ok(import.write(includes))
}

/// The entities of a whole JSON document: `Special:EntityData`'s `entities` (in id
/// order), one entity, or SPARQL results read as entities; `None` for anything else.
fn document_entities(doc: &Json, options: &Options) -> Option<Vec<Json>> {
    if let Some(entities) = doc.get("entities").and_then(Json::as_object) {
        let mut ids: Vec<&String> = entities.keys().collect();
        ids.sort();
        return Some(ids.into_iter().map(|id| entities[id].clone()).collect());
    }
    if let Some(rows) = doc.pointer("/results/bindings").and_then(Json::as_array) {
        return Some(sparql::entities(rows, options));
    }
    doc.get("claims").is_some().then(|| vec![doc.clone()])
}
