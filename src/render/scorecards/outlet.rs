//! An outlet's monthly scorecard: per KPI its value, status, changes, rank, inline trend
//! chart and "what to do" links, and the trend charts' data table.

use std::fmt::Write as _;

use serde::Serialize;

use super::month::month_neighbours;
use super::period::{FigureView, figure_view, period_links};
use super::views::{
    Action, ChangeView, KpiHead, StatusView, action, change_view, crumbs, events_desc, groups,
    head, status_view,
};
use crate::data::events::Event;
use crate::data::kpi::{Direction, Kpi};
use crate::data::month::Month;
use crate::diagnostic::Diagnostic;
use crate::i18n::{self, Table, fill};
use crate::markdown::escape_html;
use crate::model::Site;
use crate::model::scorecards::{MonthCard, Status, StatusCounts};
use crate::render::charts::{self, Description, Embed, Reference, Trend};
use crate::render::context::{Frame, Link};
use crate::render::{ContextKey, Env, Job};
use crate::urls;

const TREND_MONTHS: i32 = 12;

#[derive(Serialize)]
struct OutletKpi {
    kpi: KpiHead,
    value: Option<String>,
    /// `n = 14` when the value's sample size is given.
    sample: Option<String>,
    /// Why a value on too few answers is not judged.
    few_note: Option<String>,
    target: String,
    warn: String,
    status: StatusView,
    mom: Option<ChangeView>,
    yoy: Option<ChangeView>,
    rank: u32,
    of: u32,
    /// "3 / 12 全网 · 1 / 4 同级": the rank in the network and, with a tier, in the peer group.
    ranks: String,
    /// The 12-month trend chart, inline SVG (one file per outlet, month and KPI would multiply
    /// the output's file count by the number of KPIs).
    chart: String,
    /// The first few "what to do" pages; the KPI page lists them all.
    actions: Vec<Action>,
    more_actions: usize,
    /// "(warning at …, higher is better)" and "N more on the KPI page", in the site's language:
    /// filled here once rather than by two template filters on every card.
    warn_note: String,
    more_note: Option<String>,
    /// This month, the year to date and the trailing 12 months, side by side.
    periods: Vec<FigureView>,
}

#[derive(Serialize)]
struct OutletGroup {
    label: &'static str,
    kpis: Vec<OutletKpi>,
}

#[derive(Serialize)]
struct OutletInfo {
    id: String,
    name: String,
    region: String,
    /// The region's page this month.
    region_url: String,
    city: String,
    /// "同级组 A" when the outlet has a tier.
    tier: Option<String>,
}

#[derive(Serialize)]
struct OutletContext {
    /// The month, and the months before and after (what `partials/outlet-pager.html` shows).
    #[serde(flatten)]
    pager: Pager,
    outlet: OutletInfo,
    note: Option<String>,
    counts: StatusCounts,
    /// Set when fewer of the outlet's KPIs have data than the `completeness` threshold.
    completeness_note: Option<String>,
    groups: Vec<OutletGroup>,
    attention: Vec<String>,
    /// The trend charts' numbers as one table (HTML): per KPI, the outlet's value and the
    /// network median in each of the 12 months.
    trend_table: String,
    /// What the trend charts show, in words: their shared accessible description.
    trend_desc: String,
    /// The events marked on the trend charts (`2026-08-03 …`), listed under the legend.
    events: Vec<String>,
    /// The outlet's quarter and year to date.
    periods: Vec<Link>,
    /// Whether the trend charts show the peer group's median (the outlet has a tier).
    peers: bool,
    /// The outlet's history page: every month it was scored.
    history_url: String,
}

/// The id of the element on an outlet scorecard that describes its trend charts.
const TREND_LEGEND: &str = "trend-legend";

/// How many "what to do" links an outlet scorecard shows per KPI; the KPI page has them all.
const MAX_ACTIONS: usize = 3;

/// The inline 12-month trend chart of one outlet and KPI.
fn trend_chart(kpi: &Kpi, trend: &OutletTrend, t: &Table, first: bool, events: &[usize]) -> String {
    // The page is the outlet's: the title names the KPI only.
    let title = fill(t["outlet_trend_title"], &[("kpi", &kpi.name)]);
    charts::trend(&Trend {
        id: &kpi.id,
        title: &title,
        desc: Description::Elsewhere(TREND_LEGEND),
        embed: Embed::Inline { first },
        months: &trend.months,
        values: &trend.values,
        targets: &trend.targets,
        median: Some(&trend.medians),
        band: None,
        decimals: kpi.decimals,
        events,
        references: &trend.references(),
    })
}

/// The head of an outlet's trend data table. The table is written here rather than in the
/// template: it is 26 cells per KPI on thousands of pages, and it is a figure's data like the
/// chart beside it.
fn trend_table_head(end: Month) -> String {
    let mut html = String::with_capacity(8192);
    html.push_str(r#"<table class="matrix-table"><thead><tr><th scope="col" class="sticky" colspan="2">KPI</th>"#);
    for month in trend_months(end) {
        let _ = write!(html, r#"<th scope="col" class="num">{month}</th>"#);
    }
    html.push_str("</tr></thead>\n");
    html
}

/// The trend data table's last row: each month's events.
fn event_row(html: &mut String, months: &[Month], events: &[&Event], t: &Table) {
    let _ = write!(
        html,
        r#"<tbody><tr><th scope="row" class="sticky" colspan="2">{}</th>"#,
        escape_html(t["events_row"])
    );
    for &m in months {
        let labels: Vec<String> = events
            .iter()
            .filter(|e| e.month == m)
            .map(|e| e.label())
            .collect();
        html.push_str("<td>");
        html.push_str(&escape_html(&labels.join(t["events_separator"])));
    }
    html.push_str("</tbody>\n");
}

/// One KPI's two rows of the trend data table; cells' optional end tags are left out.
fn trend_rows(html: &mut String, kpi: &Kpi, trend: &OutletTrend, t: &Table) {
    let rows = 3 + usize::from(trend.peer_medians.is_some());
    let _ = write!(
        html,
        r#"<tbody><tr><th scope="rowgroup" rowspan="{rows}" class="sticky">{}</th><th scope="row">{}</th>"#,
        escape_html(&kpi.name),
        escape_html(t["this_outlet"])
    );
    let cells = |html: &mut String, values: &[Option<f64>]| {
        for value in values {
            html.push_str("<td>");
            match value {
                Some(v) => html.push_str(&kpi.format_number(*v)),
                None => html.push('—'),
            }
        }
    };
    cells(html, &trend.values);
    let _ = write!(
        html,
        r#"<tr><th scope="row">{}</th>"#,
        escape_html(t["network_median"])
    );
    cells(html, &trend.medians);
    if let Some(peers) = &trend.peer_medians {
        let _ = write!(
            html,
            r#"<tr><th scope="row">{}</th>"#,
            escape_html(t["peer_median"])
        );
        cells(html, peers);
    }
    let _ = write!(
        html,
        r#"<tr><th scope="row">{}</th>"#,
        escape_html(t["network_top_quartile"])
    );
    cells(html, &trend.top_quartiles);
    html.push_str("</tbody>\n");
}

fn trend_months(end: Month) -> Vec<Month> {
    (0..TREND_MONTHS).rev().map(|i| end.plus(-i)).collect()
}

struct OutletTrend {
    months: Vec<Month>,
    values: Vec<Option<f64>>,
    targets: Vec<(f64, f64)>,
    medians: Vec<Option<f64>>,
    /// The median of the outlet's peer group; `None` for an outlet without a tier.
    peer_medians: Option<Vec<Option<f64>>>,
    /// The network's top-quartile mark: the third quartile where higher is better, the first
    /// where lower is.
    top_quartiles: Vec<Option<f64>>,
}

impl OutletTrend {
    fn references(&self) -> Vec<Reference<'_>> {
        let line = |(class, colour, dash), values| Reference {
            class,
            values,
            colour,
            dash,
        };
        let mut lines = Vec::with_capacity(2);
        if let Some(peers) = &self.peer_medians {
            lines.push(line(charts::PEER_MEDIAN, peers));
        }
        lines.push(line(charts::TOP_QUARTILE, &self.top_quartiles));
        lines
    }
}

fn outlet_trend(site: &Site, month: &MonthCard, o: usize, k: usize) -> OutletTrend {
    let kpi = &site.catalogue.kpis[k];
    let months = trend_months(month.month);
    let indexes: Vec<Option<usize>> = months
        .iter()
        .map(|&m| site.scorecards.index_of(m))
        .collect();
    let cards: Vec<Option<&MonthCard>> = indexes
        .iter()
        .map(|i| i.map(|i| &site.scorecards.months[i]))
        .collect();
    let tier = site.outlets.groups.tier_of.get(o).copied().flatten();
    OutletTrend {
        peer_medians: tier.map(|tier| {
            indexes
                .iter()
                .map(|i| i.and_then(|i| site.peers.tier_spread(i, tier, k).median))
                .collect()
        }),
        top_quartiles: cards
            .iter()
            .map(|c| {
                let spread = (*c)?.spreads[k];
                match kpi.direction {
                    Direction::Higher => spread.q3,
                    Direction::Lower => spread.q1,
                }
            })
            .collect(),
        values: cards
            .iter()
            .map(|c| c.and_then(|c| site.scorecards.cell(c, o, k).value))
            .collect(),
        targets: cards
            .iter()
            .zip(&months)
            .map(|(c, &m)| match c {
                Some(c) => site.scorecards.thresholds(c, o, k),
                None => site.scorecards.base(k, kpi, m),
            })
            .collect(),
        medians: cards
            .iter()
            .map(|c| c.and_then(|c| c.spreads[k].median))
            .collect(),
        months,
    }
}

pub(super) fn outlet_job(
    site: &Site,
    index: usize,
    o: usize,
    keying: ContextKey,
) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let month = &site.scorecards.months[index];
    let outlet = &site.outlets.outlets[o];
    let mut attention = Vec::new();
    // The first chart carries the text styles of all of them.
    let mut first = true;
    let mut table = trend_table_head(month.month);
    // Events of the outlet, its region and the network within the trend charts' months.
    let window = trend_months(month.month);
    let events: Vec<&Event> = site
        .events
        .events
        .iter()
        .filter(|e| {
            e.concerns(&site.outlets, o)
                && window.first().is_some_and(|&f| e.month >= f)
                && e.month <= month.month
        })
        .collect();
    let markers: Vec<usize> = events
        .iter()
        .filter_map(|e| window.iter().position(|&m| m == e.month))
        .collect();
    let groups = groups(site)
        .into_iter()
        .map(|(g, ks)| OutletGroup {
            label: t[g.label_key()],
            kpis: ks
                .into_iter()
                .map(|k| {
                    let kpi = &site.catalogue.kpis[k];
                    let cell = site.scorecards.cell(month, o, k);
                    let (target, warn) = site.scorecards.thresholds(month, o, k);
                    let needs_action = matches!(cell.status, Status::Red | Status::Amber);
                    if needs_action {
                        attention.push(kpi.name.clone());
                    }
                    let playbooks = &site.playbooks_by_kpi[k];
                    let head = head(kpi, target, language);
                    let warn = kpi.format(warn, language);
                    let more_actions = if needs_action {
                        playbooks.len().saturating_sub(MAX_ACTIONS)
                    } else {
                        0
                    };
                    let trend = outlet_trend(site, month, o, k);
                    trend_rows(&mut table, kpi, &trend, t);
                    let chart = trend_chart(kpi, &trend, t, std::mem::take(&mut first), &markers);
                    OutletKpi {
                        value: cell.value.map(|v| kpi.format(v, language)),
                        sample: cell.sample.map(|n| format!("n = {n}")),
                        few_note: match (cell.status, cell.sample, kpi.min_sample) {
                            (Status::Few, Some(n), Some(min)) => {
                                Some(fill(t["few_note"], &[("n", &n), ("min", &min)]))
                            }
                            _ => None,
                        },
                        target: kpi.format(target, language),
                        warn_note: fill(
                            t["warn_and_direction"],
                            &[("warn", &warn), ("direction", &head.direction)],
                        ),
                        warn,
                        kpi: head,
                        status: status_view(cell.status, language),
                        mom: change_view(kpi, site.scorecards.change(month, 1, o, k)),
                        yoy: change_view(kpi, site.scorecards.change(month, 12, o, k)),
                        ranks: rank_text(site, index, o, k, cell.rank, t),
                        rank: cell.rank,
                        of: month.spreads[k].reported,
                        chart,
                        actions: if needs_action {
                            playbooks
                                .iter()
                                .take(MAX_ACTIONS)
                                .map(|&p| action(site, p, t))
                                .collect()
                        } else {
                            Vec::new()
                        },
                        more_note: (more_actions > 0).then(|| {
                            fill(
                                t["more_actions"],
                                &[("n", &more_actions), ("kpi", &kpi.name)],
                            )
                        }),
                        more_actions,
                        periods: [
                            site.periods.year_to_date(index, o, k),
                            site.periods.trailing(index, o, k),
                        ]
                        .into_iter()
                        .flatten()
                        .map(|f| figure_view(kpi, f, t, language))
                        .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let context = OutletContext {
        pager: pager(site, index, o),
        periods: period_links(site, month.month, |p| urls::period_outlet(&p, &outlet.id)),
        outlet: OutletInfo {
            id: outlet.id.clone(),
            name: outlet.name.clone(),
            region: outlet.region.clone(),
            region_url: site
                .outlets
                .groups
                .region_of
                .get(o)
                .map(|&r| urls::region(month.month, &site.outlets.groups.regions[r].slug))
                .unwrap_or_default(),
            city: outlet.city.clone(),
            tier: outlet
                .tier
                .as_ref()
                .map(|tier| fill(t["peer_group"], &[("tier", tier)])),
        },
        peers: outlet.tier.is_some(),
        history_url: urls::outlet_history(&outlet.id),
        note: month.notes.get(&o).map(|n| {
            let resolve = |path: &str| site.urls.get(path).cloned();
            let page = urls::outlet(month.month, &outlet.id);
            crate::markdown::render_data(n, &page, &resolve).html
        }),
        counts: month.outlet_counts[o],
        completeness_note: {
            let counts = month.outlet_counts[o];
            counts.incomplete(site.config.completeness).then(|| {
                fill(
                    t["outlet_incomplete"],
                    &[("filled", &counts.filled()), ("kpis", &counts.total())],
                )
            })
        },
        groups,
        attention,
        trend_table: {
            if !events.is_empty() {
                event_row(&mut table, &window, &events, t);
            }
            table.push_str("</table>");
            table
        },
        events: events
            .iter()
            .map(|e| format!("{} {}", e.when, e.text))
            .collect(),
        trend_desc: {
            let mut desc = fill(t["outlet_trend_desc"], &[("month", &month.month)]);
            desc.push(' ');
            desc.push_str(if outlet.tier.is_some() {
                t["trend_peers_desc"]
            } else {
                t["trend_top_desc"]
            });
            if !events.is_empty() {
                desc.push(' ');
                desc.push_str(&events_desc(&events, t));
            }
            desc
        },
    };
    let url = urls::outlet(month.month, &outlet.id);
    let title = fill(
        t["outlet_scorecard_title"],
        &[("outlet", &outlet.name), ("month", &month.month)],
    );
    let mut frame = Frame::new(&url, &title, context);
    frame.breadcrumbs = crumbs(&[
        (t["scorecards"], urls::SCORECARDS.to_owned()),
        (&month.month.to_string(), urls::month(month.month)),
    ]);
    Job::new("outlet.html", &month.source, &frame, keying)
}

/// What the pager of an outlet scorecard shows (`partials/outlet-pager.html`): the month, and
/// the outlet's scorecards of the months before and after, when it was open then.
#[derive(Serialize)]
struct Pager {
    month: String,
    month_url: String,
    previous: Option<Link>,
    next: Option<Link>,
}

fn pager(site: &Site, index: usize, o: usize) -> Pager {
    let outlet = &site.outlets.outlets[o];
    let month = site.scorecards.months[index].month;
    let (p, n) = month_neighbours(site, index, |m| urls::outlet(m, &outlet.id));
    let active = |l: &Link| Month::parse(&l.title).is_some_and(|m| outlet.active_in(m));
    Pager {
        month: month.to_string(),
        month_url: urls::month(month),
        previous: p.filter(active),
        next: n.filter(active),
    }
}

/// The pager with what every page's frame gives it.
#[derive(Serialize)]
struct PagerFrame {
    root: String,
    #[serde(flatten)]
    pager: Pager,
}

/// The outlet scorecard `before` (of the month at `index` and outlet `o`, as the previous build
/// wrote it) with its pager made again: all that changes on it when a month is added next to
/// it. `None` when the page does not hold the pager exactly once as the partial renders it.
pub(super) fn with_new_pager(
    site: &Site,
    index: usize,
    o: usize,
    env: &Env<'_>,
    before: &[u8],
) -> Option<Vec<u8>> {
    const START: &[u8] = b"<nav class=\"pager\"";
    const END: &[u8] = b"</nav>";
    if !env.outlet_pager {
        return None;
    }
    let month = site.scorecards.months[index].month;
    let context = PagerFrame {
        root: crate::render::context::root_of(&urls::outlet(month, &site.outlets.outlets[o].id)),
        pager: pager(site, index, o),
    };
    let context = tera::Context::from_serialize(&context).ok()?;
    let pager = env
        .tera
        .render("partials/outlet-pager.html", &context)
        .ok()?;
    if !pager.as_bytes().starts_with(START) || !pager.as_bytes().ends_with(END) {
        return None;
    }
    let find = |from: usize, what: &[u8]| {
        before[from..]
            .windows(what.len())
            .position(|w| w == what)
            .map(|at| from + at)
    };
    let start = find(0, START)?;
    if find(start + 1, START).is_some() {
        return None;
    }
    let end = find(start, END)? + END.len();
    Some([&before[..start], pager.as_bytes(), &before[end..]].concat())
}

/// "3 / 12 全网 · 1 / 4 同级"; "— 全网" when not ranked; no peer part without a tier.
fn rank_text(site: &Site, m: usize, o: usize, k: usize, rank: u32, t: &Table) -> String {
    let part = |rank: u32, of: u32, ranked: &str, none: &str| {
        if rank > 0 {
            fill(ranked, &[("rank", &rank), ("of", &of)])
        } else {
            none.to_owned()
        }
    };
    let of = site.scorecards.months[m].spreads[k].reported;
    let mut text = part(rank, of, t["rank_network"], t["rank_network_none"]);
    if let Some((rank, of)) = site.peers.peer_rank(&site.outlets, m, o, k) {
        text.push_str(" · ");
        text.push_str(&part(rank, of, t["rank_peers"], t["rank_peers_none"]));
    }
    text
}
