//! Period scorecards: a quarter's or a year to date's network scorecard (outlets, regions and
//! the network) and an outlet's, from the periods computed once in [`crate::model::periods`];
//! and the period links and figures the month pages show.

use serde::Serialize;

use super::views::{KpiHead, StatusView, crumbs, groups, head, status_view};
use super::{Keys, Task};
use crate::config::Language;
use crate::data::kpi::{Aggregate, Kpi};
use crate::data::month::Month;
use crate::diagnostic::Diagnostic;
use crate::hashing;
use crate::i18n::{self, Table, fill};
use crate::model::Site;
use crate::model::periods::{Figure, Kind, Period, PeriodCard};
use crate::model::scorecards::StatusCounts;
use crate::render::context::{Frame, Link};
use crate::render::{ContextKey, Job};
use crate::urls;

/// A period's name as a reader says it, `2026 年第 4 季度`, with `（截至 10 月）` while it is in
/// progress and `progress` is asked for. Links to other periods leave that out: it changes
/// with every month, and the linking pages are not rebuilt for every month.
pub(super) fn period_label(card: &PeriodCard, t: &Table, progress: bool) -> String {
    let year = card.period.year;
    let mut label = match card.period.kind {
        Kind::Quarter(q) => fill(t["period_quarter"], &[("year", &year), ("quarter", &q)]),
        Kind::YearToDate => fill(t["period_year_to_date"], &[("year", &year)]),
    };
    if progress && card.in_progress {
        label.push_str(&fill(
            t["period_to_month"],
            &[("month", &card.last.month())],
        ));
    }
    label
}

/// The quarter and the year to date a month belongs to, linked to the page `url` makes.
pub(super) fn period_links(site: &Site, month: Month, url: impl Fn(Period) -> String) -> Vec<Link> {
    let t = i18n::table(site.config.language);
    [Period::quarter(month), Period::year_to_date(month)]
        .into_iter()
        .filter_map(|p| site.periods.get(p))
        .map(|card| Link {
            title: period_label(card, t, false),
            url: url(card.period),
        })
        .collect()
}

/// One figure of a period in a table cell.
#[derive(Serialize)]
pub(super) struct FigureView {
    pub(super) value: Option<String>,
    pub(super) status: StatusView,
    /// `2/3 months` when some months had no data.
    pub(super) months: Option<String>,
}

pub(super) fn figure_view(kpi: &Kpi, figure: &Figure, t: &Table, language: Language) -> FigureView {
    FigureView {
        value: figure.value.map(|v| kpi.format(v, language)),
        status: status_view(figure.status, language),
        months: figure.partial().then(|| {
            fill(
                t["period_months"],
                &[("months", &figure.months), ("of", &figure.of)],
            )
        }),
    }
}

fn rule_label(kpi: &Kpi, t: &Table) -> &'static str {
    match kpi.aggregate {
        Aggregate::Mean => t["aggregate_mean"],
        Aggregate::Sum => t["aggregate_sum"],
        Aggregate::Last => t["aggregate_last"],
        Aggregate::Weighted(_) => t["aggregate_weighted"],
    }
}

#[derive(Serialize)]
struct PeriodKpi {
    kpi: KpiHead,
    rule: &'static str,
    /// The period's target (the network's; an outlet's override may move its own).
    target: String,
}

#[derive(Serialize)]
struct Row {
    name: String,
    region: Option<String>,
    url: Option<String>,
    cells: Vec<FigureView>,
    counts: Option<StatusCounts>,
}

#[derive(Serialize)]
struct PeriodContext {
    label: String,
    note: String,
    kpis: Vec<PeriodKpi>,
    rows: Vec<Row>,
    regions: Vec<Row>,
    /// A large network's period: its outlets are not listed one by one, and this says where
    /// they are.
    compact_note: Option<String>,
    counts: StatusCounts,
    months: Vec<Link>,
    related: Vec<Link>,
    previous: Option<Link>,
    next: Option<Link>,
}

fn period_kpis(site: &Site, card: &PeriodCard, order: &[usize], t: &Table) -> Vec<PeriodKpi> {
    let language = site.config.language;
    order
        .iter()
        .map(|&k| {
            let kpi = &site.catalogue.kpis[k];
            PeriodKpi {
                kpi: head(kpi, card.network[k].thresholds.0, language),
                rule: rule_label(kpi, t),
                target: kpi.format(card.network[k].thresholds.0, language),
            }
        })
        .collect()
}

/// The months of the period that have a scorecard, linked to the page `url` makes.
fn month_links(site: &Site, card: &PeriodCard, url: impl Fn(Month) -> String) -> Vec<Link> {
    site.scorecards
        .months
        .iter()
        .filter(|m| card.first <= m.month && m.month <= card.last)
        .map(|m| Link {
            title: m.month.to_string(),
            url: url(m.month),
        })
        .collect()
}

/// The periods of the same kind before and after `index`, linked to the page `url` makes.
fn neighbours(
    site: &Site,
    index: usize,
    url: impl Fn(Period) -> String,
) -> (Option<Link>, Option<Link>) {
    let t = i18n::table(site.config.language);
    let cards = &site.periods.cards;
    let same = |c: &&PeriodCard| {
        std::mem::discriminant(&c.period.kind) == std::mem::discriminant(&cards[index].period.kind)
    };
    let link = |c: &PeriodCard| Link {
        title: period_label(c, t, false),
        url: url(c.period),
    };
    (
        cards[..index].iter().rev().find(same).map(link),
        cards[index + 1..].iter().find(same).map(link),
    )
}

/// The other period pages of the same months: a quarter's year to date, a year's quarters.
fn related(site: &Site, card: &PeriodCard, url: impl Fn(Period) -> String) -> Vec<Link> {
    let t = i18n::table(site.config.language);
    site.periods
        .cards
        .iter()
        .filter(|c| c.period.year == card.period.year && c.period != card.period)
        .map(|c| Link {
            title: period_label(c, t, false),
            url: url(c.period),
        })
        .collect()
}

fn period_job(site: &Site, index: usize, keying: ContextKey) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let card = &site.periods.cards[index];
    let order: Vec<usize> = groups(site).into_iter().flat_map(|(_, ks)| ks).collect();
    let cells = |figures: &dyn Fn(usize) -> Figure| -> Vec<FigureView> {
        order
            .iter()
            .map(|&k| figure_view(&site.catalogue.kpis[k], &figures(k), t, language))
            .collect()
    };
    // As on the month page: more outlets than a phone can list, in more than one region.
    let large =
        card.active.len() > crate::model::scorecards::LARGE_NETWORK && card.regions.len() > 1;
    let listed: &[usize] = if large { &[] } else { &card.active };
    let rows = listed
        .iter()
        .map(|&o| {
            let outlet = &site.outlets.outlets[o];
            Row {
                name: outlet.name.clone(),
                region: Some(outlet.region.clone()),
                url: Some(urls::period_outlet(&card.period, &outlet.id)),
                cells: cells(&|k| card.figure(o, k).copied().unwrap_or(card.network[k])),
                counts: Some(card.outlet_counts[o]),
            }
        })
        .collect();
    let mut regions: Vec<Row> = card
        .regions
        .iter()
        .map(|(name, figures)| Row {
            name: name.clone(),
            region: None,
            url: None,
            cells: cells(&|k| figures[k]),
            counts: None,
        })
        .collect();
    regions.push(Row {
        name: t["period_network"].to_owned(),
        region: None,
        url: None,
        cells: cells(&|k| card.network[k]),
        counts: None,
    });
    let (previous, next) = neighbours(site, index, |p| urls::period(&p));
    let label = period_label(card, t, true);
    let context = PeriodContext {
        note: t["period_note"].to_owned(),
        kpis: period_kpis(site, card, &order, t),
        rows,
        regions,
        compact_note: large
            .then(|| fill(t["period_compact_note"], &[("outlets", &card.active.len())])),
        counts: card.counts,
        months: month_links(site, card, urls::month),
        related: related(site, card, |p| urls::period(&p)),
        previous,
        next,
        label: label.clone(),
    };
    let url = urls::period(&card.period);
    let title = fill(t["period_scorecard_title"], &[("period", &label)]);
    let mut frame = Frame::new(&url, &title, context);
    frame.breadcrumbs = crumbs(&[(t["scorecards"], urls::SCORECARDS.to_owned())]);
    Job::new("period.html", &source(site, card), &frame, keying)
}

#[derive(Serialize)]
struct OutletPeriodKpi {
    kpi: KpiHead,
    rule: &'static str,
    target: String,
    figure: FigureView,
    /// "3 / 12" among the period's ranked outlets, "—" when not ranked.
    rank: String,
}

#[derive(Serialize)]
struct OutletPeriodContext {
    label: String,
    outlet: String,
    region: String,
    city: String,
    note: String,
    kpis: Vec<OutletPeriodKpi>,
    counts: StatusCounts,
    network_url: String,
    months: Vec<Link>,
    related: Vec<Link>,
}

fn outlet_period_job(
    site: &Site,
    index: usize,
    o: usize,
    keying: ContextKey,
) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let card = &site.periods.cards[index];
    let outlet = &site.outlets.outlets[o];
    let order: Vec<usize> = groups(site).into_iter().flat_map(|(_, ks)| ks).collect();
    let kpis = order
        .iter()
        .map(|&k| {
            let kpi = &site.catalogue.kpis[k];
            let figure = card.figure(o, k).copied().unwrap_or(card.network[k]);
            OutletPeriodKpi {
                kpi: head(kpi, figure.thresholds.0, language),
                rule: rule_label(kpi, t),
                target: kpi.format(figure.thresholds.0, language),
                figure: figure_view(kpi, &figure, t, language),
                rank: match card.rank(o, k) {
                    0 => "—".to_owned(),
                    rank => format!("{rank} / {}", card.ranked[k]),
                },
            }
        })
        .collect();
    let label = period_label(card, t, true);
    let context = OutletPeriodContext {
        outlet: outlet.name.clone(),
        region: outlet.region.clone(),
        city: outlet.city.clone(),
        note: t["period_note"].to_owned(),
        kpis,
        counts: card.outlet_counts[o],
        network_url: urls::period(&card.period),
        months: month_links(site, card, |m| urls::outlet(m, &outlet.id))
            .into_iter()
            .filter(|l| Month::parse(&l.title).is_some_and(|m| outlet.active_in(m)))
            .collect(),
        related: site
            .periods
            .cards
            .iter()
            .filter(|c| c.period.year == card.period.year && c.period != card.period)
            .filter(|c| c.active.contains(&o))
            .map(|c| Link {
                title: period_label(c, t, false),
                url: urls::period_outlet(&c.period, &outlet.id),
            })
            .collect(),
        label: label.clone(),
    };
    let url = urls::period_outlet(&card.period, &outlet.id);
    let title = fill(
        t["period_outlet_title"],
        &[("outlet", &outlet.name), ("period", &label)],
    );
    let mut frame = Frame::new(&url, &title, context);
    frame.breadcrumbs = crumbs(&[
        (t["scorecards"], urls::SCORECARDS.to_owned()),
        (&label, urls::period(&card.period)),
    ]);
    Job::new("period-outlet.html", &source(site, card), &frame, keying)
}

/// A large network's older period scorecards of its outlets: each a redirect to the year on the
/// outlet's history page.
fn outlet_redirects(site: &Site, card: &PeriodCard) -> Vec<crate::output::OutputFile> {
    let t = i18n::table(site.config.language);
    let label = period_label(card, t, false);
    super::history::redirects(site, &card.active, &card.period.year, |outlet| {
        let title = fill(
            t["period_outlet_title"],
            &[("outlet", &outlet.name), ("period", &label)],
        );
        (urls::period_outlet(&card.period, &outlet.id), title)
    })
}

/// The month file a period page is reported on: its latest.
fn source(site: &Site, card: &PeriodCard) -> String {
    site.scorecards
        .months
        .iter()
        .rev()
        .find(|m| m.month <= card.last)
        .map_or_else(|| "data/scorecards".to_owned(), |m| m.source.clone())
}

/// A period's pages are reused while the months they show are unchanged: their key is made of
/// the file keys of the period's months (each covers its month file and the 12 before it, the
/// catalogue, the outlets, the period targets and the settings) and the
/// periods they link to (the one before and after, the others of the year), so that a new
/// quarter does not rebuild the years before it.
pub(super) fn tasks<'a>(site: &'a Site, keys: &Keys) -> Vec<Task<'a>> {
    let mut tasks = Vec::new();
    for (index, card) in site.periods.cards.iter().enumerate() {
        let (previous, next) = neighbours(site, index, |p| p.to_string());
        let linked = (
            previous.map(|l| l.url),
            next.map(|l| l.url),
            related(site, card, |p| p.to_string())
                .into_iter()
                .map(|l| l.url)
                .collect::<Vec<_>>(),
        );
        // What the months show, not how their own pages link (a month whose outlet scorecards
        // turned into redirects changes nothing here).
        let month_keys: Vec<u64> = site
            .scorecards
            .months
            .iter()
            .zip(&keys.month_files)
            .filter(|(m, _)| card.first <= m.month && m.month <= card.last)
            .map(|(_, &key)| key)
            .collect();
        let key = hashing::key(&(card.period.to_string(), month_keys, linked));
        tasks.push(
            Task::page(move |keying| period_job(site, index, keying))
                .keyed(format!("period/{}", card.period), key),
        );
        tasks.push(
            Task::new(move |_| Ok(vec![crate::render::exports::period_wide_csv(site, card)]))
                .keyed(format!("period-files/{}", card.period), key),
        );
        if site.scorecards.redirected(card.last, card.active.len()) {
            let key = hashing::key(&(key, "redirects"));
            tasks.push(
                Task::new(move |_| Ok(outlet_redirects(site, card)))
                    .keyed(format!("period-redirects/{}", card.period), key),
            );
            continue;
        }
        for &o in &card.active {
            tasks.push(
                Task::page(move |keying| outlet_period_job(site, index, o, keying)).keyed(
                    format!("period/{}/{}", card.period, site.outlets.outlets[o].id),
                    key,
                ),
            );
        }
    }
    tasks
}
