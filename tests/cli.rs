//! `factline facts check` as a user runs it: output, JSON shape, exit codes.

use std::process::{Command, Output};

fn factline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run factline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn embedded_base_checks_clean() {
    let out = factline(&["facts", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.starts_with("facts/csto.facts: "), "{text}");
    assert!(text.contains("; 0 errors, 0 warnings"), "{text}");
}

#[test]
fn errors_are_shown_with_the_source_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.facts");
    std::fs::write(
        &path,
        "kind state\nentity a state \"A\"\na member_of b [x]\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let out = factline(&["facts", "check", path]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let expected = format!(
        "error[unknown-id]: unknown relation `member_of`\n  --> {path}:3:3\n  |\n3 | a member_of b [x]\n  |   ^^^^^^^^^\n"
    );
    assert!(text.contains(&expected), "{text}");
    assert!(
        text.contains("error[unknown-source]: unknown source `x`"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("3 errors, 0 warnings"), "{text}");
}

#[test]
fn json_output_lists_problems_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.facts");
    std::fs::write(&path, "source s \"T\"\n  date 2020-02-30\n").unwrap();
    let out = factline(&["facts", "check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let problems = doc["problems"].as_array().unwrap();
    let codes: Vec<&str> = problems
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["missing-field", "bad-date"]);
    assert_eq!(problems[1]["line"], 2);
    assert_eq!(
        problems[1]["range"]["start"],
        serde_json::json!({"line": 1, "character": 7})
    );
    assert_eq!(doc["summary"]["sources"], 1);
    assert_eq!(doc["errors"], 2);
}

#[test]
fn unreadable_input_exits_2() {
    let out = factline(&["facts", "check", "/nonexistent/x.facts"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("cannot read `/nonexistent/x.facts`"));
}

#[test]
fn seeds_verify_through_the_cli() {
    if !std::path::Path::new("../shared/seeds").is_dir() {
        eprintln!("skipped: ../shared/seeds not found");
        return;
    }
    let out = factline(&[
        "facts",
        "check",
        "facts/csto.facts",
        "--sources",
        "../shared/seeds",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    let verified = text
        .split(" quotes verified")
        .next()
        .unwrap()
        .rsplit(", ")
        .next()
        .unwrap();
    let (got, of) = verified.split_once(" of ").unwrap();
    assert_eq!(got, of, "every quote verified: {text}");
}

#[test]
fn a_directory_is_every_fact_file_under_it() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // The repository's own facts/ folder: the CSTO, NATO and UN bases together.
    let out = factline(&["facts", "check", repo.join("facts").to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for name in ["csto.facts", "nato.facts", "un.facts", "common.facts"] {
        assert!(text.contains(name), "{name} not checked: {text}");
    }
    let empty = tempfile::tempdir().unwrap();
    let out = factline(&["facts", "check", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("no fact files (*.facts) found"), "{said}");
}
