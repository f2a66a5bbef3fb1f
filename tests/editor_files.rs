//! Files the editor integrations ship must match their sources in the repository.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn neovim_queries_are_the_grammar_queries() {
    for name in ["highlights.scm", "folds.scm"] {
        assert_eq!(
            read(&format!("editors/nvim/queries/facts/{name}")),
            read(&format!("grammar/queries/{name}")),
            "editors/nvim/queries/facts/{name} is out of date: copy it from grammar/queries"
        );
    }
}
