//! Links and references: what `check` says about them, run as a trainer runs it (from the site
//! folder, with relative paths), and what `build` makes of them.

use super::fixture::{Run, Site, run_in};

/// Runs pitwall inside the site folder, with no `--root` (messages in English, as asserted).
fn run_here(site: &Site, args: &[&str]) -> Run {
    run_in(site.root(), &[args, &["--lang", "en"]].concat())
}

#[track_caller]
fn assert_has(run: &Run, lines: &[&str]) {
    for line in lines {
        assert!(
            run.stderr.contains(line),
            "missing `{line}` in:\n{}",
            run.stderr
        );
    }
}

#[track_caller]
fn assert_lacks(run: &Run, texts: &[&str]) {
    for text in texts {
        assert!(
            !run.stderr.contains(text),
            "unexpected `{text}` in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_page_with_errors_is_still_a_link_target() {
    let site = Site::minimal();
    // goodwill.md is linked (with an anchor) from delivery-delay.md; break its front matter.
    let goodwill = std::fs::read_to_string(site.root().join("content/compensation/goodwill.md"))
        .unwrap()
        .replace("cap_cny: 800", "cap_cny: lots");
    site.write("content/compensation/goodwill.md", &goodwill);
    site.write(
        "content/guides/x.md",
        "---\ntitle: 指南\n---\n见[规则](../compensation/goodwill.md)和[页面](/compensation/goodwill/)。\n",
    );
    let run = run_here(&site, &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_has(&run, &["content/compensation/goodwill.md:"]);
    assert_lacks(
        &run,
        &[
            "does not exist",
            "has no heading",
            "no page or file",
            "did you mean",
        ],
    );
    assert!(run.stderr.contains("error: 1 error(s)"), "{}", run.stderr);
}

#[test]
fn suggestions_are_what_to_type_where_the_link_is() {
    let site = Site::minimal();
    site.write(
        "content/complaints/b.md",
        "---\ntitle: 乙\n---\n见[话术](delivery-delays.md)。\n",
    );
    site.write(
        "content/guides/x.md",
        "---\ntitle: 指南\n---\n见[话术](../complaints/delivery-delays.md)。\n",
    );
    // The only near name is the page's own: it is never suggested.
    site.write(
        "content/guides/repeat-repair.md",
        "---\ntitle: 返修\n---\n见[补偿](repeat-repairs.md)。\n",
    );
    site.write(
        "content/training/02-x.md",
        "---\ntitle: 第二部分\nkind: syllabus\npart: 2\nkpis: [CSI]\nprerequisites: [training/01-rol.md]\nmodules:\n  - {id: p2-m1, title: 课, hours: 1, format: online, objectives: [学]}\nassessment: [理论考核]\n---\n",
    );
    site.write(
        "data/scorecards/2026-11.yaml",
        "month: 2026-11\nvalues:\n  BJ-01: {csi: 90}\n  sh-01: {CSI: 90, repeat_repair_rat: 2}\n",
    );
    let run = run_here(&site, &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_has(
        &run,
        &[
            "content/complaints/b.md:4:2: error: link to `complaints/delivery-delays.md`, which does not exist",
            "  = help: did you mean `delivery-delay.md`?\n",
            "content/guides/x.md:4:2: error: link to `complaints/delivery-delays.md`, which does not exist",
            "  = help: did you mean `@/complaints/delivery-delay.md`?\n",
            "content/guides/repeat-repair.md:4:2: error: link to `guides/repeat-repairs.md`, which does not exist\n",
            "content/training/02-x.md:5:8: error: unknown KPI `CSI`",
            "  = help: did you mean `csi`? KPIs are defined in data/kpis.yaml",
            "content/training/02-x.md:6:17: error: prerequisite `training/01-rol.md` does not exist",
            "  = help: did you mean `training/01-role.md`?\n",
            "data/scorecards/2026-11.yaml:3:3: error: unknown outlet `BJ-01`",
            "  = help: did you mean `bj-01`? Outlets are defined in data/outlets.yaml",
            "data/scorecards/2026-11.yaml:4:11: error: unknown KPI `CSI`",
            "data/scorecards/2026-11.yaml:4:20: error: unknown KPI `repeat_repair_rat`",
            "  = help: did you mean `repeat_repair_rate`? KPIs are defined in data/kpis.yaml",
        ],
    );
    assert_lacks(&run, &["did you mean `repeat-repair.md`", "add the KPI"]);
}

#[test]
fn every_link_inside_the_site_is_checked_against_its_urls() {
    let site = Site::minimal();
    site.write("static/files/form.pdf", "%PDF");
    site.write(
        "content/complaints/b.md",
        "---\ntitle: 乙\n---\n\
[a](delivery-delay)\n\
[b](/complaints/nonexist/)\n\
[c](../training/nonexist/)\n\
[d](@/kpis/cs)\n\
[e](@/scorecards/2026-10/bj-1)\n\
[f](@/scorecards/2026-13)\n\
[ok](../delivery-delay/) [ok](/training/01-role/#课程目标) [ok](@/kpis/csi) [ok](@/scorecards/latest)\n\
[ok](@/scorecards/2026-10/bj-01) [ok](@/scorecards/2026-10/scorecard.csv) [ok](@/tags/回访)\n\
[ok](/static/style.css) [ok](/files/form.pdf?v=2) [ok](/sitemap.xml) [ok](/search/) [ok](../../)\n\
[ok](https://example.com/x) [ok](mailto:a@example.com) [ok](tel:110)\n\
[g](/training/01-role/#没有)\n\
[h](/compensation/goodwill)\n\
[i](/kpis/csi)\n",
    );
    let run = run_here(&site, &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_has(
        &run,
        &[
            "content/complaints/b.md:4:1: error: link to `delivery-delay`: this site has no page or file at /complaints/b/delivery-delay\n",
            "  = help: link the page's source file: `delivery-delay.md`\n",
            "content/complaints/b.md:5:1: error: link to `/complaints/nonexist/`: this site has no page or file at /complaints/nonexist/\n",
            "content/complaints/b.md:6:1: error: link to `../training/nonexist/`: this site has no page or file at /complaints/training/nonexist/\n",
            "content/complaints/b.md:7:1: error: link to `@/kpis/cs`: this site has no page or file at /kpis/cs/\n",
            "  = help: did you mean `@/kpis/csi`?\n",
            "content/complaints/b.md:8:1: error: link to `@/scorecards/2026-10/bj-1`: this site has no page or file at /scorecards/2026-10/bj-1/\n",
            "  = help: did you mean `@/scorecards/2026-10/bj-01`?\n",
            "content/complaints/b.md:9:1: error: link to `@/scorecards/2026-13`: this site has no page or file at /scorecards/2026-13/\n",
            "content/complaints/b.md:14:1: error: `training/01-role.md` has no heading `#没有`\n",
            "content/complaints/b.md:15:1: error: link to `/compensation/goodwill`: this site has no page or file at /compensation/goodwill\n",
            "  = help: link the page's source file: `@/compensation/goodwill.md`\n",
            "content/complaints/b.md:16:1: error: link to `/kpis/csi`: this site has no page or file at /kpis/csi\n",
            "  = help: did you mean `@/kpis/csi`? (The page's URL ends in `/`.)\n",
        ],
    );
    assert!(run.stderr.contains("error: 9 error(s)"), "{}", run.stderr);

    // Without the broken ones, `build` writes the generated-page links as relative URLs.
    let text = std::fs::read_to_string(site.root().join("content/complaints/b.md")).unwrap();
    let fixed: String = text
        .lines()
        .filter(|l| {
            ![
                "[a]", "[b]", "[c]", "[d]", "[e]", "[f]", "[g]", "[h]", "[i]",
            ]
            .iter()
            .any(|p| l.starts_with(p))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("content/complaints/b.md", &fixed);
    let run = run_here(&site, &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let html = site.read("complaints/b/index.html");
    for href in [
        r#"href="../../kpis/csi/""#,
        r#"href="../../scorecards/latest/""#,
        r#"href="../../scorecards/2026-10/bj-01/""#,
        r#"href="../../scorecards/2026-10/scorecard.csv""#,
        // pulldown-cmark percent-encodes non-ASCII characters in link destinations.
        r#"href="../../tags/%E5%9B%9E%E8%AE%BF/""#,
    ] {
        assert!(html.contains(href), "no {href} in {html}");
    }
}

#[test]
fn check_finds_every_output_collision_build_would_hit() {
    let site = Site::minimal();
    site.write("static/search/data/meta.json", "{}");
    site.write("content/kpis.md", "---\ntitle: 指标\n---\n");
    site.write("static/sitemap.xml", "<urlset/>");
    let run = run_here(&site, &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_has(
        &run,
        &[
            "static/search/data/meta.json: error: the static file `static/search/data/meta.json` would be published at `/search/data/meta.json`, inside `/search/data/`, where pitwall writes the search index\n",
            "  = help: move or rename it, or turn search off with `search: false` in site.yaml\n",
            "content/kpis.md: error: the page `content/kpis.md` and the KPI catalogue both want to publish `/kpis/index.html`\n",
            "static/sitemap.xml: error: the static file `static/sitemap.xml` and the sitemap both want to publish `/sitemap.xml`\n",
        ],
    );
    // `build` stops at the same errors, before writing anything.
    let run = run_here(&site, &["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn colliding_tags_are_errors_at_their_front_matter() {
    let site = Site::minimal();
    site.write(
        "content/guides/a.md",
        "---\ntitle: 甲\ntags: [C++, 回访]\n---\n",
    );
    site.write(
        "content/guides/b.md",
        "---\ntitle: 乙\ntags:\n  - C\n  - \"..\"\n---\n",
    );
    let run = run_here(&site, &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_has(
        &run,
        &[
            "content/guides/a.md:3:8: error: tag `C++` and tag `C` in `content/guides/b.md` would share the URL /tags/c/\n",
            "content/guides/b.md:4:5: error: tag `C` and tag `C++` in `content/guides/a.md` would share the URL /tags/c/\n",
            "content/guides/b.md:5:5: error: tag `..` has no letter or digit to make its URL from\n",
        ],
    );
}

#[test]
fn file_names_that_differ_in_case_or_unicode_form_collide() {
    let site = Site::minimal();
    site.write("content/guides/Intro.md", "---\ntitle: 甲\n---\n");
    site.write("content/guides/intro.md", "---\ntitle: 乙\n---\n");
    site.write("content/guides/caf\u{e9}.md", "---\ntitle: 丙\n---\n");
    site.write("content/guides/cafe\u{301}.md", "---\ntitle: 丁\n---\n");
    let run = run_here(&site, &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_has(
        &run,
        &[
            "content/guides/Intro.md: error: this page's URL /guides/Intro/ and the URL /guides/intro/ of `content/guides/intro.md` differ only in letter case or Unicode form, and overwrite each other on macOS and Windows\n",
            "content/guides/intro.md: error: this page's URL /guides/intro/ and the URL /guides/Intro/ of `content/guides/Intro.md` differ only in letter case or Unicode form",
            "content/guides/caf\u{e9}.md: error: this page's URL /guides/caf\u{e9}/ and the URL /guides/cafe\u{301}/ of `content/guides/cafe\u{301}.md` differ only",
            "content/guides/cafe\u{301}.md: error: this page's URL /guides/cafe\u{301}/ and the URL /guides/caf\u{e9}/ of `content/guides/caf\u{e9}.md` differ only",
        ],
    );
}

#[cfg(unix)]
#[test]
fn symlinks_outside_the_site_are_named_not_silently_dropped() {
    let site = Site::minimal();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("faq.md");
    std::fs::write(&target, "---\ntitle: 常见问题\n---\n").unwrap();
    std::os::unix::fs::symlink(&target, site.root().join("content/guides-faq.md")).unwrap();
    // A link inside the site is followed and published.
    std::os::unix::fs::symlink(
        "../complaints/delivery-delay.md",
        site.root().join("content/compensation/delay.md"),
    )
    .unwrap();
    site.write(
        "content/guides/x.md",
        "---\ntitle: 指南\n---\n见[问答](../guides-faq.md)和[延迟](../compensation/delay.md)。\n",
    );
    let run = run_here(&site, &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let shown = target.display();
    assert_has(
        &run,
        &[
            &format!(
                "content/guides-faq.md: warning: symbolic link to `{shown}` not followed: it points outside the site folder; it is not published\n"
            ),
            &format!(
                "content/guides/x.md:4:2: error: link to `../guides-faq.md`: `content/guides-faq.md` is a symbolic link to `{shown}`, outside the site folder, and is not published\n"
            ),
        ],
    );
    assert_lacks(&run, &["does not exist"]);
    assert!(run.stderr.contains("error: 1 error(s)"), "{}", run.stderr);
}
