//! The `factline` binary: a thin command-line layer over the engine.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
