//! Scorecards: statuses, overrides, ranks, changes, missing values, exports, "what to do"
//! links, charts and `--month`.

use super::fixture::Site;

#[test]
fn csv_export_matches_the_input() {
    let site = Site::minimal();
    site.build();
    let csv = site.read("scorecards/2026-10/scorecard.csv");
    assert!(csv.starts_with("\u{FEFF}month,outlet_id,outlet_name,kpi_id,kpi_name,value,target,warn,status,change_mom,change_yoy,"), "{csv}");
    for row in [
        "2026-10,bj-01,北京朝阳服务中心,csi,客户满意度 (CSI),92,90,85,green,1.5,4,1,score,",
        "2026-10,sh-01,上海浦东服务中心,csi,客户满意度 (CSI),84,90,85,red,-2,-7,2,score,",
        "2026-10,sh-01,上海浦东服务中心,repeat_repair_rate,返修率,,3,5,missing,,,,percent,",
        // A per-outlet override moves the target and keeps the amber band's width.
        "2026-10,sz-02,深圳龙岗服务中心,csi,客户满意度 (CSI),84,80,75,green,,,2,score,",
        "2026-10,sz-02,深圳龙岗服务中心,repeat_repair_rate,返修率,5,3,5,amber,,,2,percent,",
    ] {
        assert!(
            csv.contains(&format!("{row}\r\n")),
            "missing row {row} in\n{csv}"
        );
    }
    assert_eq!(csv.lines().count(), 1 + 3 * 2);
}

#[test]
fn json_export_has_numbers_and_nulls() {
    let site = Site::minimal();
    site.build();
    let json: serde_json::Value =
        serde_json::from_str(&site.read("scorecards/2026-10/scorecard.json")).unwrap();
    assert_eq!(json["month"], "2026-10");
    let rows = json["rows"].as_array().unwrap();
    let missing = rows
        .iter()
        .find(|r| r["outlet_id"] == "sh-01" && r["kpi_id"] == "repeat_repair_rate")
        .unwrap();
    assert!(missing["value"].is_null());
    assert_eq!(missing["status"], "missing");
    assert!(missing["change_mom"].is_null());
    let bj = rows
        .iter()
        .find(|r| r["outlet_id"] == "bj-01" && r["kpi_id"] == "csi")
        .unwrap();
    assert_eq!(bj["value"], 92.0);
    assert_eq!(bj["change_yoy"], 4.0);
}

#[test]
fn missing_values_are_never_zero() {
    let site = Site::minimal();
    site.build();
    let kpi = site.read("kpis/repeat_repair_rate/index.html");
    // Median of 3.0 and 5.0; sh-01's missing value is not counted as 0.
    assert!(kpi.contains("<td class=\"num\">4.0%</td>"), "{kpi}");
    let outlet = site.read("scorecards/2026-10/sh-01/index.html");
    assert!(
        outlet.contains("<dd class=\"value\">无数据</dd>"),
        "{outlet}"
    );
}

#[test]
fn red_and_amber_kpis_link_to_what_to_do() {
    let site = Site::minimal();
    site.build();
    let sh = site.read("scorecards/2026-10/sh-01/index.html");
    let csi = &sh[sh.find("id=\"csi\"").unwrap()..];
    let csi = &csi[..csi.find("</article>").unwrap()];
    assert!(csi.contains("✗</span> 未达标"), "{csi}");
    assert!(
        csi.contains("href=\"../../../complaints/delivery-delay/\">交车延迟</a>"),
        "{csi}"
    );
    assert!(
        csi.contains("href=\"../../../training/01-role/\">角色定位</a>"),
        "{csi}"
    );
    assert!(
        sh.contains("10 月<strong>系统切换</strong>，回访延迟。"),
        "notes render: {sh}"
    );

    let bj = site.read("scorecards/2026-10/bj-01/index.html");
    assert!(!bj.contains("怎么办"), "all green: nothing to do");
    let sz = site.read("scorecards/2026-10/sz-02/index.html");
    assert!(
        sz.contains("href=\"../../../compensation/goodwill/\">善意补偿</a>"),
        "{sz}"
    );
}

#[test]
fn network_scorecard_and_ranks() {
    let site = Site::minimal();
    site.build();
    let month = site.read("scorecards/2026-10/index.html");
    assert!(month.contains("达标 <strong>3</strong>"), "{month}");
    assert!(month.contains("未达标 <strong>1</strong>"), "{month}");
    assert!(month.contains("无数据 <strong>1</strong>"), "{month}");
    let outlet = site.read("scorecards/2026-10/sz-02/index.html");
    assert!(
        outlet.contains("<dt>排名</dt><dd class=\"ranks\">2 / 3 全网</dd>"),
        "ties share a rank: {outlet}"
    );
    let index = site.read("scorecards/index.html");
    assert!(
        index.find("2026-10").unwrap() < index.find("2025-10").unwrap(),
        "newest first"
    );
    // A playbook links to its KPIs' pages and carries no month's figures, so that it stays the
    // same when a month is added (and prints without a date-bound number).
    let playbook = site.read("complaints/delivery-delay/index.html");
    assert!(
        playbook.contains("<a href=\"../../kpis/csi/\">客户满意度 (CSI)</a>"),
        "{playbook}"
    );
    assert!(!playbook.contains("2026-10"), "{playbook}");
}

/// Parses `svg` as XML and returns its element names, failing the test when it is malformed.
fn elements(svg: &str, what: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return names,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                names.push(AsRef::<str>::as_ref(&e.name()).to_owned())
            }
            Ok(_) => {}
            Err(e) => panic!("{what} is not well-formed: {e}\n{svg}"),
        }
    }
}

#[test]
fn charts_are_well_formed_svg_with_text_alternatives() {
    let site = Site::minimal();
    site.build();
    let page = site.read("scorecards/2026-10/sh-01/index.html");
    let inline: Vec<&str> = page
        .split("<svg")
        .skip(1)
        .map(|rest| &rest[..rest.find("</svg>").unwrap() + 6])
        .collect();
    assert_eq!(inline.len(), 2, "one trend chart per KPI, inline");
    let mut charts: Vec<(String, String)> = inline
        .iter()
        .map(|s| ("inline trend".to_owned(), format!("<svg{s}")))
        .collect();
    for path in [
        "scorecards/2026-10/rank-csi.svg",
        "kpis/csi/trend.svg",
        "kpis/csi/distribution.svg",
    ] {
        charts.push((path.to_owned(), site.read(path)));
    }
    for (what, svg) in &charts {
        let names = elements(svg, what);
        assert_eq!(names.first().map(String::as_str), Some("svg"), "{what}");
        assert!(names.contains(&"title".to_owned()), "{what}");
        // A chart file describes itself; the inline trends share the page's legend.
        if what == "inline trend" {
            assert!(svg.contains("aria-describedby=\"trend-legend\""), "{svg}");
        } else {
            assert!(names.contains(&"desc".to_owned()), "{what}");
        }
        assert!(svg.contains("role=\"img\""), "{what}");
        assert!(
            svg.contains("<polyline class=\"t\""),
            "{what} has a target line"
        );
        // A file carries its styles; inline charts share the page's first chart's.
        let styled = if what == "inline trend" { &page } else { svg };
        assert!(
            styled.contains("svg .t{stroke:#282828;stroke-dasharray:6 4}"),
            "{what}: the target line is dashed"
        );
    }
    assert_eq!(page.matches("<style>").count(), 1, "one chart style a page");
    let trend = &charts[0].1;
    assert!(
        trend.contains("<title id=\"csi-t\">客户满意度 (CSI) 近 12 个月趋势</title>"),
        "{trend}"
    );
    assert!(
        page.contains("<p class=\"chart-legend\" id=\"trend-legend\"><span class=\"sr-only\">蓝色实线为本店数值，黑色虚线为目标，橙色区域为预警区间，灰色虚线为网络中位数；截至 2026-10。 长虚线是全网前 25% 的分界值（达到它即排在全网前四分之一）。</span>"),
        "the legend describes every trend chart: {page}"
    );
    // The charts' numbers as a table: the outlet's value and the network median per month,
    // missing months shown as missing.
    let table = &page[page
        .find("<section class=\"trend-data\"")
        .expect("data table")..];
    assert!(
        table.contains("<th scope=\"col\" class=\"num\">2025-11</th>")
            && table.contains("<th scope=\"col\" class=\"num\">2026-10</th>"),
        "{table}"
    );
    assert!(
        table.contains("客户满意度 (CSI)</th><th scope=\"row\">本店</th><td>—<td>"),
        "{table}"
    );
    assert!(table.contains("<td>86.0<td>84.0<tr>"), "{table}");
    assert!(
        trend.contains("<polygon class=\"w\""),
        "amber band: {trend}"
    );
    assert!(page.contains("svg .w{fill:#E69F00;opacity:.22}"), "{page}");
    assert!(
        trend.contains("<polyline class=\"d\""),
        "network median: {trend}"
    );
    assert!(
        page.contains("svg .d{stroke:#6E6E6E;stroke-dasharray:2 3;stroke-width:2}"),
        "{page}"
    );
    assert!(
        trend.len() < 3_000,
        "a trend chart stays small: {} bytes",
        trend.len()
    );
    let ranking = site.read("scorecards/2026-10/rank-csi.svg");
    assert!(
        ranking.contains(">北京朝阳服务中心</text>"),
        "Chinese labels: {ranking}"
    );
    assert!(
        ranking.contains("✗ 84.0"),
        "status by symbol, not colour alone: {ranking}"
    );
}

#[test]
fn month_option_makes_an_earlier_month_current() {
    let site = Site::minimal();
    let run = site.run(&["build", "--month", "2026-09"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.out().join("scorecards/2026-09/index.html").exists());
    assert!(
        !site.out().join("scorecards/2026-10").exists(),
        "later months are left out"
    );
    assert!(site.read("index.html").contains("2026-09 本月概览"));
    let run = site.run(&["build", "--month", "2030-01"]);
    assert_eq!(run.status, 2, "a month without a file is a usage error");
    assert!(
        run.stderr
            .contains("--month 2030-01: there is no data/scorecards/2030-01.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn csv_text_cells_cannot_start_a_formula() {
    let mut files = super::fixture::minimal_files();
    let outlets = super::fixture::OUTLETS
        .replace(
            "name: 北京朝阳服务中心",
            "name: \"\\t=HYPERLINK(\\\"x\\\")\"",
        )
        .replace("name: 上海浦东服务中心", "name: \"\\r@SUM(A1)\"");
    let kpis = super::fixture::KPIS.replace("name: 返修率", "name: \"\\t+返修率\"");
    files.retain(|(path, _)| !matches!(*path, "data/outlets.yaml" | "data/kpis.yaml"));
    files.push(("data/outlets.yaml", &outlets));
    files.push(("data/kpis.yaml", &kpis));
    let site = Site::new(&files);
    site.build();
    let csv = site.read("scorecards/2026-10/scorecard.csv");
    assert!(
        csv.contains("2026-10,bj-01,\"'\t=HYPERLINK(\"\"x\"\")\",csi,"),
        "{csv}"
    );
    assert!(csv.contains("2026-10,sh-01,\"'\r@SUM(A1)\",csi,"), "{csv}");
    assert!(csv.contains(",repeat_repair_rate,'\t+返修率,"), "{csv}");
    // Negative changes in number columns stay numbers.
    assert!(csv.contains(",84,90,85,red,-2,-7,2,score,\r\n"), "{csv}");
}

#[test]
fn kpi_pages_and_the_outline_show_words_not_codes() {
    let site = Site::minimal();
    site.write(
        "data/kpis.yaml",
        &crate::fixture::KPIS.replace(
            "  warn: 85\n",
            "  warn: 85\n  description: |\n    衡量**客户**对服务的满意程度 <script>x</script>。\n",
        ),
    );
    site.build();
    let kpi = site.read("kpis/csi/index.html");
    assert!(
        kpi.contains("<meta name=\"description\" content=\"衡量客户对服务的满意程度 x。\">"),
        "plain text, no markup, in the meta description: {}",
        &kpi[..kpi.find("</head>").unwrap_or(kpi.len())]
    );
    assert!(!kpi.contains("&lt;p&gt;"), "no escaped HTML in the page");
    assert!(
        kpi.contains("<strong>客户</strong>"),
        "the body keeps its markup"
    );
    assert!(kpi.contains("KPI · 客户体验"), "the group, not the id");
    assert!(!kpi.contains("KPI · csi"));
    assert!(kpi.contains("<dd>分值</dd>"), "the unit in words");
    let training = site.read("training/index.html");
    assert!(!training.contains("第  部分") && !training.contains("第 部分"));
    assert!(
        training.contains("<th scope=\"col\">部分</th>"),
        "{training}"
    );
    let month = site.read("scorecards/2026-10/index.html");
    assert!(month.contains("<body class=\"scorecard network-month\">"));
}

/// Every `<table>` of `page` has a `<caption>` right after its start tag (what a screen reader
/// announces on entering the table).
fn uncaptioned(page: &str) -> Vec<String> {
    page.match_indices("<table")
        .filter(|&(at, _)| {
            let rest = &page[at..];
            let start_tag = &rest[..rest.find('>').unwrap() + 1];
            !rest[start_tag.len()..].trim_start().starts_with("<caption")
        })
        .map(|(at, _)| page[at..(at + 120).min(page.len())].to_owned())
        .collect()
}

#[test]
fn scorecard_tables_have_captions() {
    let site = Site::minimal();
    site.build();
    for path in [
        "scorecards/2026-10/index.html",
        "scorecards/2026-10/regions/华北/index.html",
        "scorecards/2026-Q4/index.html",
        "scorecards/2026-Q4/bj-01/index.html",
        "kpis/csi/index.html",
        "kpis/index.html",
        "scorecards/index.html",
    ] {
        let page = site.read(path);
        let missing = uncaptioned(&page);
        assert!(missing.is_empty(), "{path}: {missing:#?}");
    }
    let month = site.read("scorecards/2026-10/index.html");
    assert!(
        month.contains(
            "<caption class=\"sr-only\">2026-10 各门店的 KPI：每行一家门店，每列一项 KPI</caption>"
        ),
        "{month}"
    );
    assert!(
        month.contains("<caption class=\"sr-only\">客户满意度 (CSI) 2026-10 各门店排名</caption>"),
        "{month}"
    );
}
