//! Periods: quarters, years to date and trailing 12 months by each KPI's `aggregate:` rule,
//! period targets (`data/targets.yaml`), and the period pages and links.

use super::fixture::{Site, assert_same_tree, fixture, run_in, tree};

/// The periods fixture: two outlets, January to April 2026; CSI weighted by its sample size,
/// repair orders summed, headcount the last month's, first-time fix weighted by repair orders,
/// retention the mean. Months without a value are `null`.
fn periods_site() -> Site {
    Site::new(&fixture("periods"))
}

/// The text of a page without its links' tags, to assert on what a reader sees.
fn text(site: &Site, path: &str) -> String {
    let html = site.read(path);
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<a ") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("</a>", "")
}

/// The row of KPI `name` in an outlet's period table.
fn row<'a>(page: &'a str, name: &str) -> &'a str {
    let start = page
        .find(&format!(r#"<th scope="row">{name}</th>"#))
        .unwrap_or_else(|| panic!("no row {name} in:\n{page}"));
    let end = page[start..]
        .find("</tr>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn each_rule_adds_up_its_months_and_counts_those_missing() {
    let site = periods_site();
    site.build();
    let page = text(&site, "scorecards/2026-Q1/a-01/index.html");
    // Weighted by n: (90 × 10 + 80 × 30) / 40; March has no `n` and is left out.
    let csi = row(&page, "客户满意度");
    assert!(
        csi.contains("82.5 <span class=\"period-n\">2/3 个月</span>"),
        "{csi}"
    );
    assert!(csi.contains("✗ 未达标"), "{csi}");
    // Summed: 100 + 120; February is `null`, not 0. Target: 200 a month, 2 months.
    let orders = row(&page, "维修工单数");
    assert!(
        orders.contains(">220 <span class=\"period-n\">2/3 个月</span>"),
        "{orders}"
    );
    assert!(orders.contains("<td class=\"num\">400</td>"), "{orders}");
    // The last month with a value: February's 12 (March is `null`).
    let headcount = row(&page, "技师人数");
    assert!(headcount.contains(">12 <span"), "{headcount}");
    // Weighted by repair orders: (90 × 100 + 70 × 120) / 220; February has no weight.
    let ftf = row(&page, "一次修复率");
    assert!(
        ftf.contains(">79.1% <span class=\"period-n\">2/3 个月</span>"),
        "{ftf}"
    );
    // Mean of the months with a value: (72 + 68) / 2.
    let retention = row(&page, "客户保持率");
    assert!(retention.contains(">70.0% <span"), "{retention}");
    assert!(retention.contains("✓ 达标"), "{retention}");
}

#[test]
fn regions_and_the_network_pool_their_outlets() {
    let site = periods_site();
    site.build();
    let page = text(&site, "scorecards/2026-Q1/index.html");
    let regions = &page[page.find("id=\"regions-heading\"").unwrap()..];
    let network = &regions[regions
        .find("<th scope=\"row\" class=\"sticky\">全网</th>")
        .unwrap()..];
    let network = &network[..network.find("</tr>").unwrap()];
    // CSI: (900 + 2400 + 70 × 20) / 60 = 78.3, over the 2 of 3 months with any value.
    assert!(
        network.contains("78.3<span class=\"period-n\">2/3 个月</span>"),
        "{network}"
    );
    // Repair orders: every outlet-month with a value, summed.
    assert!(network.contains("370"), "{network}");
    // Headcount (`last`): the mean of each outlet's last value, (12 + 7) / 2.
    assert!(
        network.contains("9.5") || network.contains(" 10"),
        "{network}"
    );
}

#[test]
fn a_period_target_changes_the_status_of_months_and_periods() {
    let site = periods_site();
    site.build();
    let before = text(&site, "scorecards/2026-Q1/a-01/index.html");
    assert!(row(&before, "客户满意度").contains("✗ 未达标"));
    // CSI target lowered for 2026, and again for Q1 (without `warn`: the band keeps its width).
    site.write(
        "data/targets.yaml",
        "csi:\n  2026: {target: 80, warn: 75}\n  2026-Q1: {target: 84}\n",
    );
    site.build();
    let quarter = text(&site, "scorecards/2026-Q1/a-01/index.html");
    let csi = row(&quarter, "客户满意度");
    // 82.5 against 84 (warn 79): amber; the year to date is judged against the year's 80.
    assert!(
        csi.contains("! 接近目标") || csi.contains("status-amber"),
        "{csi}"
    );
    assert!(csi.contains("<td class=\"num\">84.0</td>"), "{csi}");
    let year = text(&site, "scorecards/2026-YTD/a-01/index.html");
    assert!(row(&year, "客户满意度").contains("status-green"), "{year}");
    // A month is judged against its quarter's target: February's 80 is amber against 84/79.
    let csv = site.read("scorecards/2026-02/scorecard.csv");
    assert!(csv.contains(",csi,客户满意度,80,84,79,amber,"), "{csv}");
    // April is in Q2: the year's target, 80/75, and its 92 is green.
    let csv = site.read("scorecards/2026-04/scorecard.csv");
    assert!(
        csv.contains(",a-01,甲店,csi,客户满意度,92,80,75,green,"),
        "{csv}"
    );
}

#[test]
fn an_outlet_override_beats_the_period_tables() {
    let site = periods_site();
    site.write(
        "data/targets.yaml",
        "csi:\n  2026-Q1: {target: 84, warn: 80}\n",
    );
    let march = std::fs::read_to_string(site.root().join("data/scorecards/2026-03.yaml")).unwrap();
    site.write(
        "data/scorecards/2026-03.yaml",
        &format!("{march}targets:\n  a-01: {{csi: 82}}\n"),
    );
    site.build();
    let csv = site.read("scorecards/2026-03/scorecard.csv");
    // 82 with the quarter's band width (84 − 80): warn 78.
    assert!(
        csv.contains(",a-01,甲店,csi,客户满意度,50,82,78,red,"),
        "{csv}"
    );
    let quarter = text(&site, "scorecards/2026-Q1/a-01/index.html");
    assert!(
        row(&quarter, "客户满意度").contains("<td class=\"num\">82.0</td>"),
        "{quarter}"
    );
}

#[test]
fn quarter_and_year_to_date_pages_are_linked_from_the_month_pages() {
    let site = periods_site();
    site.build();
    let april = site.read("scorecards/2026-04/index.html");
    assert!(
        april.contains(r#"<a href="../../scorecards/2026-Q2/">2026 年第 2 季度</a>"#),
        "{april}"
    );
    assert!(
        april.contains(r#"<a href="../../scorecards/2026-YTD/">2026 年累计</a>"#),
        "{april}"
    );
    let outlet = site.read("scorecards/2026-04/a-01/index.html");
    assert!(
        outlet.contains(r#"<a href="../../../scorecards/2026-Q2/a-01/">2026 年第 2 季度</a>"#),
        "{outlet}"
    );
    // A quarter in progress says so; a finished one does not.
    let q2 = site.read("scorecards/2026-Q2/index.html");
    assert!(
        q2.contains("<h1>2026 年第 2 季度（截至 4 月） 网络记分卡</h1>"),
        "{q2}"
    );
    let q1 = site.read("scorecards/2026-Q1/index.html");
    assert!(q1.contains("<h1>2026 年第 1 季度 网络记分卡</h1>"), "{q1}");
    assert!(
        q1.contains(r#"<a href="../../scorecards/2026-01/">2026-01</a>"#),
        "{q1}"
    );
    assert!(
        q1.contains(r#"<a href="../../scorecards/2026-Q1/a-01/">甲店</a>"#),
        "{q1}"
    );
    // Only periods with data.
    let out = tree(&site.out());
    assert!(!out.contains_key("scorecards/2026-Q3/index.html"));
    assert!(!out.contains_key("scorecards/2025-YTD/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("scorecards/2026-Q1/a-01/"), "{sitemap}");
}

#[test]
fn the_outlet_card_shows_month_year_to_date_and_trailing_12_months() {
    let site = periods_site();
    site.build();
    let page = site.read("scorecards/2026-03/a-01/index.html");
    let card = &page[page.find(r#"id="csi""#).unwrap()..];
    let table = &card[card.find("<table class=\"period-figures\">").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("<th scope=\"col\">本月</th><th scope=\"col\">年初至今</th><th scope=\"col\">近 12 个月</th>"), "{table}");
    // This month's 50 has no `n` (red on its own); the year to date and the trailing 12
    // months both weight January and February: 82.5, on 2 of 3 months.
    assert!(
        table.contains("<i aria-hidden=\"true\">✗</i> 50.0"),
        "{table}"
    );
    assert_eq!(table.matches("82.5 <span class=\"sr-only\">未达标</span> <span class=\"period-n\">2/3 个月</span>").count(), 2, "{table}");
}

#[test]
fn bad_rules_and_period_targets_are_errors_at_their_lines() {
    let site = periods_site();
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis
            .replace("aggregate: sum", "aggregate: summ")
            .replace("weight: repair_orders", "weight: repair_order"),
    );
    site.write(
        "data/targets.yaml",
        "cs1:\n  2026: {target: 80}\ncsi:\n  2026q3: {target: 92}\n  2026-Q1: {target: 92}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let e = &run.stderr;
    assert!(
        e.contains("data/kpis.yaml:17:14: error: unknown period rule `aggregate: summ`"),
        "{e}"
    );
    assert!(e.contains("did you mean `aggregate: sum`?"), "{e}");
    assert!(
        e.contains("data/kpis.yaml:35:11: error: `weight:` names unknown KPI `repair_order`"),
        "{e}"
    );
    assert!(e.contains("did you mean `repair_orders`?"), "{e}");
    assert!(
        e.contains("data/targets.yaml:1:1: error: unknown KPI `cs1`"),
        "{e}"
    );
    assert!(
        e.contains("data/targets.yaml:4:3: error: `2026q3` is not a year or a quarter"),
        "{e}"
    );
    assert!(e.contains("did you mean `2026-Q3`?"), "{e}");
    // In the site's language too.
    let zh = site.run_default(&["check"]);
    assert!(
        zh.stderr.contains("未知的汇总方式 `aggregate: summ`"),
        "{}",
        zh.stderr
    );
}

#[test]
fn a_weight_needs_the_weighted_rule() {
    let site = periods_site();
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replace("  aggregate: weighted\n  weight:", "  weight:"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`weight:` of KPI `first_time_fix` is only read with `aggregate: weighted`"),
        "{}",
        run.stderr
    );
}

#[test]
fn periods_build_from_the_site_folder() {
    let site = periods_site();
    site.write("data/targets.yaml", "csi:\n  2026: {target: 80}\n");
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        site.root()
            .join("public/scorecards/2026-YTD/b-01/index.html")
            .is_file()
    );
    assert!(
        site.root()
            .join("public/scorecards/2026-Q1/index.html")
            .is_file()
    );
}

/// Period pages take part in the render cache: after each edit an incremental build equals a
/// clean one byte for byte.
#[test]
fn incremental_period_pages_equal_clean_builds() {
    let site = periods_site();
    let out = site.out();
    let clean_out = site.root().join("clean");
    let (out_arg, clean_arg) = (out.to_str().unwrap(), clean_out.to_str().unwrap());
    let compare = |what: &str| {
        let run = site.run(&["build", "--out", out_arg]);
        assert_eq!(run.status, 0, "after {what}:\n{}", run.stderr);
        let clean = site.run(&["build", "--clean", "--out", clean_arg]);
        assert_eq!(clean.status, 0, "{}", clean.stderr);
        assert_same_tree(&out, &clean_out, &format!("after {what}"));
    };
    let run = site.run(&["build", "--month", "2026-03", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    compare("adding April (a new quarter; the year to date moves on)");
    site.write("data/targets.yaml", "csi:\n  2026-Q1: {target: 84}\n");
    compare("adding period targets");
    site.write(
        "data/scorecards/2026-05.yaml",
        "month: 2026-05\nvalues:\n  a-01: {csi: {value: 91, n: 12}}\n",
    );
    compare("adding May (the quarter in progress moves on)");
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replace("aggregate: last", "aggregate: mean"),
    );
    compare("changing a rule");
}

/// The column heads of a month's outlets × KPIs table, as one string.
fn heads(page: &str) -> &str {
    let start = page.find("<thead>").unwrap();
    let end = page[start..].find("</thead>").unwrap() + start;
    &page[start..end]
}

#[test]
fn months_show_the_period_target_they_are_judged_against() {
    let site = periods_site();
    site.build();
    let trend_before = site.read("kpis/csi/trend.svg");
    // The catalogue says 90; 2026 says 80, and its first quarter 84.
    site.write(
        "data/targets.yaml",
        "csi:\n  2026: {target: 80, warn: 75}\n  2026-Q1: {target: 84}\n",
    );
    site.build();
    // The month matrix, the region page and the ranking show the quarter's target.
    let february = site.read("scorecards/2026-02/index.html");
    assert!(
        heads(&february).contains("目标 ≥ 84.0"),
        "{}",
        heads(&february)
    );
    assert!(!february.contains("≥ 90.0<"), "{february}");
    let region = site.read("scorecards/2026-02/regions/华北/index.html");
    assert!(heads(&region).contains("目标 ≥ 84.0"), "{}", heads(&region));
    let ranking = site.read("scorecards/2026-02/rank-csi.svg");
    assert!(ranking.contains("竖线为目标 84.0"), "{ranking}");
    // April is in the second quarter: the year's 80.
    let april = site.read("scorecards/2026-04/index.html");
    assert!(heads(&april).contains("目标 ≥ 80.0"), "{}", heads(&april));
    // The KPI page and the catalogue show the current month's (April's) target and warn line.
    let kpi = site.read("kpis/csi/index.html");
    let meta = &kpi[kpi.find("<dl class=\"meta\">").unwrap()..];
    let meta = &meta[..meta.find("</dl>").unwrap()];
    assert!(meta.contains("<dd>≥ 80.0</dd>"), "{meta}");
    assert!(meta.contains("<dd>75.0</dd>"), "{meta}");
    let catalogue = site.read("kpis/index.html");
    assert!(
        catalogue.contains("<td>≥ 80.0</td><td>75.0</td>"),
        "{catalogue}"
    );
    // The history table gives each month's target, since it changed.
    let history = &kpi[kpi.find("<table class=\"network-history\">").unwrap()..];
    let history = &history[..history.find("</table>").unwrap()];
    let row = |month: &str| {
        let start = history.find(&format!(">{month}</a>")).unwrap();
        &history[start..start + history[start..].find("</tr>").unwrap()]
    };
    assert!(
        row("2026-04").contains("<td class=\"num\">≥ 80.0</td>"),
        "{history}"
    );
    assert!(
        row("2026-01").contains("<td class=\"num\">≥ 84.0</td>"),
        "{history}"
    );
    // The network trend chart draws the targets of its months, not the catalogue's.
    assert_ne!(site.read("kpis/csi/trend.svg"), trend_before);
}

#[test]
fn a_history_without_target_changes_has_no_target_column() {
    let site = periods_site();
    site.build();
    let kpi = site.read("kpis/csi/index.html");
    let history = &kpi[kpi.find("<table class=\"network-history\">").unwrap()..];
    let history = &history[..history.find("</thead>").unwrap()];
    assert!(!history.contains("目标"), "{history}");
}

#[test]
fn the_digest_weighs_moves_by_the_months_amber_band() {
    let site = periods_site();
    let first_mover = |site: &Site| {
        let run = site.run(&["build", "--month", "2026-02"]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let digest = site.read("scorecards/2026-02/digest.md");
        let movers = &digest[digest.find("**变化最大**").unwrap()..];
        movers.lines().nth(1).unwrap().to_owned()
    };
    // CSI's 90 → 80 is two widths of the catalogue's band (90 − 85): the biggest move.
    assert!(first_mover(&site).contains("客户满意度"));
    // With 2026's band of 50 it is a fifth of one; headcount's 10 → 12 moves more.
    site.write(
        "data/targets.yaml",
        "csi:\n  2026: {target: 90, warn: 40}\n",
    );
    let mover = first_mover(&site);
    assert!(mover.contains("技师人数"), "{mover}");
}

#[test]
fn the_build_summary_counts_region_and_period_scorecards() {
    let site = periods_site();
    // Four months of two outlets: 4 network and 8 outlet pages; two regions in each month; the
    // first and second quarters and the year to date, each with its two outlets.
    let run = site.build();
    assert!(
        run.stderr
            .contains("29 scorecards (12 monthly, 8 regional, 9 for quarters and years)"),
        "{}",
        run.stderr
    );
    let run = site.run_default(&["build"]);
    assert!(
        run.stderr
            .contains("29 份记分卡（月度 12、区域 8、季度与年度 9）"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_period_outlet_page_ranks_the_outlet_in_the_network() {
    let site = periods_site();
    site.build();
    let page = text(&site, "scorecards/2026-Q1/a-01/index.html");
    assert!(
        page.contains("<th scope=\"col\" class=\"num\">全网排名</th>"),
        "{page}"
    );
    // CSI 82.5 against 乙店's 70: first of two; first-time fix 79.1 against 80: second.
    assert!(
        row(&page, "客户满意度").contains("<td class=\"num\">1 / 2</td>"),
        "{page}"
    );
    assert!(
        row(&page, "一次修复率").contains("<td class=\"num\">2 / 2</td>"),
        "{page}"
    );
    let other = text(&site, "scorecards/2026-Q1/b-01/index.html");
    assert!(
        row(&other, "客户满意度").contains("<td class=\"num\">2 / 2</td>"),
        "{other}"
    );
    // With `min_sample: 30`, 乙店's CSI on 20 answers is too few: not ranked, nor counted.
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replacen(
            "  aggregate: weighted\n",
            "  aggregate: weighted\n  min_sample: 30\n",
            1,
        ),
    );
    site.build();
    let other = text(&site, "scorecards/2026-Q1/b-01/index.html");
    assert!(
        row(&other, "客户满意度").contains("<td class=\"num\">—</td>"),
        "{other}"
    );
    let page = text(&site, "scorecards/2026-Q1/a-01/index.html");
    assert!(
        row(&page, "客户满意度").contains("<td class=\"num\">1 / 1</td>"),
        "{page}"
    );
}

#[test]
fn a_period_has_a_wide_csv_in_the_sites_language() {
    let site = periods_site();
    site.build();
    let page = site.read("scorecards/2026-Q1/index.html");
    assert!(page.contains("<a href=\"scorecard-wide.csv\">"), "{page}");
    let csv = site.read("scorecards/2026-Q1/scorecard-wide.csv");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{FEFF}门店编号,门店,区域,客户满意度,客户满意度 状态,维修工单数,维修工单数 状态,技师人数,技师人数 状态,一次修复率,一次修复率 状态,客户保持率,客户保持率 状态"
    );
    // Period values at the KPI's decimals, judged against the period's targets (orders: 200 a
    // month, two months).
    assert_eq!(
        lines[1],
        "a-01,甲店,华北,82.5,未达标,220,未达标,12,达标,79.1,未达标,70,达标"
    );
    assert_eq!(lines.len(), 4, "{csv}");
    // The year to date has one too.
    let ytd = site.read("scorecards/2026-YTD/scorecard-wide.csv");
    assert!(ytd.starts_with("\u{FEFF}门店编号,"), "{ytd}");
}
