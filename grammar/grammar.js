/**
 * Tree-sitter grammar for factline's `.facts` fact-base language.
 *
 * One declaration per logical line. A line that starts with spaces or tabs
 * continues the previous one, so long declarations read as indented blocks:
 *
 *   entity csto organization "Collective Security Treaty Organization"
 *     alias "CSTO" "ODKB"
 *     topic "the alliance"
 *
 *   uz_2: uzbekistan member_of csto from 2006-08-16 until 2012-12-19 [W42] [W38]
 */

module.exports = grammar({
  name: 'facts',

  // A newline followed by indentation is a continuation, not a terminator:
  // the lexer prefers the longer match, so `_newline` only ends a line when
  // the next line starts at column 0.
  extras: $ => [/[ \t]/, $._continuation, $.comment],

  word: $ => $.identifier,

  rules: {
    source_file: $ => seq(
      repeat(choice($._newline, seq($._item, $._newline))),
      optional($._item),
    ),

    _item: $ => choice(
      $.include,
      $.kind,
      $.source,
      $.entity,
      $.relation,
      $.statement,
      $.dispute,
      $.closure,
      $.extension,
    ),

    // `complete member_of csto`: the base lists every `member_of` statement
    // about csto, so anything not listed is false (closed world).
    // Citations say where the list is known to be whole ("six member states").
    closure: $ => seq(
      'complete',
      field('relation', $.identifier),
      repeat(field('scope', $.identifier)),
      repeat(field('citation', $.citation)),
    ),

    // `extend member_of` + phrasings, roles or verbs: a relation declared in another
    // (usually included) file, given more ways to be said.
    extension: $ => seq(
      'extend',
      field('relation', $.identifier),
      repeat(choice($.phrase, $.role, $.verb, $.excludes, $.locates, $.wikidata, $.note)),
    ),

    include: $ => seq('include', field('path', $.string)),

    kind: $ => seq(
      'kind',
      field('name', $.identifier),
      optional(field('description', $.string)),
      repeat($.wikidata),
    ),

    // `wikidata Q5` on a kind (the classes its items are instances of), `wikidata Q7184` on
    // an entity (its item), `wikidata P463` on a relation (its property): how
    // `factline facts import wikidata` maps Wikidata onto this base.
    wikidata: $ => seq('wikidata', repeat1(field('id', $.identifier))),

    // --- sources -----------------------------------------------------------
    source: $ => seq(
      'source',
      field('id', $.identifier),
      field('title', $.string),
      repeat($._source_property),
    ),

    _source_property: $ => choice(
      $.publisher,
      $.author,
      $.source_date,
      $.undated,
      $.url,
      $.text_path,
      $.note,
    ),

    publisher: $ => seq('publisher', field('value', $.string)),
    author: $ => seq('author', field('value', $.string)),
    source_date: $ => seq('date', field('value', $.date), optional(field('estimated', $.estimated))),
    estimated: _ => 'estimated',
    // A living reference work with no single publication date.
    undated: _ => 'undated',
    url: $ => seq('url', field('value', $.string)),
    text_path: $ => seq('text', field('value', $.string)),
    note: $ => seq('note', field('value', $.string)),

    // --- entities ----------------------------------------------------------
    entity: $ => seq(
      'entity',
      field('id', $.identifier),
      field('kind', $.identifier),
      field('label', $.string),
      repeat($._entity_property),
    ),

    _entity_property: $ => choice($.aliases, $.topics, $.description, $.wikidata, $.note),

    // A name used only for a period: `alias "Nur-Sultan" from 2019-03-23 until 2022-09-17`.
    aliases: $ => seq('alias', repeat1(field('value', $.string)), optional(field('validity', $.validity))),
    topics: $ => seq('topic', repeat1(field('value', $.string))),
    description: $ => seq('about', field('value', $.string)),

    // --- relations ---------------------------------------------------------
    relation: $ => seq(
      'relation',
      field('id', $.identifier),
      field('label', $.string),
      repeat($._relation_property),
    ),

    _relation_property: $ => choice(
      $.subject_kinds,
      $.value_type,
      $.cardinality,
      $.complete,
      $.phrase,
      $.role,
      $.verb,
      $.excludes,
      $.locates,
      $.wikidata,
      $.note,
    ),

    subject_kinds: $ => seq('subject', repeat1(field('kind', $.identifier))),

    value_type: $ => seq('value', choice(
      repeat1(field('kind', $.identifier)),
      field('type', alias('date', $.date_type)),
      seq(field('type', alias('quantity', $.quantity_type)), optional(field('unit', $.identifier))),
      field('type', alias('text', $.text_type)),
    )),

    cardinality: _ => choice('functional', 'many'),

    complete: $ => seq('complete', repeat(field('scope', $.identifier))),

    phrase: $ => seq(
      'phrase',
      optional(field('aspect', $.aspect)),
      field('template', $.string),
    ),

    aspect: _ => choice('holds', 'starts', 'ends', 'count'),

    // `role value "secretary-general"`: the nouns for the holder of a relation, on the
    // side that holds it; the engine derives the ways English says it.
    role: $ => seq(
      'role',
      field('side', $.role_side),
      repeat1(field('noun', $.string)),
    ),

    role_side: _ => choice('subject', 'value'),

    // `verb starts "appointed" "named"`: verbs that start or end holding a role.
    verb: $ => seq(
      'verb',
      field('aspect', $.aspect),
      repeat1(field('word', $.string)),
    ),

    // `excludes observer_at`: a subject cannot hold both relations with the same value at
    // the same time (an observer is not a member), so one holding contradicts the other.
    excludes: $ => seq('excludes', repeat1(field('relation', $.identifier))),

    // `locates`: the value is where the subject took place, so a slot that wants the
    // subject may name the place instead ("the troops sent to X": the operation in X).
    locates: _ => 'locates',

    // --- statements --------------------------------------------------------
    statement: $ => seq(
      optional(seq(field('id', $.identifier), ':')),
      field('subject', $.identifier),
      field('relation', $.identifier),
      field('value', $._value),
      optional(field('validity', $.validity)),
      repeat($._qualifier),
      repeat(field('citation', $.citation)),
    ),

    _value: $ => choice(
      alias($.identifier, $.entity_ref),
      $.date,
      $.quantity,
      $.string,
    ),

    quantity: $ => seq(
      optional(field('approximate', $.approximate)),
      field('amount', $.number),
      optional(seq('..', field('upper', $.number))),
      optional(field('scale', $.scale)),
      field('unit', $.identifier),
    ),

    // `about 2.7 billion people`: multiplies the amount (and the range's upper end).
    scale: _ => choice('thousand', 'million', 'billion', 'trillion'),

    approximate: _ => choice('about', 'over', 'under'),

    validity: $ => choice(
      seq('from', field('from', $.date), optional(seq('until', field('until', $.date)))),
      seq('until', field('until', $.date)),
      seq('on', field('on', $.date)),
    ),

    _qualifier: $ => choice($.rank, $.unconfirmed, $.confirmed, $.refuted, $.note),

    // `refuted_by az_cst W83`: the statements (or sources, for a refutation no statement
    // records) that show a deprecated one wrong, cited first when a note repeats it.
    refuted: $ => seq('refuted_by', repeat1(field('statement', $.identifier))),

    rank: $ => choice('preferred', seq('deprecated', field('reason', $.string))),
    unconfirmed: _ => 'unconfirmed',
    confirmed: $ => seq('confirmed', field('date', $.date)),

    citation: $ => seq(
      '[',
      field('source', $.identifier),
      optional(field('quote', $.string)),
      optional(seq('at', field('locator', $.string))),
      ']',
    ),

    // --- disputes ----------------------------------------------------------
    dispute: $ => seq(
      'dispute',
      field('id', $.identifier),
      field('label', $.string),
      repeat1(field('statement', $.identifier)),
      optional($.note),
    ),

    // --- tokens ------------------------------------------------------------
    identifier: _ => /[A-Za-z_][A-Za-z0-9_-]*/,

    // A year alone lexes as a number; `date` accepts it where a date is due.
    date: $ => choice($._full_date, alias($._integer, $.year)),
    _full_date: _ => token(/\d{4}-\d{2}(-\d{2})?/),

    number: $ => choice($._integer, $._grouped),
    _integer: _ => /\d+/,
    _grouped: _ => token(choice(/\d+\.\d+/, /\d{1,3}(,\d{3})+/)),

    string: _ => token(seq('"', repeat(choice(/[^"\\\n]/, /\\./)), '"')),

    comment: _ => token(seq('#', /[^\n]*/)),

    _continuation: _ => token(/\r?\n[ \t]+/),
    _newline: _ => token(/\r?\n/),
  },
});
