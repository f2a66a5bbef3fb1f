//! factline's engine: checks Markdown notes against a curated, sourced,
//! time-aware fact base. The engine has no LSP or CLI dependency; the
//! `factline` binary and its language server are thin adapters over it.

#![warn(missing_docs)]

pub mod check;
pub mod claims;
pub mod config;
pub mod date;
pub mod evidence;
pub mod facts;
pub mod markdown;
pub mod mentions;
pub mod numbers;
pub mod say;
pub mod suggest;
pub mod text;
pub mod verdict;
