//! Verdicts that need a base of their own: two one-holder posts at one organization.

use factline_core::check::{Engine, Settings, check};
use factline_core::facts::{FileReader, LoadOptions, load};

struct One(String);

impl FileReader for One {
    fn read(&self, _: &str) -> std::io::Result<String> {
        Ok(self.0.clone())
    }
}

const BASE: &str = r#"
kind organization
kind person
source S "A source"
  publisher "Pub"
  undated
relation secretary_general "Secretary General"
  subject organization
  value person
  functional
  phrase "{value} heads|headed|leads|led {subject}"
  role value "secretary-general"
relation head "head"
  subject organization
  value person
  functional
  role value "head"
entity club organization "The Club"
  alias "Club"
entity ann person "Ann Able"
entity bob person "Bob Best"
entity cat person "Cat Cole"
club secretary_general ann from 2010 until 2019 [S]
club head bob from 2000 until 2022 [S]
"#;

fn codes(note: &str) -> Vec<&'static str> {
    let loaded = load(
        &One(BASE.into()),
        &["t.facts".into()],
        &LoadOptions::default(),
    );
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let engine = Engine::new(loaded.base);
    let text = format!("---\nas_of: 2024-01-01\n---\n{note}\n");
    check(&engine, &text, &Settings::default())
        .findings
        .iter()
        .filter(|f| f.claim.is_some() && f.verdict.code() != "uncited")
        .map(|f| f.verdict.code())
        .collect()
}

/// "X headed Y" said of the holder of another post there is not a wrong secretary-general:
/// the verb may mean either post. Said of someone who held no post there, it is.
#[test]
fn a_verb_that_fits_two_posts_says_nothing_of_the_other_holder() {
    assert_eq!(
        codes("Bob Best headed the Club in 2015."),
        Vec::<&str>::new()
    );
    assert_eq!(codes("Cat Cole headed the Club in 2015."), ["contradicted"]);
    assert_eq!(codes("Ann Able headed the Club in 2015."), ["supported"]);
}
