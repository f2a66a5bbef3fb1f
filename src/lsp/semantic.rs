//! Semantic tokens for `.facts` files, from the tree-sitter highlight query.

use factline_core::facts::syntax;
use factline_core::text::LineIndex;
use tower_lsp_server::ls_types::*;
use tree_sitter::{Query, QueryCursor, StreamingIterator, Tree};

/// Capture names of `grammar/queries/highlights.scm`, in legend order.
const CAPTURES: &[(&str, SemanticTokenType)] = &[
    ("comment", SemanticTokenType::COMMENT),
    ("string", SemanticTokenType::STRING),
    ("string.special", SemanticTokenType::STRING),
    ("number", SemanticTokenType::NUMBER),
    ("keyword", SemanticTokenType::KEYWORD),
    ("keyword.modifier", SemanticTokenType::MODIFIER),
    ("variable", SemanticTokenType::VARIABLE),
    ("type", SemanticTokenType::TYPE),
    ("function", SemanticTokenType::FUNCTION),
    ("label", SemanticTokenType::PROPERTY),
    ("punctuation.bracket", SemanticTokenType::OPERATOR),
    ("punctuation.delimiter", SemanticTokenType::OPERATOR),
];

pub fn legend() -> SemanticTokensLegend {
    let mut types: Vec<SemanticTokenType> = Vec::new();
    for (_, t) in CAPTURES {
        if !types.contains(t) {
            types.push(t.clone());
        }
    }
    SemanticTokensLegend {
        token_types: types,
        token_modifiers: Vec::new(),
    }
}

fn type_index(capture: &str) -> Option<u32> {
    let (_, t) = CAPTURES.iter().find(|(name, _)| *name == capture)?;
    legend()
        .token_types
        .iter()
        .position(|x| x == t)
        .map(|i| i as u32)
}

/// Tokens for `text` parsed as `tree`: single-line, sorted, non-overlapping.
pub fn tokens(text: &str, tree: &Tree) -> Vec<SemanticToken> {
    let query = Query::new(&syntax::language(), syntax::HIGHLIGHTS_QUERY)
        .expect("the highlight query compiles");
    let names = query.capture_names();
    let mut spans: Vec<(usize, usize, u32)> = Vec::new();
    let mut cursor = QueryCursor::new();
    let mut captures = cursor.captures(&query, tree.root_node(), text.as_bytes());
    while let Some((m, i)) = captures.next() {
        let c = m.captures()[*i];
        let (start, end) = (c.node.start_byte(), c.node.end_byte());
        let single_line = !text[start..end].contains(['\n', '\r']);
        if let (true, Some(t)) = (
            single_line && end > start,
            type_index(names[c.index as usize]),
        ) {
            // A later, more specific pattern for the same node wins.
            spans.retain(|s| (s.0, s.1) != (start, end));
            spans.push((start, end, t));
        }
    }
    spans.sort();
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let (mut prev_line, mut prev_col, mut prev_end) = (0, 0, 0);
    for (start, end, t) in spans {
        if start < prev_end {
            continue;
        }
        let a = lines.utf16(text, start);
        let length = text[start..end].encode_utf16().count() as u32;
        let delta_line = a.line - prev_line;
        let delta_start = if delta_line == 0 {
            a.col - prev_col
        } else {
            a.col
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: t,
            token_modifiers_bitset: 0,
        });
        (prev_line, prev_col, prev_end) = (a.line, a.col, end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_the_highlight_query() {
        let text = "# hi\nentity uz state \"Uzbekistan\"\n";
        let tree = syntax::parse(text);
        let t = tokens(text, &tree);
        let types: Vec<u32> = t.iter().map(|x| x.token_type).collect();
        let idx = |name| type_index(name).unwrap();
        assert_eq!(
            types,
            [
                idx("comment"),
                idx("keyword"),
                idx("variable"),
                idx("type"),
                idx("string")
            ]
        );
        assert_eq!((t[1].delta_line, t[1].delta_start, t[1].length), (1, 0, 6));
        assert_eq!((t[2].delta_line, t[2].delta_start, t[2].length), (0, 7, 2));
    }
}
