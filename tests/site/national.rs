//! National scale (issue 30): a month's network scorecard stays light however many outlets the
//! network has. Past `MATRIX_OUTLETS` (60) open outlets its table has a row a region (each
//! linked to the region's page, which lists its outlets) and each KPI's ranking table the first
//! and last five; a smaller network's page lists every outlet as before.

use super::fixture::{Site, assert_same_tree, tree};

/// A network of `n` outlets in two regions, one KPI, the `months` months up to 2026-10.
fn network_of(n: usize, months: i32) -> Site {
    let mut outlets = String::new();
    for i in 0..n {
        let region = if i % 2 == 0 { "华北" } else { "华东" };
        outlets.push_str(&format!(
            "- id: o-{i:03}\n  name: 门店{i:03}\n  region: {region}\n  city: 城市{i}\n"
        ));
    }
    let site = Site::new(&[
        ("content/_index.md", "---\ntitle: 首页\n---\n"),
        (
            "data/kpis.yaml",
            "- id: csi\n  name: 客户满意度 (CSI)\n  group: customer\n  unit: score\n  direction: higher\n  target: 90\n  warn: 85\n",
        ),
        ("data/outlets.yaml", &outlets),
    ]);
    for back in 0..months {
        let m = 2026 * 12 + 9 - back;
        let (year, month) = (m / 12, m % 12 + 1);
        let mut values = format!("month: {year}-{month:02}\nvalues:\n");
        for i in 0..n {
            let v = 80.0 + ((i as i32 + back) % 20) as f64;
            values.push_str(&format!("  o-{i:03}: {{csi: {v}}}\n"));
        }
        site.write(&format!("data/scorecards/{year}-{month:02}.yaml"), &values);
    }
    site
}

/// The same network in one month, 2026-10.
fn network(n: usize) -> Site {
    network_of(n, 1)
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

/// A large network's outlet scorecards more than a year before the current month leave out
/// their trend charts and say which scorecard shows those months; a month close that makes a
/// month old renders its pages again, and equals a clean build.
#[test]
fn a_large_networks_older_outlet_scorecards_carry_no_charts() {
    let site = network_of(62, 14);
    let out = site.out();
    let out_arg = out.to_str().unwrap();
    let run = site.run(&["build", "--month", "2026-09", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = |month: &str| {
        std::fs::read_to_string(out.join(format!("scorecards/{month}/o-001/index.html"))).unwrap()
    };
    assert!(
        !page("2025-09").contains("<svg"),
        "a year before 2026-09: no charts"
    );
    assert!(page("2025-10").contains("<svg"), "within the year: charts");
    let before = tree(&out);
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let old = page("2025-10");
    assert!(
        !old.contains("<svg") && !old.contains("trend-data"),
        "{old}"
    );
    assert!(
        old.contains("<table class=\"compact-kpis\">") && old.contains("<tr id=\"csi\">"),
        "its KPIs are one table, each row the KPI's anchor: {old}"
    );
    assert!(
        !page("2025-11").contains("compact-kpis"),
        "a recent month keeps its cards"
    );
    assert!(
        old.contains("<a href=\"../../../scorecards/2026-09/o-001/\">"),
        "it links to the scorecard whose twelve months hold it: {old}"
    );
    assert!(page("2025-11").contains("<svg"));
    let changed: Vec<String> = tree(&out)
        .into_iter()
        .filter(|(p, b)| before.get(p) != Some(b))
        .map(|(p, _)| p)
        .filter(|p| p.starts_with("scorecards/2025-10/o-"))
        .collect();
    assert_eq!(changed.len(), 62, "the month that became old: {changed:?}");
    let clean = site.root().join("clean");
    let run = site.run(&["build", "--clean", "--out", clean.to_str().unwrap()]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_same_tree(&out, &clean, "after the month close");
    // A small network keeps every month's charts.
    let small = network_of(10, 14);
    small.build();
    assert!(
        small
            .read("scorecards/2025-09/o-001/index.html")
            .contains("<svg")
    );
}
