//! The scorecards' SVG chart files: a month's ranking per KPI, a KPI's network trend and
//! distribution.

use super::views::events_desc;
use super::views::ranking_rows;
use crate::data::events::{Event, Scope};
use crate::data::month::Month;
use crate::i18n::{self, fill};
use crate::model::Site;
use crate::model::scorecards::{MonthCard, Status};
use crate::output::OutputFile;
use crate::render::charts::{self, Description, Embed, Ranking, Trend};
use crate::urls;

pub(super) fn month_charts(site: &Site, month: &MonthCard) -> Vec<OutputFile> {
    let language = site.config.language;
    let t = i18n::table(language);
    site.catalogue
        .kpis
        .iter()
        .enumerate()
        .map(|(k, kpi)| {
            let title = fill(
                t["ranking_chart_title"],
                &[("month", &month.month), ("kpi", &kpi.name)],
            );
            let desc = fill(
                t["ranking_chart_desc"],
                &[
                    ("kpi", &kpi.name),
                    ("target", &kpi.format(month.bases[k].0, language)),
                ],
            );
            let path = urls::ranking_chart(month.month, &kpi.id);
            ranking_file(site, month, k, (&title, &desc), path)
        })
        .collect()
}

pub(super) fn kpi_charts(site: &Site, k: usize) -> Vec<OutputFile> {
    let t = i18n::table(site.config.language);
    let kpi = &site.catalogue.kpis[k];
    let mut out = Vec::new();
    let months = &site.scorecards.months;
    if let (Some(first), Some(last)) = (months.first(), months.last()) {
        let span: Vec<Month> = (0..=first.month.until(last.month))
            .map(|i| first.month.plus(i))
            .collect();
        let (medians, band) = network_series(site, k, &span);
        let targets: Vec<(f64, f64)> = span
            .iter()
            .map(|&m| site.scorecards.base(k, kpi, m))
            .collect();
        let title = fill(t["network_trend_title"], &[("kpi", &kpi.name)]);
        let mut desc = fill(
            t["network_trend_desc"],
            &[("from", &first.month), ("to", &last.month)],
        );
        // The network's own events (a region's or an outlet's are on their outlets' charts).
        let network: Vec<&Event> = site
            .events
            .events
            .iter()
            .filter(|e| {
                e.scope == Scope::Network && e.month >= first.month && e.month <= last.month
            })
            .collect();
        let events: Vec<usize> = network
            .iter()
            .map(|e| first.month.until(e.month) as usize)
            .collect();
        if !network.is_empty() {
            desc.push(' ');
            desc.push_str(&events_desc(&network, t));
        }
        let svg = charts::trend(&Trend {
            id: "chart",
            title: &title,
            desc: Description::Text(&desc),
            embed: Embed::File,
            months: &span,
            values: &medians,
            targets: &targets,
            median: None,
            band: Some(&band),
            decimals: kpi.decimals,
            events: &events,
            references: &[],
        });
        out.push(OutputFile {
            path: urls::kpi_trend_chart(&kpi.id),
            bytes: svg.into_bytes(),
        });
        let title = fill(
            t["distribution_chart_title"],
            &[("month", &last.month), ("kpi", &kpi.name)],
        );
        let desc = fill(
            t["distribution_chart_desc"],
            &[("month", &last.month), ("kpi", &kpi.name)],
        );
        let path = urls::kpi_distribution_chart(&kpi.id);
        out.push(ranking_file(site, last, k, (&title, &desc), path));
    }
    out
}

/// Per month, the network median and the inter-quartile band.
pub(super) type NetworkSeries = (Vec<Option<f64>>, Vec<Option<(f64, f64)>>);

/// KPI `k`'s network median and inter-quartile band in each month of `span` (no data for a
/// month without a file).
pub(super) fn network_series(site: &Site, k: usize, span: &[Month]) -> NetworkSeries {
    span.iter()
        .map(|&m| {
            let s = site.scorecards.get(m).map(|c| c.spreads[k]);
            (
                s.and_then(|s| s.median),
                s.and_then(|s| Some((s.q1?, s.q3?))),
            )
        })
        .unzip()
}

/// The ranking of every outlet of `month` on KPI `k` as a chart file at `path`: a month's
/// ranking and a KPI's distribution in its latest month are the same chart. Its line is the
/// month's target.
fn ranking_file(
    site: &Site,
    month: &MonthCard,
    k: usize,
    (title, desc): (&str, &str),
    path: String,
) -> OutputFile {
    let t = i18n::table(site.config.language);
    let kpi = &site.catalogue.kpis[k];
    let rows: Vec<(String, Option<f64>, Status)> = ranking_rows(site, month, k)
        .into_iter()
        .map(|r| (r.outlet, r.value, r.status))
        .collect();
    let svg = charts::ranking(&Ranking {
        id: "chart",
        title,
        desc: Description::Text(desc),
        rows: &rows,
        target: month.bases[k].0,
        decimals: kpi.decimals,
        no_data: t["no_data"],
    });
    OutputFile {
        path,
        bytes: svg.into_bytes(),
    }
}
