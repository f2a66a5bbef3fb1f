//! The `factline` binary: the command line in [`factline::cli`].

fn main() -> std::process::ExitCode {
    factline::cli::run()
}
