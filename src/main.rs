use std::process::ExitCode;

use clap::Parser;

/// Rendering allocates many small strings on every thread; mimalloc's per-thread heaps make
/// a network build use about 10 % less CPU than with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    pitwall::cli::run(pitwall::cli::Cli::parse())
}
