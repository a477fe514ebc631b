//! National scale (issue 30): a month's network scorecard stays light however many outlets the
//! network has. Past `MATRIX_OUTLETS` (60) open outlets its table has a row a region (each
//! linked to the region's page, which lists its outlets) and each KPI's ranking table the first
//! and last five; a smaller network's page lists every outlet as before. Its outlet scorecards
//! older than three months redirect to the outlet's history page.

use super::fixture::{Site, tree};

/// A network of `n` outlets in two regions, one KPI, the `months` months up to 2026-10.
fn network_of(n: usize, months: i32) -> Site {
    network_closing(n, months, None)
}

/// The same, with outlet `closing` (if any) closed after 2026-05.
fn network_closing(n: usize, months: i32, closing: Option<usize>) -> Site {
    let mut outlets = String::new();
    for i in 0..n {
        let region = if i % 2 == 0 { "华北" } else { "华东" };
        // One name with markup in it, which every page must show as text.
        let name = if i == 1 {
            "'门店 A&B <001>'".to_owned()
        } else {
            format!("门店{i:03}")
        };
        outlets.push_str(&format!(
            "- id: o-{i:03}\n  name: {name}\n  region: {region}\n  city: 城市{i}\n"
        ));
        if closing == Some(i) {
            outlets.push_str("  closed: 2026-05\n");
        }
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
            if closing == Some(i) && (year, month) > (2026, 5) {
                continue;
            }
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

/// Where a redirect page sends its reader (relative to the output folder) and the anchor, if
/// any; `None` when `page` is not a redirect.
fn redirect_target(path: &str, page: &str) -> Option<(String, Option<String>)> {
    let at = page.find("http-equiv=\"refresh\" content=\"0; url=")?;
    let rest = &page[at + "http-equiv=\"refresh\" content=\"0; url=".len()..];
    let target = &rest[..rest.find('"')?];
    let (target, anchor) = match target.split_once('#') {
        Some((t, a)) => (t, Some(a.to_owned())),
        None => (target, None),
    };
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "" | "." => {}
            p => parts.push(p),
        }
    }
    let mut file = parts.join("/");
    file.push_str("/index.html");
    Some((file, anchor))
}

/// A large network's outlet scorecards from before the last three months redirect to the
/// month on the outlet's history page (period scorecards to the year); every address a build
/// wrote before still leads to a page that holds the anchor it names; a month close that makes
/// a month old renders its pages again, and equals a clean build.
#[test]
fn a_large_networks_older_scorecards_redirect_to_the_outlets_history() {
    let site = network_closing(63, 14, Some(62));
    let out = site.out();
    let out_arg = out.to_str().unwrap();
    let run = site.run(&["build", "--month", "2026-09", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let read = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let page = |month: &str| read(&format!("scorecards/{month}/o-001/index.html"));
    assert!(
        page("2026-07").contains("<svg"),
        "three months: whole pages"
    );
    let old = page("2026-06");
    assert!(
        old.contains("url=../../../scorecards/outlets/o-001/#2026-06\"") && old.len() < 600,
        "an older month is a small redirect to its month on the history page: {old}"
    );
    let history = read("scorecards/outlets/o-001/index.html");
    assert!(
        history.contains("门店 A&amp;B &lt;001&gt;") && !history.contains("A&B <001>"),
        "the name is text"
    );
    assert!(old.contains("门店 A&amp;B &lt;001&gt;") && !old.contains("A&B <001>"));
    assert!(
        history.contains("<th scope=\"col\" id=\"2026-06\">6 月</th>"),
        "{history}"
    );
    assert!(
        history.contains("<a href=\"../../../scorecards/2026-07/o-001/\">7 月</a>"),
        "whole months are linked from the history: {history}"
    );
    assert!(history.contains("<h2 id=\"2025\">2025</h2>"), "{history}");
    assert!(
        page("2026-09").contains("href=\"../../../scorecards/outlets/o-001/\""),
        "the scorecard links the history"
    );
    let period = read("scorecards/2025-Q4/o-001/index.html");
    assert!(
        period.contains("url=../../../scorecards/outlets/o-001/#2025\""),
        "{period}"
    );
    let network_period = read("scorecards/2025-Q4/index.html");
    assert!(
        network_period.contains("本期共 63 家门店") && !network_period.contains("门店007"),
        "a large network's period page has its regions, not every outlet"
    );
    let sitemap = read("sitemap.xml");
    assert!(sitemap.contains("scorecards/outlets/o-001/"));
    assert!(sitemap.contains("scorecards/2026-07/o-001/"));
    assert!(
        !sitemap.contains("scorecards/2026-06/o-001/"),
        "no redirect in the sitemap"
    );
    let before = tree(&out);
    let run = site.run(&["build", "--out", out_arg]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        page("2026-07").contains("url=../../../scorecards/outlets/o-001/#2026-07\""),
        "the month close made 2026-07 old"
    );
    let changed: Vec<String> = tree(&out)
        .into_iter()
        .filter(|(p, b)| before.get(p) != Some(b))
        .map(|(p, _)| p)
        .filter(|p| p.starts_with("scorecards/2026-07/o-"))
        .collect();
    assert_eq!(changed.len(), 62, "the month that became old: {changed:?}");
    // An outlet closed long ago: its history's latest month is on the history itself.
    let closed = read("scorecards/outlets/o-062/index.html");
    assert!(
        closed.contains("<a href=\"../../../scorecards/outlets/o-062/#2026-05\">2026-05</a>"),
        "{closed}"
    );
    // Every address of both builds leads to a page holding the anchor it names.
    let after = tree(&out);
    let mut redirects = 0;
    for path in before.keys().chain(after.keys()) {
        let Some(bytes) = after.get(path) else {
            panic!("{path} was written by the build before and is gone");
        };
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        if let Some((target, anchor)) = redirect_target(path, text) {
            redirects += 1;
            let Some(target_page) = after.get(&target) else {
                panic!("{path} redirects to {target}, which is not there");
            };
            if let Some(anchor) = anchor {
                let target_page = String::from_utf8_lossy(target_page);
                assert!(
                    target_page.contains(&format!("id=\"{anchor}\"")),
                    "{path} names #{anchor}, which {target} does not hold"
                );
            }
        }
    }
    // Months 2025-09 … 2026-06 before (10 × 62) and … 2026-07 after (11 × 62), the periods
    // before 2026-Q3 in both (2025-Q3, 2025-Q4, 2025-YTD, 2026-Q1, 2026-Q2: 5 × 62 × 2), and
    // the latest redirect, counted in both builds.
    assert!(
        redirects >= (10 + 11 + 10) * 62,
        "{redirects} redirects checked"
    );
    site.assert_same_as_clean_build("after the month close");
    // A small network keeps every month's whole scorecards, and has history pages too.
    let small = network_of(10, 14);
    small.build();
    assert!(
        small
            .read("scorecards/2025-09/o-001/index.html")
            .contains("<svg")
    );
    assert!(
        small
            .read("scorecards/outlets/o-001/index.html")
            .contains("<a href=\"../../../scorecards/2025-09/o-001/\">9 月</a>")
    );
}
