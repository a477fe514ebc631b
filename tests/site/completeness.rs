//! Completeness: how many outlet × KPI cells of a month have data, and a visible note on a
//! month, or an outlet in a month, below the site's `completeness` threshold.

use super::fixture::Site;

#[test]
fn month_and_outlet_below_the_threshold_carry_a_note() {
    // 2026-10: sh-01's repeat_repair_rate is null, so 5 of 6 cells have data (83 %).
    let site = Site::minimal();
    site.build();
    let month = site.read("scorecards/2026-10/index.html");
    assert!(
        month.contains("数据完整度：5 / 6 个门店 × KPI 单元格有数据（83%）"),
        "{month}"
    );
    assert!(month.contains("class=\"completeness-note\""), "{month}");
    assert!(month.contains("低于 90%"), "{month}");
    // sh-01 (1 of 2) is marked in the matrix; bj-01 (2 of 2) is not.
    let row = |id: &str| {
        let start = month.find(&format!("/{id}/\">")).unwrap();
        month[start..start + month[start..].find("</th>").unwrap()].to_owned()
    };
    assert!(row("sh-01").contains("数据不完整"), "{}", row("sh-01"));
    assert!(!row("bj-01").contains("数据不完整"), "{}", row("bj-01"));
    let outlet = site.read("scorecards/2026-10/sh-01/index.html");
    assert!(
        outlet.contains("本店本月数据不完整：2 项 KPI 中有 1 项有数据。"),
        "{outlet}"
    );
    let full = site.read("scorecards/2026-10/bj-01/index.html");
    assert!(!full.contains("数据不完整"), "{full}");
    // A complete month has the count and no note.
    let september = site.read("scorecards/2026-09/index.html");
    assert!(september.contains("4 / 4"), "{september}");
    assert!(!september.contains("completeness-note"), "{september}");
}

#[test]
fn the_threshold_is_set_in_site_yaml() {
    let site = Site::minimal();
    site.write("site.yaml", "title: 售后\ncompleteness: 80\n");
    site.build();
    let month = site.read("scorecards/2026-10/index.html");
    assert!(month.contains("（83%）"), "{month}");
    assert!(!month.contains("completeness-note"), "{month}");
    let outlet = site.read("scorecards/2026-10/sh-01/index.html");
    assert!(outlet.contains("本店本月数据不完整"), "{outlet}");
}

#[test]
fn a_threshold_outside_0_to_100_is_an_error_at_its_line() {
    let site = Site::minimal();
    site.write("site.yaml", "title: 售后\ncompleteness: 120\n");
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "site.yaml:2:15: error: `completeness` is a percentage from 0 to 100, not 120"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn completeness_in_english() {
    let site = Site::minimal();
    site.write("site.yaml", "title: Service\nlanguage: en\n");
    site.build();
    let month = site.read("scorecards/2026-10/index.html");
    assert!(
        month.contains("Data completeness: 5 of 6 outlet × KPI cells have data (83%)"),
        "{month}"
    );
    let outlet = site.read("scorecards/2026-10/sh-01/index.html");
    assert!(
        outlet.contains("Incomplete this month: 1 of 2 KPIs have data."),
        "{outlet}"
    );
}
