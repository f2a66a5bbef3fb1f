//! Prints the claims factline finds in each line of stdin, with their verdicts:
//! `echo "Uzbekistan is a member of the CSTO." | cargo run --example claims [AS_OF [TOPIC]]`
//! (TOPIC: an entity id, what "the bloc" and a missing name mean).

use factline_core::claims::{self, Phrases};
use factline_core::facts::{LoadOptions, load_embedded};
use factline_core::mentions::Matcher;
use factline_core::verdict;
use std::io::BufRead;

fn main() {
    let as_of = std::env::args()
        .nth(1)
        .map_or(jiff::Zoned::now().date(), |d| {
            d.parse().expect("YYYY-MM-DD")
        });
    let base = load_embedded(&LoadOptions::default()).base;
    let topic = std::env::args().nth(2).and_then(|id| base.entity(&id));
    let matcher = Matcher::new(&base);
    let phrases = Phrases::new(&base);
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("readable stdin");
        let mentions = matcher.find(&line);
        let found = claims::extract(
            &base,
            &phrases,
            &line,
            &mentions,
            claims::Context {
                topic,
                as_of: Some(factline_core::date::PartialDate::from_date(as_of)),
                ..claims::Context::default()
            },
        );
        println!("{line}");
        for c in found {
            let j = verdict::judge(&base, &c, &line, as_of);
            println!(
                "  {:?} {} [{}] {:?} {:?} positive={} → {:?} {}",
                c.subject.map(|s| &base.entity_of(s).id),
                base.relation_of(c.relation).id,
                &line[c.range.clone()],
                c.value,
                c.when,
                c.positive,
                j.verdict,
                j.message
            );
        }
    }
}
