//! The build pipeline, phase by phase: load → parse → model → check → render. Each phase takes
//! the previous phase's value; diagnostics are collected all the way and judged at the end. The
//! keys of what groups of outputs depend on are computed here (`keys`) and handed to the renderer.

mod keys;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use jiff::civil::Date;

use crate::check;
use crate::config;
use crate::data::month::Month;
use crate::diagnostic::Report;
use crate::load;
use crate::messages::Msg;
use crate::model;
use crate::output::Sink;
use crate::render;

/// What a build or check is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub month: Option<Month>,
    /// The date against which `review_by` is judged.
    pub today: Date,
    /// Show the phase being worked on (on a terminal only).
    pub progress: bool,
    /// Build the search index (when the site has search on); with a `search_docs` store made by
    /// `DocStore::later` (`serve`), only collect the pages' text and leave the index to the caller.
    pub search_index: bool,
    /// Bodies and outputs of the previous build, reused where their inputs did not change.
    pub cache: Option<std::sync::Arc<crate::cache::BuildCache>>,
    /// The pages' searchable text from the previous index run (`serve` keeps one in memory);
    /// `None` takes the store in `cache_dir`, or none.
    pub search_docs: Option<Arc<render::search::DocStore>>,
    /// Where month files read before are kept parsed (`.pitwall-cache/` under the site), so
    /// that a build reads only the month files that changed; `None` reads every one.
    pub cache_dir: Option<PathBuf>,
    /// The language of diagnostics and progress (`--lang`); `None` takes the site's.
    pub language: Option<crate::config::Language>,
    /// Keep the model and templates of a successful build in [`Outcome::kept`] (`serve`, to
    /// show a saved page at once with [`render_saved`]).
    pub keep: bool,
    /// Read no cache on disk (`build --clean`): not even the history of commits read before.
    pub clean: bool,
    /// Build one audience's bundle (`region:华东`); `None` builds the whole site.
    pub audience: Option<String>,
}

/// Shows which phase is running on a terminal; silent elsewhere.
struct Progress {
    on: bool,
    language: crate::config::Language,
    started: Instant,
    phase_started: Instant,
    timings: Vec<(&'static str, u128)>,
}

impl Progress {
    fn new(on: bool) -> Self {
        use std::io::IsTerminal;
        let now = Instant::now();
        Progress {
            on: on && std::io::stderr().is_terminal(),
            language: crate::config::Language::ZhCn,
            started: now,
            phase_started: now,
            timings: Vec::new(),
        }
    }

    /// Ends the running phase (named `done`) and shows the next one.
    fn next(&mut self, done: &'static str, next: crate::messages::Msg) {
        let now = Instant::now();
        self.timings
            .push((done, now.duration_since(self.phase_started).as_millis()));
        self.phase_started = now;
        if self.on {
            eprint!("\r\x1b[K{}…", next.template(self.language));
        }
    }

    fn finish(&mut self) {
        if self.on {
            eprint!("\r\x1b[K");
        }
    }
}

/// Scorecard pages by kind, for the summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scorecards {
    pub monthly: usize,
    pub regional: usize,
    pub periods: usize,
}

impl Scorecards {
    pub fn total(&self) -> usize {
        self.monthly + self.regional + self.periods
    }
}

/// Counts for the one-line summary.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub pages: usize,
    /// Scorecard pages: the months' network and outlet pages, the months' region pages, and
    /// the quarters' and years' network and outlet pages.
    pub scorecards: Scorecards,
    pub charts: usize,
    pub files: usize,
    pub millis: u128,
    /// Milliseconds per phase, in order.
    pub phases: Vec<(&'static str, u128)>,
    /// Milliseconds spent reading page history (while pages parse), and commits read from
    /// the repository rather than the history cache.
    pub history: (u128, usize),
}

impl Stats {
    /// `读取 12，解析与建模 80，…` / `load 12, parse+model 80, …` (milliseconds per phase).
    pub fn phase_summary(&self, language: crate::config::Language) -> String {
        let phases: Vec<String> = self
            .phases
            .iter()
            .map(|(p, ms)| format!("{} {ms}", phase_name(p, language)))
            .collect();
        let comma = match language {
            crate::config::Language::ZhCn => "，",
            crate::config::Language::En => ", ",
        };
        phases.join(comma)
    }
}

/// The name of the phase keyed `key` (`load`, `parse+model`, `check`, `render`, `history`,
/// `write`) as a user reads it, in `serve`'s line after each build and `build --verbose`.
pub fn phase_name(key: &str, language: crate::config::Language) -> &str {
    let name = match key {
        "load" => Msg::PhaseLoad,
        "parse+model" => Msg::PhaseModel,
        "check" => Msg::PhaseCheck,
        "render" => Msg::PhaseRender,
        "history" => Msg::PhaseHistory,
        "write" => Msg::PhaseWrite,
        other => return other,
    };
    name.template(language)
}

/// Everything a run produced: diagnostics, the sources they point into, and whether the whole
/// site was rendered into the sink (true only without errors).
pub struct Outcome {
    pub report: Report,
    pub sources: BTreeMap<String, Arc<str>>,
    pub rendered: bool,
    pub stats: Stats,
    /// Lines the command says once, apart from diagnostics (history missing or truncated).
    pub notes: Vec<crate::messages::Text>,
    /// The pages' searchable text, when the site has search on and the build was asked for it.
    pub search: Option<Arc<render::search::DocStore>>,
    /// The site's model and templates, when the build succeeded and was asked to keep them.
    pub kept: Option<Arc<Kept>>,
}

/// What a successful build leaves for [`render_saved`].
pub struct Kept {
    site: model::Site,
    templates: render::Templates,
}

/// The outputs of the Markdown pages at `changed` (paths as the watcher reports them) rendered
/// again with the model and templates of the build before: what `serve` shows at once after a
/// save, while the whole site is built again. `None` unless every changed file is a page of
/// that build whose front matter is unchanged and whose new body has no errors (any other
/// change needs the whole build: titles, links and lists of other pages may show it).
pub fn render_saved(kept: &Kept, changed: &[PathBuf]) -> Option<Vec<crate::output::OutputFile>> {
    let site = &kept.site;
    let mut files = Vec::new();
    for path in changed {
        let Some(page) = site.pages.iter().find(|p| p.source.abs_path == *path) else {
            // An editor's temporary file, already gone (vim's `4913`, JetBrains' `___jb_tmp___`).
            if path.exists() {
                return None;
            }
            continue;
        };
        let text = std::fs::read_to_string(path).ok()?;
        if *text == *page.source.text {
            continue;
        }
        let page = model::pages::with_body(site, page, Arc::from(text))?;
        files.push(render::saved_page(site, &kept.templates, &page).ok()?);
    }
    (!files.is_empty()).then_some(files)
}

/// Runs every phase; the rendered files go to `sink` as they are made.
pub fn run(options: &Options, sink: &dyn Sink) -> Outcome {
    let mut progress = Progress::new(options.progress);
    let mut report = Report::default();
    let mut sources = BTreeMap::new();
    // `build` keeps the rendered Markdown bodies between runs (`serve` keeps them in memory),
    // read while the site's files are.
    let bodies = match (&options.cache, &options.cache_dir) {
        (None, Some(dir)) => {
            let file = dir.join(BODIES);
            Some(std::thread::spawn(move || {
                crate::cache::BuildCache::with_bodies_in(file)
            }))
        }
        _ => None,
    };

    let (config_file, errors) = load::read_config(&options.root);
    report.extend(errors);
    let (config, errors) = config::parse(config_file.as_ref(), options.base_url.as_deref());
    report.extend(errors);
    report.language = options.language.unwrap_or(config.language);
    progress.language = report.language;
    if let Some(file) = &config_file {
        sources.insert(file.path.clone(), file.text.clone());
    }
    let (files, errors) = load::load(&options.root, &config.theme);
    // `default` is built in; any other theme is a folder of the site's.
    if config.theme != "default" && !options.root.join("themes").join(&config.theme).is_dir() {
        report.push(
            crate::diagnostic::Diagnostic::error(
                crate::diagnostic::Code::Config,
                "site.yaml",
                config.theme_at,
                crate::msg!(ThemeMissing, theme = config.theme),
            )
            .with_hint(Msg::ThemeMissingHint),
        );
    }
    report.extend(errors);
    for file in files
        .content
        .iter()
        .chain(&files.kpis)
        .chain(&files.outlets)
        .chain(&files.events)
        .chain(&files.glossary)
        .chain(&files.scorecards)
        .chain(files.theme_templates.iter().map(|(_, file)| file))
    {
        sources.insert(file.path.clone(), file.text.clone());
    }
    progress.next("load", Msg::ProgressParsing);
    let bodies = bodies.and_then(|loading| loading.join().ok());
    let site = if report.has_errors() {
        None
    } else {
        let mut model_options = model_options(options);
        if let Some(bodies) = &bodies {
            model_options.cache = Some(bodies);
        }
        Some(model::build(&files, config, &model_options, &mut report))
    };
    progress.next("parse+model", Msg::ProgressChecking);
    let notes: Vec<crate::messages::Text> = site
        .as_ref()
        .and_then(|site| site.history.note())
        .into_iter()
        .collect();
    let mut stats = Stats::default();
    let mut search = None;
    let mut templates = None;
    let outputs = site.as_ref().and_then(|site| {
        report.extend(check::check(site, options.today));
        report.extend(check::exposure::workflows(&files, &site.config));
        progress.next("check", Msg::ProgressRendering);
        if report.has_errors() {
            return None;
        }
        let docs = (options.search_index && site.config.search).then(|| {
            options.search_docs.clone().unwrap_or_else(|| {
                Arc::new(match &options.cache_dir {
                    Some(dir) => render::search::DocStore::load(dir.clone()),
                    None => render::search::DocStore::default(),
                })
            })
        });
        // `precompress:`: compressed copies of each text file beside it, in a build's folder
        // only.
        let compressing = (site.config.precompress.any() && sink.serves_files())
            .then_some(crate::output::Precompressed(sink, site.config.precompress));
        let sink: &dyn Sink = match &compressing {
            Some(compressing) => compressing,
            None => sink,
        };
        let rendered = render::render(
            site,
            &files,
            &keys::input_keys(site, &files),
            sink,
            docs.as_deref(),
            options.cache.as_deref(),
        );
        search = docs;
        match rendered {
            Ok(finished) => {
                templates = Some(finished.templates);
                Some(finished.written)
            }
            Err(errors) => {
                report.extend(errors);
                None
            }
        }
    });
    if let (Some(site), Some(written)) = (&site, outputs) {
        let kpis = site.catalogue.kpis.len();
        let months = &site.scorecards.months;
        stats.pages = site.pages.len() + site.sections.len();
        stats.scorecards = Scorecards {
            monthly: months.iter().map(|m| m.active.len() + 1).sum(),
            regional: site.peers.months.iter().map(|m| m.open_regions.len()).sum(),
            periods: site.periods.cards.iter().map(|c| c.active.len() + 1).sum(),
        };
        // Ranking charts per month and KPI, a trend per outlet scorecard and KPI, two per KPI.
        stats.charts = months
            .iter()
            .map(|m| (m.active.len() + 1) * kpis)
            .sum::<usize>()
            + if months.is_empty() { 0 } else { 2 * kpis };
        stats.files = written;
        stats.history = (site.history.millis, site.history.read);
    }
    // The caches for the next build, each written on a thread of its own.
    rayon::scope(|scope| {
        if let Some(docs) = &search {
            scope.spawn(|_| docs.finish(outputs.is_some()));
        }
        if let Some(cache) = &options.cache {
            scope.spawn(|_| cache.finish(outputs.is_some()));
        }
        if let (Some(bodies), Some(_)) = (&bodies, outputs) {
            scope.spawn(|_| {
                bodies.finish(true);
                bodies.save_bodies();
            });
        }
    });
    let kept = match (options.keep, site, templates) {
        (true, Some(site), Some(templates)) => Some(Arc::new(Kept { site, templates })),
        (_, site, templates) => {
            // Freeing a national site's model (millions of small values) takes a core tens of
            // milliseconds the build goes on without; the memory is the process's to free.
            std::thread::spawn(move || drop((site, templates)));
            None
        }
    };
    progress.next("render", Msg::ProgressWriting);
    progress.finish();
    stats.millis = progress.started.elapsed().as_millis();
    stats.phases = progress.timings;
    Outcome {
        report,
        sources,
        rendered: outputs.is_some(),
        stats,
        notes,
        search,
        kept,
    }
}

/// The file in `.pitwall-cache/` that keeps the rendered Markdown bodies between builds.
const BODIES: &str = "bodies.json";

/// What the model needs of the build's options; the files of the built-in theme are output
/// paths the site's own static files must not take.
fn model_options(options: &Options) -> model::Options<'_> {
    model::Options {
        drafts: options.drafts,
        month: options.month,
        cache: options.cache.as_deref(),
        cache_dir: options.cache_dir.as_deref(),
        builtin_static: render::theme::BUILTIN_STATIC
            .iter()
            .map(|(name, _)| *name)
            .collect(),
        audience: options.audience.as_deref(),
        clean: options.clean,
    }
}

/// Today's date, or the day of `SOURCE_DATE_EPOCH` when set (reproducible review warnings).
pub fn today() -> Date {
    if let Some(seconds) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        && let Ok(ts) = jiff::Timestamp::from_second(seconds)
    {
        return ts.to_zoned(jiff::tz::TimeZone::UTC).date();
    }
    jiff::Zoned::now().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The output plan that `check` judges collisions and links by is exactly what a build of
    /// the shipped example site writes (the search index aside: its file names depend on the
    /// number of shards, and the plan holds its folder).
    #[test]
    fn the_output_plan_is_what_the_build_writes() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let options = Options {
            root: root.clone(),
            base_url: None,
            drafts: false,
            month: None,
            today: jiff::civil::date(2026, 9, 21),
            progress: false,
            search_index: false,
            search_docs: None,
            cache: None,
            cache_dir: None,
            language: None,
            keep: false,
            audience: None,
            clean: false,
        };
        let mut report = Report::default();
        let (config_file, _) = load::read_config(&root);
        let (config, _) = config::parse(config_file.as_ref(), None);
        let (files, _) = load::load(&root, &config.theme);
        let site = model::build(&files, config, &model_options(&options), &mut report);
        let sink = crate::output::MemorySink::default();
        let inputs = keys::input_keys(&site, &files);
        let written = render::render(&site, &files, &inputs, &sink, None, None);
        assert!(written.is_ok(), "{:?}", written.err());
        let built: Vec<String> = sink.into_files().into_iter().map(|f| f.path).collect();
        let mut planned: Vec<String> = site.outputs.paths().map(str::to_owned).collect();
        planned.sort();
        assert_eq!(planned, built);
    }
}
