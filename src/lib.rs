//! factline's command line and language server: thin adapters over the engine in
//! `factline-core`, kept apart from it so the engine builds without tokio, an LSP
//! stack or clap.

pub mod cli;
pub mod import;
pub mod lsp;
