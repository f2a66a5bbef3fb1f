//! Any bytes as a `.facts` file (which may include the embedded base): the loader must not
//! panic, and every problem must point inside its file; wherever the hand-written reader
//! reads the file, its tree is tree-sitter's.
#![no_main]

use factline_core::facts::cst::{self, Cst};
use factline_core::facts::{FileReader, LoadOptions, embedded, load, reader, syntax};
use libfuzzer_sys::fuzz_target;

struct One(String);

impl FileReader for One {
    fn read(&self, path: &str) -> std::io::Result<String> {
        if path == "fuzz.facts" {
            return Ok(self.0.clone());
        }
        embedded::Embedded.read(path.trim_start_matches("./"))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load(
        &One(text.to_string()),
        &["fuzz.facts".to_string()],
        &LoadOptions::default(),
    );
    for p in &loaded.problems {
        if p.path == "fuzz.facts" {
            assert!(p.bytes.0 <= p.bytes.1 && p.bytes.1 <= text.len(), "{p:?}");
        }
    }
    if let Some(read) = reader::read(text) {
        let tree = syntax::parse(text);
        assert!(!tree.root_node().has_error(), "read a file with syntax errors");
        let expected = Cst::from_tree_sitter(&tree);
        assert_eq!(cst::sexp(read.root(), text), cst::sexp(expected.root(), text));
        assert_eq!(read.describe(), expected.describe());
    }
});
