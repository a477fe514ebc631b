//! Interface language: `language: en` gives English theme text everywhere, charts included;
//! the default stays Chinese.

use super::fixture::{Site, fixture, tree};

/// An English site (`tests/fixtures/english/`): English titles and data, so any Chinese in its
/// output comes from the theme or from pitwall. No `title` in `site.yaml` and no
/// `content/training/_index.md`, so the default site and section titles show too.
fn english_site() -> Site {
    Site::new(&fixture("english"))
}

/// Han characters, CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

#[test]
fn english_sites_have_no_chinese_interface_text() {
    let site = english_site();
    site.build();

    // Every page, chart and export: the site's own text is English, so all of it must be.
    let mut checked = 0;
    for (path, bytes) in tree(&site.out()) {
        let text_file = [".html", ".svg", ".csv", ".json", ".xml"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if !text_file {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let cjk: String = text.chars().filter(|&c| is_cjk(c)).collect();
        assert!(cjk.is_empty(), "{path} has Chinese text {cjk:?}:\n{text}");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} files checked");

    let home = site.read("index.html");
    assert!(home.contains("<html lang=\"en\""), "{home}");
    assert!(
        home.contains("After-sales service knowledge base"),
        "default title: {home}"
    );
    assert!(home.contains("2026-10 at a glance"), "{home}");
    assert!(home.contains("Training outline"), "default section title");

    let script = site.read("complaints/delivery-delay/index.html");
    assert!(
        script.contains("Severity: <strong>Major complaint</strong>"),
        "{script}"
    );
    assert!(script.contains("within 4 h"), "{script}");
    assert!(script.contains("KPIs addressed"), "{script}");
    let syllabus = site.read("training/01-role/index.html");
    assert!(syllabus.contains("<td>Classroom</td>"), "{syllabus}");
    assert!(syllabus.contains("<td>On the job</td>"), "{syllabus}");
    assert!(syllabus.contains("Assessment: </strong>"), "{syllabus}");

    let month = site.read("scorecards/2026-10/index.html");
    for text in [
        "<title>2026-10 network scorecard",
        "Network scorecard",
        ">Scorecards</a>",
        "On target <strong>",
        "Off target <strong>",
        "No data <strong>",
        "Customer experience",
        "People development",
        "Outlet rankings by KPI",
    ] {
        assert!(month.contains(text), "missing {text:?} in {month}");
    }

    let outlet = site.read("scorecards/2026-10/east-01/index.html");
    for text in [
        "Harbour Service Centre · 2026-10 scorecard",
        "Outlet scorecard · <a href=\"../../../scorecards/2026-10/regions/east/\">East</a> · Shanghai",
        "Needs attention: </strong>Customer satisfaction (CSI), First response time",
        "✗</span> Off target",
        "(warning at 85.0, higher is better)",
        "(warning at 6.0 h, lower is better)",
        "<dd class=\"value\">7.0 h</dd>",
        "<dd class=\"value\">650.0 CNY</dd>",
        "<dd class=\"value\">No data</dd>",
        "What to do: scripts, rules and training",
        "Major complaint",
        "Part 1: Duties, Coaching",
        "<span class=\"badge\">Guide</span>",
        "Customer satisfaction (CSI): last 12 months",
        "Back to</span>2026-10 network scorecard",
    ] {
        assert!(outlet.contains(text), "missing {text:?} in {outlet}");
    }

    let kpis = site.read("kpis/index.html");
    assert!(kpis.contains("<title>KPI catalogue"), "{kpis}");
    let ranking = site.read("scorecards/2026-10/rank-training_days.svg");
    assert!(ranking.contains("— No data"), "{ranking}");

    // Exported statuses are a fixed contract, not interface text.
    let csv = site.read("scorecards/2026-10/scorecard.csv");
    assert!(
        csv.contains(
            "2026-10,east-01,Harbour Service Centre,csi,Customer satisfaction (CSI),80,90,85,red,"
        ),
        "{csv}"
    );
}

#[test]
fn the_default_language_is_chinese() {
    let site = Site::minimal();
    site.build();
    let home = site.read("index.html");
    assert!(home.contains("<html lang=\"zh-CN\""), "{home}");
    assert!(home.contains("本月概览"), "{home}");
    let month = site.read("scorecards/2026-10/index.html");
    assert!(month.contains("<title>2026-10 网络记分卡"), "{month}");
    assert!(month.contains("达标 <strong>"), "{month}");
    let outlet = site.read("scorecards/2026-10/sh-01/index.html");
    assert!(outlet.contains("（预警线 85.0，越高越好）"), "{outlet}");
    assert!(outlet.contains("需关注：</strong>"), "{outlet}");
    let syllabus = site.read("training/01-role/index.html");
    assert!(syllabus.contains("考核方式：</strong>"), "{syllabus}");
}

/// An English site whose catalogue and outlets are named in Chinese, with `name_en` beside:
/// the English names are used everywhere, pages, charts, exports and the digest alike.
#[test]
fn english_sites_use_the_english_names_of_kpis_and_outlets() {
    let files = fixture("english");
    let chinese = [
        ("Customer satisfaction (CSI)", "客户满意度 (CSI)"),
        ("First response time", "首次响应时间"),
        ("Northgate Service Centre", "北门服务中心"),
        ("Harbour Service Centre", "港湾服务中心"),
    ];
    let files: Vec<(&str, String)> = files
        .iter()
        .map(|(path, text)| {
            let mut text = text.to_string();
            if path.starts_with("data/kpis.yaml") || path.starts_with("data/outlets.yaml") {
                for (en, zh) in chinese {
                    text = text.replace(
                        &format!("  name: {en}\n"),
                        &format!("  name: {zh}\n  name_en: {en}\n"),
                    );
                }
                assert!(text.contains("name_en"), "{path}");
            }
            (*path, text)
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let site = Site::new(&files);
    site.build();
    for (path, bytes) in tree(&site.out()) {
        if ![".html", ".svg", ".csv", ".json", ".xml", ".md"]
            .iter()
            .any(|ext| path.ends_with(ext))
        {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let cjk: String = text.chars().filter(|&c| is_cjk(c)).collect();
        assert!(cjk.is_empty(), "{path} has Chinese text {cjk:?}");
    }
    assert!(
        site.read("kpis/csi/index.html")
            .contains("Customer satisfaction (CSI)")
    );
    assert!(
        site.read("scorecards/2026-10/north-01/index.html")
            .contains("Northgate Service Centre")
    );
}
