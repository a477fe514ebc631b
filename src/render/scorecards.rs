//! The KPI side of the site: scorecard index, network and outlet scorecards, KPI catalogue and
//! KPI pages, their charts, and the monthly CSV/JSON exports.

use std::fmt::Write as _;

use serde::Serialize;

use super::charts::{self, Description, Embed, Ranking, Trend};
use super::context::{Frame, Link};
use super::{Job, Keys, OutputFile, Task};
use crate::config::Language;
use crate::data::kpi::{Direction, Group, Kpi};
use crate::data::month::Month;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::Kind;
use crate::i18n::{self, Table, fill};
use crate::markdown::escape_html;
use crate::model::Site;
use crate::model::pages::Crumb;
use crate::model::scorecards::{MonthCard, Status, StatusCounts};

const TREND_MONTHS: i32 = 12;

#[derive(Serialize)]
struct StatusView {
    key: &'static str,
    symbol: &'static str,
    label: &'static str,
}

fn status_view(status: Status, language: Language) -> StatusView {
    let words = i18n::words(language);
    let (symbol, label) = match status {
        Status::Green => ("✓", words.status_green),
        Status::Amber => ("!", words.status_amber),
        Status::Red => ("✗", words.status_red),
        Status::Missing => ("—", words.status_missing),
    };
    StatusView {
        key: status.as_str(),
        symbol,
        label,
    }
}

/// A signed change, rounded to the KPI's precision, and whether it is an improvement.
#[derive(Serialize)]
struct ChangeView {
    text: String,
    trend: &'static str,
}

fn change_view(kpi: &Kpi, change: Option<f64>) -> Option<ChangeView> {
    let c = round(change?, kpi.decimals);
    let better = match kpi.direction {
        Direction::Higher => c > 0.0,
        Direction::Lower => c < 0.0,
    };
    let trend = if c == 0.0 {
        "flat"
    } else if better {
        "better"
    } else {
        "worse"
    };
    let arrow = if c > 0.0 {
        "▲"
    } else if c < 0.0 {
        "▼"
    } else {
        "="
    };
    Some(ChangeView {
        text: format!(
            "{arrow} {}{}",
            if c > 0.0 { "+" } else { "" },
            kpi.format_number(c)
        ),
        trend,
    })
}

/// Rounds to `decimals` places; never returns negative zero.
pub fn round(value: f64, decimals: u8) -> f64 {
    let factor = 10f64.powi(i32::from(decimals));
    let r = (value * factor).round() / factor;
    if r == 0.0 { 0.0 } else { r }
}

#[derive(Serialize)]
struct KpiHead {
    id: String,
    name: String,
    url: String,
    target: String,
    direction: &'static str,
}

fn direction_label(kpi: &Kpi, language: Language) -> &'static str {
    match kpi.direction {
        Direction::Higher => i18n::words(language).direction_higher,
        Direction::Lower => i18n::words(language).direction_lower,
    }
}

fn head(kpi: &Kpi, language: Language) -> KpiHead {
    KpiHead {
        id: kpi.id.clone(),
        name: kpi.name.clone(),
        url: crate::model::kpi_url(&kpi.id),
        target: format!(
            "{}{}",
            if kpi.direction == Direction::Higher {
                "≥ "
            } else {
                "≤ "
            },
            kpi.format(kpi.target, language)
        ),
        direction: direction_label(kpi, language),
    }
}

#[derive(Serialize)]
struct GroupHead {
    key: &'static str,
    label: &'static str,
    span: usize,
}

/// KPI groups in order, with the KPIs (catalogue positions) of each.
fn groups(site: &Site) -> Vec<(Group, Vec<usize>)> {
    Group::ALL
        .iter()
        .map(|&g| {
            (
                g,
                site.catalogue
                    .kpis
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| k.group == g)
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, ks)| !ks.is_empty())
        .collect()
}

fn crumbs(items: &[(&str, String)]) -> Vec<Crumb> {
    items
        .iter()
        .map(|(t, u)| Crumb {
            title: (*t).to_owned(),
            url: u.clone(),
        })
        .collect()
}

// ---------------------------------------------------------------- scorecard index

#[derive(Serialize)]
struct MonthSummary {
    month: String,
    url: String,
    counts: StatusCounts,
    outlets: usize,
    current: bool,
}

#[derive(Serialize)]
struct IndexContext {
    months: Vec<MonthSummary>,
}

fn month_summaries(site: &Site) -> Vec<MonthSummary> {
    let current = site.scorecards.current_month();
    site.scorecards
        .months
        .iter()
        .rev()
        .map(|m| MonthSummary {
            month: m.month.to_string(),
            url: format!("scorecards/{}/", m.month),
            counts: m.counts,
            outlets: m.active.len(),
            current: Some(m.month) == current,
        })
        .collect()
}

// ---------------------------------------------------------------- network scorecard

#[derive(Serialize)]
struct CellView {
    value: Option<String>,
    status: StatusView,
    rank: u32,
}

#[derive(Serialize)]
struct OutletRow {
    id: String,
    name: String,
    region: String,
    url: String,
    cells: Vec<CellView>,
    counts: StatusCounts,
}

#[derive(Serialize)]
struct RankingView {
    kpi: KpiHead,
    chart: String,
    median: Option<String>,
    rows: Vec<RankRow>,
}

#[derive(Serialize)]
struct RankRow {
    rank: u32,
    outlet: String,
    value: Option<String>,
    status: StatusView,
}

#[derive(Serialize)]
struct MonthContext {
    month: String,
    groups: Vec<GroupHead>,
    kpis: Vec<KpiHead>,
    rows: Vec<OutletRow>,
    counts: StatusCounts,
    rankings: Vec<RankingView>,
    previous: Option<Link>,
    next: Option<Link>,
}

fn month_neighbours(site: &Site, index: usize, suffix: &str) -> (Option<Link>, Option<Link>) {
    let link = |i: usize| {
        let m = site.scorecards.months[i].month;
        Link {
            title: m.to_string(),
            url: format!("scorecards/{m}/{suffix}"),
        }
    };
    let previous = index.checked_sub(1).map(link);
    let next = (index + 1 < site.scorecards.months.len()).then(|| link(index + 1));
    (previous, next)
}

fn ranking_rows(
    site: &Site,
    month: &MonthCard,
    k: usize,
) -> Vec<(String, Option<f64>, Status, u32)> {
    let mut rows: Vec<(String, Option<f64>, Status, u32)> = month
        .active
        .iter()
        .map(|&o| {
            let cell = site.scorecards.cell(month, o, k);
            (
                site.outlets.outlets[o].name.clone(),
                cell.value,
                cell.status,
                cell.rank,
            )
        })
        .collect();
    rows.sort_by_key(|r| (r.3 == 0, r.3));
    rows
}

fn month_job(site: &Site, index: usize) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let month = &site.scorecards.months[index];
    let order: Vec<usize> = groups(site).into_iter().flat_map(|(_, ks)| ks).collect();
    let rows = month
        .active
        .iter()
        .map(|&o| {
            let outlet = &site.outlets.outlets[o];
            OutletRow {
                id: outlet.id.clone(),
                name: outlet.name.clone(),
                region: outlet.region.clone(),
                url: crate::model::outlet_url(month.month, &outlet.id),
                cells: order
                    .iter()
                    .map(|&k| {
                        let cell = site.scorecards.cell(month, o, k);
                        CellView {
                            value: cell.value.map(|v| site.catalogue.kpis[k].format_number(v)),
                            status: status_view(cell.status, language),
                            rank: cell.rank,
                        }
                    })
                    .collect(),
                counts: month.outlet_counts[o],
            }
        })
        .collect();
    let rankings = order
        .iter()
        .map(|&k| {
            let kpi = &site.catalogue.kpis[k];
            RankingView {
                kpi: head(kpi, language),
                chart: format!("rank-{}.svg", kpi.id),
                median: month.spreads[k].median.map(|m| kpi.format(m, language)),
                rows: ranking_rows(site, month, k)
                    .into_iter()
                    .map(|(outlet, value, status, rank)| RankRow {
                        rank,
                        outlet,
                        value: value.map(|v| kpi.format(v, language)),
                        status: status_view(status, language),
                    })
                    .collect(),
            }
        })
        .collect();
    let (previous, next) = month_neighbours(site, index, "");
    let context = MonthContext {
        month: month.month.to_string(),
        groups: groups(site)
            .into_iter()
            .map(|(g, ks)| GroupHead {
                key: g.key(),
                label: t[g.label_key()],
                span: ks.len(),
            })
            .collect(),
        kpis: order
            .iter()
            .map(|&k| head(&site.catalogue.kpis[k], language))
            .collect(),
        rows,
        counts: month.counts,
        rankings,
        previous,
        next,
    };
    let url = format!("scorecards/{}/", month.month);
    let title = fill(t["month_scorecard_title"], &[("month", &month.month)]);
    let mut frame = Frame::new(&url, &title, context);
    frame.breadcrumbs = crumbs(&[(t["scorecards"], "scorecards/".to_owned())]);
    Job::new("month.html", &month.source, &frame)
}

// ---------------------------------------------------------------- outlet scorecard

#[derive(Serialize)]
struct OutletKpi {
    kpi: KpiHead,
    value: Option<String>,
    target: String,
    warn: String,
    status: StatusView,
    mom: Option<ChangeView>,
    yoy: Option<ChangeView>,
    rank: u32,
    of: u32,
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
}

#[derive(Serialize)]
struct Action {
    title: String,
    url: String,
    kind: &'static str,
    detail: Option<String>,
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
    city: String,
}

#[derive(Serialize)]
struct OutletContext {
    month: String,
    month_url: String,
    outlet: OutletInfo,
    note: Option<String>,
    counts: StatusCounts,
    groups: Vec<OutletGroup>,
    attention: Vec<String>,
    previous: Option<Link>,
    next: Option<Link>,
    /// The trend charts' numbers as one table (HTML): per KPI, the outlet's value and the
    /// network median in each of the 12 months.
    trend_table: String,
    /// What the trend charts show, in words: their shared accessible description.
    trend_desc: String,
}

/// The id of the element on an outlet scorecard that describes its trend charts.
const TREND_LEGEND: &str = "trend-legend";

/// How many "what to do" links an outlet scorecard shows per KPI; the KPI page has them all.
const MAX_ACTIONS: usize = 3;

/// Playbooks and training parts whose `kpis` name this KPI: "what to do" when it is not green.
fn actions(site: &Site, k: usize, t: &'static Table) -> Vec<Action> {
    site.playbooks_by_kpi[k]
        .iter()
        .map(|&p| action(site, p, t))
        .collect()
}

fn action(site: &Site, p: usize, t: &'static Table) -> Action {
    let page = &site.pages[p];
    let (kind, detail) = match &page.meta.kind {
        Kind::ComplaintScript { severity_key, .. } => {
            (t["kind_complaint-script"], Some(t[severity_key].to_owned()))
        }
        Kind::CompensationRule { .. } => (t["kind_compensation-rule"], None),
        Kind::Syllabus { part, modules, .. } => {
            let titles: Vec<&str> = modules.iter().map(|m| m.title.as_str()).collect();
            (
                t["kind_syllabus"],
                Some(fill(
                    t["part_modules"],
                    &[
                        ("part", part),
                        ("modules", &titles.join(t["list_separator"])),
                    ],
                )),
            )
        }
        Kind::Page => (t["kind_guide"], None),
    };
    Action {
        title: page.meta.title.clone(),
        url: page.url.clone(),
        kind,
        detail,
    }
}

/// The inline 12-month trend chart of one outlet and KPI.
fn trend_chart(kpi: &Kpi, trend: &OutletTrend, t: &Table, first: bool) -> String {
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

/// One KPI's two rows of the trend data table; cells' optional end tags are left out.
fn trend_rows(html: &mut String, kpi: &Kpi, trend: &OutletTrend, t: &Table) {
    let _ = write!(
        html,
        r#"<tbody><tr><th scope="rowgroup" rowspan="2" class="sticky">{}</th><th scope="row">{}</th>"#,
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
}

fn outlet_trend(site: &Site, month: &MonthCard, o: usize, k: usize) -> OutletTrend {
    let kpi = &site.catalogue.kpis[k];
    let months = trend_months(month.month);
    let cards: Vec<Option<&MonthCard>> = months.iter().map(|&m| site.scorecards.get(m)).collect();
    OutletTrend {
        values: cards
            .iter()
            .map(|c| c.and_then(|c| site.scorecards.cell(c, o, k).value))
            .collect(),
        targets: cards
            .iter()
            .map(|c| {
                c.map_or((kpi.target, kpi.warn), |c| {
                    site.scorecards.thresholds(c, o, k, kpi)
                })
            })
            .collect(),
        medians: cards
            .iter()
            .map(|c| c.and_then(|c| c.spreads[k].median))
            .collect(),
        months,
    }
}

fn outlet_job(site: &Site, index: usize, o: usize) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let month = &site.scorecards.months[index];
    let outlet = &site.outlets.outlets[o];
    let mut attention = Vec::new();
    // The first chart carries the text styles of all of them.
    let mut first = true;
    let mut table = trend_table_head(month.month);
    let groups = groups(site)
        .into_iter()
        .map(|(g, ks)| OutletGroup {
            label: t[g.label_key()],
            kpis: ks
                .into_iter()
                .map(|k| {
                    let kpi = &site.catalogue.kpis[k];
                    let cell = site.scorecards.cell(month, o, k);
                    let (target, warn) = site.scorecards.thresholds(month, o, k, kpi);
                    let trend = outlet_trend(site, month, o, k);
                    let needs_action = matches!(cell.status, Status::Red | Status::Amber);
                    if needs_action {
                        attention.push(kpi.name.clone());
                    }
                    let playbooks = &site.playbooks_by_kpi[k];
                    let head = head(kpi, language);
                    let warn = kpi.format(warn, language);
                    let more_actions = if needs_action {
                        playbooks.len().saturating_sub(MAX_ACTIONS)
                    } else {
                        0
                    };
                    trend_rows(&mut table, kpi, &trend, t);
                    let chart = trend_chart(kpi, &trend, t, std::mem::take(&mut first));
                    OutletKpi {
                        value: cell.value.map(|v| kpi.format(v, language)),
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
                    }
                })
                .collect(),
        })
        .collect();
    let (previous, next) = {
        let (p, n) = month_neighbours(site, index, &format!("{}/", outlet.id));
        let active = |l: &Link| Month::parse(&l.title).is_some_and(|m| outlet.active_in(m));
        (p.filter(active), n.filter(active))
    };
    let context = OutletContext {
        month: month.month.to_string(),
        month_url: format!("scorecards/{}/", month.month),
        outlet: OutletInfo {
            id: outlet.id.clone(),
            name: outlet.name.clone(),
            region: outlet.region.clone(),
            city: outlet.city.clone(),
        },
        note: month
            .notes
            .get(&o)
            .map(|n| crate::markdown::render_plain(n)),
        counts: month.outlet_counts[o],
        groups,
        attention,
        previous,
        next,
        trend_table: {
            table.push_str("</table>");
            table
        },
        trend_desc: fill(t["outlet_trend_desc"], &[("month", &month.month)]),
    };
    let url = crate::model::outlet_url(month.month, &outlet.id);
    let title = fill(
        t["outlet_scorecard_title"],
        &[("outlet", &outlet.name), ("month", &month.month)],
    );
    let mut frame = Frame::new(&url, &title, context);
    frame.breadcrumbs = crumbs(&[
        (t["scorecards"], "scorecards/".to_owned()),
        (
            &month.month.to_string(),
            format!("scorecards/{}/", month.month),
        ),
    ]);
    Job::new("outlet.html", &month.source, &frame)
}

// ---------------------------------------------------------------- KPI pages

#[derive(Serialize)]
struct KpiSummary {
    head: KpiHead,
    name_en: Option<String>,
    unit: &'static str,
    /// The unit and the group in words, in the site's language.
    unit_label: &'static str,
    group_label: &'static str,
    warn: String,
    median: Option<String>,
    counts: Option<StatusCounts>,
}

#[derive(Serialize)]
struct KpiGroupView {
    label: &'static str,
    kpis: Vec<KpiSummary>,
}

#[derive(Serialize)]
struct KpisContext {
    month: Option<String>,
    groups: Vec<KpiGroupView>,
}

fn summary(site: &Site, k: usize) -> KpiSummary {
    let language = site.config.language;
    let kpi = &site.catalogue.kpis[k];
    let current = site.scorecards.current();
    KpiSummary {
        head: head(kpi, language),
        name_en: kpi.name_en.clone(),
        unit: kpi.unit.name(),
        unit_label: i18n::table(language)[kpi.unit.label_key()],
        group_label: i18n::table(language)[kpi.group.label_key()],
        warn: kpi.format(kpi.warn, language),
        median: current
            .and_then(|m| m.spreads[k].median)
            .map(|v| kpi.format(v, language)),
        counts: current.map(|m| m.kpi_counts[k]),
    }
}

#[derive(Serialize)]
struct NetworkRow {
    month: String,
    url: String,
    median: Option<String>,
    q1: Option<String>,
    q3: Option<String>,
    counts: StatusCounts,
}

#[derive(Serialize)]
struct KpiContext {
    kpi: KpiSummary,
    /// The catalogue's description, rendered.
    body: String,
    /// The same as plain text, for `<meta name="description">` (link previews, search engines).
    description: String,
    month: Option<String>,
    network: Vec<NetworkRow>,
    distribution: Vec<RankRow>,
    playbooks: Vec<Action>,
}

fn kpi_job(site: &Site, k: usize) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let kpi = &site.catalogue.kpis[k];
    let current = site.scorecards.current();
    let network = site
        .scorecards
        .months
        .iter()
        .rev()
        .map(|m| {
            let s = m.spreads[k];
            NetworkRow {
                month: m.month.to_string(),
                url: format!("scorecards/{}/", m.month),
                median: s.median.map(|v| kpi.format(v, language)),
                q1: s.q1.map(|v| kpi.format(v, language)),
                q3: s.q3.map(|v| kpi.format(v, language)),
                counts: m.kpi_counts[k],
            }
        })
        .collect();
    let distribution = current
        .map(|m| {
            ranking_rows(site, m, k)
                .into_iter()
                .map(|(outlet, value, status, rank)| RankRow {
                    rank,
                    outlet,
                    value: value.map(|v| kpi.format(v, language)),
                    status: status_view(status, language),
                })
                .collect()
        })
        .unwrap_or_default();
    let context = KpiContext {
        kpi: summary(site, k),
        body: site.kpi_descriptions[k].clone(),
        description: kpi
            .description
            .as_deref()
            .map(crate::markdown::summary_text)
            .unwrap_or_default(),
        month: current.map(|m| m.month.to_string()),
        network,
        distribution,
        playbooks: actions(site, k, t),
    };
    let url = crate::model::kpi_url(&kpi.id);
    let mut frame = Frame::new(&url, &kpi.name, context);
    frame.breadcrumbs = crumbs(&[(t["kpis"], "kpis/".to_owned())]);
    Job::new("kpi.html", "data/kpis.yaml", &frame)
}

/// The current month's network scorecard at an address that does not change from month to
/// month (a redirect), so that the navigation on every page stays the same when a month is added.
pub const LATEST_URL: &str = "scorecards/latest/";

#[derive(Serialize)]
struct RedirectContext {
    target: String,
}

/// KPI pages and the month list show every month and are always rendered; a month's pages,
/// charts and exports are reused while the months they show are unchanged.
pub(super) fn tasks<'a>(site: &'a Site, keys: &Keys) -> Vec<Task<'a>> {
    let mut tasks: Vec<Task<'_>> = Vec::new();
    if !site.catalogue.kpis.is_empty() {
        tasks.push(Task::page(move || {
            let t = i18n::table(site.config.language);
            let context = KpisContext {
                month: site.scorecards.current_month().map(|m| m.to_string()),
                groups: groups(site)
                    .into_iter()
                    .map(|(g, ks)| KpiGroupView {
                        label: t[g.label_key()],
                        kpis: ks.into_iter().map(|k| summary(site, k)).collect(),
                    })
                    .collect(),
            };
            Job::new(
                "kpis.html",
                "data/kpis.yaml",
                &Frame::new("kpis/", t["kpi_catalogue"], context),
            )
        }));
        for k in 0..site.catalogue.kpis.len() {
            tasks.push(Task::page(move || kpi_job(site, k)));
            tasks.push(Task::new(move |_| Ok(kpi_charts(site, k))));
        }
    }
    if let Some(current) = site.scorecards.current_month() {
        tasks.push(Task::page(move || {
            let t = i18n::table(site.config.language);
            let context = IndexContext {
                months: month_summaries(site),
            };
            Job::new(
                "scorecards.html",
                "data/scorecards",
                &Frame::new("scorecards/", t["scorecards"], context),
            )
        }));
        tasks.push(Task::page(move || {
            let t = i18n::table(site.config.language);
            let context = RedirectContext {
                target: format!("scorecards/{current}/"),
            };
            let title = fill(t["month_scorecard_title"], &[("month", &current)]);
            Job::new(
                "redirect.html",
                "data/scorecards",
                &Frame::new(LATEST_URL, &title, context),
            )
        }));
    }
    for (i, month) in site.scorecards.months.iter().enumerate() {
        let key = keys.months[i];
        tasks.push(
            Task::page(move || month_job(site, i)).keyed(format!("month/{}", month.month), key),
        );
        tasks.push(
            Task::new(move |_| {
                let mut files = month_charts(site, month);
                files.push(super::exports::csv(site, month));
                files.push(super::exports::json(site, month));
                Ok(files)
            })
            .keyed(format!("month-files/{}", month.month), key),
        );
        for &o in &month.active {
            tasks.push(Task::page(move || outlet_job(site, i, o)).keyed(
                format!("outlet/{}/{}", month.month, site.outlets.outlets[o].id),
                key,
            ));
        }
    }
    tasks
}

// ---------------------------------------------------------------- home page at a glance

#[derive(Serialize)]
pub struct Glance {
    month: String,
    url: String,
    counts: StatusCounts,
    /// KPIs with the most red outlets this month (at most five, only those with any red).
    most_red: Vec<GlanceKpi>,
    outlets: Vec<GlanceOutlet>,
}

#[derive(Serialize)]
struct GlanceKpi {
    name: String,
    url: String,
    red: u32,
    amber: u32,
}

#[derive(Serialize)]
struct GlanceOutlet {
    name: String,
    region: String,
    url: String,
    counts: StatusCounts,
}

/// The current month at a glance, computed once and shown on the home page.
pub fn glance(site: &Site) -> Option<Glance> {
    let month = site.scorecards.current()?;
    let mut most_red: Vec<(usize, StatusCounts)> = month
        .kpi_counts
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| c.red > 0)
        .collect();
    most_red.sort_by_key(|&(k, c)| (std::cmp::Reverse(c.red), std::cmp::Reverse(c.amber), k));
    most_red.truncate(5);
    Some(Glance {
        month: month.month.to_string(),
        url: format!("scorecards/{}/", month.month),
        counts: month.counts,
        most_red: most_red
            .into_iter()
            .map(|(k, c)| GlanceKpi {
                name: site.catalogue.kpis[k].name.clone(),
                url: crate::model::kpi_url(&site.catalogue.kpis[k].id),
                red: c.red,
                amber: c.amber,
            })
            .collect(),
        outlets: month
            .active
            .iter()
            .map(|&o| {
                let outlet = &site.outlets.outlets[o];
                GlanceOutlet {
                    name: outlet.name.clone(),
                    region: outlet.region.clone(),
                    url: crate::model::outlet_url(month.month, &outlet.id),
                    counts: month.outlet_counts[o],
                }
            })
            .collect(),
    })
}

// ---------------------------------------------------------------- charts and exports

fn month_charts(site: &Site, month: &MonthCard) -> Vec<OutputFile> {
    let language = site.config.language;
    let t = i18n::table(language);
    site.catalogue
        .kpis
        .iter()
        .enumerate()
        .map(|(k, kpi)| {
            let rows: Vec<(String, Option<f64>, Status)> = ranking_rows(site, month, k)
                .into_iter()
                .map(|(n, v, s, _)| (n, v, s))
                .collect();
            let title = fill(
                t["ranking_chart_title"],
                &[("month", &month.month), ("kpi", &kpi.name)],
            );
            let desc = fill(
                t["ranking_chart_desc"],
                &[
                    ("kpi", &kpi.name),
                    ("target", &kpi.format(kpi.target, language)),
                ],
            );
            let svg = charts::ranking(&Ranking {
                id: "chart",
                title: &title,
                desc: Description::Text(&desc),
                rows: &rows,
                target: kpi.target,
                decimals: kpi.decimals,
                no_data: t["no_data"],
            });
            OutputFile {
                path: format!("scorecards/{}/rank-{}.svg", month.month, kpi.id),
                bytes: svg.into_bytes(),
            }
        })
        .collect()
}

fn kpi_charts(site: &Site, k: usize) -> Vec<OutputFile> {
    let t = i18n::table(site.config.language);
    let kpi = &site.catalogue.kpis[k];
    let mut out = Vec::new();
    let months = &site.scorecards.months;
    if let (Some(first), Some(last)) = (months.first(), months.last()) {
        let span: Vec<Month> = (0..=first.month.until(last.month))
            .map(|i| first.month.plus(i))
            .collect();
        let cards: Vec<Option<&MonthCard>> = span.iter().map(|&m| site.scorecards.get(m)).collect();
        let medians: Vec<Option<f64>> = cards
            .iter()
            .map(|c| c.and_then(|c| c.spreads[k].median))
            .collect();
        let band: Vec<Option<(f64, f64)>> = cards
            .iter()
            .map(|c| c.and_then(|c| Some((c.spreads[k].q1?, c.spreads[k].q3?))))
            .collect();
        let targets = vec![(kpi.target, kpi.warn); span.len()];
        let title = fill(t["network_trend_title"], &[("kpi", &kpi.name)]);
        let desc = fill(
            t["network_trend_desc"],
            &[("from", &first.month), ("to", &last.month)],
        );
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
        });
        out.push(OutputFile {
            path: format!("kpis/{}/trend.svg", kpi.id),
            bytes: svg.into_bytes(),
        });
        let rows: Vec<(String, Option<f64>, Status)> = ranking_rows(site, last, k)
            .into_iter()
            .map(|(n, v, s, _)| (n, v, s))
            .collect();
        let title = fill(
            t["distribution_chart_title"],
            &[("month", &last.month), ("kpi", &kpi.name)],
        );
        let desc = fill(
            t["distribution_chart_desc"],
            &[("month", &last.month), ("kpi", &kpi.name)],
        );
        let svg = charts::ranking(&Ranking {
            id: "chart",
            title: &title,
            desc: Description::Text(&desc),
            rows: &rows,
            target: kpi.target,
            decimals: kpi.decimals,
            no_data: t["no_data"],
        });
        out.push(OutputFile {
            path: format!("kpis/{}/distribution.svg", kpi.id),
            bytes: svg.into_bytes(),
        });
    }
    out
}
