//! The fact base's data model: sources, entities, relations, statements, disputes.

pub use super::template::Aspect;
use super::template::Template;
use crate::date::{PartialDate, Validity};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}
id_type!(FileId, SourceId, EntityId, RelationId, StatementId);

/// A byte range in one of the base's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Debug)]
pub struct Kind {
    pub name: Box<str>,
    pub description: Option<Box<str>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Source {
    pub id: Box<str>,
    pub title: Box<str>,
    pub publisher: Option<Box<str>>,
    pub author: Option<Box<str>>,
    pub date: Option<PartialDate>,
    pub date_estimated: bool,
    pub url: Option<Box<str>>,
    /// Path to the source's text, for quote verification.
    pub text: Option<Box<str>>,
    pub notes: Vec<Box<str>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Entity {
    pub id: Box<str>,
    pub kind: Box<str>,
    pub label: Box<str>,
    pub aliases: Vec<Box<str>>,
    /// Aliases used only for a period ("Nur-Sultan" for Astana, 2019–2022), also in
    /// `aliases`: a claim about another time that uses one names the entity wrongly.
    pub timed: Vec<(Box<str>, Validity)>,
    /// Nouns by which running text refers to this entity ("the alliance").
    pub topics: Vec<Box<str>>,
    pub description: Option<Box<str>>,
    pub notes: Vec<Box<str>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueType {
    /// An entity of one of these kinds (any kind when empty).
    Entity(Vec<Box<str>>),
    Date,
    /// A number, in this unit when one is given.
    Quantity(Option<Box<str>>),
    Text,
}

#[derive(Clone, Debug)]
pub struct Phrase {
    pub aspect: Aspect,
    pub template: Template,
    pub span: Span,
    /// The phrasing does not name its relation ("X succeeded Z"): a claim from it counts
    /// only when one of its names is a known holder of the relation.
    pub unnamed: bool,
}

#[derive(Clone, Debug)]
pub struct Relation {
    pub id: Box<str>,
    pub label: Box<str>,
    /// Kinds a subject may have (any kind when empty).
    pub subject_kinds: Vec<Box<str>>,
    pub value: ValueType,
    /// One value at a time (an office holder), rather than many (members).
    pub functional: bool,
    /// Closed world: `None` when open; otherwise the entities whose lists are
    /// complete (as subject or as value), or the whole relation when empty.
    pub complete: Option<Vec<EntityId>>,
    /// The sources of `complete R scope… [source]` lines, by the scope they were given for
    /// (empty: the whole relation).
    pub complete_citations: Vec<(Vec<EntityId>, Vec<Citation>)>,
    pub phrases: Vec<Phrase>,
    /// `role` declarations: the nouns for whoever holds the relation.
    pub roles: Vec<Role>,
    /// `verb starts|ends` declarations: verbs that start or end holding a role.
    pub verbs: Vec<(Aspect, Box<str>)>,
    /// `excludes R`: relations a subject cannot hold with the same value at the same time
    /// (either side may say so).
    pub excludes: Vec<RelationId>,
    /// `locates`: the value is where the subject took place, so the subject may be
    /// named by its place.
    pub locates: bool,
    pub notes: Vec<Box<str>>,
    pub span: Span,
}

/// `role value "secretary-general"`: the value is the subject's secretary-general;
/// `role subject "member"`: the subject is a member of the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// The role's holder is the relation's value (else its subject).
    pub value_side: bool,
    pub nouns: Vec<Box<str>>,
    pub span: Span,
}

impl Relation {
    /// Whether the base lists every statement of this relation about `entity`.
    pub fn is_complete_for(&self, entity: EntityId) -> bool {
        match &self.complete {
            None => false,
            Some(scope) => scope.is_empty() || scope.contains(&entity),
        }
    }

    /// The citations saying that the list about `entity` is whole.
    pub fn citations_closing(&self, entity: EntityId) -> impl Iterator<Item = &Citation> {
        self.complete_citations
            .iter()
            .filter(move |(scope, _)| scope.is_empty() || scope.contains(&entity))
            .flat_map(|(_, citations)| citations)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Entity(EntityId),
    Date(PartialDate),
    Quantity(Quantity),
    Text(Box<str>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approximation {
    Exact,
    About,
    Over,
    Under,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub approx: Approximation,
    pub amount: f64,
    /// Upper end of a range ("17,000..22,000").
    pub upper: Option<f64>,
    pub unit: Box<str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rank {
    Preferred,
    Normal,
    /// Known to be wrong; kept so a hover can show both sides.
    Deprecated(Box<str>),
}

#[derive(Clone, Debug)]
pub struct Citation {
    pub source: SourceId,
    pub quote: Option<Box<str>>,
    pub locator: Option<Box<str>>,
    /// `Some(true)` when the quote was found in the source's text.
    pub quote_verified: Option<bool>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Statement {
    pub id: Option<Box<str>>,
    pub subject: EntityId,
    pub relation: RelationId,
    pub value: Value,
    pub validity: Validity,
    pub rank: Rank,
    /// The curator could not confirm it; never used to contradict a note.
    pub unconfirmed: bool,
    /// The last date a source confirmed an open-ended statement.
    pub confirmed: Option<PartialDate>,
    pub notes: Vec<Box<str>>,
    pub citations: Vec<Citation>,
    /// `refuted_by`: for a deprecated statement, the statements that show it wrong.
    pub refuted_by: Vec<StatementId>,
    /// `refuted_by` naming sources: a refutation no statement records.
    pub refuted_in: Vec<Citation>,
    pub span: Span,
}

impl Statement {
    pub fn is_deprecated(&self) -> bool {
        matches!(self.rank, Rank::Deprecated(_))
    }
}

/// Statements whose sources disagree, recorded rather than dropped.
#[derive(Clone, Debug)]
pub struct Dispute {
    pub id: Box<str>,
    pub label: Box<str>,
    pub statements: Vec<StatementId>,
    pub note: Option<Box<str>>,
    pub span: Span,
}
