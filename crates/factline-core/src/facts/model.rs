//! The fact base's data model: sources, entities, relations, statements, disputes.

pub use super::template::Aspect;
use super::template::Template;
use crate::date::{PartialDate, Validity};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[doc = concat!("A `", stringify!($name), "`: an index into the base's table of them.")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            /// The index, for slices.
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
    /// The file.
    pub file: FileId,
    /// Start byte.
    pub start: u32,
    /// End byte.
    pub end: u32,
}

/// A kind of entity (`state`, `person`), as `kind` declares it.
#[derive(Clone, Debug)]
pub struct Kind {
    /// Its name.
    pub name: Box<str>,
    /// What it is, if said.
    pub description: Option<Box<str>>,
    /// The Wikidata classes whose instances are of this kind (`wikidata Q5`).
    pub wikidata: Vec<Box<str>>,
    /// Where it is declared.
    pub span: Span,
}

/// A published source that statements cite.
#[derive(Clone, Debug)]
pub struct Source {
    /// Its id in the fact files.
    pub id: Box<str>,
    /// Its title.
    pub title: Box<str>,
    /// Who published it.
    pub publisher: Option<Box<str>>,
    /// Who wrote it.
    pub author: Option<Box<str>>,
    /// When it was published.
    pub date: Option<PartialDate>,
    /// The date is an estimate.
    pub date_estimated: bool,
    /// Where it can be read.
    pub url: Option<Box<str>>,
    /// Path to the source's text, for quote verification.
    pub text: Option<Box<str>>,
    /// The curator's notes.
    pub notes: Vec<Box<str>>,
    /// Where it is declared.
    pub span: Span,
}

/// Something statements are about: a state, an organization, a person, an event.
#[derive(Clone, Debug)]
pub struct Entity {
    /// Its id in the fact files.
    pub id: Box<str>,
    /// Its kind's name.
    pub kind: Box<str>,
    /// The name reports use.
    pub label: Box<str>,
    /// Other names it goes by in prose.
    pub aliases: Vec<Box<str>>,
    /// Aliases used only for a period ("Nur-Sultan" for Astana, 2019–2022), also in
    /// `aliases`: a claim about another time that uses one names the entity wrongly.
    pub timed: Vec<(Box<str>, Validity)>,
    /// Nouns by which running text refers to this entity ("the alliance").
    pub topics: Vec<Box<str>>,
    /// What it is (`about`).
    pub description: Option<Box<str>>,
    /// Its Wikidata item (`wikidata Q7184`).
    pub wikidata: Vec<Box<str>>,
    /// The curator's notes.
    pub notes: Vec<Box<str>>,
    /// Where it is declared.
    pub span: Span,
}

/// What a relation's value is.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueType {
    /// An entity of one of these kinds (any kind when empty).
    Entity(Vec<Box<str>>),
    /// A date.
    Date,
    /// A number, in this unit when one is given.
    Quantity(Option<Box<str>>),
    /// Free text.
    Text,
}

/// One way prose says a relation, from a `phrase` line.
#[derive(Clone, Debug)]
pub struct Phrase {
    /// What it says about the relation's interval.
    pub aspect: Aspect,
    /// The parsed template.
    pub template: Template,
    /// Where it is declared.
    pub span: Span,
    /// The phrasing does not name its relation ("X succeeded Z"): a claim from it counts
    /// only when one of its names is a known holder of the relation.
    pub unnamed: bool,
}

/// A relation between a subject and a value, as `relation` declares it.
#[derive(Clone, Debug)]
pub struct Relation {
    /// Its id in the fact files.
    pub id: Box<str>,
    /// The name reports use.
    pub label: Box<str>,
    /// Kinds a subject may have (any kind when empty).
    pub subject_kinds: Vec<Box<str>>,
    /// What its values are.
    pub value: ValueType,
    /// One value at a time (an office holder), rather than many (members).
    pub functional: bool,
    /// Closed world: `None` when open; otherwise the entities whose lists are
    /// complete (as subject or as value), or the whole relation when empty.
    pub complete: Option<Vec<EntityId>>,
    /// The sources of `complete R scope… [source]` lines, by the scope they were given for
    /// (empty: the whole relation).
    pub complete_citations: Vec<(Vec<EntityId>, Vec<Citation>)>,
    /// Its phrasings.
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
    /// The Wikidata properties it is (`wikidata P463`).
    pub wikidata: Vec<Box<str>>,
    /// The curator's notes.
    pub notes: Vec<Box<str>>,
    /// Where it is declared.
    pub span: Span,
}

/// `role value "secretary-general"`: the value is the subject's secretary-general;
/// `role subject "member"`: the subject is a member of the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// The role's holder is the relation's value (else its subject).
    pub value_side: bool,
    /// The nouns for the role ("member", "member state").
    pub nouns: Vec<Box<str>>,
    /// Where it is declared.
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

/// A statement's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An entity.
    Entity(EntityId),
    /// A date.
    Date(PartialDate),
    /// An amount.
    Quantity(Quantity),
    /// Free text.
    Text(Box<str>),
}

/// How exact an amount is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approximation {
    /// Exactly ("18,000").
    Exact,
    /// About ("about 18,000").
    About,
    /// More than ("over 17,000").
    Over,
    /// At most ("up to 20,000").
    Under,
}

/// An amount, with its unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// How exact it is.
    pub approx: Approximation,
    /// The amount (the lower end of a range).
    pub amount: f64,
    /// Upper end of a range ("17,000..22,000").
    pub upper: Option<f64>,
    /// Its unit ("personnel"), or empty.
    pub unit: Box<str>,
}

/// A statement's rank: which of conflicting statements the base stands by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rank {
    /// Stood by over others.
    Preferred,
    /// Neither preferred nor deprecated.
    Normal,
    /// Known to be wrong; kept so a hover can show both sides.
    Deprecated(Box<str>),
}

/// A source cited for a statement.
#[derive(Clone, Debug)]
pub struct Citation {
    /// The source.
    pub source: SourceId,
    /// A quote from it, checked against its text when that is given.
    pub quote: Option<Box<str>>,
    /// Where in it (a page, a section).
    pub locator: Option<Box<str>>,
    /// `Some(true)` when the quote was found in the source's text.
    pub quote_verified: Option<bool>,
    /// Where the citation is written.
    pub span: Span,
}

/// A fact: subject, relation, value, when it held, and its sources.
#[derive(Clone, Debug)]
pub struct Statement {
    /// Its id, when it has one (`csto_2002:`).
    pub id: Option<Box<str>>,
    /// The subject.
    pub subject: EntityId,
    /// The relation.
    pub relation: RelationId,
    /// The value.
    pub value: Value,
    /// When it held.
    pub validity: Validity,
    /// Its rank.
    pub rank: Rank,
    /// The curator could not confirm it; never used to contradict a note.
    pub unconfirmed: bool,
    /// The last date a source confirmed an open-ended statement.
    pub confirmed: Option<PartialDate>,
    /// The curator's notes.
    pub notes: Vec<Box<str>>,
    /// The sources cited for it.
    pub citations: Vec<Citation>,
    /// `refuted_by`: for a deprecated statement, the statements that show it wrong.
    pub refuted_by: Vec<StatementId>,
    /// `refuted_by` naming sources: a refutation no statement records.
    pub refuted_in: Vec<Citation>,
    /// Where it is written.
    pub span: Span,
}

impl Statement {
    /// Whether the base records it as wrong.
    pub fn is_deprecated(&self) -> bool {
        matches!(self.rank, Rank::Deprecated(_))
    }
}

/// Statements whose sources disagree, recorded rather than dropped.
#[derive(Clone, Debug)]
pub struct Dispute {
    /// Its id.
    pub id: Box<str>,
    /// What is disputed, in words.
    pub label: Box<str>,
    /// The statements that disagree.
    pub statements: Vec<StatementId>,
    /// The curator's note.
    pub note: Option<Box<str>>,
    /// Where it is declared.
    pub span: Span,
}
