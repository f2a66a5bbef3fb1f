//! Items built one by one on every core: entities from their own text, statements
//! resolved against the finished declarations.
//!
//! A million-statement base spends most of its load here: id lookups, dates, values,
//! citations, statement after statement. Building an item reads only its text and what
//! earlier phases finished, and writes only its own problems, so items are built in
//! parallel; the loader then takes them in file order (ids, duplicates).

use super::*;
use crate::facts::problem::Known;

/// What resolving reads (finished declarations) and the problems it finds.
pub(super) struct Resolver<'l> {
    pub base: &'l FactBase,
    pub entity_kinds: &'l [u32],
    pub kind_numbers: &'l HashMap<Box<str>, u32>,
    pub problems: Vec<Problem>,
}

impl<'l> Resolver<'l> {
    /// A statement with its id (duplicates are the loader's to find); `None` when a
    /// part is missing or wrong (reported).
    pub fn statement(&mut self, file: FileId, node: Node) -> Option<Statement> {
        let fields = Fields::of(node);
        let subject = fields.get("subject").and_then(|n| self.entity_ref(file, n));
        let relation = fields
            .get("relation")
            .and_then(|n| self.relation_ref(file, n));
        let value = fields
            .get("value")
            .and_then(|n| self.value(file, n, relation));
        let validity = self.validity(file, fields.get("validity"));
        let citations = self.citations(file, fields.all("citation"));
        if citations.is_empty() && fields.all("citation").next().is_none() {
            let message = "statement cites no source: add [source-id]".into();
            self.error(file, range(node), "no-citation", message);
        }
        let (subject, relation, value, validity) = (subject?, relation?, value?, validity?);
        if let Some(subject_node) = fields.get("subject") {
            self.check_subject_kind(file, subject_node, subject, relation);
        }
        let mut statement = Statement {
            id: text_of(self.base, file, fields.get("id")).map(Into::into),
            subject,
            relation,
            value,
            validity,
            rank: Rank::Normal,
            unconfirmed: false,
            confirmed: None,
            notes: Vec::new(),
            citations,
            refuted_by: Vec::new(),
            refuted_in: Vec::new(),
            span: span(file, node),
        };
        for q in named_children(node) {
            match q.kind() {
                "rank" => {
                    statement.rank = match string_of(self.base, file, child(q, "reason")) {
                        Some(reason) => Rank::Deprecated(reason),
                        None => Rank::Preferred,
                    }
                }
                "unconfirmed" => statement.unconfirmed = true,
                "confirmed" => {
                    statement.confirmed = child(q, "date").and_then(|d| self.date(file, d))
                }
                "note" => statement
                    .notes
                    .extend(string_of(self.base, file, child(q, "value"))),
                _ => {}
            }
        }
        Some(statement)
    }

    pub fn entity_ref(&mut self, file: FileId, node: Node) -> Option<EntityId> {
        // Looked up by the file's own text: a copy per reference costs a million
        // allocations in a million-statement base.
        let found = self.base.entity(text(self.base, file, node));
        if found.is_none() {
            self.unknown(file, node, ("unknown-id", "entity"), Known::Entity);
        }
        found
    }

    pub fn relation_ref(&mut self, file: FileId, node: Node) -> Option<RelationId> {
        let found = self.base.relation(text(self.base, file, node));
        if found.is_none() {
            self.unknown(file, node, ("unknown-id", "relation"), Known::Relation);
        }
        found
    }

    /// Reports `node`'s text as naming no `what`; its "did you mean" comes once the load
    /// is done (see `load`), so which problems get one never depends on thread timing.
    pub(super) fn unknown(
        &mut self,
        file: FileId,
        node: Node,
        (code, what): (&'static str, &str),
        set: Known,
    ) {
        let name = text(self.base, file, node);
        let message = format!("unknown {what} `{name}`");
        self.error(file, range(node), code, message);
        if let Some(p) = self.problems.last_mut() {
            p.hint_for = Some((set, name.into()));
        }
    }

    fn check_subject_kind(
        &mut self,
        file: FileId,
        node: Node,
        subject: EntityId,
        relation: RelationId,
    ) {
        let kinds = &self.base.relations[relation.index()].subject_kinds;
        if kinds.is_empty() {
            return;
        }
        let kind = self.entity_kinds[subject.index()];
        if kinds
            .iter()
            .any(|k| self.kind_numbers.get(k) == Some(&kind))
        {
            return;
        }
        let entity = &self.base.entities[subject.index()];
        let message = format!(
            "`{}` is a {}, but `{}` expects a subject of kind {}",
            entity.id,
            entity.kind,
            self.base.relations[relation.index()].id,
            join_kinds(kinds)
        );
        self.error(file, range(node), "kind-mismatch", message);
    }

    fn value(&mut self, file: FileId, node: Node, relation: Option<RelationId>) -> Option<Value> {
        let value = match node.kind() {
            "entity_ref" => Value::Entity(self.entity_ref(file, node)?),
            "date" => Value::Date(self.date(file, node)?),
            "string" => Value::Text(unquote(text(self.base, file, node)).into()),
            "quantity" => Value::Quantity(self.quantity(file, node)?),
            _ => return None,
        };
        let expected = &self.base.relations[relation?.index()].value;
        let problem = match (expected, &value) {
            (ValueType::Entity(kinds), Value::Entity(e)) => {
                let entity = &self.base.entities[e.index()];
                (!kinds.is_empty() && !kinds.contains(&entity.kind)).then(|| {
                    format!(
                        "`{}` is a {}, but the value must be of kind {}",
                        entity.id,
                        entity.kind,
                        join_kinds(kinds)
                    )
                })
            }
            (ValueType::Date, Value::Date(_)) | (ValueType::Text, Value::Text(_)) => None,
            (ValueType::Quantity(unit), Value::Quantity(q)) => unit
                .as_ref()
                .filter(|u| **u != q.unit)
                .map(|u| format!("unit `{}` does not match the relation's unit `{u}`", q.unit)),
            (expected, _) => Some(format!("the value must be {}", describe_type(expected))),
        };
        if let Some(message) = problem {
            let kind = if matches!((expected, &value), (ValueType::Entity(_), Value::Entity(_))) {
                "kind-mismatch"
            } else {
                "type-mismatch"
            };
            self.error(file, range(node), kind, message);
            return None;
        }
        Some(value)
    }

    fn quantity(&mut self, file: FileId, node: Node) -> Option<Quantity> {
        let number = |field| {
            child(node, field).and_then(|n| {
                text(self.base, file, n)
                    .replace(',', "")
                    .parse::<f64>()
                    .ok()
            })
        };
        let approx = match child(node, "approximate").map(|a| text(self.base, file, a)) {
            Some("about") => Approximation::About,
            Some("over") => Approximation::Over,
            Some("under") => Approximation::Under,
            _ => Approximation::Exact,
        };
        let scale = match child(node, "scale").map(|a| text(self.base, file, a)) {
            Some("thousand") => 1e3,
            Some("million") => 1e6,
            Some("billion") => 1e9,
            Some("trillion") => 1e12,
            _ => 1.0,
        };
        let (amount, upper) = (
            number("amount")? * scale,
            number("upper").map(|u| u * scale),
        );
        if upper.is_some_and(|u| u < amount) {
            self.error(
                file,
                range(node),
                "bad-range",
                "the range's upper end is below its lower end".into(),
            );
            return None;
        }
        Some(Quantity {
            approx,
            amount,
            upper,
            unit: text_of(self.base, file, child(node, "unit"))?.into(),
        })
    }

    pub fn validity(&mut self, file: FileId, node: Option<Node>) -> Option<Validity> {
        let Some(node) = node else {
            return Some(Validity::Always);
        };
        let fields = Fields::of(node);
        let mut date = |field| fields.get(field).map(|d| (self.date(file, d), d));
        if let Some((on, _)) = date("on") {
            return on.map(Validity::Point);
        }
        let (from, until) = (date("from"), date("until"));
        if from.as_ref().is_some_and(|f| f.0.is_none())
            || until.as_ref().is_some_and(|u| u.0.is_none())
        {
            return None;
        }
        let (from, until) = (
            from.map(|f| f.0.unwrap()),
            until.map(|u| (u.0.unwrap(), u.1)),
        );
        if let (Some(f), Some((u, until_node))) = (from, until)
            && u.latest() < f.earliest()
        {
            let message = format!("ends ({u}) before it starts ({f})");
            self.error(file, range(until_node), "interval-order", message);
            return None;
        }
        Some(Validity::Interval {
            from,
            until: until.map(|u| u.0),
        })
    }

    pub fn date(&mut self, file: FileId, node: Node) -> Option<PartialDate> {
        match PartialDate::parse(text(self.base, file, node)) {
            Ok(d) => Some(d),
            Err(message) => {
                self.error(file, range(node), "bad-date", message);
                None
            }
        }
    }

    pub fn citations<'t>(
        &mut self,
        file: FileId,
        nodes: impl Iterator<Item = Node<'t>>,
    ) -> Vec<Citation> {
        let mut out = Vec::new();
        for node in nodes {
            let fields = Fields::of(node);
            let Some(source_node) = fields.get("source") else {
                continue;
            };
            let Some(source) = self.base.source(text(self.base, file, source_node)) else {
                let set = Known::Source;
                self.unknown(file, source_node, ("unknown-source", "source"), set);
                continue;
            };
            out.push(Citation {
                source,
                quote: string_of(self.base, file, fields.get("quote")),
                locator: string_of(self.base, file, fields.get("locator")),
                quote_verified: None,
                span: span(file, node),
            });
        }
        out
    }

    fn error(&mut self, file: FileId, at: (usize, usize), code: &'static str, message: String) {
        let p = problem(self.base, Severity::Error, file, at, code, message);
        self.problems.push(p);
    }
}

/// An entity as its item says (its id still unchecked); `None` without an id.
pub(super) fn entity(base: &FactBase, file: FileId, node: Node) -> Option<Entity> {
    let field = |name| text_of(base, file, child(node, name));
    let mut entity = Entity {
        id: field("id")?.into(),
        kind: field("kind").unwrap_or_default().into(),
        label: string_of(base, file, child(node, "label")).unwrap_or_default(),
        aliases: Vec::new(),
        timed: Vec::new(),
        topics: Vec::new(),
        description: None,
        wikidata: Vec::new(),
        notes: Vec::new(),
        span: span(file, node),
    };
    for prop in named_children(node) {
        let values = children_by_field(prop, "value").map(|n| unquote(text(base, file, n)).into());
        match prop.kind() {
            "aliases" => entity.aliases.extend(values),
            "topics" => entity.topics.extend(values),
            "description" => entity.description = values.into_iter().next(),
            "note" => entity.notes.extend(values),
            "wikidata" => entity.wikidata.extend(
                children_by_field(prop, "id")
                    .map(|n| text(base, file, n))
                    .filter(|id| super::is_wikidata_id(id, 'Q'))
                    .map(Into::into),
            ),
            _ => {}
        }
    }
    Some(entity)
}

/// The text of a node in its file.
pub(super) fn text<'b>(base: &'b FactBase, file: FileId, node: Node) -> &'b str {
    node_text(node, &base.files[file.index()].text)
}

/// The text of a node, unless it is absent or the parser had to invent it.
pub(super) fn text_of(base: &FactBase, file: FileId, node: Option<Node>) -> Option<String> {
    node.filter(|n| !n.is_missing())
        .map(|n| text(base, file, n).to_string())
}

/// The unquoted text of a string node (as [`text_of`]).
pub(super) fn string_of(base: &FactBase, file: FileId, node: Option<Node>) -> Option<Box<str>> {
    text_of(base, file, node).map(|s| unquote(&s).into())
}

pub(super) fn problem(
    base: &FactBase,
    severity: Severity,
    file: FileId,
    at: (usize, usize),
    code: &'static str,
    message: String,
) -> Problem {
    let f = &base.files[file.index()];
    Problem::at(severity, code, message, &f.path, &f.text, &f.lines, at)
}
