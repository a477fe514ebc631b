//! Times a cached rebuild after touching one page, as `serve` does it:
//! `cargo run --release --example rebuild_timing -- SITE_DIR content/path.md`
use std::sync::Arc;
use std::time::Instant;

use pitwall::cache::BuildCache;
use pitwall::output::MemorySink;
use pitwall::pipeline::{self, Options};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = std::path::PathBuf::from(&args[1]);
    let page = root.join(&args[2]);
    let cache = Arc::new(BuildCache::default());
    let options = Options {
        root,
        base_url: None,
        drafts: false,
        month: None,
        today: pipeline::today(),
        progress: false,
        search_index: false,
        search_docs: None,
        cache: Some(cache),
        cache_dir: None,
        language: None,
        keep: false,
        audience: None,
        clean: false,
    };
    let original = std::fs::read_to_string(&page).expect("page");
    for i in 0..6 {
        std::fs::write(&page, format!("{original}\n\nedit {i}\n")).expect("write");
        let started = Instant::now();
        let outcome = pipeline::run(&options, &MemorySink::default());
        println!(
            "build {i}: {} ms ({})",
            started.elapsed().as_millis(),
            outcome.stats.phase_summary(pitwall::config::Language::En)
        );
    }
    std::fs::write(&page, original).expect("restore");
}
