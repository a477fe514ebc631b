//! Peer groups (`tier:` in `data/outlets.yaml`), region pages, events on the KPI history table
//! and the KPI history export: the "scorecards as a dealer group reads them".

use super::fixture::{KPIS, Site, run_in};

/// Six outlets in three regions and two tiers (hz-01 has none); CSI needs 10 answers.
const OUTLETS: &str = "\
- id: bj-01
  name: 北京朝阳服务中心
  region: 华北
  city: 北京
  tier: A
- id: bj-02
  name: 北京亦庄服务中心
  region: 华北
  city: 北京
  tier: B
  opened: 2026-10
- id: tj-01
  name: 天津河西服务中心
  region: 华北
  city: 天津
  tier: A
  opened: 2026-10
- id: sh-01
  name: 上海浦东服务中心
  region: 华东
  city: 上海
  tier: A
- id: sh-02
  name: 上海闵行服务中心
  region: 华东
  city: 上海
  tier: B
  opened: 2026-10
- id: hz-01
  name: 杭州西湖服务中心
  region: 华东
  city: 杭州
  opened: 2026-10
- id: sz-01
  name: 深圳南山服务中心
  region: 华南
  city: 深圳
  tier: B
  opened: 2026-10
";

/// CSI (higher is better): sh-01 95, sz-01 92.5, bj-01 and tj-01 tie on 92, hz-01 90, bj-02
/// 88; sh-02's 99 is on 5 answers (`few`, not ranked). Repeat repairs (lower is better):
/// tj-01 2, bj-01 3, sh-01 and sh-02 tie on 4, hz-01 6; bj-02 and sz-01 have no data.
const OCTOBER: &str = "\
month: 2026-10
values:
  bj-01: {csi: 92.0, repeat_repair_rate: 3.0}
  bj-02: {csi: 88.0, repeat_repair_rate: null}
  tj-01: {csi: 92.0, repeat_repair_rate: 2.0}
  sh-01: {csi: 95.0, repeat_repair_rate: 4.0}
  sh-02: {csi: {value: 99.0, n: 5}, repeat_repair_rate: 4.0}
  hz-01: {csi: 90.0, repeat_repair_rate: 6.0}
  sz-01: {csi: 92.5, repeat_repair_rate: null}
";

fn site() -> Site {
    let site = Site::minimal();
    site.write("data/outlets.yaml", OUTLETS);
    site.write(
        "data/kpis.yaml",
        &KPIS.replace("  warn: 85\n", "  warn: 85\n  min_sample: 10\n"),
    );
    site.write("data/scorecards/2026-10.yaml", OCTOBER);
    site
}

/// The text of the KPI card `kpi` on an outlet scorecard.
fn card<'a>(page: &'a str, kpi: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"{kpi}\""))
        .unwrap_or_else(|| panic!("no card {kpi}: {page}"));
    let card = &page[start..];
    &card[..card.find("</article>").unwrap()]
}

/// The rank line of a card: "3 / 6 全网 · 2 / 3 同级".
fn rank_line(card: &str) -> &str {
    let start = card
        .find("class=\"ranks\"")
        .unwrap_or_else(|| panic!("{card}"));
    let line = &card[start + "class=\"ranks\">".len()..];
    &line[..line.find("</dd>").unwrap()]
}

#[test]
fn outlet_cards_rank_in_the_network_and_in_the_peer_group_with_ties() {
    let site = site();
    site.build();
    let page = |o: &str| site.read(&format!("scorecards/2026-10/{o}/index.html"));
    let bj = page("bj-01");
    // Tied with tj-01 on 92 in the network (3rd of 6 ranked) and in tier A (2nd of 3).
    assert_eq!(rank_line(card(&bj, "csi")), "3 / 6 全网 · 2 / 3 同级");
    assert_eq!(
        rank_line(card(&page("tj-01"), "csi")),
        "3 / 6 全网 · 2 / 3 同级"
    );
    assert_eq!(
        rank_line(card(&page("sh-01"), "csi")),
        "1 / 6 全网 · 1 / 3 同级"
    );
    // Tier B: sh-02's value on too few answers is left out, so bj-02 is 2nd of 2.
    assert_eq!(
        rank_line(card(&page("bj-02"), "csi")),
        "6 / 6 全网 · 2 / 2 同级"
    );
    assert_eq!(rank_line(card(&page("sh-02"), "csi")), "— 全网 · — 同级");
    // Lower is better; the missing value is not ranked and not counted.
    assert_eq!(
        rank_line(card(&page("sh-02"), "repeat_repair_rate")),
        "3 / 5 全网 · 1 / 1 同级"
    );
    assert_eq!(
        rank_line(card(&page("bj-02"), "repeat_repair_rate")),
        "— 全网 · — 同级"
    );
    // An outlet without a tier has no peer rank.
    assert_eq!(rank_line(card(&page("hz-01"), "csi")), "5 / 6 全网");
    // The card names the peer group and links to the outlet's region page.
    assert!(bj.contains("同级组 A"), "{bj}");
    assert!(
        bj.contains("href=\"../regions/华北/\"") || bj.contains("scorecards/2026-10/regions/华北/"),
        "{bj}"
    );
    // The trend chart shows the peer group's median and the network's top quartile, with a
    // legend entry and rows in the data table.
    assert!(bj.contains("同级中位数"), "{bj}");
    assert!(bj.contains("全网前 25%"), "{bj}");
    let svg = card(&bj, "csi");
    let svg = &svg[svg.find("<svg").unwrap()..svg.find("</svg>").unwrap()];
    assert!(svg.contains("class=\"peer\""), "{svg}");
    assert!(svg.contains("class=\"top\""), "{svg}");
    let table = &bj[bj.find("<section class=\"trend-data\"").unwrap()..];
    // Tier A's CSI median in October is 92, the network's top quartile (q3 of 6 values) 92.375.
    assert!(
        table.contains("<th scope=\"row\">同级中位数</th>"),
        "{table}"
    );
    assert!(table.contains("<td>92.4"), "{table}");
}

#[test]
fn region_pages_show_their_outlets_roll_up_and_rank_among_regions() {
    let site = site();
    site.build();
    let north = site.read("scorecards/2026-10/regions/华北/index.html");
    let table = &north[north.find("<table").unwrap()..north.find("</table>").unwrap()];
    assert!(table.contains("<caption"), "{table}");
    assert!(table.contains("<th scope=\"row\""), "{table}");
    for outlet in ["北京朝阳服务中心", "北京亦庄服务中心", "天津河西服务中心"]
    {
        assert!(table.contains(outlet), "{outlet}: {table}");
    }
    assert!(!table.contains("上海浦东服务中心"), "{table}");
    // The roll-up is the median of the region's ranked values: CSI 92, 88, 92 → 92;
    // repeat repairs 3, 2 (bj-02 has no data) → 2.5.
    let rollup = &table[table.find("class=\"rollup\"").unwrap()..];
    let rollup = &rollup[..rollup.find("</tr>").unwrap_or(rollup.len())];
    assert!(
        rollup.contains("<td class=\"num\">92.0</td><td class=\"num\">2.5</td>"),
        "{rollup}"
    );
    // Among regions: CSI medians 华东 92.5 (95, 90; sh-02 too few), 华南 92.5, 华北 92 → 华北
    // 3rd of 3; repeat repairs 华北 2.5, 华东 4, 华南 none → 1st of 2.
    let ranks = &table[table.find("class=\"region-rank\"").unwrap()..];
    assert!(ranks.contains("3 / 3"), "{ranks}");
    assert!(ranks.contains("1 / 2"), "{ranks}");
    let east = site.read("scorecards/2026-10/regions/华东/index.html");
    let ranks = &east[east.find("class=\"region-rank\"").unwrap()..];
    // Ties share a rank: 华东 and 华南 are both 1st on CSI.
    assert!(ranks.contains("1 / 3"), "{ranks}");
    let south = site.read("scorecards/2026-10/regions/华南/index.html");
    let ranks = &south[south.find("class=\"region-rank\"").unwrap()..];
    assert!(ranks.contains("1 / 3"), "{ranks}");
    assert!(ranks.contains("—"), "no repeat repair figure: {ranks}");

    // The month page lists the regions, linked.
    let month = site.read("scorecards/2026-10/index.html");
    let regions = &month[month.find("class=\"regions\"").unwrap()..];
    let regions = &regions[..regions.find("</section>").unwrap()];
    for r in ["华北", "华东", "华南"] {
        assert!(
            regions.contains(&format!("href=\"regions/{r}/\""))
                || regions.contains(&format!("scorecards/2026-10/regions/{r}/")),
            "{r}: {regions}"
        );
    }
    // Months before the region's outlets opened: 2025-10 has bj-01 and sh-01 only.
    assert!(
        site.out()
            .join("scorecards/2025-10/regions/华北/index.html")
            .exists()
    );
    assert!(
        !site
            .out()
            .join("scorecards/2025-10/regions/华南/index.html")
            .exists(),
        "a region with no open outlet that month has no page"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("scorecards/2026-10/regions/"), "{sitemap}");
}

#[test]
fn a_region_that_makes_no_url_or_the_same_url_as_another_is_an_error_at_its_line() {
    let site = Site::minimal();
    site.write(
        "data/outlets.yaml",
        "- id: bj-01\n  name: 北京\n  region: ../..\n  city: 北京\n- id: sh-01\n  name: 上海\n  region: East\n  city: 上海\n- id: sz-02\n  name: 深圳\n  region: east\n  city: 深圳\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("data/outlets.yaml:3:11: error"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("data/outlets.yaml:11:11: error"),
        "{}",
        run.stderr
    );
    assert!(!site.out().join("scorecards").exists());
}

#[test]
fn the_kpi_history_table_lists_each_months_events() {
    let site = site();
    site.write(
        "data/events.yaml",
        "- date: 2026-09-05\n  outlet: sh-01\n  text: 切换新 DMS 系统\n- month: 2026-10\n  region: 华北\n  text: 华北区新任区域经理到岗\n",
    );
    site.build();
    // The region page lists the events of the region, its outlets and the network.
    let north = site.read("scorecards/2026-10/regions/华北/index.html");
    let events = &north[north.find("class=\"events\"").unwrap()..];
    let events = &events[..events.find("</section>").unwrap()];
    assert!(events.contains("华北区新任区域经理到岗"), "{events}");
    let east = site.read("scorecards/2026-09/regions/华东/index.html");
    assert!(east.contains("切换新 DMS 系统"), "{east}");
    assert!(!north.contains("切换新 DMS 系统"), "{north}");
    // The month page links a region's event to the region's page.
    let month = site.read("scorecards/2026-10/index.html");
    assert!(
        month.contains("scorecards/2026-10/regions/华北/\">华北</a>"),
        "{month}"
    );
    let kpi = site.read("kpis/csi/index.html");
    let history = &kpi[kpi.find("class=\"network-history\"").unwrap()..];
    let history = &history[..history.find("</table>").unwrap()];
    let october = &history[history.find(">2026-10<").unwrap()..];
    let october = &october[..october.find("</tr>").unwrap_or(october.len())];
    assert!(october.contains("华北区新任区域经理到岗"), "{october}");
    assert!(october.contains("华北"), "{october}");
    let september = &history[history.find(">2026-09<").unwrap()..];
    assert!(september.contains("切换新 DMS 系统"), "{september}");
    assert!(september.contains("上海浦东服务中心"), "{september}");
}

#[test]
fn the_kpi_history_export_has_a_row_per_outlet_and_a_column_per_month() {
    let site = site();
    site.build();
    let csv = site.read("kpis/csi/history.csv");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{FEFF}门店编号,门店,区域,同级组,2025-10,2026-09,2026-10"
    );
    assert_eq!(lines[1], "bj-01,北京朝阳服务中心,华北,A,88,90.5,92");
    // Not yet open: empty; a value on too few answers is still the value.
    assert_eq!(lines[5], "sh-02,上海闵行服务中心,华东,B,,,99");
    assert_eq!(lines[6], "hz-01,杭州西湖服务中心,华东,,,,90");
    assert_eq!(lines.len(), 9, "{csv}");
    let kpi = site.read("kpis/csi/index.html");
    assert!(kpi.contains("href=\"history.csv\""), "{kpi}");
}

#[test]
fn region_pages_build_from_the_site_folder_with_relative_paths() {
    let site = site();
    let run = run_in(site.root(), &["build", "--out", "site-out"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        site.root()
            .join("site-out/scorecards/2026-10/regions/华南/index.html")
            .exists()
    );
    assert!(site.root().join("site-out/kpis/csi/history.csv").exists());
}
