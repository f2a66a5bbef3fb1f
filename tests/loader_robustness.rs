//! Garbage in, problems out: the loader never panics, and every reported
//! position lies inside its file.

use factline_core::facts::{FileReader, LoadOptions, load};
use proptest::prelude::*;

struct One(String);

impl FileReader for One {
    fn read(&self, _: &str) -> std::io::Result<String> {
        Ok(self.0.clone())
    }
}

const PIECES: &[&str] = &[
    "source",
    "entity",
    "relation",
    "kind",
    "include",
    "dispute",
    "complete",
    "from",
    "until",
    "on",
    "about",
    "..",
    "[",
    "]",
    ":",
    "\"",
    "\"q\"",
    "\\",
    "a",
    "b_c",
    "W1",
    "2020",
    "2020-02",
    "2020-02-30",
    "1,000",
    "12.5",
    "#",
    "\n",
    "\n  ",
    "\r\n",
    "\r",
    "\t",
    " ",
    "😀",
    "中文",
    "é",
    "\u{0}",
    "deprecated",
    "preferred",
    "unconfirmed",
    "confirmed",
    "phrase",
    "\"{x}\"",
    "value",
    "quantity",
    "functional",
    "many",
    "alias",
    "topic",
    "note",
    "text",
    "date",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Any soup of the language's own tokens and hostile characters loads without a panic,
    /// and every problem's position lies inside its file, on char boundaries.
    #[test]
    fn random_token_soup_never_panics_and_positions_stay_in_bounds(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60),
    ) {
        let text = pieces.join(" ");
        let loaded = load(
            &One(text.clone()),
            &["f.facts".into()],
            &LoadOptions::default(),
        );
        let lines = text.split('\n').count() as u32 + text.matches('\r').count() as u32;
        for p in &loaded.problems {
            prop_assert!(p.bytes.0 <= p.bytes.1 && p.bytes.1 <= text.len(), "{} in {:?}", p, text);
            prop_assert!(text.is_char_boundary(p.bytes.0) && text.is_char_boundary(p.bytes.1));
            prop_assert!(p.line >= 1 && p.line <= lines + 1, "{}", p);
        }
    }
}

#[test]
fn binary_junk_and_empty_files_load_without_panicking() {
    for text in [
        "",
        "\u{feff}",
        "\0\0\0",
        &"[".repeat(10_000),
        &"\n  ".repeat(10_000),
    ] {
        let loaded = load(
            &One(text.to_string()),
            &["f.facts".into()],
            &LoadOptions::default(),
        );
        assert!(loaded.base.statements.is_empty());
    }
}

/// Inputs the fuzzer found (`tests/regressions/load_facts-*.facts`): they must load without
/// a panic and with every problem's range ordered and inside the file.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "facts") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded =
            factline_core::facts::load_files(&[path.display().to_string()], &Default::default());
        for p in loaded
            .problems
            .iter()
            .filter(|p| p.path == path.display().to_string())
        {
            assert!(
                p.bytes.0 <= p.bytes.1 && p.bytes.1 <= text.len(),
                "{}: {p:?}",
                path.display()
            );
        }
    }
    assert!(seen > 0);
}

#[test]
fn only_regular_files_are_read() {
    use factline_core::facts::read_regular;
    use std::path::Path;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.facts");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [Path::new("/dev/zero"), dir.path(), &fifo] {
        let error = read_regular(path).unwrap_err();
        assert!(
            error.to_string().contains("not a regular file"),
            "{}: {error}",
            path.display()
        );
    }
    let file = dir.path().join("ok.facts");
    std::fs::write(&file, "kind state\n").unwrap();
    assert_eq!(read_regular(&file).unwrap(), "kind state\n");
}
