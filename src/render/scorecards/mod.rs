//! The KPI side of the site: scorecard index, network and outlet scorecards, KPI catalogue and
//! KPI pages, their charts, and the monthly CSV/JSON exports.

mod figures;
mod files;
mod glance;
mod history;
mod kpi;
mod month;
mod outlet;
mod period;
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

pub(crate) use figures::{commentary_html, commentary_lead, fill_body};
pub use glance::glance;

#[derive(Serialize)]
struct RedirectContext {
    target: String,
}

/// KPI pages and the month list show every month and are always rendered (a KPI's charts and
/// history are reused while no month changed); a month's pages, charts and exports are reused
/// while the months they show are unchanged.
pub(super) fn tasks<'a>(site: &'a Site, keys: &Keys) -> Vec<Task<'a>> {
    let mut tasks: Vec<Task<'_>> = Vec::new();
    if !site.catalogue.kpis.is_empty() {
        tasks.push(Task::page(move |keying| kpi::catalogue_job(site, keying)));
        // A KPI's charts and history show every month's figures (each month's files key holds
        // the catalogue and the settings too).
        let every_month_files = crate::hashing::key(&keys.month_files);
        for (k, kpi) in site.catalogue.kpis.iter().enumerate() {
            tasks.push(Task::page(move |keying| kpi_job(site, k, keying)));
            tasks.push(
                Task::new(move |_| {
                    let mut files = kpi_charts(site, k);
                    if !site.scorecards.months.is_empty() {
                        files.push(super::kpi_history::kpi_history_csv(site, k));
                    }
                    Ok(files)
                })
                .keyed(format!("kpi-files/{}", kpi.id), every_month_files),
            );
        }
    }
    if let Some(current) = site.scorecards.current_month() {
        tasks.push(Task::page(move |keying| month::index_job(site, keying)));
        tasks.push(Task::page(move |keying| {
            let t = i18n::table(site.config.language);
            let context = RedirectContext {
                target: urls::month(current),
            };
            let title = fill(t["month_scorecard_title"], &[("month", &current)]);
            Job::new(
                "redirect.html",
                "data/scorecards",
                &Frame::new(urls::LATEST, &title, context),
                keying,
            )
        }));
    }
    for (i, month) in site.scorecards.months.iter().enumerate() {
        let key = keys.months[i];
        tasks.push(
            Task::page(move |keying| month_job(site, i, keying))
                .keyed(format!("month/{}", month.month), key),
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
            .keyed(format!("month-files/{}", month.month), keys.month_files[i]),
        );
        for &r in &site.peers.months[i].open_regions {
            let slug = &site.outlets.groups.regions[r].slug;
            tasks.push(
                Task::page(move |keying| region_job(site, i, r, keying))
                    .keyed(format!("region/{}/{slug}", month.month), key),
            );
        }
        if site.scorecards.redirects_outlets(i) {
            tasks.push(
                Task::new(move |_| Ok(outlet_redirects(site, i)))
                    .keyed(format!("outlet-redirects/{}", month.month), key),
            );
            continue;
        }
        // All of an outlet scorecard but its pager: the month's figures.
        let but_pager = keys.month_files[i];
        for &o in &month.active {
            let id = &site.outlets.outlets[o].id;
            tasks.push(
                Task::page(move |keying| outlet_job(site, i, o, keying))
                    .keyed(format!("outlet/{}/{id}", month.month), key)
                    // A new month changes only the pager of the month before's scorecards.
                    .patched(
                        format!("outlet-but-pager/{}/{id}", month.month),
                        but_pager,
                        move |env, before| outlet::with_new_pager(site, i, o, env, before),
                    ),
            );
        }
    }
    // An outlet's history shows every month: its key is every month's.
    let every_month = crate::hashing::key(&keys.months);
    for o in site.scorecards.scored_outlets() {
        let id = &site.outlets.outlets[o].id;
        tasks.push(
            Task::page(move |keying| history::history_job(site, o, keying))
                .keyed(format!("outlet-history/{id}"), every_month),
        );
    }
    tasks.extend(period::tasks(site, keys));
    tasks
}

/// A large network's older outlet scorecards of month `index`: each a redirect to the month on
/// the outlet's history page.
fn outlet_redirects(site: &Site, index: usize) -> Vec<crate::output::OutputFile> {
    let t = i18n::table(site.config.language);
    let month = &site.scorecards.months[index];
    history::redirects(site, &month.active, &month.month, |outlet| {
        let title = fill(
            t["outlet_scorecard_title"],
            &[("outlet", &outlet.name), ("month", &month.month)],
        );
        (urls::outlet(month.month, &outlet.id), title)
    })
}
