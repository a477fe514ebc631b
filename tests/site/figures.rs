//! Figures inside playbooks (issue 31): `{{ value csi }}` and the other components in a page's
//! text, drawn from the month being built; checked references; a month's commentary on its
//! scorecard and in its digest; incremental builds that re-render exactly the pages whose
//! figures changed.

use super::fixture::{Site, assert_same_tree, tree};

/// Every component, as a trainer would write them, in the minimal site (current month
/// 2026-10, outlets bj-01, sh-01 and sz-02, KPIs csi and repeat_repair_rate).
const FIGURES: &str = "---
title: 本月数字
---

本月全网 CSI 为 {{ value csi }}，北京朝阳为 {{ 数值 csi 门店=bj-01 }}，华东为 {{ value csi region=华东 }}，九月为 {{ value csi month=2026-09 }}，**返修率** {{ value repeat_repair_rate outlet=sh-01 }}。

{{ trend csi months=3 }}

{{ 趋势 csi outlet=bj-01 months=2 }}

{{ spread csi }}

{{ ranking csi bottom=2 }}

{{ below csi }}

{{ below csi status=red }}

{{ below repeat_repair_rate month=2026-09 }}

- {{ value csi outlet=sz-02 }} 在列表里
- {{ spread csi region=华南 }}

代码里的 `{{ value csi }}` 照原样显示，\\{{ value csi }} 也是。

```
{{ trend csi }}
```
";

/// The `<div class="body">` of a page, its charts' drawing left out (the charts have their own
/// snapshots): what a reader of the page reads.
fn body_of(html: &str) -> String {
    let start = html.find("<div class=\"body\">").expect("a body");
    let end = html[start..].find("\n  </div>").expect("its end") + start;
    let mut out = String::new();
    let mut rest = &html[start..end];
    while let Some(at) = rest.find("<svg") {
        out.push_str(&rest[..at]);
        let close = rest[at..].find("</svg>").expect("</svg>") + at;
        let svg = &rest[at..close];
        let title = svg
            .split("<title")
            .nth(1)
            .and_then(|t| t.split('>').nth(1))
            .and_then(|t| t.split('<').next())
            .unwrap_or_default();
        out.push_str(&format!("<svg title=\"{title}\"/>"));
        rest = &rest[close + "</svg>".len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn each_component_in_both_languages() {
    for (language, site_yaml) in [("zh", ""), ("en", "language: en\n")] {
        let site = Site::minimal();
        site.write("content/guides/figures.md", FIGURES);
        if !site_yaml.is_empty() {
            site.write("site.yaml", site_yaml);
        }
        site.build();
        let html = site.read("guides/figures/index.html");
        assert_eq!(
            html.matches(" role=\"img\"").count(),
            5,
            "trend × 2, spread × 2, ranking: each an inline chart"
        );
        assert_eq!(
            html.matches("aria-describedby=\"figure-").count(),
            5,
            "each chart is described by its legend, shown under it"
        );
        assert_eq!(
            html.matches("<p class=\"figure-desc\" id=\"figure-")
                .count(),
            5
        );
        assert!(!html.contains('\u{E000}'), "no marker is left in the page");
        insta::assert_snapshot!(format!("figures_{language}"), body_of(&html));
    }
}

#[test]
fn each_reference_error_is_at_its_place_with_the_nearest_name() {
    let site = Site::minimal();
    site.write(
        "content/guides/figures.md",
        "---\ntitle: 数字\n---\n\n\
         CSI {{ value cis }}，{{ value csi outlet=bj-1 }}，{{ value csi region=华冬 }}。\n\n\
         {{ value csi month=2024-01 }} {{ value csi month=2026-13 }} {{ valeu csi }}\n\n\
         {{ ranking csi top=0 }}\n\n\
         {{ value csi outlet=bj-01 region=华北 }} {{ trend csi mounth=3 }} 正文 {{ trend csi }}\n\n\
         全角：｛｛ value csi ｝｝，{{ value CSI }}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    for (place, says) in [
        (":5:14:", "unknown KPI `cis`"),
        (":5:14:", "did you mean `csi`?"),
        (":5:41:", "unknown outlet `bj-1`"),
        (":5:41:", "did you mean `bj-01`?"),
        (":5:69:", "unknown region `华冬`"),
        (":5:69:", "did you mean `华东`?"),
        (":7:20:", "2024-01 has no figures"),
        (":7:20:", "the months with figures are 2025-10 to 2026-10"),
        (":7:50:", "`2026-13` is not a month"),
        (":7:64:", "unknown component `valeu`"),
        (":9:20:", "`top=0` is not a whole number from 1 to 50"),
        (":11:34:", "names one outlet or one region, not both"),
        (":11:53:", "did you mean `month=`?"),
        (":11:68:", "must stand in a paragraph of its own"),
        (
            ":13:4:",
            "type the braces half width (switch the input method to English or half width): `{{ value csi }}`",
        ),
        (
            ":13:29:",
            "write the KPI's id here: `csi` (`CSI` is part of its name)",
        ),
    ] {
        let line = run
            .stderr
            .lines()
            .position(|l| l.contains(place))
            .unwrap_or_else(|| panic!("nothing at {place}:\n{}", run.stderr));
        let around = run.stderr.lines().skip(line).take(6).collect::<Vec<_>>();
        assert!(
            around.iter().any(|l| l.contains(says)),
            "{place} does not say {says:?}:\n{}",
            run.stderr
        );
    }
    // The same in Chinese, as trainers read it.
    let zh = site.run_default(&["check"]);
    for says in [
        "未知 KPI `cis`",
        "未知门店 `bj-1`",
        "未知区域 `华冬`",
        "未知组件 `valeu`",
        "图表和表格组件要单独成段",
    ] {
        assert!(zh.stderr.contains(says), "{says}:\n{}", zh.stderr);
    }
}

#[test]
fn a_commentary_is_on_its_months_scorecard_and_in_its_digest() {
    let site = Site::minimal();
    site.write(
        "content/scorecards/2026-10.md",
        "---\ntitle: 十月点评\n---\n\n本月全网 CSI 为 {{ value csi }}，上海浦东偏低。\n\n{{ below csi }}\n",
    );
    site.build();
    let month = site.read("scorecards/2026-10/index.html");
    assert!(month.contains("<h2 id=\"commentary-heading\">十月点评</h2>"));
    assert!(month.contains("上海浦东偏低"));
    assert!(month.contains("figure-table"), "its table is there");
    let digest = site.read("scorecards/2026-10/digest.md");
    assert!(
        digest.contains("本月全网 CSI 为 84.0（未达标，比上月 ▼ -4.3），上海浦东偏低。"),
        "{digest}"
    );
    assert!(
        site.read("scorecards/2026-10/digest.html")
            .contains("上海浦东偏低")
    );
    assert!(
        !site
            .read("scorecards/2026-09/index.html")
            .contains("十月点评")
    );
    assert!(!site.out().join("scorecards/2026-10.html").exists());

    // A commentary of a month without figures would be shown nowhere: an error.
    site.write(
        "content/scorecards/2027-01.md",
        "---\ntitle: 一月\n---\n\n正文\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("content/scorecards/2027-01.md: error: 2027-01 has no figures"),
        "{}",
        run.stderr
    );
    // Any other file there is still a reserved path.
    site.write("content/scorecards/2027-01.md", "");
    std::fs::remove_file(site.root().join("content/scorecards/2027-01.md")).unwrap();
    site.write("content/scorecards/notes.md", "---\ntitle: x\n---\n");
    let run = site.run(&["check"]);
    assert!(
        run.stderr
            .contains("content/scorecards/ holds only the months' commentaries"),
        "{}",
        run.stderr
    );
}

/// A month close re-renders the pages whose figures it changes, not the pages whose figures
/// name a fixed month, nor any other playbook; and equals a clean build.
#[test]
fn a_month_close_rerenders_exactly_the_pages_whose_figures_change() {
    let site = Site::minimal();
    site.write(
        "content/guides/this-month.md",
        "---\ntitle: 本月\n---\n\n本月全网 CSI 为 {{ value csi }}。\n\n{{ below csi }}\n",
    );
    site.write(
        "content/guides/september.md",
        "---\ntitle: 九月\n---\n\n九月全网 CSI 为 {{ value csi month=2026-09 }}。\n",
    );
    site.write(
        "content/scorecards/2026-10.md",
        "---\ntitle: 十月点评\n---\n\n本月 {{ value csi }}。\n",
    );
    let out = site.out();
    let out_arg = out.to_str().unwrap();
    let clean_out = site.root().join("clean");
    let run = site.run(&["build", "--month", "2026-09", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        site.read("guides/this-month/index.html")
            .contains(">88.2</a>"),
        "September's view shows September's figures"
    );
    let before = tree(&out);
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let changed: Vec<String> = tree(&out)
        .into_iter()
        .filter(|(p, b)| before.get(p) != Some(b))
        .map(|(p, _)| p)
        .filter(|p| !p.starts_with("scorecards/") && !p.starts_with("kpis/"))
        .filter(|p| !p.starts_with("search/") && p != "index.html" && p != "sitemap.xml")
        .collect();
    assert_eq!(changed, ["guides/this-month/index.html"]);
    assert!(
        site.read("scorecards/2026-10/index.html")
            .contains("十月点评")
    );
    let clean = site.run(&["build", "--clean", "--out", clean_out.to_str().unwrap()]);
    assert_eq!(clean.status, 0, "{}", clean.stderr);
    assert_same_tree(&out, &clean_out, "after the month close");

    // A figure corrected in the month file: the page that shows it again, nothing else.
    let before = tree(&out);
    let month = std::fs::read_to_string(site.root().join("data/scorecards/2026-10.yaml")).unwrap();
    site.write(
        "data/scorecards/2026-10.yaml",
        &month.replace("sh-01:\n    csi: 84.0", "sh-01:\n    csi: 86.0"),
    );
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let pages: Vec<String> = tree(&out)
        .into_iter()
        .filter(|(p, b)| before.get(p) != Some(b) && p.ends_with(".html"))
        .map(|(p, _)| p)
        .filter(|p| !p.starts_with("scorecards/") && !p.starts_with("kpis/") && p != "index.html")
        .collect();
    assert_eq!(pages, ["guides/this-month/index.html"], "the median moved");
    let clean = site.run(&["build", "--clean", "--out", clean_out.to_str().unwrap()]);
    assert_eq!(clean.status, 0, "{}", clean.stderr);
    assert_same_tree(&out, &clean_out, "after correcting a figure");
}

/// In an audience's bundle a component shows no outlet the audience does not see by name.
#[test]
fn a_bundle_shows_no_hidden_outlet_by_name() {
    let site = Site::minimal();
    site.write("site.yaml", "audiences: [network, outlet:*]\n");
    site.write(
        "content/guides/figures.md",
        "---\ntitle: 数字\n---\n\n上海浦东 {{ value csi outlet=sh-01 }}。\n\n{{ ranking csi top=3 }}\n\n{{ below csi }}\n",
    );
    let out = site.root().join("bundle");
    let run = site.run(&[
        "build",
        "--audience",
        "outlet:bj-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("guides/figures/index.html")).unwrap();
    let body = body_of(&html);
    for hidden in ["上海浦东服务中心", "深圳龙岗服务中心", "sh-01/", "sz-02/"] {
        assert!(!body.contains(hidden), "{hidden} in the bundle:\n{body}");
    }
    assert!(body.contains("北京朝阳服务中心"), "its own outlet by name");
    assert!(body.contains("本版本不含该门店的数据"), "{body}");
}

/// What trainers type that is nearly right: an outlet's name or a KPI's name for its id, a
/// space after `=`, Chinese commas between options, a value inside a link's text.
#[test]
fn nearly_right_components_are_read_or_said_how_to_fix() {
    let site = Site::minimal();
    site.write(
        "content/guides/figures.md",
        "---\ntitle: 数字\n---\n\n\
         {{ value csi 门店=北京朝阳服务中心 }} {{ value 返修率 }}\n\n\
         {{ value csi 门店= bj-01 }} {{ value csi 门店=bj-01，月份=2026-09 }} [看 {{ value csi }}](@/kpis/csi)\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "write the outlet's id here: `bj-01` (`北京朝阳服务中心` is its name or DMS code)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "write the KPI's id here: `repeat_repair_rate` (`返修率` is part of its name)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(":7:"),
        "line 7 is read as meant: {}",
        run.stderr
    );
    site.write(
        "content/guides/figures.md",
        "---\ntitle: 数字\n---\n\n{{ value csi 门店= bj-01 }} {{ value csi 门店=bj-01，月份=2026-09 }} [看 {{ value csi }}](@/kpis/csi)\n",
    );
    site.build();
    let page = site.read("guides/figures/index.html");
    let link = &page[page
        .find("<a href=\"../../kpis/csi/\">看 ")
        .expect("the link")..];
    let link = &link[..link.find("</a>").unwrap()];
    assert!(
        !link[1..].contains("<a "),
        "no link inside the link: {link}"
    );
    assert!(link.contains("<b>84.0</b>"), "{link}");
    assert!(
        page.contains(">90.5</a>"),
        "bj-01 in 2026-09, options parted by a Chinese comma"
    );
}

/// A component in a link's address is an address as written: its error quotes what the
/// trainer typed, never the placeholder the component stood for while the page was read.
#[test]
fn a_component_in_a_links_address_is_quoted_as_written() {
    let site = Site::minimal();
    site.write(
        "content/guides/figures.md",
        "---\ntitle: 数字\n---\n\n[看](@/kpis/{{ value csi }})\n",
    );
    // (The words of the component are code in the message, which the English-prose check of
    // `Site::run` would take for prose.)
    let run = site.run_default(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("@/kpis/{{ value csi }}"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\u{E000}') && !run.stderr.contains("xxxx"),
        "{}",
        run.stderr
    );
}
