//! `factline facts import wikidata` on fixtures in Wikidata's own formats: entity data,
//! dumps (plain, gzip, bzip2), SPARQL results; what it keeps, leaves out and reports, and
//! that its output loads and checks notes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn factline(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_factline"));
    cmd.args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("run factline");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const MAP: &str = "tests/wikidata/map.facts";
const FEATURES: &str = "tests/wikidata/features.json";

/// `input` imported with the test map and `flags`, as the CLI writes it.
fn import_with(flags: &[&str], input: &str, stdin: Option<&[u8]>) -> Output {
    let base = [
        "facts",
        "import",
        "wikidata",
        "--map",
        MAP,
        "--include",
        "map.facts",
    ];
    let args: Vec<&str> = base.iter().chain(flags).copied().chain([input]).collect();
    factline(&args, stdin)
}

/// The feature fixture's way: labels in English, then French.
fn import(input: &str, stdin: Option<&[u8]>) -> Output {
    import_with(&["--lang", "en,fr"], input, stdin)
}

/// Writes `facts` beside a copy of the test map and loads it with `facts check`.
fn loads_clean(facts: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(MAP, dir.path().join("map.facts")).unwrap();
    let out = dir.path().join("out.facts");
    std::fs::write(&out, facts).unwrap();
    let checked = factline(&["facts", "check", out.to_str().unwrap()], None);
    assert!(checked.status.success(), "{}", text(&checked.stdout));
    checked
}

#[test]
fn entity_data_imports_qualifiers_ranks_references_and_reports_the_rest() {
    let out = import(FEATURES, None);
    let (facts, said) = (text(&out.stdout), text(&out.stderr));
    insta::assert_snapshot!("features", facts);
    loads_clean(&facts);
    // A bad statement is reported with its entity and JSON path; the rest is imported.
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("error: Q900600: $.claims.P463[0]: a value without a datavalue type"));
    assert!(
        said.contains("error: Q900100: $.claims.P488[5]: it ends (2019) before it starts (2020)")
    );
    assert!(said.contains("1 disputes: holders of a one-at-a-time relation whose times overlap"));
    assert!(
        said.starts_with(
            "imported 8 statements (1 unconfirmed: no reference), 6 new entities and 3 new sources \
         from 12 entities"
        ),
        "{said}"
    );
    for skipped in [
        "skipped 1: unknown values (somevalue)",
        "skipped 1: no-value statements (novalue)",
        "skipped 1: statements of unmapped properties",
        "skipped 1: statements about items not in the input",
        "skipped 1: statements whose entity has no kind the relation takes",
    ] {
        assert!(said.contains(skipped), "{skipped} in {said}");
    }
    // The same input again: the same bytes.
    assert_eq!(import(FEATURES, None).stdout, out.stdout);
    // From stdin, the same.
    let bytes = std::fs::read(FEATURES).unwrap();
    assert_eq!(import("-", Some(&bytes)).stdout, out.stdout);
}

#[test]
fn trusting_unreferenced_statements_drops_unconfirmed() {
    let out = import_with(&["--trust-unreferenced"], FEATURES, None);
    let facts = text(&out.stdout);
    assert!(!facts.contains("unconfirmed"), "{facts}");
    assert!(facts.contains("guild head bob_best_q900202 from 2016-01-01 [wikidata_q900100]"));
}

/// The fixture's entities as a dump: `[`, one entity per line ending in a comma, `]`.
fn dump() -> String {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(FEATURES).unwrap()).unwrap();
    let entities = doc["entities"].as_object().unwrap();
    let lines: Vec<String> = entities.values().map(|e| e.to_string()).collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

#[test]
fn dumps_plain_gzip_and_bzip2_import_like_entity_data() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dump();
    let plain = dir.path().join("slice.json");
    std::fs::write(&plain, &dump).unwrap();
    let gz = dir.path().join("slice.json.gz");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(dump.as_bytes()).unwrap();
    std::fs::write(&gz, e.finish().unwrap()).unwrap();
    let bz2 = dir.path().join("slice.json.bz2");
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    e.write_all(dump.as_bytes()).unwrap();
    std::fs::write(&bz2, e.finish().unwrap()).unwrap();
    let expected = import(FEATURES, None).stdout;
    for path in [&plain, &gz, &bz2] {
        let out = import(path.to_str().unwrap(), None);
        assert_eq!(text(&out.stdout), text(&expected), "{}", path.display());
    }
}

#[test]
fn a_dump_line_that_is_not_json_is_reported_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dump().replacen("\n{", "\n{\"id\": broken\n{", 1);
    let path = dir.path().join("broken.json");
    std::fs::write(&path, dump).unwrap();
    let out = import(path.to_str().unwrap(), None);
    let said = text(&out.stderr);
    assert!(said.contains("broken.json:2: not JSON"), "{said}");
    assert!(said.contains("imported 8 statements"), "{said}");
}

#[test]
fn sparql_results_read_as_statements() {
    let out = import_with(&[], "tests/wikidata/sparql.json", None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let facts = text(&out.stdout);
    insta::assert_snapshot!("sparql", facts);
    loads_clean(&facts);
}

#[test]
fn an_id_declared_twice_in_the_map_is_said_and_the_first_used() {
    let dir = tempfile::tempdir().unwrap();
    let map = std::fs::read_to_string(MAP).unwrap()
        + "relation also_member \"also member\"\n  subject land\n  value org\n  wikidata P463\n";
    let path = dir.path().join("map.facts");
    std::fs::write(&path, map).unwrap();
    let args = [
        "facts",
        "import",
        "wikidata",
        "--map",
        path.to_str().unwrap(),
        FEATURES,
    ];
    let out = factline(&args, None);
    let said = text(&out.stderr);
    assert!(
        said.contains("warning: the map: P463 is declared by relations `member_of` and `also_member`; `member_of` is used"),
        "{said}"
    );
    assert!(text(&out.stdout).contains("northland_q900301 member_of guild"));
}

#[test]
fn a_map_without_properties_is_refused() {
    let out = factline(
        &[
            "facts",
            "import",
            "wikidata",
            "--map",
            "examples/typo.facts",
            FEATURES,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("plain.facts");
    std::fs::write(
        &map,
        "kind org\nrelation r \"r\"\n  subject org\n  value org\n",
    )
    .unwrap();
    let map = map.to_str().unwrap();
    let out = factline(
        &["facts", "import", "wikidata", "--map", map, FEATURES],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("declares no `wikidata P…`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn notes_are_checked_against_the_import_and_cite_its_references() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(MAP, dir.path().join("map.facts")).unwrap();
    std::fs::write(dir.path().join("out.facts"), import(FEATURES, None).stdout).unwrap();
    let note = dir.path().join("note.md");
    std::fs::write(
        &note,
        "---\nas_of: 2026-06-01\n---\nNorthland is not a member of The Guild.\n\n\
         Ann Able is the head of The Guild.\n",
    )
    .unwrap();
    let facts = dir.path().join("out.facts");
    let out = factline(
        &[
            "check",
            "--format",
            "json",
            "--no-default-facts",
            "--facts",
            facts.to_str().unwrap(),
            note.to_str().unwrap(),
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, Vec<String>)> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let titles = d["citations"].as_array().unwrap().iter();
            let titles = titles
                .map(|c| c["title"].as_str().unwrap().to_string())
                .collect();
            (d["code"].as_str().unwrap().to_string(), titles)
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "contradicted".to_string(),
                vec!["Annual Register".to_string()]
            ),
            (
                "outdated".to_string(),
                vec!["New head for the Guild".to_string()]
            ),
        ],
        "{}",
        text(&out.stdout)
    );
}

/// The worked example: `facts/nato.facts` declares its items, and re-importing
/// `examples/wikidata/nato-members.json` reproduces its membership, founding and
/// headquarters statements with their sources.
#[test]
fn the_nato_fixture_reproduces_the_base_it_was_mapped_from() {
    let out = factline(
        &[
            "facts",
            "import",
            "wikidata",
            "--map",
            "facts/nato.facts",
            "--include",
            "../../facts/nato.facts",
            "examples/wikidata/nato-members.json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let committed = std::fs::read_to_string("examples/wikidata/nato-members.facts").unwrap();
    assert_eq!(
        text(&out.stdout),
        committed,
        "the example is what the import writes"
    );
    let loaded = factline_core::facts::load_files(
        &["examples/wikidata/nato-members.facts".to_string()],
        &Default::default(),
    );
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.problems);
    let base = &loaded.base;
    let of_file = |suffix: &str| {
        let mut out: Vec<String> = base
            .statements
            .iter()
            .filter(|s| base.files[s.span.file.index()].path.ends_with(suffix))
            .filter(|s| {
                let r = &*base.relation_of(s.relation).id;
                matches!(r, "member_of" | "founded" | "headquartered_in")
            })
            .map(|s| {
                let mut cites: Vec<&str> = s
                    .citations
                    .iter()
                    .map(|c| &*base.source_of(c.source).id)
                    .collect();
                cites.sort();
                let value = match &s.value {
                    factline_core::facts::model::Value::Entity(e) => {
                        base.entity_of(*e).id.to_string()
                    }
                    other => format!("{other:?}"),
                };
                format!(
                    "{} {} {value} {} {cites:?}",
                    base.entity_of(s.subject).id,
                    base.relation_of(s.relation).id,
                    s.validity
                )
            })
            .collect();
        out.sort();
        out
    };
    let imported = of_file("nato-members.facts");
    assert_eq!(imported.len(), 34);
    assert_eq!(imported, of_file("facts/nato.facts"));
    assert!(Path::new("examples/wikidata/README.md").exists());
}
