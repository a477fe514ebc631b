//! The output plan: every path a build will write, known from the model before anything is
//! rendered, each with what writes it. `check` uses it twice: to report two sources that want
//! one path (also paths that differ only in letter case or Unicode normalisation, which
//! overwrite each other on macOS and Windows file systems), and to check links against the
//! URLs the site will really have.
//!
//! The paths mirror what `render` writes (pages, sections, tags, KPI pages and charts, month
//! and outlet scorecards, charts and exports, `404.html`, `sitemap.xml`, the search page and
//! index, static files); a test compares the plan with a real build's files.

use std::collections::BTreeMap;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::{Code, Diagnostic, Position};
use crate::load::StaticFile;
use crate::messages::{Msg, Text};
use crate::msg;
use crate::urls;

use super::Site;

/// Where the search index goes; its file names are known only once it is built.
pub const SEARCH_INDEX_DIR: &str = "search/data/";

/// What writes an output path.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The source file to point at (relative to the site root); `None` for what pitwall makes
    /// from the whole site (the sitemap, the search page, the KPI catalogue).
    pub path: Option<String>,
    pub at: Option<Position>,
    /// For messages: "the page `content/a.md`", "the KPI `csi`".
    pub what: Text,
    /// The Markdown source (relative to `content/`) of a page or section.
    pub content_path: Option<String>,
}

impl Origin {
    fn file(path: &str, at: Option<Position>, what: Text) -> Origin {
        Origin {
            path: Some(path.to_owned()),
            at,
            what,
            content_path: None,
        }
    }

    fn site(what: Msg) -> Origin {
        Origin {
            path: None,
            at: None,
            what: what.into(),
            content_path: None,
        }
    }
}

/// Every output path of the build, by path relative to the output folder.
#[derive(Debug, Default)]
pub struct Plan {
    files: BTreeMap<String, Origin>,
    /// Whether the search index is written under [`SEARCH_INDEX_DIR`].
    search_index: bool,
    collisions: Vec<Diagnostic>,
}

/// Output paths are compared as file systems that ignore case and Unicode form compare them.
pub fn fold(path: &str) -> String {
    // Most paths are ASCII, which normalisation leaves as it is.
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    path.to_lowercase().nfc().collect()
}

impl Plan {
    /// Plans the build of `site`: its pages and generated pages, `static_files` (the theme's
    /// and the site's, with the site's winning, as `render` copies them) and, when
    /// `search_index`, the search index folder.
    pub fn new(site: &Site, builtin_static: &[&str], static_files: &[StaticFile]) -> Plan {
        let mut entries: Vec<(String, Origin)> = Vec::new();
        for section in &site.sections {
            let origin = match &section.index {
                Some(index) => Origin {
                    content_path: Some(index.content_path.clone()),
                    ..Origin::file(
                        &index.source.path,
                        None,
                        msg!(OriginPage, path = index.source.path),
                    )
                },
                None if section.dir.is_empty() => Origin::site(Msg::OriginHome),
                None => Origin::file(
                    &format!("content/{}", section.dir),
                    None,
                    msg!(OriginSection, dir = section.dir),
                ),
            };
            page(&mut entries, &section.url, origin);
        }
        for p in &site.pages {
            let origin = Origin {
                content_path: Some(p.content_path.clone()),
                ..Origin::file(&p.source.path, None, msg!(OriginPage, path = p.source.path))
            };
            page(&mut entries, &p.url, origin);
        }
        page(&mut entries, urls::SEARCH, Origin::site(Msg::OriginSearch));
        if !site.glossary.entries.is_empty() {
            let origin = Origin::file("data/glossary.yaml", None, Msg::OriginGlossary.into());
            page(&mut entries, urls::GLOSSARY, origin);
        }
        if !site.tags.is_empty() {
            page(&mut entries, urls::TAGS, Origin::site(Msg::OriginTagList));
        }
        for tag in site.tags.values() {
            let Some(first) = tag.pages.first().map(|&i| &site.pages[i]) else {
                continue;
            };
            let at = first
                .meta
                .tags
                .iter()
                .position(|t| super::tag_key(t) == super::tag_key(&tag.name))
                .and_then(|i| first.meta.tag_positions.get(i).copied())
                .flatten();
            page(
                &mut entries,
                &urls::tag(&tag.slug),
                Origin::file(&first.source.path, at, msg!(OriginTag, name = tag.name)),
            );
        }
        let months = &site.scorecards.months;
        if !site.catalogue.kpis.is_empty() {
            page(
                &mut entries,
                urls::KPIS,
                Origin::site(Msg::OriginKpiCatalogue),
            );
        }
        for kpi in &site.catalogue.kpis {
            let origin = || Origin::file("data/kpis.yaml", kpi.at, msg!(OriginKpi, id = kpi.id));
            page(&mut entries, &urls::kpi(&kpi.id), origin());
            if !months.is_empty() {
                for chart in [
                    urls::kpi_trend_chart(&kpi.id),
                    urls::kpi_distribution_chart(&kpi.id),
                    urls::kpi_history_csv(&kpi.id),
                ] {
                    entries.push((chart, origin()));
                }
            }
        }
        if !months.is_empty() {
            page(
                &mut entries,
                urls::SCORECARDS,
                Origin::site(Msg::OriginMonths),
            );
            page(&mut entries, urls::LATEST, Origin::site(Msg::OriginLatest));
        }
        // A month's and a period's outputs are many (one page an outlet): made in parallel, in
        // order.
        entries.par_extend(months.par_iter().flat_map_iter(|month| {
            let mut entries = Vec::new();
            let origin =
                || Origin::file(&month.source, None, msg!(OriginMonth, month = month.month));
            page(&mut entries, &urls::month(month.month), origin());
            for kpi in &site.catalogue.kpis {
                entries.push((urls::ranking_chart(month.month, &kpi.id), origin()));
            }
            for export in urls::EXPORTS.iter().chain(&urls::DIGESTS) {
                entries.push((urls::month_file(month.month, export), origin()));
            }
            for url in site.region_urls(month.month) {
                page(&mut entries, &url, origin());
            }
            for &o in &month.active {
                let outlet = &site.outlets.outlets[o].id;
                page(
                    &mut entries,
                    &urls::outlet(month.month, outlet),
                    Origin::file(
                        &month.source,
                        None,
                        msg!(OriginOutletMonth, outlet = outlet, month = month.month),
                    ),
                );
            }
            entries
        }));
        for o in site.scorecards.scored_outlets() {
            let outlet = &site.outlets.outlets[o].id;
            page(
                &mut entries,
                &urls::outlet_history(outlet),
                Origin::file(
                    "data/outlets.yaml",
                    None,
                    msg!(OriginOutletHistory, outlet = outlet),
                ),
            );
        }
        entries.par_extend(site.periods.cards.par_iter().flat_map_iter(|card| {
            let mut entries = Vec::new();
            // A period page comes from its latest month file.
            let source = site
                .scorecards
                .get(card.last)
                .or(site.scorecards.current())
                .map_or("data/scorecards", |m| m.source.as_str());
            let origin = |what| Origin::file(source, None, what);
            page(
                &mut entries,
                &urls::period(&card.period),
                origin(msg!(OriginPeriod, period = card.period)),
            );
            entries.push((
                urls::period_file(&card.period, urls::SCORECARD_WIDE_CSV),
                origin(msg!(OriginPeriod, period = card.period)),
            ));
            for &o in &card.active {
                let outlet = &site.outlets.outlets[o].id;
                page(
                    &mut entries,
                    &urls::period_outlet(&card.period, outlet),
                    origin(msg!(
                        OriginOutletPeriod,
                        outlet = outlet,
                        period = card.period
                    )),
                );
            }
            entries
        }));
        if super::changes::any(site) {
            let origin = || Origin::site(Msg::OriginChanges);
            page(&mut entries, super::changes::CHANGES_URL, origin());
            entries.push((super::changes::FEED_PATH.to_owned(), origin()));
        }
        entries.push(("404.html".to_owned(), Origin::site(Msg::Origin404)));
        entries.push(("sitemap.xml".to_owned(), Origin::site(Msg::OriginSitemap)));
        // `robots.txt` is made from `visibility` unless the site has its own.
        if !static_files.iter().any(|f| f.output_path == "robots.txt") {
            entries.push(("robots.txt".to_owned(), Origin::site(Msg::OriginSitemap)));
        }
        // The site's static files replace the theme's at the same path (render does the same).
        let mut statics: BTreeMap<String, Origin> = builtin_static
            .iter()
            .map(|name| {
                (
                    format!("static/{name}"),
                    Origin::site(Msg::OriginThemeStatic),
                )
            })
            .collect();
        for file in static_files {
            statics.insert(
                file.output_path.clone(),
                Origin::file(&file.source, None, msg!(OriginStatic, path = file.source)),
            );
        }
        entries.extend(statics);
        let search_index = site.config.search;
        let mut plan = Plan {
            files: BTreeMap::new(),
            search_index,
            collisions: Vec::new(),
        };
        plan.add(entries);
        plan
    }

    fn add(&mut self, entries: Vec<(String, Origin)>) {
        // Grouped by folded path, each group in the order the entries came.
        let mut keyed: Vec<(String, usize, String, Origin)> = entries
            .into_par_iter()
            .enumerate()
            .map(|(at, (path, origin))| (fold(&path), at, path, origin))
            .collect();
        keyed.par_sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        let mut groups: Vec<(String, Vec<(String, Origin)>)> = Vec::new();
        for (key, _, path, origin) in keyed {
            match groups.last_mut() {
                Some((last, group)) if *last == key => group.push((path, origin)),
                _ => groups.push((key, vec![(path, origin)])),
            }
        }
        for (key, group) in groups {
            if self.search_index && key.starts_with(SEARCH_INDEX_DIR) {
                for (path, origin) in &group {
                    self.collide_with_search(path, origin);
                }
            }
            for (i, (path, origin)) in group.iter().enumerate() {
                let others: Vec<&(String, Origin)> = group
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, e)| e)
                    .collect();
                if let (Some(file), false) = (&origin.path, others.is_empty()) {
                    self.collisions.push(collision(file, path, origin, &others));
                }
            }
            let mut group = group.into_iter();
            if let Some((path, origin)) = group.next() {
                self.files.insert(path, origin);
            }
        }
    }

    fn collide_with_search(&mut self, path: &str, origin: &Origin) {
        let Some(file) = &origin.path else { return };
        self.collisions.push(
            Diagnostic::error(
                Code::DuplicateOutput,
                file,
                origin.at,
                msg!(
                    CollidesWithSearch,
                    what = origin.what,
                    path = path,
                    dir = SEARCH_INDEX_DIR
                ),
            )
            .with_hint(Msg::CollidesWithSearchHint),
        );
    }

    /// Two sources that want one output path, as errors at each source.
    pub fn collisions(&self) -> &[Diagnostic] {
        &self.collisions
    }

    /// What writes the output path `path`.
    pub fn get(&self, path: &str) -> Option<&Origin> {
        self.files.get(path)
    }

    /// What answers the URL path `url` (no leading `/`): a page when it ends in `/` (or is
    /// empty: the home page), a file otherwise. Anything under the search index folder exists
    /// when search is on.
    pub fn resolve(&self, url: &str) -> Option<Resolved<'_>> {
        if url.is_empty() || url.ends_with('/') {
            return self
                .files
                .get(&format!("{url}index.html"))
                .map(Resolved::Output);
        }
        if let Some(origin) = self.files.get(url) {
            return Some(Resolved::Output(origin));
        }
        (self.search_index && url.starts_with(SEARCH_INDEX_DIR)).then_some(Resolved::SearchIndex)
    }

    /// Every URL of the site: pages as `dir/`, files as `dir/file`.
    pub fn urls(&self) -> impl Iterator<Item = (String, &Origin)> {
        self.files.iter().map(|(path, origin)| {
            let url = match path.strip_suffix("index.html") {
                Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_owned(),
                _ => path.clone(),
            };
            (url, origin)
        })
    }

    /// Every planned output path (for tests that compare the plan with a build).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// A page at `url` is written as `url` + `index.html`.
fn page(entries: &mut Vec<(String, Origin)>, url: &str, origin: Origin) {
    entries.push((format!("{url}index.html"), origin));
}

/// What a URL of the site is.
#[derive(Debug)]
pub enum Resolved<'a> {
    Output(&'a Origin),
    SearchIndex,
}

fn collision(file: &str, path: &str, origin: &Origin, others: &[&(String, Origin)]) -> Diagnostic {
    let mut who = origin.what.clone();
    for (other_path, o) in others {
        let other = if other_path == path {
            o.what.clone()
        } else {
            msg!(OriginAt, what = o.what, path = other_path)
        };
        who = msg!(And, a = who, b = other);
    }
    let d = Diagnostic::error(
        Code::DuplicateOutput,
        file,
        origin.at,
        msg!(DuplicateOutput, who = who, path = path),
    );
    if others.iter().any(|(other_path, _)| other_path != path) {
        d.with_hint(Msg::DuplicateOutputCaseHint)
    } else {
        d.with_hint(Msg::DuplicateOutputHint)
    }
}
