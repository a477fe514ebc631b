//! The Markdown side: pages per kind, links, anchors, escaping, themes, atomic and deterministic
//! output, and the shipped example site.

use super::fixture::{Site, minimal_files, tree};

#[test]
fn example_site_builds_and_checks_clean() {
    let repo = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .args(["build", "--root", repo, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let files = tree(out.path());
    for page in [
        "index.html",
        "training/index.html",
        "training/01-role/index.html",
        "training/06-business-performance/index.html",
        "complaints/delivery-delay/index.html",
        "complaints/quality-defect-group/index.html",
        "compensation/crisis-fast-payout/index.html",
        "guides/csi-improvement/index.html",
        "kpis/index.html",
        "kpis/csi/index.html",
        "scorecards/index.html",
        "scorecards/2026-10/index.html",
        "scorecards/2026-10/sh-02/index.html",
        "scorecards/2026-10/scorecard.csv",
        "scorecards/2026-10/scorecard.json",
        "sitemap.xml",
        "404.html",
        "static/style.css",
        "search/index.html",
        "static/search.js",
        "search/data/meta.json",
    ] {
        assert!(files.contains_key(page), "missing {page}");
    }
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .args(["check", "--root", repo])
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn kinds_render_from_front_matter() {
    let site = Site::minimal();
    site.build();
    let syllabus = site.read("training/01-role/index.html");
    assert!(
        syllabus
            .contains("<th scope=\"row\">职责范围</th><td>课堂讲授</td><td class=\"num\">4</td>"),
        "{syllabus}"
    );
    assert!(
        syllabus.contains("<td class=\"num\">7.5</td>"),
        "total hours: {syllabus}"
    );
    assert!(syllabus.contains("<span class=\"chip\">案例复盘</span>"));

    let script = site.read("complaints/delivery-delay/index.html");
    assert!(script.contains("<strong>重大投诉</strong>"), "{script}");
    assert!(script.contains("4 小时内"), "{script}");
    assert!(
        script.contains(
            "<ol class=\"escalation\"><li>服务顾问</li><li>服务经理</li><li>服务总监</li></ol>"
        ),
        "{script}"
    );
    assert!(script.contains("<p class=\"turn staff\"><span class=\"speaker\">顾问</span><span class=\"words\">王先生您好，非常抱歉。</span></p>"));
    assert!(script.contains("<p class=\"turn customer\"><span class=\"speaker\">客户</span>"));

    let rule = site.read("compensation/goodwill/index.html");
    assert!(
        rule.contains("<td class=\"num\">≤ 500</td><td>服务经理</td>"),
        "{rule}"
    );
    assert!(
        rule.contains("<td class=\"num\">以上</td><td>服务总监</td>"),
        "{rule}"
    );
    assert!(rule.contains("15%"));
    assert!(rule.contains("<td class=\"num\">800</td>"));

    let outline = site.read("training/index.html");
    assert!(outline.contains("第 1 部分 · 角色定位"), "{outline}");
}

#[test]
fn chinese_emphasis_and_links_in_a_real_page() {
    let site = Site::minimal();
    site.build();
    let script = site.read("complaints/delivery-delay/index.html");
    assert!(
        script.contains("<strong>注意：</strong>请在24小时内回访"),
        "{script}"
    );
    assert!(
        script.contains("执行<strong>“首问负责制”</strong>的要求"),
        "{script}"
    );
    assert!(
        script.contains("<a href=\"../../compensation/goodwill/#%E5%AE%A1%E6%89%B9\">补偿规则</a>"),
        "{script}"
    );
    assert!(script.contains("<h2 id=\"场景\">"), "{script}");
    let rule = site.read("compensation/goodwill/index.html");
    assert!(
        rule.contains("href=\"../../complaints/delivery-delay/#%E5%9C%BA%E6%99%AF\""),
        "{rule}"
    );
    // Stylesheet and navigation are relative too.
    assert!(rule.contains("href=\"../../static/style.css\""));
}

#[test]
fn raw_html_and_data_are_escaped() {
    let site = Site::minimal();
    site.write(
        "content/guides/x.md",
        "---\ntitle: \"<img src=x onerror=alert(1)> 标题\"\nsummary: \"a \\\"quote\\\"\"\n---\n<script>alert('x')</script>\n\n[点我](javascript:alert(1))\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(
        run.status, 1,
        "a javascript: link is an error:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/guides/x.md:7:1: error: link `javascript:alert(1)` uses a scheme that can run code"), "{}", run.stderr);

    site.write(
        "content/guides/x.md",
        "---\ntitle: \"<img src=x onerror=alert(1)> 标题\"\n---\n<script>alert('x')</script>\n",
    );
    site.build();
    let page = site.read("guides/x/index.html");
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt; 标题"),
        "{page}"
    );
}

#[test]
fn raw_html_passes_when_the_site_opts_in() {
    let site = Site::minimal();
    site.write("site.yaml", "allow_html: true\n");
    site.write(
        "content/guides/x.md",
        "---\ntitle: x\n---\n<div class=\"callout\">提示</div>\n",
    );
    site.build();
    assert!(
        site.read("guides/x/index.html")
            .contains("<div class=\"callout\">提示</div>")
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = Site::minimal();
    site.build();
    let before = tree(&site.out());
    site.write(
        "content/complaints/delivery-delay.md",
        "---\ntitle: 交车延迟\nkind: complaint-script\n---\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(tree(&site.out()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(".pitwall-build") || name.starts_with(".pitwall-old")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind");
}

#[test]
fn successful_build_replaces_output_whole_and_is_deterministic() {
    let site = Site::minimal();
    site.build();
    std::fs::write(site.out().join("stale.html"), "old").unwrap();
    site.build();
    let first = tree(&site.out());
    assert!(!first.contains_key("stale.html"), "old files are removed");
    site.build();
    assert_eq!(tree(&site.out()), first, "same input, same bytes");
}

#[test]
fn builds_without_a_themes_folder_and_honours_overrides() {
    let site = Site::minimal();
    assert!(!site.root().join("themes").exists());
    site.build();
    assert!(site.read("static/style.css").contains("--accent"));

    site.write(
        "themes/default/templates/partials/kind.html",
        "<p class=\"custom-kind\">{{ page.kind.name }}</p>",
    );
    site.write("themes/default/static/style.css", "body { color: red }");
    site.build();
    let page = site.read("complaints/delivery-delay/index.html");
    assert!(
        page.contains("<p class=\"custom-kind\">complaint-script</p>"),
        "{page}"
    );
    assert!(
        page.contains("<h1>交车延迟</h1>"),
        "the rest of the built-in theme stays"
    );
    assert_eq!(site.read("static/style.css"), "body { color: red }");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::new(&minimal_files());
    site.write(
        "content/guides/draft.md",
        "---\ntitle: 草稿\ndraft: true\n---\n",
    );
    site.build();
    assert!(!site.out().join("guides/draft/index.html").exists());
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.out().join("guides/draft/index.html").exists());
}

#[test]
fn sections_tags_sitemap_and_404() {
    let site = Site::minimal();
    site.write(
        "content/complaints/a.md",
        "---\ntitle: 甲\nweight: 2\n---\n",
    );
    site.write(
        "content/complaints/b.md",
        "---\ntitle: 乙\nweight: 1\n---\n",
    );
    site.build();
    let section = site.read("complaints/index.html");
    let (b, a) = (section.find(">乙<").unwrap(), section.find(">甲<").unwrap());
    assert!(b < a, "weight orders pages");
    let tag = site.read("tags/回访/index.html");
    assert!(tag.contains("交车延迟"), "{tag}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>complaints/delivery-delay/</loc>"),
        "{sitemap}"
    );
    assert!(site.read("404.html").contains("href=\"/training/\""));
}

#[test]
fn output_folder_holding_the_site_is_refused() {
    let site = Site::minimal();
    let run = site.run(&["build", "--out", site.root().to_str().unwrap()]);
    assert_eq!(run.status, 2, "a refused --out is a usage error");
    assert!(
        run.stderr.contains("refusing to build into"),
        "{}",
        run.stderr
    );
    assert!(site.root().join("content/_index.md").exists());
}

/// `--verbose` names each phase's time in the language of the run.
#[test]
fn verbose_names_the_phases_in_the_runs_language() {
    let site = Site::minimal();
    let zh = site.run_default(&["build", "--verbose"]);
    assert_eq!(zh.status, 0, "{}", zh.stderr);
    for name in ["读取", "解析与建模", "检查", "生成", "修订记录", "写出"] {
        assert!(
            zh.stderr.lines().any(|l| l.trim_start().starts_with(name)),
            "{name}: {}",
            zh.stderr
        );
    }
    assert!(!zh.stderr.contains("parse+model"), "{}", zh.stderr);
    assert!(
        zh.stderr.contains("（与解析与建模同时进行；"),
        "{}",
        zh.stderr
    );
    let en = site.run(&["build", "--verbose", "--clean"]);
    assert_eq!(en.status, 0, "{}", en.stderr);
    assert!(
        en.stderr.contains("parse+model") && en.stderr.contains("(during parse+model;"),
        "{}",
        en.stderr
    );
}
