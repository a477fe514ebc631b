//! Views shared by the scorecard pages: a status with its symbol, a change with its arrow, a
//! KPI's heading, KPI groups, breadcrumbs, ranking rows and "what to do" links.

use serde::Serialize;

use crate::config::Language;
use crate::data::events::Event;
use crate::data::kpi::{Direction, Group, Kpi, round};
use crate::frontmatter::Kind;
use crate::i18n::{self, Table, fill};
use crate::model::Site;
use crate::model::pages::Crumb;
use crate::model::scorecards::{MonthCard, Status};
use crate::urls;

#[derive(Serialize)]
pub(super) struct StatusView {
    pub(super) key: &'static str,
    pub(super) symbol: &'static str,
    pub(super) label: &'static str,
}

pub(super) fn status_view(status: Status, language: Language) -> StatusView {
    let words = i18n::words(language);
    let label = match status {
        Status::Green => words.status_green,
        Status::Amber => words.status_amber,
        Status::Red => words.status_red,
        Status::Few => i18n::table(language)["status_few"],
        Status::Missing => words.status_missing,
    };
    StatusView {
        key: status.as_str(),
        symbol: status.symbol(),
        label,
    }
}

/// A signed change, rounded to the KPI's precision, and whether it is an improvement.
#[derive(Serialize)]
pub(super) struct ChangeView {
    pub(super) text: String,
    pub(super) trend: &'static str,
}

pub(super) fn change_view(kpi: &Kpi, change: Option<f64>) -> Option<ChangeView> {
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

#[derive(Serialize)]
pub(super) struct KpiHead {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) url: String,
    pub(super) target: String,
    pub(super) direction: &'static str,
}

pub(super) fn direction_label(kpi: &Kpi, language: Language) -> &'static str {
    match kpi.direction {
        Direction::Higher => i18n::words(language).direction_higher,
        Direction::Lower => i18n::words(language).direction_lower,
    }
}

/// A KPI's heading, with `target`: the one that applies where the heading shows (a month's
/// or a period's, [`crate::data::targets`]), never the catalogue's by default.
pub(super) fn head(kpi: &Kpi, target: f64, language: Language) -> KpiHead {
    KpiHead {
        id: kpi.id.clone(),
        name: kpi.name.clone(),
        url: urls::kpi(&kpi.id),
        target: format!(
            "{}{}",
            if kpi.direction == Direction::Higher {
                "≥ "
            } else {
                "≤ "
            },
            kpi.format(target, language)
        ),
        direction: direction_label(kpi, language),
    }
}

#[derive(Serialize)]
pub(super) struct GroupHead {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) span: usize,
}

/// The heads of a month's outlets × KPIs table: the KPI groups over their columns, and each
/// KPI with the month's target, in the order of `groups`.
pub(super) fn matrix_heads(
    site: &Site,
    month: &MonthCard,
    groups: &[(Group, Vec<usize>)],
    t: &Table,
) -> (Vec<GroupHead>, Vec<KpiHead>) {
    let heads = groups
        .iter()
        .map(|(g, ks)| GroupHead {
            key: g.key(),
            label: t[g.label_key()],
            span: ks.len(),
        })
        .collect();
    let kpis = groups
        .iter()
        .flat_map(|(_, ks)| ks)
        .map(|&k| {
            let kpi = &site.catalogue.kpis[k];
            head(kpi, month.bases[k].0, site.config.language)
        })
        .collect();
    (heads, kpis)
}

/// KPI groups in order, with the KPIs (catalogue positions) of each.
pub(super) fn groups(site: &Site) -> Vec<(Group, Vec<usize>)> {
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

pub(super) fn crumbs(items: &[(&str, String)]) -> Vec<Crumb> {
    items
        .iter()
        .map(|(t, u)| Crumb {
            title: (*t).to_owned(),
            url: u.clone(),
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct RankRow {
    pub(super) rank: u32,
    pub(super) outlet: String,
    pub(super) value: Option<String>,
    pub(super) status: StatusView,
}

/// The rows of KPI `k`'s ranking in `month` as a table shows them, best first.
pub(super) fn rank_rows(site: &Site, month: &MonthCard, k: usize) -> Vec<RankRow> {
    let language = site.config.language;
    let kpi = &site.catalogue.kpis[k];
    ranking_rows(site, month, k)
        .into_iter()
        .map(|r| RankRow {
            rank: r.rank,
            value: value_text(kpi, r.value, r.sample, language),
            outlet: r.outlet,
            status: status_view(r.status, language),
        })
        .collect()
}

/// "Vertical lines mark events: 2026-08-05 DMS switch; …", for a chart's description.
pub(super) fn events_desc(events: &[&Event], t: &Table) -> String {
    let list: Vec<String> = events
        .iter()
        .map(|e| format!("{} {}", e.when, e.text))
        .collect();
    fill(
        t["events_desc"],
        &[("events", &list.join(t["events_separator"]))],
    )
}

/// One outlet in a KPI's ranking of a month.
#[derive(Clone)]
pub(super) struct Ranked {
    pub(super) outlet: String,
    /// Its place in the outlets.
    pub(super) at: usize,
    pub(super) value: Option<f64>,
    pub(super) status: Status,
    /// 0 when not ranked (no data, or too few answers).
    pub(super) rank: u32,
    pub(super) sample: Option<u32>,
}

/// The outlets open in `month`, best first; those not ranked last.
pub(super) fn ranking_rows(site: &Site, month: &MonthCard, k: usize) -> Vec<Ranked> {
    let mut rows: Vec<Ranked> = month
        .active
        .iter()
        .map(|&o| {
            let cell = site.scorecards.cell(month, o, k);
            Ranked {
                outlet: site.outlets.outlets[o].name.clone(),
                at: o,
                value: cell.value,
                status: cell.status,
                rank: cell.rank,
                sample: cell.sample,
            }
        })
        .collect();
    rows.sort_by_key(|r| (r.rank == 0, r.rank));
    rows
}

/// A value with its unit, and its sample size when one is given: `91.2 (n = 14)`.
pub(super) fn value_text(
    kpi: &Kpi,
    value: Option<f64>,
    sample: Option<u32>,
    language: Language,
) -> Option<String> {
    let text = kpi.format(value?, language);
    Some(match sample {
        Some(n) => format!("{text} (n = {n})"),
        None => text,
    })
}

#[derive(Serialize)]
pub(super) struct Action {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) kind: &'static str,
    pub(super) detail: Option<String>,
}

/// Playbooks and training parts whose `kpis` name this KPI: "what to do" when it is not green.
pub(super) fn actions(site: &Site, k: usize, t: &'static Table) -> Vec<Action> {
    site.playbooks_by_kpi[k]
        .iter()
        .map(|&p| action(site, p, t))
        .collect()
}

pub(super) fn action(site: &Site, p: usize, t: &'static Table) -> Action {
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
