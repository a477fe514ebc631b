use std::process::ExitCode;

/// Rendering allocates many small strings on every thread; mimalloc's per-thread heaps make
/// a network build use about 10 % less CPU than with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match pitwall::cli::parse() {
        Ok(cli) => pitwall::cli::run(cli),
        Err(status) => status,
    }
}
