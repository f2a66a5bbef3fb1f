//! Any JSON value as one Wikidata entity (or, when it is an object holding `entities`, as
//! entity data): the import must not panic, and what it writes must load without an error
//! beside its map.
#![no_main]

use factline::import::wikidata::{Import, Mapping, Options, Reader};
use factline_core::facts::{FactBase, FileReader, LoadOptions, load};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const MAP: &str = include_str!("../../tests/wikidata/map.facts");

struct Files(String);

impl FileReader for Files {
    fn read(&self, path: &str) -> std::io::Result<String> {
        match path {
            "map.facts" => Ok(MAP.to_string()),
            _ => Ok(self.0.clone()),
        }
    }
}

fn map() -> &'static FactBase {
    static BASE: OnceLock<FactBase> = OnceLock::new();
    BASE.get_or_init(|| load(&Files(String::new()), &["map.facts".into()], &LoadOptions::default()).base)
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let mapping = Mapping::new(map());
    let options = Options {
        languages: vec!["en".into(), "fr".into()],
        trust_unreferenced: false,
    };
    let reader = Reader::new(&mapping, &options);
    let mut import = Import::new(&mapping, &options);
    match json.get("entities").and_then(|e| e.as_object()) {
        Some(entities) => {
            for e in entities.values() {
                import.add_with_label(reader.entity(e));
            }
        }
        None => import.add(reader.entity(&json)),
    }
    let (text, _) = import.write(&["map.facts".to_string()]);
    let loaded = load(&Files(text.clone()), &["out.facts".into()], &LoadOptions::default());
    assert_eq!(loaded.error_count(), 0, "{:#?}\n{text}", loaded.problems);
});
