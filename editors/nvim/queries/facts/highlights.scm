; Highlights for factline `.facts` files.

(comment) @comment
(string) @string
(date) @number
(number) @number

[
  "include" "kind" "source" "entity" "relation" "dispute" "extend"
] @keyword

[
  "publisher" "author" "date" "url" "text" "note"
  "alias" "topic" "about" "wikidata"
  "subject" "value" "complete" "phrase" "role" "verb" "excludes"
  "from" "until" "on" "at" "confirmed" "deprecated" "preferred" "refuted_by"
] @keyword.modifier

[
  (cardinality) (aspect) (approximate) (estimated) (unconfirmed) (locates) (scale)
  (date_type) (quantity_type) (text_type) (undated)
] @keyword.modifier

["[" "]"] @punctuation.bracket
[":" ".."] @punctuation.delimiter

(source id: (identifier) @label)
(entity id: (identifier) @variable)
(entity kind: (identifier) @type)
(kind name: (identifier) @type)
(relation id: (identifier) @function)
(extension relation: (identifier) @function)
(role_side) @keyword.modifier
(subject_kinds kind: (identifier) @type)
(value_type kind: (identifier) @type)
(statement id: (identifier) @label)
(statement subject: (identifier) @variable)
(statement relation: (identifier) @function)
(entity_ref) @variable
(quantity unit: (identifier) @type)
(wikidata id: (identifier) @constant)
(citation source: (identifier) @label)
(citation quote: (string) @string.special)
(dispute id: (identifier) @label)
(dispute statement: (identifier) @label)
