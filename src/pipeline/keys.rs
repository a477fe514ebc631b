//! The keys of what groups of outputs depend on, computed once per build from the model and
//! the loaded files and handed to the renderer, which adds the theme's key. A group whose key
//! is unchanged since the previous build is not rendered again, so each key must change with
//! everything its outputs show, and only with that.

use std::collections::HashMap;

use crate::data::month::Month;
use crate::frontmatter::Kind;
use crate::hashing;
use crate::load::SiteFiles;
use crate::model::Site;
use crate::render::InputKeys;

/// The keys of the Markdown side and of each month (see [`InputKeys`]).
pub fn input_keys(site: &Site, files: &SiteFiles) -> InputKeys {
    let settings = hashing::json_key(0, &site.config);
    let catalogue = files
        .kpis
        .as_ref()
        .map(|f| hashing::content_hash(f.text.as_bytes()));
    InputKeys {
        content: content_key(site, settings, catalogue),
        months: month_keys(site, files, settings, catalogue),
    }
}

/// Pages, sections and tags: every page's and section index's text, the settings and the
/// catalogue (pages link to KPIs).
fn content_key(site: &Site, settings: u64, catalogue: Option<u64>) -> u64 {
    let sources: Vec<(&str, &str)> = site
        .pages
        .iter()
        .map(|p| (p.source.path.as_str(), &*p.source.text))
        .chain(site.sections.iter().filter_map(|s| {
            s.index
                .as_ref()
                .map(|i| (i.source.path.as_str(), &*i.source.text))
        }))
        .collect();
    hashing::key(&(settings, catalogue, sources))
}

/// Per month: the month files of the 13 months up to it, its neighbours, and what every month
/// shows (settings, catalogue, outlets and events, the playbooks' "what to do" links).
fn month_keys(site: &Site, files: &SiteFiles, settings: u64, catalogue: Option<u64>) -> Vec<u64> {
    let playbooks: Vec<(&str, &str, &Kind)> = site
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.meta.title.as_str(), &p.meta.kind))
        .collect();
    let outlets = files
        .outlets
        .iter()
        .chain(&files.events)
        .map(|f| hashing::content_hash(f.text.as_bytes()))
        .collect::<Vec<_>>();
    let every_month = hashing::json_key(
        hashing::key(&(settings, catalogue, outlets, &site.playbooks_by_kpi)),
        &playbooks,
    );
    let texts: HashMap<&str, &str> = files
        .scorecards
        .iter()
        .map(|f| (f.path.as_str(), &*f.text))
        .collect();
    let month_files: HashMap<Month, u64> = site
        .scorecards
        .months
        .iter()
        .filter_map(|m| {
            let text = texts.get(m.source.as_str())?;
            Some((m.month, hashing::content_hash(text.as_bytes())))
        })
        .collect();
    let months = &site.scorecards.months;
    (0..months.len())
        .map(|i| {
            let m = months[i].month;
            let window: Vec<(String, Option<u64>)> = (0..=12)
                .map(|back| {
                    let w = m.plus(-back);
                    (w.to_string(), month_files.get(&w).copied())
                })
                .collect();
            let neighbours = (
                i.checked_sub(1).map(|p| months[p].month.to_string()),
                months.get(i + 1).map(|n| n.month.to_string()),
            );
            hashing::key(&(every_month, window, neighbours))
        })
        .collect()
}
