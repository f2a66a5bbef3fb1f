//! Compiles the committed tree-sitter parser for `.facts` files.
//! Generation (`tree-sitter generate` in grammar/) is a manual step, so a
//! build needs neither node nor network.

fn main() {
    let dir = std::path::Path::new("../../grammar/src");
    cc::Build::new()
        .include(dir)
        .file(dir.join("parser.c"))
        .std("c11")
        .warnings(false)
        .compile("tree-sitter-facts");
    println!("cargo:rerun-if-changed=../../grammar/src/parser.c");
    println!("cargo:rerun-if-changed=../../grammar/src/tree_sitter/parser.h");
}
