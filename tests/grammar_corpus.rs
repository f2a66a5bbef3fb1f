//! Runs the tree-sitter corpus in `grammar/test/corpus` against the compiled
//! parser, so the grammar's tests need no tree-sitter CLI.

use factline_core::facts::syntax;

struct Case {
    file: String,
    name: String,
    expects_error: bool,
    input: String,
    expected: String,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir("grammar/test/corpus")
        .expect("corpus directory")
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.display().to_string();
        let mut parts = text.split(
            "================================================================================",
        );
        parts.next(); // before the first header
        while let (Some(header), Some(body)) = (parts.next(), parts.next()) {
            let mut header_lines = header.lines().map(str::trim).filter(|l| !l.is_empty());
            let name = header_lines.next().unwrap_or_default().to_string();
            let expects_error = header_lines.any(|l| l == ":error");
            let (input, expected) = body
                .split_once("--------------------------------------------------------------------------------")
                .expect("a case has input and expected output");
            out.push(Case {
                file: file.clone(),
                name,
                expects_error,
                input: input.trim_start_matches(['\r', '\n']).to_string(),
                expected: expected.to_string(),
            });
        }
    }
    out
}

/// The tree as the corpus writes it: no field names, single spaces.
fn normalize(sexp: &str) -> String {
    let spaced = sexp.replace('(', " (").replace(')', ") ");
    spaced
        .split_whitespace()
        .filter(|tok| !tok.ends_with(':'))
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(" )", ")")
}

#[test]
fn corpus_cases_parse_as_recorded() {
    let cases = cases();
    assert!(cases.len() >= 10, "corpus found only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let tree = syntax::parse(&case.input);
        let root = tree.root_node();
        if case.expects_error {
            if !root.has_error() {
                failures.push(format!(
                    "{} / {}: expected a syntax error",
                    case.file, case.name
                ));
            }
            continue;
        }
        let got = normalize(&root.to_sexp());
        let want = normalize(&case.expected);
        if got != want {
            failures.push(format!(
                "{} / {}:\n  want {want}\n  got  {got}",
                case.file, case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
