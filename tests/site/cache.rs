//! `serve`'s rebuild cache: a rebuild that reuses the previous build's work must produce exactly
//! the bytes of a clean build, whatever was edited in between.

use std::sync::Arc;

use pitwall::cache::BuildCache;
use pitwall::output::{MemorySink, OutputFile};
use pitwall::pipeline::{self, Options};

use super::fixture::{OUTLETS, Site, assert_same_tree, tree};

fn build(site: &Site, cache: Option<Arc<BuildCache>>) -> Vec<OutputFile> {
    let options = Options {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
        month: None,
        today: jiff::civil::date(2026, 9, 21),
        progress: false,
        search_index: false,
        search_docs: None,
        cache,
        cache_dir: None,
        language: None,
        keep: false,
        audience: None,
        clean: false,
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

/// `build` into a folder it built before runs only the tasks whose inputs changed and writes only
/// the files whose bytes changed; the folder must then hold exactly what a clean build makes.
#[test]
fn incremental_builds_equal_clean_builds_byte_for_byte() {
    let site = Site::minimal();
    let clean_out = site.root().join("clean");
    let out = site.out();
    let out_arg = out.to_str().unwrap();
    let clean_arg = clean_out.to_str().unwrap();
    let incremental = |what: &str| -> String {
        let run = site.run(&["build", "--out", out_arg]);
        assert_eq!(run.status, 0, "after {what}:\n{}", run.stderr);
        let clean = site.run(&["build", "--clean", "--out", clean_arg]);
        assert_eq!(clean.status, 0, "{}", clean.stderr);
        assert_same_tree(&out, &clean_out, &format!("after {what}"));
        run.stderr
    };

    // The month before the current one, as CI had it last month.
    let run = site.run(&["build", "--month", "2026-09", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!out.join("scorecards/2026-10").exists());

    // Month close: only the new month and its neighbour are written, plus what shows every month.
    let before = tree(&out);
    let summary = incremental("adding a month");
    let changed: Vec<String> = tree(&out)
        .into_iter()
        .filter(|(p, b)| before.get(p) != Some(b))
        .map(|(p, _)| p)
        .collect();
    let written: usize = summary
        .split(" written")
        .next()
        .and_then(|s| s.rsplit(", ").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no written count in: {summary}"));
    assert_eq!(
        written,
        changed.len(),
        "only files whose bytes changed are written: {changed:?}"
    );
    // What a month close may change: the new month and the one before, this year's periods,
    // the pages that show every month (home, scorecard, KPI and outlet history pages), the index
    // and sitemap.
    let monthly = [
        "scorecards/2026-10/",
        "scorecards/2026-09/",
        "scorecards/2026-Q",
        "scorecards/2026-YTD/",
        "scorecards/index.html",
        "scorecards/latest/",
        "scorecards/outlets/",
        "kpis/",
        "search/data/",
        "index.html",
        "sitemap.xml",
    ];
    let unexpected: Vec<&String> = changed
        .iter()
        .filter(|p| !monthly.iter().any(|m| p.starts_with(m)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "a month close rewrote playbooks or older months: {unexpected:?}"
    );
    assert!(
        tree(&out).contains_key("scorecards/2026-10/sz-02/index.html"),
        "the new month's outlet pages are there"
    );

    // A second build with nothing changed writes nothing.
    let unchanged = incremental("nothing");
    assert!(unchanged.contains(" 0 written, 0 removed"), "{unchanged}");

    // Edits of every kind, and tampering with the output, are all caught.
    let script =
        std::fs::read_to_string(site.root().join("content/complaints/delivery-delay.md")).unwrap();
    site.write(
        "content/complaints/delivery-delay.md",
        &script.replace("title: 交车延迟", "title: 交车延迟（新版）"),
    );
    incremental("retitling a playbook that scorecards link to");
    site.write(
        "data/scorecards/2025-10.yaml",
        "month: 2025-10\nvalues:\n  bj-01: {csi: 60.0, repeat_repair_rate: 9.0}\n",
    );
    incremental("changing last year's month (year-on-year changes)");
    // Peer groups and regions: ranks on outlet cards, region pages appearing and going.
    site.write(
        "data/outlets.yaml",
        &OUTLETS.replace("  city: 北京\n", "  city: 北京\n  tier: A\n"),
    );
    incremental("giving an outlet a tier");
    site.write(
        "data/outlets.yaml",
        &OUTLETS.replace("region: 华南", "region: 华东"),
    );
    incremental("moving an outlet to another region");
    site.write("data/outlets.yaml", &OUTLETS);
    // Month files are kept parsed between builds; a catalogue that no longer fits them is still
    // caught, at the value's own line.
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replace("id: repeat_repair_rate", "id: rework_rate"),
    );
    let failed = site.run(&["build", "--out", out_arg]);
    assert_eq!(failed.status, 1);
    assert!(
        failed
            .stderr
            .contains("data/scorecards/2026-09.yaml:3:22: error: unknown KPI `repeat_repair_rate`"),
        "{}",
        failed.stderr
    );
    site.write("data/kpis.yaml", &kpis);
    // Rendered bodies are kept between builds, each checked: one edited on disk is not used
    // (the template below makes every page again, from the kept bodies).
    site.write(
        "content/complaints/delivery-delay.md",
        &format!("{script}\n新增的一段正文。\n"),
    );
    incremental("editing a playbook's body");
    let bodies = site.root().join(".pitwall-cache/bodies.json");
    let kept = std::fs::read_to_string(&bodies).expect("bodies are kept for the next build");
    assert!(kept.contains("新增的一段正文"), "the edited body is kept");
    std::fs::write(&bodies, kept.replace("新增的一段正文", "篡改过的正文")).unwrap();
    site.write(
        "themes/default/templates/partials/kind.html",
        "<p class=\"custom\">{{ page.kind.name }}</p>",
    );
    incremental("overriding a template");
    site.write("content/guides/new.md", "---\ntitle: 新指南\n---\n正文\n");
    incremental("adding a page in a new section");
    std::fs::remove_file(site.root().join("content/guides/new.md")).unwrap();
    incremental("removing it again");
    std::fs::write(out.join("index.html"), "tampered").unwrap();
    std::fs::write(out.join("stray.txt"), "not ours").unwrap();
    std::fs::remove_file(out.join("scorecards/2026-10/bj-01/index.html")).unwrap();
    incremental("editing, adding and removing files in the output");
}

/// A month close changes only the pager of the month before's outlet scorecards, and that part
/// alone is made again in them; a site whose theme shows the months before and after its own
/// way (its own pager, or links in the page head) gets whole pages rendered again, and either
/// way the folder holds what a clean build makes.
#[test]
fn a_month_close_makes_the_pager_of_the_month_before_again_as_the_theme_renders_it() {
    let outlet = include_str!("../../themes/default/templates/outlet.html");
    let base = include_str!("../../themes/default/templates/base.html");
    let own_pager = outlet.replace(
        "{% include \"partials/outlet-pager.html\" %}",
        "<nav class=\"pager\" aria-label=\"{{ t.months_nav }}\"><span>本店翻页</span>{% if next %}<a class=\"next\" href=\"{{ root }}{{ next.url }}\">{{ next.title }}</a>{% endif %}</nav>",
    );
    let own_head = base.replacen(
        "</head>",
        "{% if next %}<link rel=\"next\" href=\"{{ root }}{{ next.url }}\">{% endif %}</head>",
        1,
    );
    assert_ne!(
        own_pager, outlet,
        "the built-in template includes the pager partial"
    );
    assert_ne!(own_head, base);
    let themes: [(&str, &str, Option<&str>); 3] = [
        ("", "", None),
        ("outlet.html", &own_pager, Some("本店翻页")),
        (
            "base.html",
            &own_head,
            Some("<link rel=\"next\" href=\"../../../scorecards/2026-10/sh-01/\">"),
        ),
    ];
    for (template, text, shown) in themes {
        let site = Site::minimal();
        if !template.is_empty() {
            site.write(&format!("themes/default/templates/{template}"), text);
        }
        let out = site.out();
        let out_arg = out.to_str().unwrap();
        let run = site.run(&["build", "--month", "2026-09", "--out", out_arg]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let page = out.join("scorecards/2026-09/sh-01/index.html");
        let before = std::fs::read_to_string(&page).unwrap();
        assert!(!before.contains("scorecards/2026-10/sh-01/"), "{before}");
        let run = site.run(&["build", "--out", out_arg]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let after = std::fs::read_to_string(&page).unwrap();
        assert!(
            after.contains("../../../scorecards/2026-10/sh-01/"),
            "the month before links the new month: {after}"
        );
        if let Some(shown) = shown {
            assert!(after.contains(shown), "{template}: {after}");
        }
        let clean = site.root().join("clean");
        let run = site.run(&["build", "--clean", "--out", clean.to_str().unwrap()]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_same_tree(&out, &clean, &format!("after a month close ({template})"));
    }
}
