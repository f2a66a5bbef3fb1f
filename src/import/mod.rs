//! Bringing statements into `.facts` from other fact bases.

pub mod input;
pub mod wikidata;
