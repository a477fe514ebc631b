//! Time and size of one outlet scorecard's 12-month trend chart (the chart a network build
//! draws most: one per outlet, month and KPI).
//!
//!   cargo run --release --example chart_timing [-- CHARTS]

use std::time::Instant;

use pitwall::data::month::Month;
use pitwall::render::charts::{self, Description, Embed, Trend};

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let end = Month::parse("2026-10").expect("month");
    let months: Vec<Month> = (0..12).rev().map(|i| end.plus(-i)).collect();
    // A realistic series: values around the target, one month missing, a network median.
    let values: Vec<Option<f64>> = (0..12)
        .map(|i| (i != 5).then(|| 86.0 + ((i * 7) % 9) as f64 * 0.9))
        .collect();
    let medians: Vec<Option<f64>> = (0..12).map(|i| Some(88.0 + (i % 4) as f64 * 0.5)).collect();
    let targets = vec![(90.0, 85.0); 12];
    let chart = |first: bool| {
        charts::trend(&Trend {
            id: "csi",
            title: "客户满意度 (CSI) 近 12 个月趋势",
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
    };
    for _ in 0..1_000 {
        std::hint::black_box(chart(false));
    }
    let started = Instant::now();
    let mut bytes = 0;
    for _ in 0..count {
        bytes += std::hint::black_box(chart(false)).len();
    }
    let elapsed = started.elapsed();
    println!(
        "{count} charts: {:.1} µs and {} bytes each (the page's first chart adds its {}-byte style)",
        elapsed.as_secs_f64() * 1e6 / count as f64,
        bytes / count,
        chart(true).len() - chart(false).len()
    );
}
