//! The `.facts` tree-sitter grammar: parsing, and syntax errors that say what was expected.

use tree_sitter::{Language, Node, Parser, Tree};
use tree_sitter_language::LanguageFn;

unsafe extern "C" {
    fn tree_sitter_facts() -> *const ();
}

/// The tree-sitter language for `.facts` files (generated into `grammar/src`).
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_facts) };

/// Highlight queries shipped with the grammar, for editors and semantic tokens.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../../../grammar/queries/highlights.scm");

/// The tree-sitter language of `.facts` files.
pub fn language() -> Language {
    LANGUAGE.into()
}

/// Reparses `text` reusing `old` (already `edit`ed to match), as editors do per keystroke.
pub fn reparse(text: &str, old: Option<&Tree>) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&language())
        .expect("the generated parser matches the tree-sitter runtime");
    parser
        .parse(text, old)
        .expect("parsing without a timeout or cancellation always yields a tree")
}

/// Parses a `.facts` text.
pub fn parse(text: &str) -> Tree {
    reparse(text, None)
}

/// A syntax error: a byte range and a message.
pub struct SyntaxError {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// What is wrong there.
    pub message: String,
}

/// Every ERROR and MISSING node of `tree`, at most one per line so one slip
/// does not flood the curator.
pub fn errors(tree: &Tree, text: &str) -> Vec<SyntaxError> {
    let mut out: Vec<SyntaxError> = Vec::new();
    let mut last_line = None;
    let mut cursor = tree.walk();
    let mut visit = |node: Node| {
        let line = node.start_position().row;
        if last_line == Some(line) {
            return;
        }
        let (culprit, message) = if node.is_missing() {
            (node, format!("missing {}", describe(node.kind())))
        } else {
            explain_error(node, text)
        };
        last_line = Some(line);
        out.push(SyntaxError {
            start: culprit.start_byte(),
            end: culprit.end_byte(),
            message,
        });
    };
    walk_errors(&mut cursor, &mut visit);
    out
}

fn walk_errors(cursor: &mut tree_sitter::TreeCursor, visit: &mut impl FnMut(Node)) {
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            visit(node);
        } else if node.has_error() && cursor.goto_first_child() {
            walk_errors(cursor, visit);
            cursor.goto_parent();
        }
        if !cursor.goto_next_sibling() {
            return;
        }
    }
}

/// "unexpected X; expected A, B or C" for an ERROR node.
///
/// Tree-sitter keeps the parse state of each token it shifted before giving
/// up, so the first token that its own state rejects is the culprit; if all
/// were accepted, the culprit is the token right after the ERROR node.
fn explain_error<'t>(error: Node<'t>, text: &str) -> (Node<'t>, String) {
    let lang = error.language();
    let leaves = leaves(error);
    // The state after the previous token, simulated through shifts; 0 when unknown.
    let mut state = 0;
    for (i, leaf) in leaves.iter().enumerate() {
        let symbol = leaf.grammar_id();
        let simulated = if i == 0 && starts_line(*leaf, text) {
            1
        } else {
            state
        };
        let candidates = [simulated, leaf.parse_state()];
        let mut known = candidates.into_iter().filter(|&s| s != 0);
        let Some(first) = known.clone().next() else {
            continue;
        };
        match known.find(|&s| accepts(&lang, s, symbol)) {
            Some(s) => state = lang.next_state(s, symbol),
            None => {
                return (
                    *leaf,
                    unexpected(snippet(*leaf, text), expected(&lang, first)),
                );
            }
        }
    }
    let Some(last) = leaves.last().filter(|_| state != 0) else {
        return (error, unexpected(snippet(error, text), Vec::new()));
    };
    let (culprit, found) = match error.next_sibling().map(first_leaf) {
        Some(n) if n.start_position().row == last.end_position().row => (n, snippet(n, text)),
        Some(_) => (*last, "end of line".to_string()),
        None => (*last, "end of file".to_string()),
    };
    (culprit, unexpected(found, expected(&lang, state)))
}

fn starts_line(node: Node, text: &str) -> bool {
    let before = &text[..node.start_byte()];
    let line = before.rsplit(['\n', '\r']).next().unwrap_or("");
    line.trim().is_empty()
}

fn unexpected(found: String, expected: Vec<String>) -> String {
    match expected.split_last() {
        None => format!("unexpected {found}"),
        Some((only, [])) => format!("unexpected {found}; expected {only}"),
        Some((last, rest)) => format!("unexpected {found}; expected {} or {last}", rest.join(", ")),
    }
}

fn leaves(node: Node) -> Vec<Node> {
    if node.child_count() == 0 {
        return vec![node];
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    children.into_iter().flat_map(leaves).collect()
}

fn first_leaf(mut node: Node) -> Node {
    while let Some(child) = node.child(0) {
        node = child;
    }
    node
}

fn accepts(lang: &Language, state: u16, symbol: u16) -> bool {
    lang.lookahead_iterator(state)
        .is_some_and(|mut it| it.any(|s| s == symbol))
}

fn snippet(node: Node, text: &str) -> String {
    let s = text[node.start_byte()..node.end_byte()]
        .split(['\n', '\r'])
        .next()
        .unwrap_or("")
        .trim();
    match s.is_empty() {
        true => "end of line".to_string(),
        false => format!("`{}`", s.chars().take(40).collect::<String>()),
    }
}

/// The terminals the parser accepts in `state`, described for curators.
fn expected(lang: &Language, state: u16) -> Vec<String> {
    let Some(it) = lang.lookahead_iterator(state) else {
        return Vec::new();
    };
    let mut names: Vec<String> = it
        .filter_map(|id| {
            let name = lang.node_kind_for_id(id)?;
            let terminal = match (lang.node_kind_is_visible(id), lang.node_kind_is_named(id)) {
                (true, false) => true,
                (true, true) => matches!(name, "identifier" | "string"),
                (false, _) => matches!(
                    name,
                    "_newline" | "_full_date" | "_integer" | "_grouped" | "end"
                ),
            };
            terminal.then(|| describe(name))
        })
        .collect();
    names.sort();
    names.dedup();
    if names.len() > 10 {
        names.truncate(10);
        names.push("…".to_string());
    }
    names
}

/// A curator-facing name for a grammar symbol.
fn describe(kind: &str) -> String {
    match kind {
        "identifier" => "an id".into(),
        "string" => "a quoted string".into(),
        "_full_date" | "date" | "year" => "a date (YYYY, YYYY-MM or YYYY-MM-DD)".into(),
        "_integer" | "_grouped" | "number" => "a number".into(),
        "_newline" => "end of line".into(),
        "end" => "end of file".into(),
        other => format!("`{other}`"),
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn the_editor_queries_compile() {
        for (name, source) in [
            ("highlights.scm", HIGHLIGHTS_QUERY),
            (
                "folds.scm",
                include_str!("../../../../grammar/queries/folds.scm"),
            ),
        ] {
            if let Err(e) = tree_sitter::Query::new(&language(), source) {
                panic!("{name}: {e:?}");
            }
        }
    }
}
