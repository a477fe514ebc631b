//! A region's monthly scorecard: its outlets × KPIs (as on the network scorecard), its roll-up
//! per KPI (the median of its outlets, [`crate::model::peers`]) and its rank among regions.

use serde::Serialize;

use super::month::{OutletRow, month_neighbours, outlet_row};
use super::views::{GroupHead, KpiHead, crumbs, groups, matrix_heads};
use crate::data::events::Scope;
use crate::diagnostic::Diagnostic;
use crate::i18n::{self, fill};
use crate::model::Site;
use crate::model::scorecards::StatusCounts;
use crate::render::context::{Frame, Link};
use crate::render::{ContextKey, Job};
use crate::urls;

#[derive(Serialize)]
struct RegionFigureView {
    median: Option<String>,
    /// "2 / 5", or `None` when the region has no figure.
    rank: Option<String>,
}

#[derive(Serialize)]
struct RegionContext {
    month: String,
    month_url: String,
    region: String,
    caption: String,
    groups: Vec<GroupHead>,
    kpis: Vec<KpiHead>,
    rows: Vec<OutletRow>,
    figures: Vec<RegionFigureView>,
    counts: StatusCounts,
    /// The month's events that concern the region: its own, its outlets' and the network's.
    events: Vec<String>,
    /// The other regions of the month.
    regions: Vec<Link>,
    previous: Option<Link>,
    next: Option<Link>,
}

/// The page of region `r` in month `index`.
pub(super) fn region_job(
    site: &Site,
    index: usize,
    r: usize,
    keying: ContextKey,
) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let month = &site.scorecards.months[index];
    let groups_of = groups(site);
    let (group_heads, kpi_heads) = matrix_heads(site, month, &groups_of, t);
    let order: Vec<usize> = groups_of.iter().flat_map(|(_, ks)| ks.clone()).collect();
    let all = &site.outlets.groups.regions;
    let region = &all[r];
    let open: Vec<usize> = region
        .outlets
        .iter()
        .copied()
        .filter(|o| month.active.binary_search(o).is_ok())
        .collect();
    let mut counts = StatusCounts::default();
    for &o in &open {
        let c = month.outlet_counts[o];
        counts.green += c.green;
        counts.amber += c.amber;
        counts.red += c.red;
        counts.few += c.few;
        counts.missing += c.missing;
    }
    let figures = order
        .iter()
        .map(|&k| {
            let kpi = &site.catalogue.kpis[k];
            let figure = site.peers.region(index, r, k);
            RegionFigureView {
                median: figure.median.map(|v| kpi.format_number(v)),
                rank: (figure.rank > 0)
                    .then(|| format!("{} / {}", figure.rank, site.peers.regions_ranked(index, k))),
            }
        })
        .collect();
    // The same region in the months before and after, where it has a page.
    let has_page = |m: usize| site.peers.months[m].open_regions.contains(&r);
    let (previous, next) = {
        let (p, n) = month_neighbours(site, index, |m| urls::region(m, &region.slug));
        (
            p.filter(|_| has_page(index - 1)),
            n.filter(|_| has_page(index + 1)),
        )
    };
    let context = RegionContext {
        month: month.month.to_string(),
        month_url: urls::month(month.month),
        region: region.name.clone(),
        caption: fill(
            t["region_table_caption"],
            &[("region", &region.name), ("month", &month.month)],
        ),
        groups: group_heads,
        kpis: kpi_heads,
        rows: open
            .iter()
            .map(|&o| outlet_row(site, month, o, &order))
            .collect(),
        figures,
        counts,
        events: site
            .events
            .in_month(month.month)
            .filter(|e| match &e.scope {
                Scope::Network => true,
                Scope::Region(name) => *name == region.name,
                Scope::Outlet(o) => open.contains(o),
            })
            .map(|e| {
                let who = match &e.scope {
                    Scope::Network => t["events_network"],
                    Scope::Region(name) => name.as_str(),
                    Scope::Outlet(o) => site.outlets.outlets[*o].name.as_str(),
                };
                format!("{} · {who}{}{}", e.when, t["colon"], e.text)
            })
            .collect(),
        regions: site.peers.months[index]
            .open_regions
            .iter()
            .filter(|&&other| other != r)
            .map(|&other| Link {
                title: all[other].name.clone(),
                url: urls::region(month.month, &all[other].slug),
            })
            .collect(),
        previous,
        next,
    };
    let url = urls::region(month.month, &region.slug);
    let title = fill(
        t["region_scorecard_title"],
        &[("region", &region.name), ("month", &month.month)],
    );
    let mut frame = Frame::new(&url, &title, context);
    frame.breadcrumbs = crumbs(&[
        (t["scorecards"], urls::SCORECARDS.to_owned()),
        (&month.month.to_string(), urls::month(month.month)),
    ]);
    Job::new("region.html", &month.source, &frame, keying)
}
