use std::process::ExitCode;

/// Rendering allocates many small strings on every thread; mimalloc's per-thread heaps make
/// a network build use about 10 % less CPU than with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Transparent huge pages make the kernel zero 2 MiB for each new stretch of heap mimalloc
    // touches: a fifth of a national month close's CPU time went there, and a third of its
    // system time (bench/results.md). Without them: 4 KiB pages, 11 % less memory.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    match pitwall::cli::parse() {
        Ok(cli) => pitwall::cli::run(cli),
        Err(status) => status,
    }
}
