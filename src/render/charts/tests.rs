use std::sync::atomic::{AtomicBool, Ordering};

use super::svg::REWRITES;
use super::*;

/// Which of [`REWRITES`] have matched plotters' markup in this test run.
pub(super) static FIRED: [AtomicBool; 16] = [const { AtomicBool::new(false) }; 16];

fn months(n: i32) -> Vec<Month> {
    let first = Month::parse("2025-11").unwrap();
    (0..n).map(|i| first.plus(i)).collect()
}

/// An outlet's inline trend: values with a gap, per-month targets, the network median.
fn outlet_trend(first: bool) -> String {
    let months = months(12);
    let values: Vec<Option<f64>> = (0..12)
        .map(|i| (i != 4).then_some(80.0 + f64::from(i)))
        .collect();
    let medians: Vec<Option<f64>> = (0..12).map(|i| Some(85.0 + f64::from(i % 3))).collect();
    let targets = vec![(90.0, 85.0); 12];
    trend(&Trend {
        id: "csi",
        title: "客户满意度 <CSI>",
        desc: Description::Elsewhere("trend-legend"),
        embed: Embed::Inline { first },
        months: &months,
        values: &values,
        targets: &targets,
        median: Some(&medians),
        band: None,
        decimals: 1,
        events: &[],
        references: &[],
    })
}

/// A KPI's network trend file: medians and the inter-quartile band.
fn network_trend() -> String {
    let months = months(13);
    let medians: Vec<Option<f64>> = (0..13).map(|i| Some(3.0 + f64::from(i) / 10.0)).collect();
    let band: Vec<Option<(f64, f64)>> = (0..13)
        .map(|i| (i != 6).then_some((2.5, 4.0 + f64::from(i) / 20.0)))
        .collect();
    let targets = vec![(2.0, 3.0); 13];
    trend(&Trend {
        id: "chart",
        title: "返修率",
        desc: Description::Text("网络中位数 & 四分位"),
        embed: Embed::File,
        months: &months,
        values: &medians,
        targets: &targets,
        median: None,
        band: Some(&band),
        decimals: 1,
        events: &[],
        references: &[],
    })
}

/// A ranking with every status, a value below zero's axis break and a missing value.
fn ranking_all_statuses() -> String {
    let rows = [
        ("甲店".to_owned(), Some(96.2), Status::Green),
        ("乙店".to_owned(), Some(91.0), Status::Amber),
        ("丙店".to_owned(), Some(84.5), Status::Red),
        ("丁店".to_owned(), None, Status::Missing),
    ];
    ranking(&Ranking {
        id: "chart",
        title: "2026-10 · 客户满意度",
        desc: Description::Text("目标 ≥ 95"),
        rows: &rows,
        target: 95.0,
        decimals: 1,
        no_data: "—",
    })
}

#[test]
fn every_rewrite_fires_on_the_pinned_plotters() {
    // Every kind of chart the other tests draw too (`FIRED` is shared by the whole test
    // process), the truncated axis's break mark included, so the result does not depend
    // on which tests ran first; a value on too few answers draws the grey bar.
    let close = [
        ("甲".to_owned(), Some(96.2), Status::Green),
        ("乙".to_owned(), Some(100.0), Status::Green),
        ("丙".to_owned(), Some(97.0), Status::Few),
    ];
    let _ = (
        outlet_trend(true),
        outlet_trend(false),
        network_trend(),
        ranking_all_statuses(),
        ranking(&Ranking {
            id: "r",
            title: "t",
            desc: Description::Text("d"),
            rows: &close,
            target: 95.0,
            decimals: 1,
            no_data: "—",
        }),
    );
    let missed: Vec<&str> = REWRITES
        .iter()
        .zip(&FIRED)
        .filter(|(_, fired)| !fired.load(Ordering::Relaxed))
        .map(|((from, _), _)| from.as_str())
        .collect();
    assert!(
        missed.is_empty(),
        "plotters' markup changed, these rewrites no longer match: {missed:?}; update \
         REWRITES and STYLE"
    );
}

#[test]
fn chart_snapshots() {
    insta::assert_snapshot!("outlet_trend_first", outlet_trend(true));
    insta::assert_snapshot!("outlet_trend_later", outlet_trend(false));
    insta::assert_snapshot!("network_trend", network_trend());
    insta::assert_snapshot!("ranking", ranking_all_statuses());
}

#[test]
fn steps_are_round_and_print_exactly() {
    assert_eq!(nice_step(2.8), 5.0);
    assert_eq!(nice_step(0.9), 1.0);
    assert_eq!(nice_step(23.0), 25.0);
    assert_eq!(nice_step(0.0), 1.0);
    assert_eq!(tick_decimals(5.0), 0);
    assert_eq!(tick_decimals(0.5), 1);
    assert_eq!(tick_decimals(0.25), 2);
}

fn labels(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| t.split('>').nth(1)?.split('<').next().map(str::to_owned))
        .collect()
}

#[test]
fn close_values_get_round_ticks_and_a_break_mark() {
    let rows = [
        ("甲".to_owned(), Some(96.2), Status::Green),
        ("乙".to_owned(), Some(100.0), Status::Green),
    ];
    let svg = ranking(&Ranking {
        id: "r",
        title: "t",
        desc: Description::Text("d"),
        rows: &rows,
        target: 95.0,
        decimals: 1,
        no_data: "—",
    });
    let text = labels(&svg);
    // The axis starts at a round value below the smallest bar, with round values after it.
    assert!(text.iter().any(|l| l == "94"), "{text:?}");
    assert!(text.iter().any(|l| l == "100"), "{text:?}");
    assert!(svg.contains("#DDDDDD"), "grid lines");
    assert!(
        svg.contains(r#"class="a""#),
        "the break mark of a truncated axis"
    );

    // From zero: no break mark.
    let rows = [("甲".to_owned(), Some(3.0), Status::Green)];
    let svg = ranking(&Ranking {
        id: "r",
        title: "t",
        desc: Description::Text("d"),
        rows: &rows,
        target: 1.0,
        decimals: 0,
        no_data: "—",
    });
    assert!(labels(&svg).iter().any(|l| l == "0"), "{:?}", labels(&svg));
    assert!(!svg.contains(r#"class="a""#), "{svg}");
}
