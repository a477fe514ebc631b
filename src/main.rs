use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    pitwall::cli::run(pitwall::cli::Cli::parse())
}
