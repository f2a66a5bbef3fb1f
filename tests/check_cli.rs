//! `factline check` as a user and a CI job run it: output, JSON, positions, exit codes.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn factline(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run factline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// Applies an LSP-style edit (UTF-16 positions) to `text`.
fn apply(text: &str, range: &Value, new_text: &str) -> String {
    let offset = |pos: &Value| {
        let (line, ch) = (
            pos["line"].as_u64().unwrap() as usize,
            pos["character"].as_u64().unwrap() as usize,
        );
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            units += c.len_utf16();
            if units > ch {
                return start + i;
            }
        }
        text.len()
    };
    let (a, b) = (offset(&range["start"]), offset(&range["end"]));
    format!("{}{new_text}{}", &text[..a], &text[b..])
}

#[test]
fn json_has_the_documented_shape_and_fixes_apply() {
    let dir = tempfile::tempdir().unwrap();
    let note = "---\nas_of: 2026-06-01\n---\n# CSTO\n\nUzbekistan is a member of the CSTO.\n";
    std::fs::write(dir.path().join("n.md"), note).unwrap();
    let out = factline(&["check", "--format", "json", "n.md"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json(&out);
    let file = &doc["files"][0];
    assert_eq!(file["path"], "n.md");
    assert_eq!(file["as_of"], "2026-06-01");
    let d = &file["diagnostics"][0];
    assert_eq!(d["code"], "outdated");
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 5, "character": 0})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 5, "character": 34})
    );
    let cite = &d["citations"][0];
    for key in ["source", "title", "publisher", "date", "url", "quote"] {
        assert!(cite.get(key).is_some(), "citation lacks {key}: {cite}");
    }
    assert!(
        d["citations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["url"].is_string())
    );
    let fix = &d["fixes"][0];
    let fixed = apply(note, &fix["range"], fix["new_text"].as_str().unwrap());
    assert!(
        fixed.contains("Uzbekistan was a member of the CSTO until 2012."),
        "{fixed}"
    );
    // The fixed note is clean.
    std::fs::write(dir.path().join("n.md"), &fixed).unwrap();
    let out = factline(&["check", "n.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn positions_are_utf16_with_emoji_cjk_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let note = "---\r\nas_of: 2026-06-01\r\n---\r\n# 🇺🇿 CSTO\r\n\r\n中文 🙂 Stanislav Zas is the Secretary General of the CSTO.\r\n";
    std::fs::write(dir.path().join("n.md"), note).unwrap();
    let out = factline(&["check", "--format", "json", "n.md"], dir.path());
    let d = &json(&out)["files"][0]["diagnostics"][0];
    // "中文 🙂 " is 2 + 1 + 2 + 1 = 6 UTF-16 units.
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 5, "character": 6}),
        "{d}"
    );
    let fix = d["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["new_text"] == "Taalatbek Masadykov")
        .unwrap();
    let fixed = apply(note, &fix["range"], "Taalatbek Masadykov");
    assert!(
        fixed.contains("中文 🙂 Taalatbek Masadykov is the Secretary General"),
        "{fixed}"
    );
}

#[test]
fn human_output_underlines_cites_and_suggests() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("n.md"),
        "# CSTO\n\nThe CSTO was founded in 1992.\n",
    )
    .unwrap();
    let out = factline(&["check", "--as-of", "2024-01-01", "n.md"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let expected = "error[contradicted]: Not 1992: the CSTO was founded in 2002 (1992 is the treaty's signature; the organization dates from 2002)\n  --> n.md:3:1\n  |\n3 | The CSTO was founded in 1992.\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = as of 2024-01-01\n";
    assert!(text.starts_with(expected), "{text}");
    assert!(text.contains("= source: "), "{text}");
    assert!(text.contains("= fix: Replace with 2002"), "{text}");
    assert!(
        text.ends_with("1 note checked, 1 finding at warning or above\n"),
        "{text}"
    );
}

#[test]
fn directories_recurse_into_markdown_and_clean_notes_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("notes/deep")).unwrap();
    std::fs::write(
        dir.path().join("notes/a.md"),
        "Russia is a member of the CSTO.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("notes/deep/b.md"),
        "---\nas_of: 2020-01-01\n---\nZas is the Secretary General of the CSTO.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("notes/skip.txt"),
        "Georgia is a member of the CSTO.\n",
    )
    .unwrap();
    let out = factline(&["check", "--format", "json", "notes"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let paths: Vec<String> = json(&out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["notes/a.md", "notes/deep/b.md"]);
}

#[test]
fn bad_input_exits_2_naming_the_file_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = factline(&["check", "missing.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.md"), "{}", stderr(&out));

    let out = factline(
        &["check", "--as-of", "2024-13-01", "missing.md"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("month 13"), "{}", stderr(&out));

    std::fs::write(
        dir.path().join("d.md"),
        "---\nas_of: 2024-02-30\n---\nText.\n",
    )
    .unwrap();
    let out = factline(&["check", "d.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("d.md:2:8: front matter `as_of`"),
        "{}",
        stderr(&out)
    );

    std::fs::write(dir.path().join("bin.md"), [0xff, 0xfe, 0x00]).unwrap();
    let out = factline(&["check", "bin.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bin.md: not UTF-8"),
        "{}",
        stderr(&out)
    );

    std::fs::write(dir.path().join("bad.facts"), "entity x nope \"X\"\n").unwrap();
    std::fs::write(dir.path().join("ok.md"), "Text.\n").unwrap();
    let out = factline(&["check", "--facts", "bad.facts", "ok.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.facts:1:"), "{}", stderr(&out));
}

#[test]
fn factline_toml_sets_facts_date_severity_and_reports_bad_keys() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("facts/nato.facts"), dir.path().join("nato.facts")).unwrap();
    std::fs::copy(
        root.join("facts/common.facts"),
        dir.path().join("common.facts"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(
        dir.path().join("factline.toml"),
        "facts = [\"nato.facts\"]\ndefault_facts = false\nas_of = \"2015-06-01\"\n[severity]\noutdated = \"error\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("notes/n.md"),
        "Rasmussen is the Secretary General of NATO.\nUzbekistan is a member of the CSTO.\n",
    )
    .unwrap();
    let out = factline(&["check", "--format", "json", "notes/n.md"], dir.path());
    let doc = json(&out);
    let file = &doc["files"][0];
    assert_eq!(file["as_of"], "2015-06-01");
    let diags = file["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        (diags[0]["code"].as_str(), diags[0]["severity"].as_str()),
        (Some("outdated"), Some("error"))
    );

    std::fs::write(
        dir.path().join("factline.toml"),
        "facts = [\"nato.facts\"]\n\ndefault_fact = false\n",
    )
    .unwrap();
    let out = factline(&["check", "notes/n.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("factline.toml:3: unknown field `default_fact`"),
        "{err}"
    );
}

#[test]
fn a_directory_walk_skips_link_loops_fifos_links_out_and_ignored_files() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(
        notes.join("a.md"),
        "---\nas_of: 2026-06-01\n---\nUzbekistan is a member of the CSTO.\n",
    )
    .unwrap();
    // A loop back to the directory, twice, and a FIFO that would block a reader.
    std::os::unix::fs::symlink(&notes, notes.join("loop")).unwrap();
    std::os::unix::fs::symlink(&notes, notes.join("loop2")).unwrap();
    std::os::unix::fs::symlink(notes.join("a.md"), notes.join("b.md")).unwrap();
    // Ignored by the folder's .gitignore (it need not be a git repository), or hidden.
    std::fs::write(notes.join(".gitignore"), "drafts/\nscratch.md\n").unwrap();
    std::fs::create_dir(notes.join("drafts")).unwrap();
    std::fs::write(
        notes.join("drafts/d.md"),
        "Uzbekistan is a member of the CSTO.\n",
    )
    .unwrap();
    std::fs::write(
        notes.join("scratch.md"),
        "Uzbekistan is a member of the CSTO.\n",
    )
    .unwrap();
    std::fs::create_dir(notes.join(".obsidian")).unwrap();
    std::fs::write(
        notes.join(".obsidian/h.md"),
        "Uzbekistan is a member of the CSTO.\n",
    )
    .unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(notes.join("pipe.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let out = factline(&["check", "--format", "json", "notes"], dir.path());
    let doc = json(&out);
    let files: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["notes/a.md"], "{}", stderr(&out));
}

#[test]
fn a_name_used_only_for_a_period_is_flagged_outside_it_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let note = "---\nas_of: 2025-06-01\n---\n# NATO\n\nMacedonia is a member of NATO.\n\n\
North Macedonia is a member of NATO.\n\nIn 2010, the Republic of Macedonia was not a member of NATO.\n";
    std::fs::write(dir.path().join("n.md"), note).unwrap();
    let facts = root.join("facts/nato.facts");
    let args = [
        "check",
        "--format",
        "json",
        "--no-default-facts",
        "--facts",
        facts.to_str().unwrap(),
        "n.md",
    ];
    let doc = json(&factline(&args, dir.path()));
    let diags = doc["files"][0]["diagnostics"].as_array().unwrap();
    // Only the old name in a present claim; the current name and the dated claim are true.
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["code"], "outdated");
    assert_eq!(d["range"]["start"]["line"], 5);
    assert!(
        d["message"].as_str().unwrap().contains("until 2019-02-11"),
        "{d}"
    );
    let fix = &d["fixes"][0];
    let fixed = apply(note, &fix["range"], fix["new_text"].as_str().unwrap());
    assert!(
        fixed.contains("\nNorth Macedonia is a member of NATO.\n\nNorth Macedonia is"),
        "{fixed}"
    );
}

#[test]
fn a_newcomers_slips_get_plain_answers() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(
        dir.path().join("n.md"),
        "Uzbekistan is a member of the CSTO.\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    // Another domain loads over the embedded base: the states both name are one.
    let nato = root.join("facts/nato.facts");
    let out = factline(
        &["check", "--facts", nato.to_str().unwrap(), "n.md"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // A domain's unchanged copy of common.facts is the embedded one; a real clash
    // (another thing under an embedded id) says how to leave the base out.
    let clash = "include \"common.facts\"\nentity russia organization \"Russian Club\"\n";
    std::fs::write(dir.path().join("clash.facts"), clash).unwrap();
    std::fs::copy(
        root.join("facts/common.facts"),
        dir.path().join("common.facts"),
    )
    .unwrap();
    let out = factline(&["check", "--facts", "clash.facts", "n.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--no-default-facts"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("duplicate kind"),
        "the copy of common.facts does not clash: {}",
        stderr(&out)
    );
    // A folder without notes is said, not silently passed.
    let out = factline(&["check", "empty"], dir.path());
    assert!(
        stderr(&out).contains("empty: no Markdown notes"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("0 notes checked"), "{}", stdout(&out));
    // A note without citations, listed by `sources`.
    let out = factline(&["sources", "n.md"], dir.path());
    assert_eq!(stdout(&out), "n.md: no citations ([@id])\n");
    // `lsp --stdio`, as several clients start it: accepted (no argument error).
    let out = factline(&["lsp", "--stdio"], dir.path());
    assert!(
        !stderr(&out).contains("unexpected argument"),
        "{}",
        stderr(&out)
    );
    assert_ne!(out.status.code(), Some(2));
}

#[test]
fn ci_formats_annotate_each_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("n.md"),
        "# CSTO\n\nThe CSTO was founded in 1992.\n\nUzbekistan is a member of the CSTO.\n",
    )
    .unwrap();
    let args = |format| ["check", "--as-of", "2024-01-01", "--format", format, "n.md"];
    let out = factline(&args("github"), dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("::error file=n.md,line=3,col=1,endLine=3,endColumn=29,title=factline contradicted::Not 1992"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("::warning file=n.md,line=5,"),
        "{text}"
    );

    let out = factline(&args("sarif"), dir.path());
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "contradicted");
    assert_eq!(results[0]["level"], "error");
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(3), Some(1))
    );
    // The preferred fix, as a replacement.
    let fix = &results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "2002");
    assert_eq!(results[1]["level"], "warning");

    let out = factline(&["sources", "--format", "sarif", "n.md"], dir.path());
    assert_eq!(out.status.code(), Some(2), "sources has no CI formats");
}

/// A curator's checkout: its `facts/csto.facts`, edited, replaces the embedded copy rather
/// than clashing with it, and the edit is what the note is checked against.
#[test]
fn a_checkout_of_the_embedded_base_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("facts");
    std::fs::create_dir(&facts).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("facts");
    for name in ["csto.facts", "common.facts", "csto-sources.facts"] {
        let mut text = std::fs::read_to_string(repo.join(name)).unwrap();
        if name == "csto.facts" {
            let before = "from 2006-08-16 until 2012-12-18";
            assert!(text.contains(before));
            text = text.replace(before, "from 2006-08-16 until 2014-12-18");
        }
        std::fs::write(facts.join(name), text).unwrap();
    }
    std::fs::write(
        dir.path().join("n.md"),
        "---\nas_of: 2026-01-01\n---\n# CSTO\n\nUzbekistan is a member of the CSTO.\n",
    )
    .unwrap();
    let out = factline(
        &["check", "--facts", "facts/csto.facts", "n.md"],
        dir.path(),
    );
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("since 2014-12-19"), "{text}");
}
