//! The fact base: the `.facts` language, its loader and the indexed, interval-aware base.
//!
//! Pipeline: text → [`syntax`] (tree-sitter) → [`load`] (lowering, name
//! resolution, checks) → [`FactBase`] (indexes and queries).

pub mod base;
pub mod cst;
pub mod embedded;
pub(crate) mod frames;
pub mod load;
pub mod model;
pub mod problem;
pub(crate) mod quote;
pub mod reader;
pub mod syntax;
pub mod template;

pub use base::{FactBase, Stats};
pub use load::{Disk, FileReader, LoadOptions, Loaded, MAX_FILE_BYTES, load, read_regular};
pub use problem::{Problem, Severity};

/// Loads the base embedded in the binary.
pub fn load_embedded(options: &LoadOptions) -> Loaded {
    // Named under the prefix, as beside disk files: nothing may take an embedded file for
    // one on disk (go to definition would open `facts/csto.facts` in the user's folder).
    let root = format!("{}{}", embedded::PREFIX, embedded::ROOT);
    load(&embedded::Embedded, &[root], options)
}

/// Loads fact files from disk.
pub fn load_files(paths: &[String], options: &LoadOptions) -> Loaded {
    load(&Disk, paths, options)
}

/// Loads fact files from disk, together with the embedded base when `defaults` is set.
pub fn load_with_defaults(paths: &[String], defaults: bool, options: &LoadOptions) -> Loaded {
    if !defaults {
        return load_files(paths, options);
    }
    if paths.is_empty() {
        return load_embedded(options);
    }
    // The user's files first: a copy of an embedded file among them replaces it.
    let mut roots: Vec<String> = paths.to_vec();
    roots.push(format!("{}{}", embedded::PREFIX, embedded::ROOT));
    load(&embedded::Layered, &roots, options)
}
