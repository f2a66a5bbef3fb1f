//! The `factline` binary: a thin command-line layer over the engine.

mod cli;
mod lsp;

fn main() -> std::process::ExitCode {
    cli::run()
}
