//! Snapshots (insta) of what readers and authors see: the `<main>` element of one page per
//! template and kind, and the diagnostics of the broken fixture in both output formats. A markup
//! or message change shows up as a reviewed diff (`cargo insta review`), not as a passing
//! `contains` check.

use super::fixture::{Site, fixture, run_in};

/// The `<main …>…</main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html[start..].find("</main>").expect("</main>") + start + "</main>".len();
    &html[start..end]
}

#[test]
fn the_main_element_of_each_template_and_kind() {
    let site = Site::new(&fixture("minimal"));
    site.build();
    for (name, page) in [
        ("home", "index.html"),
        ("section", "training/index.html"),
        ("syllabus", "training/01-role/index.html"),
        ("complaint_script", "complaints/delivery-delay/index.html"),
        ("compensation_rule", "compensation/goodwill/index.html"),
        ("tags", "tags/index.html"),
        ("tag", "tags/回访/index.html"),
        ("kpi_catalogue", "kpis/index.html"),
        ("kpi", "kpis/csi/index.html"),
        ("scorecard_index", "scorecards/index.html"),
        ("month", "scorecards/2026-10/index.html"),
        ("outlet", "scorecards/2026-10/bj-01/index.html"),
        ("period", "scorecards/2026-Q4/index.html"),
        ("period_outlet", "scorecards/2026-YTD/bj-01/index.html"),
        ("outlet_history", "scorecards/outlets/bj-01/index.html"),
        ("region", "scorecards/2026-10/regions/华北/index.html"),
        ("not_found", "404.html"),
    ] {
        insta::assert_snapshot!(format!("main_{name}"), main_of(&site.read(page)));
    }
}

#[test]
fn the_diagnostics_of_the_broken_fixture() {
    let site = Site::new(&fixture("broken"));
    let human = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(human.status, 1, "{}", human.stderr);
    insta::assert_snapshot!("broken_human_en", human.stderr);
    let chinese = run_in(site.root(), &["check"]);
    assert_eq!(chinese.status, 1, "{}", chinese.stderr);
    insta::assert_snapshot!("broken_human_zh", chinese.stderr);
    let json = run_in(site.root(), &["check", "--lang", "en", "--format", "json"]);
    assert_eq!(json.status, 1, "{}", json.stderr);
    insta::assert_snapshot!("broken_json", json.stdout);
}
