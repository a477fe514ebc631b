//! National scale (issue 30): a month's network scorecard stays light however many outlets the
//! network has. Past `MATRIX_OUTLETS` (60) open outlets its table has a row a region (each
//! linked to the region's page, which lists its outlets) and each KPI's ranking table the first
//! and last five; a smaller network's page lists every outlet as before.

use super::fixture::Site;

/// A network of `n` outlets in two regions, one KPI, one month.
fn network(n: usize) -> Site {
    let mut outlets = String::new();
    let mut values = String::from("month: 2026-10\nvalues:\n");
    for i in 0..n {
        let region = if i % 2 == 0 { "华北" } else { "华东" };
        outlets.push_str(&format!(
            "- id: o-{i:03}\n  name: 门店{i:03}\n  region: {region}\n  city: 城市{i}\n"
        ));
        values.push_str(&format!(
            "  o-{i:03}: {{csi: {}}}\n",
            80.0 + (i % 20) as f64
        ));
    }
    Site::new(&[
        ("content/_index.md", "---\ntitle: 首页\n---\n"),
        (
            "data/kpis.yaml",
            "- id: csi\n  name: 客户满意度 (CSI)\n  group: customer\n  unit: score\n  direction: higher\n  target: 90\n  warn: 85\n",
        ),
        ("data/outlets.yaml", &outlets),
        ("data/scorecards/2026-10.yaml", &values),
    ])
}

#[test]
fn a_large_networks_month_page_has_a_row_a_region_and_the_ends_of_each_ranking() {
    let site = network(120);
    site.build();
    let page = site.read("scorecards/2026-10/index.html");
    assert!(
        !page.contains("门店007"),
        "no outlet row in the network's table"
    );
    for region in ["华北", "华东"] {
        let link = format!("<a href=\"../../scorecards/2026-10/regions/{region}/\">{region}</a>");
        assert!(page.contains(&link), "{region} linked: {page}");
        let region_page = site.read(&format!("scorecards/2026-10/regions/{region}/index.html"));
        assert!(
            region_page.matches("<tr><th scope=\"row\"").count() == 60,
            "the region's page lists its 60 outlets"
        );
    }
    assert!(
        page.contains("本月共 120 家门店"),
        "the page says where the rest is"
    );
    let ranking = &page[page.find("ranking-rows").unwrap()..];
    let ranking = &ranking[..ranking.find("</tbody>").unwrap()];
    assert_eq!(ranking.matches("<tr>").count(), 10, "{ranking}");
    assert!(ranking.contains("中间还有 110 家门店"), "{ranking}");
    assert!(
        page.len() < 40_000,
        "the page stays light: {} bytes",
        page.len()
    );
    // The full ranking is still in the chart and the CSV.
    let chart = site.read("scorecards/2026-10/rank-csi.svg");
    assert!(chart.contains("门店007"));
    assert!(
        site.read("scorecards/2026-10/scorecard.csv")
            .contains("o-007")
    );
}

#[test]
fn a_network_of_sixty_outlets_is_listed_whole() {
    let site = network(60);
    site.build();
    let page = site.read("scorecards/2026-10/index.html");
    for i in [0, 7, 59] {
        assert!(page.contains(&format!("门店{i:03}")), "outlet {i} listed");
    }
    assert!(!page.contains("中间还有"));
}
