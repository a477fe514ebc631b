//! The scorecard index (the list of months) and a month's network scorecard.

use serde::Serialize;

use super::views::{
    GroupHead, KpiHead, RankRow, StatusView, crumbs, groups, head, matrix_heads, rank_rows,
    status_view,
};
use crate::data::events::Scope;
use crate::data::month::Month;
use crate::diagnostic::Diagnostic;
use crate::i18n::{self, fill};
use crate::model::Site;
use crate::model::scorecards::{MonthCard, Status, StatusCounts};
use crate::render::context::{Frame, Link};
use crate::render::{ContextKey, Job};
use crate::urls;

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
            url: urls::month(m.month),
            counts: m.counts,
            outlets: m.active.len(),
            current: Some(m.month) == current,
        })
        .collect()
}

/// The scorecard index: every month, newest first, with its status counts.
pub(super) fn index_job(site: &Site, keying: ContextKey) -> Result<Job, Diagnostic> {
    let t = i18n::table(site.config.language);
    let context = IndexContext {
        months: month_summaries(site),
    };
    Job::new(
        "scorecards.html",
        "data/scorecards",
        &Frame::new(urls::SCORECARDS, t["scorecards"], context),
        keying,
    )
}

// ---------------------------------------------------------------- network scorecard

#[derive(Serialize)]
pub(super) struct CellView {
    value: Option<String>,
    status: StatusView,
    rank: u32,
    /// `n = 14` when the value's sample size is given (the cell's tooltip).
    sample: Option<String>,
}

#[derive(Serialize)]
pub(super) struct OutletRow {
    id: String,
    name: String,
    region: String,
    url: String,
    cells: Vec<CellView>,
    counts: StatusCounts,
    /// Fewer of its KPIs have data than the site's `completeness` threshold.
    incomplete: bool,
}

/// One of the month's events, with whom it concerns (an outlet links to its scorecard).
#[derive(Serialize)]
struct EventView {
    when: String,
    who: String,
    url: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct RegionLink {
    name: String,
    url: String,
    /// "3 家门店".
    outlets: String,
}

#[derive(Serialize)]
struct RankingView {
    kpi: KpiHead,
    /// The caption of the ranking's data table.
    caption: String,
    chart: String,
    median: Option<String>,
    rows: Vec<RankRow>,
    /// What is said, after the first `ends` rows, of the ranked outlets left out of `rows`
    /// (a large network).
    between: Option<String>,
    ends: usize,
}

/// Outlets a month's network scorecard lists one by one: past this, its table has a row a region
/// (each region's page has its outlets) and its rankings the first and last few outlets, so that
/// the page stays light on a phone however large the network (the full figures are in the
/// month's CSV, workbook, ranking charts and region pages).
pub const MATRIX_OUTLETS: usize = crate::model::scorecards::LARGE_NETWORK;
/// Outlets shown at each end of a KPI's ranking on a large network's month page.
pub const RANKING_ENDS: usize = 5;

/// A region's row of a large network's month table: its median per KPI, judged against the
/// month's target.
#[derive(Serialize)]
struct RegionRow {
    #[serde(flatten)]
    link: RegionLink,
    cells: Vec<CellView>,
}

#[derive(Serialize)]
struct MonthContext {
    month: String,
    /// The caption of the outlets × KPIs table.
    caption: String,
    groups: Vec<GroupHead>,
    kpis: Vec<KpiHead>,
    rows: Vec<OutletRow>,
    /// A large network's table, a row a region, in place of `rows`.
    region_rows: Vec<RegionRow>,
    /// What a large network's page leaves to other pages and files, said above its table.
    compact_note: Option<String>,
    counts: StatusCounts,
    /// "N of M cells have data (P %)", and the note when that is below the threshold.
    completeness: String,
    completeness_note: Option<String>,
    events: Vec<EventView>,
    /// The regions with an outlet open this month, each linked to its page.
    regions: Vec<RegionLink>,
    rankings: Vec<RankingView>,
    previous: Option<Link>,
    next: Option<Link>,
    /// The month's quarter and year to date.
    periods: Vec<Link>,
    /// The month's commentary (`content/scorecards/YYYY-MM.md`), its figures in place.
    commentary: Option<CommentaryView>,
}

#[derive(Serialize)]
struct CommentaryView {
    title: String,
    html: String,
}

/// Outlet `o`'s row of a month's outlets × KPIs table, KPIs in `order`.
pub(super) fn outlet_row(site: &Site, month: &MonthCard, o: usize, order: &[usize]) -> OutletRow {
    let language = site.config.language;
    let outlet = &site.outlets.outlets[o];
    OutletRow {
        id: outlet.id.clone(),
        name: outlet.name.clone(),
        region: outlet.region.clone(),
        url: urls::outlet(month.month, &outlet.id),
        cells: order
            .iter()
            .map(|&k| {
                let cell = site.scorecards.cell(month, o, k);
                CellView {
                    value: cell.value.map(|v| site.catalogue.kpis[k].format_number(v)),
                    status: status_view(cell.status, language),
                    rank: cell.rank,
                    sample: cell.sample.map(|n| format!("n = {n}")),
                }
            })
            .collect(),
        counts: month.outlet_counts[o],
        incomplete: month.outlet_counts[o].incomplete(site.config.completeness),
    }
}

/// A large network's month table: each open region's median per KPI (`order`), judged against
/// the month's target, linked to the region's page.
fn region_rows(site: &Site, index: usize, order: &[usize]) -> Vec<RegionRow> {
    let language = site.config.language;
    let month = &site.scorecards.months[index];
    site.peers.months[index]
        .open_regions
        .iter()
        .map(|&r| RegionRow {
            link: region_link(site, month, r),
            cells: order
                .iter()
                .map(|&k| {
                    let kpi = &site.catalogue.kpis[k];
                    let median = site.peers.region(index, r, k).median;
                    let (target, warn) = month.bases[k];
                    let status = Status::of(median, target, warn, kpi.direction);
                    CellView {
                        value: median.map(|v| kpi.format_number(v)),
                        status: status_view(status, language),
                        rank: 0,
                        sample: None,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Region `r`'s link on a month's page, with how many of its outlets are open that month.
fn region_link(site: &Site, month: &MonthCard, r: usize) -> RegionLink {
    let t = i18n::table(site.config.language);
    let region = &site.outlets.groups.regions[r];
    let open = region
        .outlets
        .iter()
        .filter(|o| month.active.binary_search(o).is_ok())
        .count();
    RegionLink {
        name: region.name.clone(),
        url: urls::region(month.month, &region.slug),
        outlets: fill(t["region_outlets"], &[("n", &open)]),
    }
}

/// The months before and after month `index`, linked to the page `url` makes for a month.
pub(super) fn month_neighbours(
    site: &Site,
    index: usize,
    url: impl Fn(Month) -> String,
) -> (Option<Link>, Option<Link>) {
    let link = |i: usize| {
        let m = site.scorecards.months[i].month;
        Link {
            title: m.to_string(),
            url: url(m),
        }
    };
    let previous = index.checked_sub(1).map(link);
    let next = (index + 1 < site.scorecards.months.len()).then(|| link(index + 1));
    (previous, next)
}

pub(super) fn month_job(site: &Site, index: usize, keying: ContextKey) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let month = &site.scorecards.months[index];
    let order: Vec<usize> = groups(site).into_iter().flat_map(|(_, ks)| ks).collect();
    let open_regions = &site.peers.months[index].open_regions;
    let compact = month.active.len() > MATRIX_OUTLETS && open_regions.len() > 1;
    let rows = if compact {
        Vec::new()
    } else {
        month
            .active
            .iter()
            .map(|&o| outlet_row(site, month, o, &order))
            .collect()
    };
    let region_rows = if compact {
        region_rows(site, index, &order)
    } else {
        Vec::new()
    };
    let rankings = order
        .iter()
        .map(|&k| {
            let kpi = &site.catalogue.kpis[k];
            let mut rows = rank_rows(site, month, k);
            let mut between = None;
            if compact {
                rows.retain(|r| r.rank > 0);
                if rows.len() > 2 * RANKING_ENDS {
                    let left_out = rows.len() - 2 * RANKING_ENDS;
                    between = Some(fill(t["ranking_between"], &[("n", &left_out)]));
                    rows.drain(RANKING_ENDS..rows.len() - RANKING_ENDS);
                }
            }
            RankingView {
                between,
                ends: RANKING_ENDS,
                kpi: head(kpi, month.bases[k].0, language),
                caption: fill(
                    t["ranking_table_caption"],
                    &[("kpi", &kpi.name), ("month", &month.month)],
                ),
                chart: urls::ranking_chart_name(&kpi.id),
                median: month.spreads[k].median.map(|m| kpi.format(m, language)),
                rows,
            }
        })
        .collect();
    let (previous, next) = month_neighbours(site, index, urls::month);
    let (group_heads, kpi_heads) = matrix_heads(site, month, &groups(site), t);
    let context = MonthContext {
        commentary: site.commentary(month.month).map(|c| CommentaryView {
            title: c.meta.title.clone(),
            html: super::figures::commentary_html(site, c),
        }),
        month: month.month.to_string(),
        caption: fill(t["month_table_caption"], &[("month", &month.month)]),
        groups: group_heads,
        kpis: kpi_heads,
        rows,
        region_rows,
        compact_note: compact.then(|| {
            fill(
                t["month_compact_note"],
                &[("outlets", &month.active.len()), ("n", &RANKING_ENDS)],
            )
        }),
        counts: month.counts,
        completeness: fill(
            t["completeness_line"],
            &[
                ("filled", &month.counts.filled()),
                ("cells", &month.counts.total()),
                ("percent", &month.counts.filled_percent()),
            ],
        ),
        completeness_note: month.counts.incomplete(site.config.completeness).then(|| {
            fill(
                t["month_incomplete"],
                &[("threshold", &site.config.completeness)],
            )
        }),
        events: site
            .events
            .in_month(month.month)
            .map(|e| {
                let (who, url) = match &e.scope {
                    Scope::Network => (t["events_network"].to_owned(), None),
                    // A region's event links to its page of the month.
                    Scope::Region(region) => {
                        let groups = &site.outlets.groups;
                        let url = site.peers.months[index]
                            .open_regions
                            .iter()
                            .map(|&r| &groups.regions[r])
                            .find(|r| r.name == *region)
                            .map(|r| urls::region(month.month, &r.slug));
                        (region.clone(), url)
                    }
                    Scope::Outlet(o) => {
                        let outlet = &site.outlets.outlets[*o];
                        let open = month.active.contains(o);
                        (
                            outlet.name.clone(),
                            open.then(|| urls::outlet(month.month, &outlet.id)),
                        )
                    }
                };
                EventView {
                    when: e.when.clone(),
                    who,
                    url,
                    text: e.text.clone(),
                }
            })
            .collect(),
        regions: site.peers.months[index]
            .open_regions
            .iter()
            .map(|&r| region_link(site, month, r))
            .collect(),
        rankings,
        previous,
        next,
        periods: super::period::period_links(site, month.month, |p| urls::period(&p)),
    };
    let url = urls::month(month.month);
    let title = fill(t["month_scorecard_title"], &[("month", &month.month)]);
    let mut frame = Frame::new(&url, &title, context);
    frame.breadcrumbs = crumbs(&[(t["scorecards"], urls::SCORECARDS.to_owned())]);
    Job::new("month.html", &month.source, &frame, keying)
}
