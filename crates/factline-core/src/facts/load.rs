//! The loader: `.facts` files in, an indexed [`FactBase`] and every problem out.
//!
//! Loading never stops at the first mistake: each file is parsed whole, every
//! syntax and semantic error is reported with its position, and everything
//! that is still meaningful is kept.

use super::base::{AliasClash, FactBase, FactFile};
use super::cst::{Cst, Node, field_id};
use super::model::*;
use super::problem::{Known, Problem, Severity};
use super::quote;
use super::reader;
use super::syntax;
use super::template::Template;
use crate::date::{PartialDate, Validity};
use crate::suggest;
use crate::text::LineIndex;
use resolve::Resolver;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Component, Path, PathBuf};

mod resolve;

/// Reads fact files by path: the disk, or the base embedded in the binary.
pub trait FileReader {
    /// The text of the file at `path`.
    fn read(&self, path: &str) -> std::io::Result<String>;

    /// Whether paths name files on disk (so a missing source text is worth a warning).
    fn is_disk(&self) -> bool {
        true
    }

    /// What `path` is, for loading each file once: its path, unless the reader knows it
    /// as another (a checkout's copy of an embedded file is that file).
    fn identity(&self, path: &str) -> String {
        path.to_string()
    }
}

/// Reads fact files from the disk (regular files only, at most [`MAX_FILE_BYTES`]).
pub struct Disk;

impl FileReader for Disk {
    fn read(&self, path: &str) -> std::io::Result<String> {
        read_regular(Path::new(path))
    }
}

/// The largest file factline reads as a fact file or a source text.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Reads a regular file of at most [`MAX_FILE_BYTES`]: devices, FIFOs and directories are
/// refused before they are opened for reading (`/dev/stdin` would take the server's own
/// input, `/dev/zero` never ends), and a file that grows while read is cut off at the cap.
pub fn read_regular(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        let message = format!("larger than {} MiB", MAX_FILE_BYTES >> 20);
        return Err(Error::new(ErrorKind::InvalidData, message));
    }
    let mut text = String::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES)
        .read_to_string(&mut text)?;
    Ok(text)
}

/// How to load.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Where source texts (`text "..."`) live; by default, beside the fact file.
    pub sources_dir: Option<PathBuf>,
    /// Set by someone else to stop the load early (a newer one has started): checked
    /// between phases; the result is then marked `cancelled` and must not be used.
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl LoadOptions {
    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed))
    }
}

/// What a load produced: the base, and every problem found on the way.
pub struct Loaded {
    /// The base (usable only when there is no error).
    pub base: FactBase,
    /// Errors and warnings, in file order.
    pub problems: Vec<Problem>,
    /// A root file could not be read at all.
    pub unreadable: bool,
    /// Stopped early by [`LoadOptions::cancel`]: an incomplete base.
    pub cancelled: bool,
}

impl Loaded {
    /// How many problems are errors.
    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

/// Loads `roots` (and the files they include) through `reader`.
///
/// ```
/// use factline_core::facts::{FileReader, LoadOptions, load};
///
/// struct Memory(&'static str);
/// impl FileReader for Memory {
///     fn read(&self, _path: &str) -> std::io::Result<String> {
///         Ok(self.0.to_string())
///     }
/// }
///
/// let text = r#"
/// kind org
/// kind person
/// source S "Annual report"
///   publisher "The Guild"
///   undated
/// relation head "head"
///   subject org
///   value person
///   functional
/// entity guild org "The Guild"
/// entity ann person "Ann Able"
/// guild head ann from 2019 [S]
/// "#;
/// let loaded = load(&Memory(text), &["guild.facts".into()], &LoadOptions::default());
/// assert_eq!(loaded.error_count(), 0);
/// assert_eq!(loaded.base.stats().statements, 1);
///
/// // A mistake is a problem with its file, line and message; the rest still loads.
/// let loaded = load(&Memory("kind org\nentity g organisation \"G\"\n"), &["bad.facts".into()], &LoadOptions::default());
/// let p = &loaded.problems[0];
/// assert_eq!((p.path.as_str(), p.line, p.code), ("bad.facts", 2, "unknown-id"));
/// ```
pub fn load(reader: &dyn FileReader, roots: &[String], options: &LoadOptions) -> Loaded {
    let mut loader = Loader {
        reader,
        options,
        base: FactBase::default(),
        problems: Vec::new(),
        trees: Vec::new(),
        loaded: HashSet::default(),
        stack: Vec::new(),
        unreadable: false,
        kinds: HashMap::default(),
        entity_kinds: Vec::new(),
        kind_numbers: HashMap::default(),
    };
    let stopped = |loader: Loader| Loaded {
        base: loader.base,
        problems: loader.problems,
        unreadable: loader.unreadable,
        cancelled: true,
    };
    for root in roots {
        loader.add_file(&normalize(Path::new(root)), None);
    }
    if options.cancelled() {
        return stopped(loader);
    }
    let trees = std::mem::take(&mut loader.trees);
    let items = Items::of(&trees);
    loader.declare(&items);
    if options.cancelled() {
        return stopped(loader);
    }
    loader.resolve(&items);
    if options.cancelled() {
        return stopped(loader);
    }
    // Roles and verbs are all known once every `extend` is read.
    for relation in &mut loader.base.relations {
        let derived = super::frames::derive(relation);
        relation.phrases.extend(derived);
    }
    // Nothing reads the trees from here on: free them before the indexes are built.
    drop(items);
    drop(trees);
    loader.check_functional_overlaps();
    loader.check_confirmations();
    loader.verify_quotes();
    let mut indexes = loader.base.indexes();
    loader.report_alias_clashes(std::mem::take(&mut indexes.alias_clashes));
    loader.base.set_indexes(indexes);
    let mut problems = std::mem::take(&mut loader.problems);
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    loader.add_hints(&mut problems);
    Loaded {
        base: loader.base,
        problems,
        unreadable: loader.unreadable,
        cancelled: false,
    }
}

struct Loader<'a> {
    reader: &'a dyn FileReader,
    options: &'a LoadOptions,
    base: FactBase,
    problems: Vec<Problem>,
    trees: Vec<Cst>,
    loaded: HashSet<String>,
    /// Files being included, to catch cycles.
    stack: Vec<String>,
    unreadable: bool,
    kinds: HashMap<Box<str>, Span>,
    /// Each entity's kind as a number (kinds numbered as first seen), so checking a
    /// statement's subject compares numbers in one array instead of reading the
    /// entity's kind name, a cache miss per statement in a large base.
    entity_kinds: Vec<u32>,
    kind_numbers: HashMap<Box<str>, u32>,
}

/// Every file's items, sorted by what the phases do with them (each list in file order):
/// one pass over a million items instead of one per phase.
#[derive(Default)]
struct Items<'t> {
    /// Kinds, sources and relations.
    declared: Vec<(FileId, Node<'t>)>,
    entities: Vec<(FileId, Node<'t>)>,
    /// Relations, closures and extensions: all complete relations, in file order.
    closing: Vec<(FileId, Node<'t>)>,
    statements: Vec<(FileId, Node<'t>)>,
    disputes: Vec<(FileId, Node<'t>)>,
}

impl<'t> Items<'t> {
    fn of(trees: &'t [Cst]) -> Items<'t> {
        let mut out = Items::default();
        for (file, tree) in trees.iter().enumerate() {
            let file = FileId(file as u32);
            for node in items(tree) {
                let item = (file, node);
                match node.kind() {
                    "kind" | "source" => out.declared.push(item),
                    "relation" => {
                        out.declared.push(item);
                        out.closing.push(item);
                    }
                    "closure" | "extension" => out.closing.push(item),
                    "entity" => out.entities.push(item),
                    "statement" => out.statements.push(item),
                    "dispute" => out.disputes.push(item),
                    _ => {}
                }
            }
        }
        out
    }
}

/// How a relation is said, from its declaration or an `extend`: phrases, roles, verbs.
#[derive(Default)]
struct Wording {
    phrases: Vec<Phrase>,
    roles: Vec<Role>,
    verbs: Vec<(Aspect, Box<str>)>,
}

impl Wording {
    fn add_to(self, relation: &mut Relation) {
        relation.phrases.extend(self.phrases);
        relation.roles.extend(self.roles);
        relation.verbs.extend(self.verbs);
    }
}

/// Where an `include` was written, for errors about the included file.
type IncludeSite = (FileId, (usize, usize));

impl Loader<'_> {
    // ---- phase 1: files, includes, syntax ---------------------------------

    fn add_file(&mut self, path: &str, site: Option<IncludeSite>) {
        if self.stack.iter().any(|p| p == path) {
            let chain = format!("{} → {path}", self.stack.join(" → "));
            return self.report_at_site(site, "include-cycle", format!("include cycle: {chain}"));
        }
        if !self.loaded.insert(self.reader.identity(path)) {
            return;
        }
        let text = match self.reader.read(path) {
            Ok(text) => text,
            Err(e) => {
                let message = format!("cannot read `{path}`: {e}");
                if site.is_none() {
                    self.unreadable = true;
                    let p = Problem::file(Severity::Error, "unreadable", message, path);
                    return self.problems.push(p);
                }
                return self.report_at_site(site, "include", message);
            }
        };
        // The hand-written reader first; what it leaves (syntax errors among it), tree-sitter
        // reads, which also says what is wrong.
        let parse = || match reader::read(&text) {
            Some(tree) => (tree, Vec::new()),
            None => {
                let tree = syntax::parse(&text);
                (Cst::from_tree_sitter(&tree), syntax::errors(&tree, &text))
            }
        };
        // The line table is independent of the parse: built beside it.
        let ((tree, errors), lines) = rayon::join(parse, || LineIndex::new(&text));
        let file = FileId(self.base.files.len() as u32);
        self.base.files.push(FactFile {
            path: path.to_string(),
            lines,
            text,
        });
        for e in errors {
            self.error(file, (e.start, e.end), "syntax", e.message);
        }
        let includes: Vec<(String, (usize, usize))> = {
            let text = &self.base.files[file.index()].text;
            items(&tree)
                .filter(|n| n.kind() == "include")
                .filter_map(|n| child(n, "path"))
                .map(|p| (unquote(node_text(p, text)), range(p)))
                .collect()
        };
        self.trees.push(tree);
        self.stack.push(path.to_string());
        for (rel, at) in includes {
            let parent = Path::new(path).parent().unwrap_or(Path::new(""));
            let target = normalize(&parent.join(rel));
            self.add_file(&target, Some((file, at)));
        }
        self.stack.pop();
    }

    fn report_at_site(&mut self, site: Option<IncludeSite>, code: &'static str, message: String) {
        match site {
            Some((file, at)) => self.error(file, at, code, message),
            None => {
                let path = self.stack.last().cloned().unwrap_or_default();
                self.problems
                    .push(Problem::file(Severity::Error, code, message, &path));
            }
        }
    }

    // ---- phase 2: declarations ---------------------------------------------

    fn declare(&mut self, items: &Items) {
        for &(file, node) in &items.declared {
            match node.kind() {
                "kind" => self.declare_kind(file, node),
                "source" => self.declare_source(file, node),
                "relation" => self.declare_relation(file, node),
                _ => {}
            }
        }
        self.declare_entities(&items.entities);
    }

    fn declare_kind(&mut self, file: FileId, node: Node) {
        let Some(name) = self.field(file, node, "name") else {
            return;
        };
        if let Some(first) = self.kinds.get(name.as_str()).copied() {
            let message = format!(
                "duplicate kind `{name}`; first declared at {}",
                self.locate(first)
            );
            return self.error(file, range(node), "duplicate-id", message);
        }
        let span = span(file, node);
        self.kinds.insert(name.clone().into(), span);
        let wikidata = named_children(node)
            .filter(|p| p.kind() == "wikidata")
            .flat_map(|p| self.wikidata_ids(file, p, 'Q'))
            .collect();
        self.base.kinds.push(Kind {
            name: name.into(),
            description: self.string_field(file, node, "description"),
            wikidata,
            span,
        });
    }

    fn declare_source(&mut self, file: FileId, node: Node) {
        let Some(id) = self.field(file, node, "id") else {
            return;
        };
        let mut source = Source {
            id: id.clone().into(),
            title: self.string_field(file, node, "title").unwrap_or_default(),
            publisher: None,
            author: None,
            date: None,
            date_estimated: false,
            url: None,
            text: None,
            notes: Vec::new(),
            span: span(file, node),
        };
        for prop in named_children(node) {
            let value = || self.string_field(file, prop, "value");
            match prop.kind() {
                "publisher" => source.publisher = value(),
                "author" => source.author = value(),
                "url" => source.url = value(),
                "text_path" => source.text = value(),
                "note" => source.notes.extend(value()),
                "source_date" => {
                    source.date =
                        child(prop, "value").and_then(|d| self.resolving(|r| r.date(file, d)));
                    source.date_estimated = child(prop, "estimated").is_some();
                }
                _ => {}
            }
        }
        if source.publisher.is_none() {
            self.error(
                file,
                range(node),
                "missing-field",
                format!("source `{id}` has no `publisher`"),
            );
        }
        if source.date.is_none() && !has_child(node, "source_date") && !has_child(node, "undated") {
            self.error(
                file,
                range(node),
                "missing-field",
                format!(
                    "source `{id}` has no `date` (write `undated` for a living reference work)"
                ),
            );
        }
        if let Some(url) = &source.url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            let message =
                format!("source `{id}`: url `{url}` should start with http:// or https://");
            self.warn(file, range(node), "bad-url", message);
        }
        let first = self
            .base
            .source_ids
            .get(id.as_str())
            .map(|i| self.base.sources[i.index()].span);
        if !self.duplicate(file, node, "source", &id, first) {
            let next = SourceId(self.base.sources.len() as u32);
            self.base.source_ids.insert(id.into(), next);
            self.base.sources.push(source);
        }
    }

    /// Entities, built on every core (each reads only its own text), then given their ids
    /// in file order (of two equal ids, the first wins).
    fn declare_entities(&mut self, nodes: &[(FileId, Node)]) {
        use rayon::prelude::*;
        let base = &self.base;
        let mut built: Vec<Option<Entity>> = Vec::new();
        let build = |&(file, node): &(FileId, Node)| resolve::entity(base, file, node);
        nodes
            .par_iter()
            .with_min_len(1024)
            .map(build)
            .collect_into_vec(&mut built);
        self.base.entities.reserve(nodes.len());
        self.base.entity_ids.reserve(nodes.len());
        for (&(file, node), entity) in nodes.iter().zip(built) {
            let Some(entity) = entity else { continue };
            for prop in named_children(node).filter(|p| p.kind() == "wikidata") {
                self.wikidata_ids(file, prop, 'Q');
            }
            let id = &entity.id;
            let found = self.base.entity_ids.get(&**id).copied();
            if let Some(at) = found
                && self.same_entity(at, file, &entity)
            {
                let entity = self.with_timed_aliases(file, node, entity);
                merge(&mut self.base.entities[at.index()], entity);
                continue;
            }
            let first = found.map(|i| self.base.entities[i.index()].span);
            if !self.duplicate(file, node, "entity", id, first) {
                let next = EntityId(self.base.entities.len() as u32);
                self.base.entity_ids.insert(id.as_ref().into(), next);
                let entity = self.with_timed_aliases(file, node, entity);
                let kind = self.kind_number(&entity.kind);
                self.entity_kinds.push(kind);
                self.base.entities.push(entity);
            }
        }
    }

    /// Whether `entity`, declared in `file`, is the one declared at `at` again: two bases
    /// that both name a state (NATO's and the CSTO's Georgia), same kind and label, in
    /// different files. Such a declaration adds its names instead of clashing.
    fn same_entity(&self, at: EntityId, file: FileId, entity: &Entity) -> bool {
        let first = &self.base.entities[at.index()];
        first.span.file != file && first.kind == entity.kind && first.label == entity.label
    }

    /// The periods of an entity's `alias … from … until …` lines (dates need the resolver).
    fn with_timed_aliases(&mut self, file: FileId, node: Node, mut entity: Entity) -> Entity {
        for prop in node.named_children().filter(|p| p.kind() == "aliases") {
            let Some(period) = child(prop, "validity") else {
                continue;
            };
            let Some(validity) = self.resolving(|r| r.validity(file, Some(period))) else {
                continue;
            };
            for value in prop.children_by_field_id(field_id("value")) {
                let name = resolve::string_of(&self.base, file, Some(value)).unwrap_or_default();
                entity.timed.push((name, validity));
            }
        }
        entity
    }

    fn declare_relation(&mut self, file: FileId, node: Node) {
        let Some(id) = self.field(file, node, "id") else {
            return;
        };
        let mut relation = Relation {
            id: id.clone().into(),
            label: self.string_field(file, node, "label").unwrap_or_default(),
            subject_kinds: Vec::new(),
            value: ValueType::Entity(Vec::new()),
            functional: false,
            complete: None,
            complete_citations: Vec::new(),
            phrases: Vec::new(),
            roles: Vec::new(),
            verbs: Vec::new(),
            excludes: Vec::new(),
            locates: false,
            wikidata: Vec::new(),
            notes: Vec::new(),
            span: span(file, node),
        };
        let mut wording = Wording::default();
        for prop in named_children(node) {
            match prop.kind() {
                "subject_kinds" => relation.subject_kinds = self.idents(file, prop, "kind"),
                "value_type" => relation.value = self.value_type(file, prop),
                "cardinality" => relation.functional = self.text(file, prop) == "functional",
                "locates" => relation.locates = true,
                "wikidata" => relation.wikidata.extend(self.wikidata_ids(file, prop, 'P')),
                "note" => relation
                    .notes
                    .extend(self.string_field(file, prop, "value")),
                _ => self.wording(file, prop, &mut wording),
            }
        }
        wording.add_to(&mut relation);
        let first = self
            .base
            .relation_ids
            .get(id.as_str())
            .map(|i| self.base.relations[i.index()].span);
        if !self.duplicate(file, node, "relation", &id, first) {
            let next = RelationId(self.base.relations.len() as u32);
            self.base.relation_ids.insert(id.into(), next);
            self.base.relations.push(relation);
        }
    }

    fn value_type(&self, file: FileId, node: Node) -> ValueType {
        match child(node, "type").map(|t| t.kind()) {
            Some("date_type") => ValueType::Date,
            Some("text_type") => ValueType::Text,
            Some("quantity_type") => {
                ValueType::Quantity(self.field(file, node, "unit").map(Into::into))
            }
            _ => ValueType::Entity(self.idents(file, node, "kind")),
        }
    }

    fn aspect(&self, file: FileId, node: Node) -> Aspect {
        match child(node, "aspect").map(|a| self.text(file, a)) {
            Some("starts") => Aspect::Starts,
            Some("ends") => Aspect::Ends,
            Some("count") => Aspect::Count,
            _ => Aspect::Holds,
        }
    }

    fn role(&mut self, file: FileId, node: Node) -> Option<Role> {
        let value_side = child(node, "side").map(|s| self.text(file, s)) == Some("value");
        let nouns = self.lexical_strings(file, node, "noun");
        (!nouns.is_empty()).then(|| Role {
            value_side,
            nouns,
            span: span(file, node),
        })
    }

    /// The strings in `field`, lowercased; one that is not plain words (letters, hyphens,
    /// apostrophes, spaces) is an error, since it becomes part of phrasings.
    fn lexical_strings(&mut self, file: FileId, node: Node, field: &'static str) -> Vec<Box<str>> {
        let mut out = Vec::new();
        for s in children_by_field(node, field) {
            let text = unquote(self.text(file, s)).to_lowercase();
            let plain = !text.trim().is_empty()
                && text
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | ' '));
            if plain {
                out.push(text.split_whitespace().collect::<Vec<_>>().join(" ").into());
            } else {
                let message = format!(
                    "\"{text}\" is not plain words: a {field} may hold only letters, hyphens, apostrophes and spaces"
                );
                self.error(file, (s.start_byte(), s.end_byte()), "bad-word", message);
            }
        }
        out
    }

    fn phrase(&mut self, file: FileId, node: Node) -> Option<Phrase> {
        let aspect = self.aspect(file, node);
        let template_node = child(node, "template")?;
        let raw = unquote(self.text(file, template_node));
        match Template::parse(&raw, aspect) {
            Ok(template) => Some(Phrase {
                aspect,
                template,
                span: span(file, node),
                unnamed: false,
            }),
            Err(e) => {
                // A string the parser had to invent (MISSING) is empty: keep the range ordered.
                let end = template_node.end_byte();
                let at = (template_node.start_byte() + 1 + e.offset).min(end);
                self.error(file, (at, end), "bad-phrase", e.message);
                None
            }
        }
    }

    /// Reports `id` as a duplicate when it was first declared at `first`.
    fn duplicate(
        &mut self,
        file: FileId,
        node: Node,
        what: &str,
        id: &str,
        first: Option<Span>,
    ) -> bool {
        let Some(first) = first else { return false };
        let message = format!(
            "duplicate {what} id `{id}`; first declared at {}",
            self.locate(first)
        );
        let at = child(node, "id").map_or(range(node), range);
        self.error(file, at, "duplicate-id", message);
        true
    }

    // ---- phase 3: references and statements ------------------------------

    fn resolve(&mut self, items: &Items) {
        let check_kinds = !self.kinds.is_empty();
        if check_kinds {
            for &(file, node) in &items.entities {
                self.check_entity_kind(file, node);
            }
        }
        for &(file, node) in &items.closing {
            match node.kind() {
                "relation" => self.resolve_relation(file, node, check_kinds),
                "extension" => self.extend(file, node),
                _ => self.closure(file, node),
            }
        }
        self.statements(&items.statements);
        for &(file, node) in &items.disputes {
            self.dispute(file, node);
        }
    }

    /// Every statement, resolved on every core, then kept in file order with its id
    /// (of two equal ids, the first wins).
    fn statements(&mut self, nodes: &[(FileId, Node)]) {
        use rayon::prelude::*;
        // Problems are rare: a lock for them costs nothing, and their order is restored.
        let problems = std::sync::Mutex::new(Vec::new());
        let mut resolved: Vec<Option<Statement>> = Vec::new();
        let (base, entity_kinds, kind_numbers) =
            (&self.base, &self.entity_kinds, &self.kind_numbers);
        let resolve = |(i, &(file, node)): (usize, &(FileId, Node))| {
            let mut r = Resolver {
                base,
                entity_kinds,
                kind_numbers,
                problems: Vec::new(),
            };
            let statement = r.statement(file, node);
            if !r.problems.is_empty() {
                let mut found = problems.lock().unwrap_or_else(|e| e.into_inner());
                found.push((i, r.problems));
            }
            statement
        };
        let nodes_ = nodes.par_iter().enumerate().with_min_len(1024);
        nodes_.map(resolve).collect_into_vec(&mut resolved);
        let mut problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
        problems.sort_by_key(|(i, _)| *i);
        self.problems
            .extend(problems.into_iter().flat_map(|(_, p)| p));
        // Ids in file order; `kept[k]` is where the k-th kept statement is in `resolved`.
        let mut kept: Vec<u32> = Vec::with_capacity(resolved.len());
        for (i, &(file, node)) in nodes.iter().enumerate() {
            let Some(id) = resolved[i].as_ref().map(|s| s.id.clone()) else {
                continue;
            };
            if let Some(id) = id {
                let first = self.base.statement_ids.get(&*id);
                let first = first.map(|k| resolved[kept[k.index()] as usize].as_ref());
                let first = first.map(|s| s.expect("kept").span);
                if self.duplicate(file, node, "statement", &id, first) {
                    resolved[i] = None;
                    continue;
                }
                let next = StatementId(kept.len() as u32);
                self.base.statement_ids.insert(id.as_ref().into(), next);
            }
            kept.push(i as u32);
        }
        // In place: the vector of results becomes the base's, with no second copy of the
        // statements. `flatten` would copy: it is not collected in place.
        #[allow(clippy::filter_map_identity)]
        let statements = resolved.into_iter().filter_map(|s| s).collect();
        self.base.statements = statements;
        for (k, &i) in kept.iter().enumerate() {
            let (file, node) = nodes[i as usize];
            if let Some(refuted) = named_children(node).find(|n| n.kind() == "refuted") {
                self.refuted_by(file, refuted, StatementId(k as u32));
            }
        }
    }

    /// `refuted_by a b`: only on a deprecated statement, naming statements that count.
    fn refuted_by(&mut self, file: FileId, node: Node, id: StatementId) {
        if !self.base.statement_of(id).is_deprecated() {
            let message = "`refuted_by` belongs to a deprecated statement: this one is not".into();
            return self.error(file, range(node), "bad-refuted-by", message);
        }
        for name_node in children_by_field(node, "statement") {
            let name = self.text(file, name_node).to_string();
            let (statement, source) = (self.base.statement(&name), self.base.source(&name));
            if let (None, Some(source)) = (statement, source) {
                let citation = Citation {
                    source,
                    quote: None,
                    locator: None,
                    quote_verified: None,
                    span: span(file, name_node),
                };
                self.base.statements[id.index()].refuted_in.push(citation);
                continue;
            }
            if statement.is_some() && source.is_some() {
                let message = format!("`{name}` is both a statement and a source: rename one");
                self.error(file, range(name_node), "bad-refuted-by", message);
                continue;
            }
            let Some(other) = statement else {
                let set = Known::Statement;
                self.resolving(|r| {
                    r.unknown(file, name_node, ("unknown-id", "statement or source"), set)
                });
                continue;
            };
            let st = self.base.statement_of(other);
            if st.is_deprecated() || st.unconfirmed || other == id {
                let message = format!(
                    "statement `{name}` cannot refute: it is deprecated, unconfirmed or this one"
                );
                self.error(file, range(name_node), "bad-refuted-by", message);
                continue;
            }
            self.base.statements[id.index()].refuted_by.push(other);
        }
    }

    fn check_entity_kind(&mut self, file: FileId, node: Node) {
        if let Some(kind) = child(node, "kind") {
            self.check_kind(file, kind);
        }
    }

    fn check_kind(&mut self, file: FileId, node: Node) {
        if !self.kinds.contains_key(self.text(file, node)) {
            self.resolving(|r| r.unknown(file, node, ("unknown-id", "kind"), Known::Kind));
        }
    }

    /// "; did you mean `x`?" for the first [`suggest::MAX_HINTS`] unknown names, in file
    /// order: each compares its name with every known one, so a file with thousands of
    /// unknown ids (a bad import) stays linear, and the same file always gets the same
    /// hints.
    fn add_hints(&self, problems: &mut [Problem]) {
        let base = &self.base;
        let mut left = suggest::MAX_HINTS;
        for p in problems.iter_mut() {
            let Some((set, name)) = p.hint_for.take() else {
                continue;
            };
            if left == 0 {
                continue;
            }
            left -= 1;
            let found = match set {
                Known::Entity => suggest::closest(&name, base.entity_ids.keys().map(|k| &**k)),
                Known::Relation => suggest::closest(&name, base.relation_ids.keys().map(|k| &**k)),
                Known::Source => suggest::closest(&name, base.source_ids.keys().map(|k| &**k)),
                Known::Statement => {
                    suggest::closest(&name, base.statement_ids.keys().map(|k| &**k))
                }
                Known::Kind => suggest::closest(&name, self.kinds.keys().map(|k| &**k)),
            };
            p.message.push_str(&suggest::hint(found));
        }
    }

    /// `extend R`: more phrasings, roles and verbs for a relation declared elsewhere.
    fn extend(&mut self, file: FileId, node: Node) {
        let Some(name_node) = child(node, "relation") else {
            return;
        };
        let Some(rid) = self.resolving(|r| r.relation_ref(file, name_node)) else {
            return;
        };
        let mut wording = Wording::default();
        for prop in named_children(node) {
            self.wording(file, prop, &mut wording);
            match prop.kind() {
                "excludes" => self.excludes(file, prop, rid),
                "locates" => self.base.relations[rid.index()].locates = true,
                "wikidata" => {
                    let ids = self.wikidata_ids(file, prop, 'P');
                    let known = &mut self.base.relations[rid.index()].wikidata;
                    for id in ids {
                        if !known.contains(&id) {
                            known.push(id);
                        }
                    }
                }
                _ => {}
            }
        }
        wording.add_to(&mut self.base.relations[rid.index()]);
    }

    /// The ids of a `wikidata` line, each checked to be `prefix` and digits (`Q7184` for
    /// items, `P463` for properties); a bad one is an error and left out.
    fn wikidata_ids(&mut self, file: FileId, prop: Node, prefix: char) -> Vec<Box<str>> {
        let mut out = Vec::new();
        for node in children_by_field(prop, "id") {
            let id = self.text(file, node).to_string();
            if is_wikidata_id(&id, prefix) {
                out.push(id.into());
            } else {
                let what = if prefix == 'P' { "property" } else { "item" };
                let message = format!(
                    "`{id}` is not a Wikidata {what} id (`{prefix}` and digits, as in `{prefix}{}`)",
                    if prefix == 'P' { "463" } else { "7184" }
                );
                self.error(file, range(node), "bad-wikidata-id", message);
            }
        }
        out
    }

    /// `excludes R…` of relation `rid` (every relation is declared by now).
    fn excludes(&mut self, file: FileId, prop: Node, rid: RelationId) {
        for name in children_by_field(prop, "relation") {
            if let Some(other) = self.resolving(|r| r.relation_ref(file, name)) {
                let excludes = &mut self.base.relations[rid.index()].excludes;
                if other != rid && !excludes.contains(&other) {
                    excludes.push(other);
                }
            }
        }
    }

    /// Reads `prop` into `wording` when it is a phrase, role or verb.
    fn wording(&mut self, file: FileId, prop: Node, wording: &mut Wording) {
        match prop.kind() {
            "phrase" => wording.phrases.extend(self.phrase(file, prop)),
            "role" => wording.roles.extend(self.role(file, prop)),
            "verb" => {
                let aspect = self.aspect(file, prop);
                let words = self.lexical_strings(file, prop, "word");
                wording.verbs.extend(words.into_iter().map(|w| (aspect, w)));
            }
            _ => {}
        }
    }

    fn resolve_relation(&mut self, file: FileId, node: Node, check_kinds: bool) {
        let id = self.field(file, node, "id").unwrap_or_default();
        let Some(rid) = self.base.relation(&id) else {
            return;
        };
        if self.base.relations[rid.index()].span != span(file, node) {
            return; // a duplicate, already reported
        }
        for prop in named_children(node) {
            match prop.kind() {
                "subject_kinds" | "value_type" if check_kinds => {
                    for kind in children_by_field(prop, "kind") {
                        self.check_kind(file, kind);
                    }
                }
                "complete" => self.close(file, prop, rid),
                "excludes" => self.excludes(file, prop, rid),
                _ => {}
            }
        }
    }

    fn closure(&mut self, file: FileId, node: Node) {
        let Some(name_node) = child(node, "relation") else {
            return;
        };
        let Some(rid) = self.resolving(|r| r.relation_ref(file, name_node)) else {
            return;
        };
        self.close(file, node, rid);
        let citations = self.resolving(|r| r.citations(file, children_by_field(node, "citation")));
        if !citations.is_empty() {
            let scope = children_by_field(node, "scope")
                .filter_map(|n| self.base.entity(self.text(file, n)))
                .collect();
            let relation = &mut self.base.relations[rid.index()];
            relation.complete_citations.push((scope, citations));
        }
    }

    /// Adds a closed-world scope (no scope: the whole relation) to a relation.
    fn close(&mut self, file: FileId, node: Node, rid: RelationId) {
        let scope: Vec<EntityId> = children_by_field(node, "scope")
            .filter_map(|n| self.resolving(|r| r.entity_ref(file, n)))
            .collect();
        let whole = !has_field(node, "scope");
        let complete = &mut self.base.relations[rid.index()].complete;
        match complete {
            Some(existing) if existing.is_empty() => {}
            Some(existing) if !whole => existing.extend(scope),
            _ => *complete = Some(if whole { Vec::new() } else { scope }),
        }
    }

    /// `kind`'s number, given when first seen.
    fn kind_number(&mut self, kind: &str) -> u32 {
        let next = self.kind_numbers.len() as u32;
        *self.kind_numbers.entry(kind.into()).or_insert(next)
    }

    fn dispute(&mut self, file: FileId, node: Node) {
        let Some(id) = self.field(file, node, "id") else {
            return;
        };
        let mut statements = Vec::new();
        for s in children_by_field(node, "statement") {
            let name = self.text(file, s).to_string();
            match self.base.statement(&name) {
                Some(found) => statements.push(found),
                None => {
                    let set = Known::Statement;
                    self.resolving(|r| r.unknown(file, s, ("unknown-id", "statement"), set));
                }
            }
        }
        if children_by_field(node, "statement").count() < 2 {
            self.error(
                file,
                range(node),
                "bad-dispute",
                format!("dispute `{id}` needs at least two statements"),
            );
        }
        if self.base.disputes.iter().any(|d| *d.id == *id) {
            return self.error(
                file,
                range(node),
                "duplicate-id",
                format!("duplicate dispute id `{id}`"),
            );
        }
        let note = named_children(node)
            .find(|n| n.kind() == "note")
            .and_then(|n| self.string_field(file, n, "value"));
        self.base.disputes.push(Dispute {
            id: id.into(),
            label: self.string_field(file, node, "label").unwrap_or_default(),
            statements,
            note,
            span: span(file, node),
        });
    }

    // ---- phase 4: whole-base checks ----------------------------------------

    /// `confirmed D` says a source confirmed the statement on D: one of its citations must
    /// be dated then or later, or the date is the curator's word alone.
    fn check_confirmations(&mut self) {
        let mut found = Vec::new();
        for s in &self.base.statements {
            let Some(confirmed) = s.confirmed else {
                continue;
            };
            let newest = s
                .citations
                .iter()
                .filter_map(|c| self.base.sources[c.source.index()].date)
                .max_by_key(|d| d.latest());
            if newest.is_none_or(|d| d.latest() < confirmed.earliest()) {
                let newest = newest.map_or("none is dated".into(), |d| {
                    format!("the newest is dated {d}")
                });
                let message = format!(
                    "confirmed {confirmed}, but no cited source is that recent ({newest}): cite the source that confirmed it"
                );
                found.push((s.span, message));
            }
        }
        for (span, message) in found {
            let at = (span.start as usize, span.end as usize);
            self.warn(span.file, at, "unsourced-confirmation", message);
        }
    }

    fn check_functional_overlaps(&mut self) {
        let mut groups: HashMap<(EntityId, RelationId), Vec<usize>> = HashMap::default();
        for (i, s) in self.base.statements.iter().enumerate() {
            if self.base.relations[s.relation.index()].functional && !s.is_deprecated() {
                groups.entry((s.subject, s.relation)).or_default().push(i);
            }
        }
        let disputed_together = |a: usize, b: usize| {
            self.base.disputes.iter().any(|d| {
                d.statements.contains(&StatementId(a as u32))
                    && d.statements.contains(&StatementId(b as u32))
            })
        };
        let mut found = Vec::new();
        for ids in groups.values() {
            for (n, &a) in ids.iter().enumerate() {
                for &b in &ids[..n] {
                    let (sa, sb) = (&self.base.statements[a], &self.base.statements[b]);
                    if sa.value != sb.value
                        && sa.validity.overlaps_beyond_handover(&sb.validity)
                        && !disputed_together(a, b)
                    {
                        found.push((a, b));
                    }
                }
            }
        }
        found.sort();
        for (a, b) in found {
            let (sa, sb) = (&self.base.statements[a], &self.base.statements[b]);
            let relation = &self.base.relations[sa.relation.index()].id;
            let message = format!(
                "`{relation}` is functional, but this statement overlaps the one at {} with a different value; fix the dates or record a `dispute`",
                self.locate(sb.span)
            );
            let span = sa.span;
            self.error(
                span.file,
                (span.start as usize, span.end as usize),
                "functional-overlap",
                message,
            );
        }
    }

    fn verify_quotes(&mut self) {
        let mut texts: HashMap<SourceId, Result<String, Option<String>>> = HashMap::default();
        for si in 0..self.base.statements.len() {
            for ci in 0..self.base.statements[si].citations.len() {
                let citation = &self.base.statements[si].citations[ci];
                if let Some(verified) = self.verify_quote(&mut texts, citation.clone()) {
                    self.base.statements[si].citations[ci].quote_verified = Some(verified);
                }
            }
        }
        for ri in 0..self.base.relations.len() {
            for gi in 0..self.base.relations[ri].complete_citations.len() {
                for ci in 0..self.base.relations[ri].complete_citations[gi].1.len() {
                    let citation = self.base.relations[ri].complete_citations[gi].1[ci].clone();
                    if let Some(verified) = self.verify_quote(&mut texts, citation) {
                        let closing = &mut self.base.relations[ri].complete_citations[gi];
                        closing.1[ci].quote_verified = Some(verified);
                    }
                }
            }
        }
    }

    /// Whether `citation`'s quote occurs in its source's text (`None`: no quote, or no
    /// text to look in), with the problems that says.
    fn verify_quote(
        &mut self,
        texts: &mut HashMap<SourceId, Result<String, Option<String>>>,
        citation: Citation,
    ) -> Option<bool> {
        let quote = citation.quote?;
        let (source, span) = (citation.source, citation.span);
        let at = (span.start as usize, span.end as usize);
        let words = quote.split_whitespace().count();
        if words >= 30 {
            let message = format!("quote has {words} words; keep quotes under 30");
            self.warn(span.file, at, "long-quote", message);
        }
        let text = texts
            .entry(source)
            .or_insert_with(|| self.source_text(source));
        let verified = match text {
            Ok(text) => quote::occurs_in(&quote, text),
            Err(None) => return None,
            Err(Some(why)) => {
                let message = format!("quote cannot be verified: {why}");
                self.warn(span.file, at, "unverified-quote", message);
                return None;
            }
        };
        if !verified {
            let id = &self.base.sources[source.index()].id;
            let message = format!("quote not found in the text of source `{id}`: \"{quote}\"");
            self.error(span.file, at, "quote-mismatch", message);
        }
        Some(verified)
    }

    /// The text of a source, or why it is unavailable (`None`: silently, as
    /// for the embedded base run without `--sources`).
    fn source_text(&self, id: SourceId) -> Result<String, Option<String>> {
        let source = &self.base.sources[id.index()];
        let Some(rel) = &source.text else {
            return Err(Some(format!("source `{}` has no `text`", source.id)));
        };
        let path = match &self.options.sources_dir {
            Some(dir) => dir.join(&**rel),
            None => {
                let file = Path::new(&self.base.files[source.span.file.index()].path);
                file.parent().unwrap_or(Path::new("")).join(&**rel)
            }
        };
        // An explicit `--sources` directory is the user's own choice; otherwise the text is
        // read through the same reader (and so the same policy) as the fact files.
        let text = match &self.options.sources_dir {
            Some(_) => read_regular(&path),
            None => self.reader.read(&path.to_string_lossy()),
        };
        match text {
            Ok(text) => Ok(text),
            Err(_) if self.options.sources_dir.is_none() && !self.reader.is_disk() => Err(None),
            Err(e) => Err(Some(format!(
                "the text of source `{}` is not readable at `{}` ({e})",
                source.id,
                path.display()
            ))),
        }
    }

    fn report_alias_clashes(&mut self, clashes: Vec<AliasClash>) {
        for (i, alias, other) in clashes {
            let span = self.base.entities[i].span;
            let message = format!(
                "alias \"{alias}\" also names entity `{}`; mentions of it will be ambiguous",
                self.base.entities[other].id
            );
            self.warn(
                span.file,
                (span.start as usize, span.end as usize),
                "ambiguous-alias",
                message,
            );
        }
    }

    // ---- helpers ----------------------------------------------------------

    fn text(&self, file: FileId, node: Node) -> &str {
        resolve::text(&self.base, file, node)
    }

    fn text_of(&self, file: FileId, node: Option<Node>) -> Option<String> {
        resolve::text_of(&self.base, file, node)
    }

    fn string_of(&self, file: FileId, node: Option<Node>) -> Option<Box<str>> {
        resolve::string_of(&self.base, file, node)
    }

    /// `f` with a resolver over what is declared so far; its problems become the loader's.
    fn resolving<T>(&mut self, f: impl FnOnce(&mut Resolver) -> T) -> T {
        let mut r = self.resolver();
        let out = f(&mut r);
        let problems = r.problems;
        self.problems.extend(problems);
        out
    }

    fn resolver(&self) -> Resolver<'_> {
        Resolver {
            base: &self.base,
            entity_kinds: &self.entity_kinds,
            kind_numbers: &self.kind_numbers,
            problems: Vec::new(),
        }
    }

    fn field(&self, file: FileId, node: Node, name: &str) -> Option<String> {
        self.text_of(file, child(node, name))
    }

    fn string_field(&self, file: FileId, node: Node, name: &str) -> Option<Box<str>> {
        self.string_of(file, child(node, name))
    }

    fn idents(&self, file: FileId, node: Node, name: &'static str) -> Vec<Box<str>> {
        children_by_field(node, name)
            .map(|n| self.text(file, n).into())
            .collect()
    }

    /// `path:line:column` of a span, for "first declared at" notes.
    fn locate(&self, span: Span) -> String {
        let f = &self.base.files[span.file.index()];
        let p = f.lines.chars(&f.text, span.start as usize);
        format!("{}:{}:{}", f.path, p.line + 1, p.col + 1)
    }

    fn error(&mut self, file: FileId, at: (usize, usize), code: &'static str, message: String) {
        self.push(Severity::Error, file, at, code, message);
    }

    fn warn(&mut self, file: FileId, at: (usize, usize), code: &'static str, message: String) {
        self.push(Severity::Warning, file, at, code, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        file: FileId,
        at: (usize, usize),
        code: &'static str,
        message: String,
    ) {
        let p = resolve::problem(&self.base, severity, file, at, code, message);
        self.problems.push(p);
    }
}

/// Whether two validities share more than a handover day (one ends the day the other starts).
fn items(tree: &Cst) -> impl Iterator<Item = Node<'_>> {
    tree.items()
        .filter(|n| !n.is_error() && n.kind() != "comment")
}

fn named_children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    node.named_children()
}

fn children_by_field<'t>(node: Node<'t>, field: &'static str) -> impl Iterator<Item = Node<'t>> {
    node.children_by_field_id(field_id(field))
        .filter(|n| !n.is_missing())
}

/// A node's children by field. Children of a [`Cst`] node lie side by side, so each
/// question walks them again rather than collecting them (an allocation per statement).
struct Fields<'t> {
    node: Node<'t>,
}

impl<'t> Fields<'t> {
    fn of(node: Node<'t>) -> Fields<'t> {
        Fields { node }
    }

    /// The first child in field `name` (missing nodes included, as `child` does).
    fn get(&self, name: &str) -> Option<Node<'t>> {
        self.node.child_by_field_id(field_id(name))
    }

    /// Every child in field `name` that is not missing (as `children_by_field` does).
    fn all(&self, name: &str) -> impl Iterator<Item = Node<'t>> + use<'t> {
        self.node
            .children_by_field_id(field_id(name))
            .filter(|n| !n.is_missing())
    }
}

/// The child in field `name`.
fn child<'t>(node: Node<'t>, name: &str) -> Option<Node<'t>> {
    node.child_by_field_id(field_id(name))
}

fn has_field(node: Node, field: &'static str) -> bool {
    children_by_field(node, field).next().is_some()
}

fn has_child(node: Node, kind: &str) -> bool {
    named_children(node).any(|n| n.kind() == kind)
}

fn node_text<'t>(node: Node, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

fn range(node: Node) -> (usize, usize) {
    (node.start_byte(), node.end_byte())
}

fn span(file: FileId, node: Node) -> Span {
    Span {
        file,
        start: node.start_byte() as u32,
        end: node.end_byte() as u32,
    }
}

/// The contents of a string literal, with `\"` and `\\` unescaped.
fn unquote(literal: &str) -> String {
    let inner = literal.strip_prefix('"').unwrap_or(literal);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// Lexically normalised path (no `.` or `..` components), as a string.
fn normalize(path: &Path) -> String {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() && !out.ends_with("..") => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.to_string_lossy().into_owned()
}

fn join_kinds(kinds: &[Box<str>]) -> String {
    kinds
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn describe_type(t: &ValueType) -> String {
    match t {
        ValueType::Entity(kinds) if kinds.is_empty() => "an entity".into(),
        ValueType::Entity(kinds) => format!("an entity of kind {}", join_kinds(kinds)),
        ValueType::Date => "a date".into(),
        ValueType::Quantity(Some(unit)) => format!("a quantity in `{unit}`"),
        ValueType::Quantity(None) => "a quantity".into(),
        ValueType::Text => "a quoted text".into(),
    }
}

/// `prefix` and digits: `Q7184` (an item) or `P463` (a property).
pub(super) fn is_wikidata_id(id: &str, prefix: char) -> bool {
    let digits = id.strip_prefix(prefix).unwrap_or("");
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Adds `other`'s names and notes to `entity` (the same thing, declared again).
fn merge(entity: &mut Entity, other: Entity) {
    for alias in other.aliases {
        if !entity.aliases.contains(&alias) {
            entity.aliases.push(alias);
        }
    }
    for topic in other.topics {
        if !entity.topics.contains(&topic) {
            entity.topics.push(topic);
        }
    }
    for timed in other.timed {
        if !entity.timed.contains(&timed) {
            entity.timed.push(timed);
        }
    }
    entity.notes.extend(other.notes);
    for id in other.wikidata {
        if !entity.wikidata.contains(&id) {
            entity.wikidata.push(id);
        }
    }
    if entity.description.is_none() {
        entity.description = other.description;
    }
}
