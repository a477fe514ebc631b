//! The KPI catalogue and a KPI's page: its description, network history, the current
//! month's distribution and the playbooks that name it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{Action, KpiHead, RankRow, actions, crumbs, groups, head, rank_rows};
use crate::data::events::Scope;
use crate::data::month::Month;
use crate::diagnostic::Diagnostic;
use crate::i18n::{self, fill};
use crate::model::Site;
use crate::model::scorecards::StatusCounts;
use crate::render::context::Frame;
use crate::render::{ContextKey, Job};
use crate::urls;

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
    // The target of the current month (its quarter's or year's), as the month pages show it.
    let (target, warn) = current.map_or((kpi.target, kpi.warn), |m| m.bases[k]);
    KpiSummary {
        head: head(kpi, target, language),
        name_en: kpi.name_en.clone(),
        unit: kpi.unit.name(),
        unit_label: i18n::table(language)[kpi.unit.label_key()],
        group_label: i18n::table(language)[kpi.group.label_key()],
        warn: kpi.format(warn, language),
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
    /// "≥ 84.0": the month's target (shown when the target changes over the months).
    target: String,
    /// The month's events, each with whom it concerns: "华北：新任区域经理到岗".
    events: Vec<String>,
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
    /// Whether any month has an event (the history table's events column).
    any_events: bool,
    /// Whether the target changes over the months (the history table's target column).
    targets_change: bool,
    distribution: Vec<RankRow>,
    /// Captions of the monthly table and the distribution's data table.
    history_caption: String,
    distribution_caption: String,
    playbooks: Vec<Action>,
}

pub(super) fn kpi_job(site: &Site, k: usize, keying: ContextKey) -> Result<Job, Diagnostic> {
    let language = site.config.language;
    let t = i18n::table(language);
    let kpi = &site.catalogue.kpis[k];
    let current = site.scorecards.current();
    // Events by month, once: the list is sorted by month.
    let mut events: BTreeMap<Month, Vec<String>> = BTreeMap::new();
    for e in &site.events.events {
        let who = match &e.scope {
            Scope::Network => t["events_network"],
            Scope::Region(region) => region.as_str(),
            Scope::Outlet(o) => site.outlets.outlets[*o].name.as_str(),
        };
        events
            .entry(e.month)
            .or_default()
            .push(format!("{who}{}{}", t["colon"], e.label()));
    }
    let network: Vec<NetworkRow> = site
        .scorecards
        .months
        .iter()
        .rev()
        .map(|m| {
            let s = m.spreads[k];
            NetworkRow {
                month: m.month.to_string(),
                url: urls::month(m.month),
                median: s.median.map(|v| kpi.format(v, language)),
                q1: s.q1.map(|v| kpi.format(v, language)),
                q3: s.q3.map(|v| kpi.format(v, language)),
                counts: m.kpi_counts[k],
                target: head(kpi, m.bases[k].0, language).target,
                events: events.get(&m.month).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let distribution = current.map(|m| rank_rows(site, m, k)).unwrap_or_default();
    let context = KpiContext {
        kpi: summary(site, k),
        body: site.kpi_descriptions[k].clone(),
        description: kpi
            .description
            .as_deref()
            .map(crate::markdown::summary_text)
            .unwrap_or_default(),
        month: current.map(|m| m.month.to_string()),
        any_events: network.iter().any(|r| !r.events.is_empty()),
        targets_change: site
            .scorecards
            .months
            .windows(2)
            .any(|w| w[0].bases[k] != w[1].bases[k]),
        network,
        distribution,
        history_caption: fill(t["history_table_caption"], &[("kpi", &kpi.name)]),
        distribution_caption: current
            .map(|m| {
                fill(
                    t["ranking_table_caption"],
                    &[("kpi", &kpi.name), ("month", &m.month)],
                )
            })
            .unwrap_or_default(),
        playbooks: actions(site, k, t),
    };
    let url = urls::kpi(&kpi.id);
    let mut frame = Frame::new(&url, &kpi.name, context);
    frame.breadcrumbs = crumbs(&[(t["kpis"], urls::KPIS.to_owned())]);
    Job::new("kpi.html", "data/kpis.yaml", &frame, keying)
}

/// The KPI catalogue: every KPI by group, with the current month's median and status counts.
pub(super) fn catalogue_job(site: &Site, keying: ContextKey) -> Result<Job, Diagnostic> {
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
        &Frame::new(urls::KPIS, t["kpi_catalogue"], context),
        keying,
    )
}
