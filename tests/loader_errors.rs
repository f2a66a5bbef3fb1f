//! One test per loader error kind: its code, message and position, and that
//! the rest of the file still loads.

use factline_core::facts::{FileReader, LoadOptions, Loaded, Problem, Severity, load};
use std::collections::HashMap;

/// Fact files held in memory, by path.
struct Mem(HashMap<&'static str, String>);

impl FileReader for Mem {
    fn read(&self, path: &str) -> std::io::Result<String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }
}

const SCHEMA: &str = r#"kind state
kind organization
kind person
source S1 "A source"
  publisher "Pub"
  date 2020-01-01
entity a state "Alpha"
entity b state "Beta"
entity org organization "Org"
entity p1 person "Person One"
entity p2 person "Person Two"
relation member_of "member of"
  subject state
  value organization
relation head "head"
  subject organization
  value person
  functional
relation founded "founded"
  subject organization
  value date
relation size "size"
  subject organization
  value quantity people
"#;

fn load_files(files: &[(&'static str, &str)]) -> Loaded {
    let mem = Mem(files.iter().map(|(p, t)| (*p, t.to_string())).collect());
    let roots = vec![files[0].0.to_string()];
    load(&mem, &roots, &LoadOptions::default())
}

/// Loads SCHEMA plus `body` (which starts on line 25 of `t.facts`).
fn load_body(body: &str) -> Loaded {
    load_files(&[("t.facts", &format!("{SCHEMA}{body}"))])
}

const BODY_LINE: u32 = 25;

fn only(loaded: &Loaded, code: &str) -> Problem {
    let found: Vec<&Problem> = loaded.problems.iter().filter(|p| p.code == code).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one `{code}` in {:#?}",
        loaded.problems
    );
    found[0].clone()
}

fn at(p: &Problem, line: u32, column: u32) {
    assert_eq!((p.line, p.column), (line, column), "position of {p}");
}

#[test]
fn a_clean_file_has_no_problems() {
    let loaded = load_body("a member_of org from 2001 [S1]\n");
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.base.statements.len(), 1);
}

#[test]
fn syntax_missing_token_says_what_is_missing() {
    let loaded = load_body("a member_of org [S1\nb member_of org [S1]\n");
    let p = only(&loaded, "syntax");
    assert_eq!(p.message, "missing `]`");
    at(&p, BODY_LINE, 20);
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(loaded.base.statements.len(), 2, "both statements survive");
}

#[test]
fn syntax_unexpected_token_says_what_was_expected() {
    let loaded = load_body("source S2 \"T\"\n  publisher 12\na member_of org [S1]\n");
    let p = only(&loaded, "syntax");
    assert!(p.message.starts_with("unexpected"), "{}", p.message);
    assert!(
        p.message.contains("expected a quoted string"),
        "{}",
        p.message
    );
    assert_eq!(p.line, BODY_LINE + 1);
    assert_eq!(loaded.base.statements.len(), 1, "the next line still loads");
}

#[test]
fn syntax_errors_are_all_reported_one_per_line() {
    let loaded = load_body("entity x \"no kind\"\nsource\na member_of org [S1]\nrelation\n");
    let lines: Vec<u32> = loaded
        .problems
        .iter()
        .filter(|p| p.code == "syntax")
        .map(|p| p.line)
        .collect();
    // tree-sitter folds the first two bad lines into one ERROR node.
    assert_eq!(lines, vec![BODY_LINE, BODY_LINE + 3]);
    let first = &loaded.problems[0];
    assert_eq!(first.message, "unexpected `\"no kind\"`; expected an id");
    at(first, BODY_LINE, 10);
    assert_eq!(
        loaded.base.statements.len(),
        1,
        "the good line between them loads"
    );
}

#[test]
fn unknown_entity_suggests_a_close_id() {
    let loaded = load_body("alpha member_of org [S1]\na member_of orgg [S1]\n");
    let found: Vec<&Problem> = loaded
        .problems
        .iter()
        .filter(|p| p.code == "unknown-id")
        .collect();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].message, "unknown entity `alpha`");
    at(found[0], BODY_LINE, 1);
    assert_eq!(
        found[1].message,
        "unknown entity `orgg`; did you mean `org`?"
    );
    at(found[1], BODY_LINE + 1, 13);
}

#[test]
fn unknown_relation_and_kind() {
    let loaded = load_body("a membr_of org [S1]\nentity z planet \"Zed\"\n");
    let messages: Vec<&str> = loaded.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages.contains(&"unknown relation `membr_of`; did you mean `member_of`?"),
        "{messages:?}"
    );
    assert!(messages.contains(&"unknown kind `planet`"), "{messages:?}");
}

#[test]
fn unknown_source_in_a_citation() {
    let loaded = load_body("a member_of org [S2] [S1]\n");
    let p = only(&loaded, "unknown-source");
    assert_eq!(p.message, "unknown source `S2`; did you mean `S1`?");
    at(&p, BODY_LINE, 18);
    assert_eq!(
        loaded.base.statements[0].citations.len(),
        1,
        "the good citation is kept"
    );
}

#[test]
fn duplicate_ids_name_the_first_declaration() {
    let loaded =
        load_body("entity a state \"Again\"\nx: a member_of org [S1]\nx: b member_of org [S1]\n");
    let dups: Vec<&Problem> = loaded
        .problems
        .iter()
        .filter(|p| p.code == "duplicate-id")
        .collect();
    assert_eq!(dups.len(), 2);
    assert_eq!(
        dups[0].message,
        "duplicate entity id `a`; first declared at t.facts:7:1"
    );
    at(dups[0], BODY_LINE, 8);
    assert!(dups[1].message.starts_with("duplicate statement id `x`"));
    assert_eq!(
        loaded
            .base
            .entity_of(loaded.base.entity("a").unwrap())
            .label
            .as_ref(),
        "Alpha"
    );
}

#[test]
fn impossible_dates() {
    let loaded =
        load_body("a member_of org from 2023-02-29 [S1]\nb member_of org from 2023-13 [S1]\n");
    let found: Vec<&Problem> = loaded
        .problems
        .iter()
        .filter(|p| p.code == "bad-date")
        .collect();
    assert_eq!(found.len(), 2);
    assert_eq!(
        found[0].message,
        "`2023-02-29`: day 29 does not exist in 2023-02"
    );
    at(found[0], BODY_LINE, 22);
    assert_eq!(found[1].message, "`2023-13`: month 13 does not exist");
}

#[test]
fn until_before_from() {
    let loaded = load_body("a member_of org from 2010 until 2009-12-31 [S1]\n");
    let p = only(&loaded, "interval-order");
    assert_eq!(p.message, "ends (2009-12-31) before it starts (2010)");
    at(&p, BODY_LINE, 33);
}

#[test]
fn functional_overlap_unless_disputed_or_a_handover() {
    let overlapping = "h1: org head p1 from 2000 until 2010 [S1]\nh2: org head p2 from 2009 [S1]\n";
    let p = only(&load_body(overlapping), "functional-overlap");
    assert_eq!(p.line, BODY_LINE + 1);
    assert!(
        p.message.contains("overlaps the one at t.facts:25:1"),
        "{}",
        p.message
    );

    let disputed = format!("{overlapping}dispute d \"Who headed org in 2009\" h1 h2\n");
    assert!(load_body(&disputed).problems.is_empty());

    let handover =
        "org head p1 from 2000 until 2009-05-01 [S1]\norg head p2 from 2009-05-01 [S1]\n";
    assert!(load_body(handover).problems.is_empty());

    let deprecated =
        "org head p1 from 2000 [S1]\norg head p2 from 2001 deprecated \"wrong\" [S1]\n";
    assert!(load_body(deprecated).problems.is_empty());
}

#[test]
fn kind_and_type_mismatches() {
    let loaded =
        load_body("org member_of org [S1]\norg founded p1 [S1]\norg size 12 metres [S1]\n");
    let codes: Vec<(&str, u32)> = loaded.problems.iter().map(|p| (p.code, p.line)).collect();
    assert_eq!(
        codes,
        vec![
            ("kind-mismatch", BODY_LINE),
            ("type-mismatch", BODY_LINE + 1),
            ("type-mismatch", BODY_LINE + 2)
        ]
    );
    assert_eq!(
        loaded.problems[0].message,
        "`org` is a organization, but `member_of` expects a subject of kind `state`"
    );
    assert_eq!(loaded.problems[1].message, "the value must be a date");
    assert_eq!(
        loaded.problems[2].message,
        "unit `metres` does not match the relation's unit `people`"
    );
}

#[test]
fn a_statement_needs_a_citation() {
    let p = only(&load_body("a member_of org\n"), "no-citation");
    at(&p, BODY_LINE, 1);
}

#[test]
fn bad_phrase_templates_point_inside_the_string() {
    let loaded = load_body("relation r \"r\"\n  phrase \"{subject} joined {valeu}\"\n");
    let p = only(&loaded, "bad-phrase");
    assert!(
        p.message.starts_with("unknown slot {valeu}"),
        "{}",
        p.message
    );
    at(&p, BODY_LINE + 1, 28);
}

#[test]
fn a_phrase_with_too_many_optional_words_is_refused_and_the_rest_loads() {
    let optional = "very? ".repeat(7);
    let body = format!(
        "relation r \"r\"\n  phrase \"{{subject}} {optional}likes {{value}}\"\n  phrase \"{{subject}} likes {{value}}\"\n"
    );
    let loaded = load_body(&body);
    let p = only(&loaded, "bad-phrase");
    assert!(
        p.message
            .contains("at most 6 optional words; this one has 7"),
        "{}",
        p.message
    );
    assert_eq!(p.line, BODY_LINE + 1);
    let r = loaded
        .base
        .relations
        .iter()
        .find(|r| &*r.id == "r")
        .unwrap();
    assert_eq!(r.phrases.len(), 1, "the other phrase still loads");
}

#[test]
fn a_source_needs_publisher_and_date() {
    let loaded = load_body("source S9 \"Bare\"\n  url \"ftp://x\"\n");
    let codes: Vec<&str> = loaded.problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, vec!["missing-field", "missing-field", "bad-url"]);
    assert!(loaded.problems[0].message.contains("no `publisher`"));
}

#[test]
fn includes_missing_and_cyclic() {
    let missing = load_files(&[("root.facts", "include \"nope.facts\"\n")]);
    let p = only(&missing, "include");
    assert!(
        p.message.starts_with("cannot read `nope.facts`"),
        "{}",
        p.message
    );
    at(&p, 1, 9);

    let cyclic = load_files(&[
        ("dir/a.facts", "include \"b.facts\"\n"),
        ("dir/b.facts", "include \"../dir/a.facts\"\n"),
    ]);
    let p = only(&cyclic, "include-cycle");
    assert_eq!(
        p.message,
        "include cycle: dir/a.facts → dir/b.facts → dir/a.facts"
    );
    assert_eq!(p.path, "dir/b.facts");
}

#[test]
fn included_files_share_one_namespace() {
    let loaded = load_files(&[
        (
            "main.facts",
            "include \"schema.facts\"\na member_of org from 2001 [S1]\n",
        ),
        ("schema.facts", SCHEMA),
    ]);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    assert_eq!(loaded.base.files.len(), 2);
}

#[test]
fn quotes_are_checked_against_the_source_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.txt"),
        "The alliance\u{2019}s members   are\nsix states.",
    )
    .unwrap();
    let text = format!(
        "{SCHEMA}source Q \"Quoted\"\n  publisher \"P\"\n  date 2020\n  text \"s.txt\"\n\
         a member_of org [Q \"The alliance's members are six states\"]\n\
         b member_of org [Q \"seven states\"]\n"
    );
    let mem = Mem(HashMap::from([("t.facts", text)]));
    let options = LoadOptions {
        sources_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let loaded = load(&mem, &["t.facts".to_string()], &options);
    let p = only(&loaded, "quote-mismatch");
    assert_eq!(
        p.message,
        "quote not found in the text of source `Q`: \"seven states\""
    );
    at(&p, 30, 17);
    let stats = loaded.base.stats();
    assert_eq!((stats.quotes, stats.quotes_verified), (2, 1));
}

#[test]
fn ambiguous_aliases_warn() {
    let loaded = load_body(
        "entity c state \"Gamma\"\n  alias \"G\"\nentity d state \"Delta\"\n  alias \"g\"\n",
    );
    let p = only(&loaded, "ambiguous-alias");
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.line, BODY_LINE + 2);
}

/// Thousands of names (indexed in table order, not entity order): a name shared by
/// several entities lists them in entity order, and each later alias warns once,
/// naming the first entity that had it.
#[test]
fn shared_names_keep_entity_order_at_scale() {
    let mut body = String::new();
    for i in 0..3000 {
        let shared = if i % 500 == 0 { " \"Shared\"" } else { "" };
        body.push_str(&format!(
            "entity x{i} state \"Label {i}\"\n  alias \"A{i}\"{shared}\n"
        ));
    }
    body.push_str("entity x1234 state \"Again\"\n");
    let loaded = load_body(&body);
    let dup = only(&loaded, "duplicate-id");
    let first = BODY_LINE + 1234 * 2;
    let message = format!("duplicate entity id `x1234`; first declared at t.facts:{first}:1");
    assert_eq!(
        (dup.line, dup.message.as_str()),
        (BODY_LINE + 6000, message.as_str())
    );
    let base = &loaded.base;
    let named: Vec<&str> = base
        .entities_named("shared")
        .iter()
        .map(|&e| &*base.entity_of(e).id)
        .collect();
    assert_eq!(named, ["x0", "x500", "x1000", "x1500", "x2000", "x2500"]);
    let warned: Vec<(u32, &str)> = loaded
        .problems
        .iter()
        .filter(|p| p.code == "ambiguous-alias")
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    let expected: Vec<(u32, String)> = (1..6)
        .map(|k| {
            let message =
                "alias \"Shared\" also names entity `x0`; mentions of it will be ambiguous";
            (BODY_LINE + k * 1000, message.to_string())
        })
        .collect();
    let expected: Vec<(u32, &str)> = expected.iter().map(|(l, m)| (*l, m.as_str())).collect();
    assert_eq!(warned, expected);
    assert_eq!(base.entities_named("label 2999").len(), 1);
    let x1234 = base.entity_of(base.entity("x1234").unwrap());
    assert_eq!(
        (&*x1234.label, base.entities.len()),
        ("Label 1234", 3000 + 5)
    );
}

#[test]
fn positions_count_utf16_for_editors_and_chars_for_people() {
    let loaded = load_body("# 😀 emoji\nentity é state \"É\" \u{1F600}\n");
    let p = &loaded.problems[0];
    assert_eq!(p.code, "syntax");
    assert_eq!(p.line, BODY_LINE + 1);
    assert_eq!(p.range.start.line, BODY_LINE);
}

#[test]
fn quantity_ranges_must_ascend() {
    let p = only(&load_body("org size 20..10 people [S1]\n"), "bad-range");
    assert_eq!(p.message, "the range's upper end is below its lower end");
    at(&p, BODY_LINE, 10);
}

#[test]
fn disputes_need_known_statements() {
    let loaded = load_body(
        "h1: org head p1 from 2000 [S1]\ndispute d \"Who\" h1 h9\ndispute e \"Alone\" h1\n",
    );
    let unknown = only(&loaded, "unknown-id");
    assert_eq!(
        unknown.message,
        "unknown statement `h9`; did you mean `h1`?"
    );
    at(&unknown, BODY_LINE + 1, 20);
    let lonely = only(&loaded, "bad-dispute");
    assert_eq!(lonely.message, "dispute `e` needs at least two statements");
    assert_eq!(lonely.line, BODY_LINE + 2);
}

#[test]
fn closures_resolve_their_relation_and_scope() {
    let loaded = load_body("complete member_of org\ncomplete membr_of org\ncomplete head orgg\n");
    let messages: Vec<&str> = loaded.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown relation `membr_of`; did you mean `member_of`?",
            "unknown entity `orgg`; did you mean `org`?"
        ]
    );
    let base = &loaded.base;
    let member_of = base.relation_of(base.relation("member_of").unwrap());
    assert!(member_of.is_complete_for(base.entity("org").unwrap()));
    assert!(!member_of.is_complete_for(base.entity("a").unwrap()));
}

/// Thousands of statements (resolved in parallel): the kept ones are in file order, of
/// two equal ids the first wins, and every problem is reported once, in file order.
#[test]
fn many_statements_keep_file_order_first_ids_and_every_problem() {
    let mut body = String::new();
    for i in 0..6000 {
        body.push_str(&match i % 1000 {
            8 => format!("s{}: b member_of org [S1]\n", i - 1),
            9 => "a member_of org from 2001-13 [S1]\n".to_string(),
            10 => "a member_of nowhere [S1]\n".to_string(),
            _ => format!("s{i}: a member_of org from {} [S1]\n", 1000 + i),
        });
    }
    let loaded = load_body(&body);
    let found: Vec<(&str, u32)> = loaded.problems.iter().map(|p| (p.code, p.line)).collect();
    let expected: Vec<(&str, u32)> = (0..6u32)
        .flat_map(|k| {
            let line = BODY_LINE + k * 1000;
            [
                ("duplicate-id", line + 8),
                ("bad-date", line + 9),
                ("unknown-id", line + 10),
            ]
        })
        .collect();
    assert_eq!(found, expected);
    let base = &loaded.base;
    assert_eq!(base.statements.len(), 6000 - 6 * 3);
    // In file order, each id naming its own statement.
    let starts: Vec<u32> = base.statements.iter().map(|s| s.span.start).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]));
    for id in ["s0", "s1500", "s5999"] {
        let s = base.statement_of(base.statement(id).unwrap());
        assert_eq!(s.id.as_deref(), Some(id));
    }
    // `s7` twice: the first (subject `a`) is kept, the second reported.
    let s7 = base.statement_of(base.statement("s7").unwrap());
    assert_eq!(s7.subject, base.entity("a").unwrap());
}

#[test]
fn a_role_noun_that_is_not_plain_words_is_an_error_and_the_rest_loads() {
    let loaded = load_body(
        "relation chief \"chief\"\n  subject organization\n  value person\n  role value \"chief {x}\" \"boss\"\na member_of org [S1]\n",
    );
    let p = only(&loaded, "bad-word");
    assert!(p.message.contains("chief {x}"), "{}", p.message);
    assert!(p.message.contains("only letters"), "{}", p.message);
    at(&p, BODY_LINE + 3, 14);
    let chief = loaded.base.relation("chief").unwrap();
    let relation = loaded.base.relation_of(chief);
    assert_eq!(relation.roles[0].nouns, vec![Box::from("boss")]);
    assert!(
        !relation.phrases.is_empty(),
        "the good noun still gives phrasings"
    );
    assert_eq!(loaded.base.statements.len(), 1);
}

#[test]
fn extending_an_unknown_relation_names_it_and_suggests_one() {
    let loaded = load_body("extend membr_of\n  role subject \"member\"\na member_of org [S1]\n");
    let p = only(&loaded, "unknown-id");
    assert!(p.message.contains("membr_of"), "{}", p.message);
    assert!(
        p.message.contains("member_of"),
        "did you mean: {}",
        p.message
    );
    at(&p, BODY_LINE, 8);
    assert_eq!(loaded.base.statements.len(), 1);
}

#[test]
fn an_extension_adds_roles_and_verbs_to_a_relation_declared_elsewhere() {
    let loaded = load_files(&[
        ("t.facts", &format!("{SCHEMA}include \"more.facts\"\n")),
        (
            "more.facts",
            "extend head\n  role value \"head\"\n  verb starts \"appointed\"\n",
        ),
    ]);
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let head = loaded
        .base
        .relation_of(loaded.base.relation("head").unwrap());
    assert_eq!(head.roles.len(), 1);
    assert_eq!(head.verbs.len(), 1);
    let texts: Vec<String> = head
        .phrases
        .iter()
        .map(|p| format!("{:?}", p.template.parts))
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("\"appointed\"")),
        "the verb gives an appointment frame: {texts:#?}"
    );
}

#[test]
fn timed_aliases_load_with_their_period() {
    let loaded = load_body(
        "entity c state \"Gamma\"\n  alias \"Old Gamma\" \"Gammaland\" until 2019-02-11\n  alias \"G\"\n",
    );
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let c = &loaded.base.entities[loaded.base.entity("c").unwrap().index()];
    assert_eq!(c.aliases.len(), 3, "timed aliases are still names");
    let timed: Vec<(&str, String)> = c
        .timed
        .iter()
        .map(|(n, v)| (&**n, format!("{:?}", v.bounds())))
        .collect();
    assert_eq!(timed.len(), 2);
    assert_eq!(timed[0].0, "Old Gamma");
    assert!(timed[0].1.contains("2019-02-11"), "{timed:?}");
}

#[test]
fn a_timed_alias_with_a_bad_period_names_the_line() {
    let loaded = load_body(
        "entity c state \"Gamma\"\n  alias \"Old Gamma\" from 2020-01-01 until 2019-02-11\na member_of org [S1]\n",
    );
    let p = only(&loaded, "interval-order");
    assert_eq!(p.line, BODY_LINE + 1);
    assert!(p.message.contains("before it starts"), "{}", p.message);
    let c = &loaded.base.entities[loaded.base.entity("c").unwrap().index()];
    assert!(c.timed.is_empty(), "a bad period is not applied");
    assert_eq!(loaded.base.statements.len(), 1, "the next line still loads");
}

#[test]
fn excludes_names_relations_and_an_unknown_one_is_reported_on_its_line() {
    let body = "relation observer \"observer at\"\n  subject state\n  value organization\n  excludes member_of membr_of\n";
    let loaded = load_body(body);
    let p = only(&loaded, "unknown-id");
    assert!(
        p.message
            .contains("unknown relation `membr_of`; did you mean `member_of`?"),
        "{}",
        p.message
    );
    assert_eq!(p.line, BODY_LINE + 3);
    let observer = loaded.base.relation("observer").unwrap();
    let member_of = loaded.base.relation("member_of").unwrap();
    assert_eq!(loaded.base.relation_of(observer).excludes, [member_of]);
}

#[test]
fn a_cancelled_load_stops_and_says_so() {
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let options = LoadOptions {
        cancel: Some(cancel),
        ..Default::default()
    };
    let mem = Mem([("t.facts", format!("{SCHEMA}a member_of org [S1]\n"))]
        .into_iter()
        .collect());
    let loaded = load(&mem, &["t.facts".to_string()], &options);
    assert!(loaded.cancelled);
    assert!(
        loaded.base.statements.is_empty(),
        "stopped before resolving"
    );
    let whole = load(&mem, &["t.facts".to_string()], &LoadOptions::default());
    assert!(!whole.cancelled);
    assert_eq!(whole.base.statements.len(), 1);
}

#[test]
fn hints_go_to_the_first_unknown_names_in_file_order_every_time() {
    // 300 slips for `org`: the first 256 in the file get a hint, the rest none, on every load
    // (resolution runs on several threads; the hints do not depend on which finished first).
    let body: String = (0..300)
        .map(|i| format!("a member_of orgx [S1] # {i}\n"))
        .collect();
    let hinted = |loaded: &Loaded| -> Vec<u32> {
        loaded
            .problems
            .iter()
            .filter(|p| p.message.contains("did you mean `org`?"))
            .map(|p| p.line)
            .collect()
    };
    let first = hinted(&load_body(&body));
    assert_eq!(first.len(), factline_core::suggest::MAX_HINTS);
    assert_eq!(first, (BODY_LINE..BODY_LINE + 256).collect::<Vec<_>>());
    for _ in 0..3 {
        assert_eq!(hinted(&load_body(&body)), first);
    }
}

#[test]
fn a_scale_word_multiplies_the_amount_and_a_unit_must_follow() {
    let loaded =
        load_body("org size about 2.7 billion people [S1]\norg size 17..22 thousand people [S1]\n");
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let amounts: Vec<(f64, Option<f64>)> = loaded
        .base
        .statements
        .iter()
        .filter_map(|s| match &s.value {
            factline_core::facts::model::Value::Quantity(q) => Some((q.amount, q.upper)),
            _ => None,
        })
        .collect();
    assert_eq!(amounts, [(2.7e9, None), (17e3, Some(22e3))]);
    // The scale is not the unit: a quantity still needs one after it.
    let loaded = load_body("org size about 2.7 billion [S1]\n");
    assert!(
        loaded.problems.iter().any(|p| p.line == BODY_LINE),
        "{:#?}",
        loaded.problems
    );
}

#[test]
fn refuted_by_names_statements_that_count_on_a_deprecated_one() {
    let body = "good: a member_of org from 2001 [S1]\n\
                old: b member_of org until 1999 deprecated \"wrong\" refuted_by good nope [S1]\n\
                plain: b member_of org from 2005 refuted_by good [S1]\n\
                worse: a member_of org until 1990 deprecated \"no\" refuted_by old [S1]\n";
    let loaded = load_body(body);
    let unknown = only(&loaded, "unknown-id");
    assert_eq!(unknown.message, "unknown statement or source `nope`");
    at(&unknown, BODY_LINE + 1, 68);
    let bad: Vec<&Problem> = loaded
        .problems
        .iter()
        .filter(|p| p.code == "bad-refuted-by")
        .collect();
    assert_eq!(bad.len(), 2, "{:#?}", loaded.problems);
    assert!(bad[0].message.contains("belongs to a deprecated statement"));
    at(bad[0], BODY_LINE + 2, 34);
    assert_eq!(
        bad[1].message,
        "statement `old` cannot refute: it is deprecated, unconfirmed or this one"
    );
    at(bad[1], BODY_LINE + 3, 62);
    // Nothing is lost: the known refuter is kept, every statement loads.
    let base = &loaded.base;
    let old = base.statement_of(base.statement("old").unwrap());
    assert_eq!(old.refuted_by, vec![base.statement("good").unwrap()]);
    assert_eq!(base.statements.len(), 4);
    // A source stands for a refutation no statement records.
    let loaded = load_body("b member_of org until 1999 deprecated \"no\" refuted_by S1 [S1]\n");
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let refuted = &loaded.base.statements[0].refuted_in;
    assert_eq!(refuted.len(), 1);
    assert_eq!(refuted[0].source, loaded.base.source("S1").unwrap());
}

#[test]
fn a_closed_list_keeps_its_citations_by_scope() {
    let loaded = load_body("complete member_of org [S1 \"all members\"] [S2]\n");
    let p = only(&loaded, "unknown-source");
    at(&p, BODY_LINE, 44);
    let base = &loaded.base;
    let relation = base.relation_of(base.relation("member_of").unwrap());
    let org = base.entity("org").unwrap();
    assert!(relation.is_complete_for(org));
    let quotes: Vec<Option<&str>> = relation
        .citations_closing(org)
        .map(|c| c.quote.as_deref())
        .collect();
    assert_eq!(quotes, vec![Some("all members")]);
    assert_eq!(
        relation
            .citations_closing(base.entity("a").unwrap())
            .count(),
        0
    );
}

#[test]
fn a_confirmation_needs_a_source_that_recent() {
    // S1 is dated 2020-01-01.
    let loaded = load_body(
        "a member_of org from 2001 confirmed 2024-05 [S1]\nb member_of org from 2001 confirmed 2019 [S1]\n",
    );
    let p = only(&loaded, "unsourced-confirmation");
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(
        p.message,
        "confirmed 2024-05, but no cited source is that recent (the newest is dated 2020-01-01): cite the source that confirmed it"
    );
    at(&p, BODY_LINE, 1);
    assert_eq!(loaded.base.statements.len(), 2, "both statements load");
}

#[test]
fn the_same_entity_declared_by_two_bases_adds_its_names() {
    let other = "include \"t.facts\"\nentity a state \"Alpha\"\n  alias \"Alphaland\"\nentity b state \"Not Beta\"\n";
    let loaded = load_files(&[("u.facts", other), ("t.facts", SCHEMA)]);
    // `b` is another thing under the same id: still a clash.
    let p = only(&loaded, "duplicate-id");
    assert!(p.message.starts_with("duplicate entity id `b`"), "{p}");
    let base = &loaded.base;
    let a = base.entity_of(base.entity("a").unwrap());
    assert_eq!(a.aliases, vec![Box::from("Alphaland")]);
    assert_eq!(base.entities.iter().filter(|e| &*e.id == "a").count(), 1);
}

#[test]
fn wikidata_ids_must_be_items_or_properties_as_their_declaration_wants() {
    let body = "entity q state \"Quebecia\"\n  wikidata Q42 P463\n\
                extend member_of\n  wikidata P463 Q31\n\
                kind city \"a city\"\n  wikidata Q515 Qx\n";
    let loaded = load_body(body);
    let bad: Vec<&Problem> = loaded
        .problems
        .iter()
        .filter(|p| p.code == "bad-wikidata-id")
        .collect();
    assert_eq!(bad.len(), 3, "{:#?}", loaded.problems);
    assert_eq!(
        bad[0].message,
        "`P463` is not a Wikidata item id (`Q` and digits, as in `Q7184`)"
    );
    at(bad[0], BODY_LINE + 1, 16);
    assert!(
        bad[1]
            .message
            .starts_with("`Q31` is not a Wikidata property id")
    );
    at(bad[1], BODY_LINE + 3, 17);
    assert!(bad[2].message.starts_with("`Qx` is not a Wikidata item id"));
    // Nothing else is lost: the good ids are kept.
    let base = &loaded.base;
    let q = base.entity_of(base.entity("q").unwrap());
    assert_eq!(q.wikidata, vec!["Q42".into()]);
    let member_of = base.relation_of(base.relation("member_of").unwrap());
    assert_eq!(member_of.wikidata, vec!["P463".into()]);
    let city = base.kinds.iter().find(|k| &*k.name == "city").unwrap();
    assert_eq!(city.wikidata, vec!["Q515".into()]);
}
