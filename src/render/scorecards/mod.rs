//! The KPI side of the site: scorecard index, network and outlet scorecards, KPI catalogue and
//! KPI pages, their charts, and the monthly CSV/JSON exports.

mod files;
mod glance;
mod kpi;
mod month;
mod outlet;
mod region;
mod views;

use serde::Serialize;

use super::context::Frame;
use super::{Job, Keys, Task};
use crate::i18n::{self, fill};
use crate::model::Site;
use crate::urls;
use files::{kpi_charts, month_charts};
use kpi::kpi_job;
use month::month_job;
use outlet::outlet_job;
use region::region_job;

pub use glance::{Glance, glance};
pub use views::round;

#[derive(Serialize)]
struct RedirectContext {
    target: String,
}

/// KPI pages and the month list show every month and are always rendered; a month's pages,
/// charts and exports are reused while the months they show are unchanged.
pub(super) fn tasks<'a>(site: &'a Site, keys: &Keys) -> Vec<Task<'a>> {
    let mut tasks: Vec<Task<'_>> = Vec::new();
    if !site.catalogue.kpis.is_empty() {
        tasks.push(Task::page(move || kpi::catalogue_job(site)));
        for k in 0..site.catalogue.kpis.len() {
            tasks.push(Task::page(move || kpi_job(site, k)));
            tasks.push(Task::new(move |_| {
                let mut files = kpi_charts(site, k);
                if !site.scorecards.months.is_empty() {
                    files.push(super::kpi_history::kpi_history_csv(site, k));
                }
                Ok(files)
            }));
        }
    }
    if let Some(current) = site.scorecards.current_month() {
        tasks.push(Task::page(move || month::index_job(site)));
        tasks.push(Task::page(move || {
            let t = i18n::table(site.config.language);
            let context = RedirectContext {
                target: urls::month(current),
            };
            let title = fill(t["month_scorecard_title"], &[("month", &current)]);
            Job::new(
                "redirect.html",
                "data/scorecards",
                &Frame::new(urls::LATEST, &title, context),
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
                files.push(super::exports::wide_csv(site, month));
                files.push(super::exports::xlsx(site, month)?);
                Ok(files)
            })
            .keyed(format!("month-files/{}", month.month), key),
        );
        for &r in &site.peers.months[i].open_regions {
            let slug = &site.outlets.groups.regions[r].slug;
            tasks.push(
                Task::page(move || region_job(site, i, r))
                    .keyed(format!("region/{}/{slug}", month.month), key),
            );
        }
        for &o in &month.active {
            tasks.push(Task::page(move || outlet_job(site, i, o)).keyed(
                format!("outlet/{}/{}", month.month, site.outlets.outlets[o].id),
                key,
            ));
        }
    }
    tasks
}
