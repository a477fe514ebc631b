//! `serve`'s rebuild cache: a rebuild that reuses the previous build's work must produce exactly
//! the bytes of a clean build, whatever was edited in between.

use std::sync::Arc;

use pitwall::cache::BuildCache;
use pitwall::pipeline::{self, Options};
use pitwall::render::{MemorySink, OutputFile};

use super::fixture::Site;

fn build(site: &Site, cache: Option<Arc<BuildCache>>) -> Vec<OutputFile> {
    let options = Options {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
        month: None,
        today: jiff::civil::date(2026, 9, 21),
        progress: false,
        search_index: false,
        cache,
    };
    let sink = MemorySink::default();
    let outcome = pipeline::run(&options, &sink);
    assert!(
        outcome.rendered,
        "{}",
        outcome.report.render_human(&outcome.sources)
    );
    sink.into_files()
}

#[test]
fn cached_rebuilds_equal_clean_builds_byte_for_byte() {
    let site = Site::minimal();
    let cache = Arc::new(BuildCache::default());
    assert_eq!(build(&site, Some(cache.clone())), build(&site, None));

    let script =
        std::fs::read_to_string(site.root().join("content/complaints/delivery-delay.md")).unwrap();
    let edits: [(&str, String); 5] = [
        ("content/complaints/delivery-delay.md", script.replace("我等了两个小时！", "我等了三个小时！")),
        ("content/complaints/delivery-delay.md", script.replace("title: 交车延迟", "title: 交车延迟（新版）")),
        ("content/guides/new.md", "---\ntitle: 新指南\nkpis: [repeat_repair_rate]\n---\n见[话术](@/complaints/delivery-delay.md#场景)。\n".to_owned()),
        ("data/scorecards/2026-09.yaml", "month: 2026-09\nvalues:\n  bj-01: {csi: 70.5, repeat_repair_rate: 3.0}\n  sh-01: {csi: 86.0, repeat_repair_rate: 6.0}\n".to_owned()),
        ("themes/default/templates/partials/kind.html", "<p class=\"custom\">{{ page.kind.name }}</p>".to_owned()),
    ];
    for (path, text) in edits {
        site.write(path, &text);
        let cached = build(&site, Some(cache.clone()));
        let clean = build(&site, None);
        assert_eq!(cached.len(), clean.len(), "after editing {path}");
        for (a, b) in cached.iter().zip(&clean) {
            assert!(
                a == b,
                "after editing {path}, {} differs from a clean build",
                a.path
            );
        }
    }
}
