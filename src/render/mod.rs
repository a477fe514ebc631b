//! Phase 5, render: templates, charts and exports, in parallel, into a [`Sink`]: memory for
//! `serve`, the staging folder of an atomic write for `build`, nowhere for `check`. Files are
//! handed over as soon as they are rendered, so a large site is never held in memory whole.

mod changes;
pub mod charts;
mod content;
pub mod context;
mod digest;
mod exports;
mod kpi_history;
mod scorecards;
pub mod search;
mod sitemap;
pub mod theme;

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::cache::BuildCache;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::hashing;
use crate::i18n;
use crate::load::SiteFiles;
use crate::messages::Msg;
use crate::model::Site;
use crate::model::scorecards::Status;
use crate::msg;
use crate::output::{OutputFile, Sink, is_safe_output_path};
use crate::urls;
use context::{Frame, Globals, NavItem, SiteView};

/// A page to render: template, output URL and context, ready for the parallel render pass.
pub(crate) struct Job {
    pub template: &'static str,
    pub url: String,
    /// Source file named in template errors.
    pub source: String,
    /// What the template sees, converted once from the typed context.
    pub context: Context,
    /// The key of the context, when `serve`'s cache wants one (see [`ContextKey`]).
    pub key: Option<u64>,
}

/// Whether a job hashes its context into a key: only `serve`'s cache of pages wants one, and
/// a build should not pay for hashing every context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContextKey {
    Skip,
    Compute,
}

impl ContextKey {
    /// What the cache of this build wants.
    pub fn wanted_by(env: &Env<'_>) -> Self {
        if env.cache.is_some() {
            ContextKey::Compute
        } else {
            ContextKey::Skip
        }
    }
}

impl Job {
    pub fn new<T: Serialize>(
        template: &'static str,
        source: &str,
        frame: &Frame<'_, T>,
        keying: ContextKey,
    ) -> Result<Job, Diagnostic> {
        let context = Context::from_serialize(frame).map_err(|e| {
            Diagnostic::error(
                Code::Template,
                source,
                None,
                msg!(TemplateContext, detail = e),
            )
        })?;
        let key = (keying == ContextKey::Compute).then(|| hashing::json_key(0, frame));
        Ok(Job {
            template,
            url: frame.url.to_owned(),
            source: source.to_owned(),
            context,
            key,
        })
    }

    fn path(&self) -> String {
        if self.url.ends_with(".html") {
            self.url.clone()
        } else {
            format!("{}index.html", self.url)
        }
    }
}

/// What every task renders with: the templates, the keys of what groups of pages depend on,
/// and when rebuilding in `serve`, the cache of the previous build.
pub(crate) struct Env<'a> {
    pub tera: &'a Tera,
    pub cache: Option<&'a BuildCache>,
    pub keys: Keys,
    /// Whether the templates an outlet scorecard is made of are the built-in ones: then its
    /// pager is one piece that a page of the previous build can have replaced
    /// ([`Task::patched`]), and nothing else on it shows the months before and after.
    pub outlet_pager: bool,
}

/// Keys of the inputs that groups of outputs depend on, computed once per build. A task whose
/// key is unchanged since the previous build is not run again.
pub(crate) struct Keys {
    /// Templates and Tera's global context (navigation, site settings, interface text).
    pub theme: u64,
    /// Markdown pages, sections and tags: every page's text, the settings, the KPI catalogue.
    pub content: u64,
    /// Per month: what its network and outlet scorecards, charts and exports show, i.e. the
    /// month files of the 13 months up to it (trends, year-on-year), its neighbours (links),
    /// the catalogue, the outlets, the settings and the playbooks' "what to do" links.
    pub months: Vec<u64>,
    /// Per month: what its charts and exports show, i.e. the same without the neighbours.
    pub month_files: Vec<u64>,
}

impl Keys {
    /// The keys of a build: every group depends on the theme too.
    pub fn new(theme: u64, inputs: &InputKeys) -> Self {
        Keys {
            theme,
            content: hashing::key(&(theme, inputs.content)),
            months: inputs
                .months
                .iter()
                .map(|month| hashing::key(&(theme, month)))
                .collect(),
            month_files: inputs
                .month_files
                .iter()
                .map(|month| hashing::key(&(theme, month)))
                .collect(),
        }
    }
}

/// The keys of what groups of outputs depend on apart from the theme: computed by the pipeline
/// from the model and the loaded files (`pipeline::keys`), folded with the theme's key into
/// [`Keys`] here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputKeys {
    /// Markdown pages, sections and tags: every page's text, the settings, the KPI catalogue.
    pub content: u64,
    /// Per month, in the order of the model's months: the month files of the 13 months up to
    /// it (trends, year-on-year), its neighbours (links), the catalogue, the outlets and events,
    /// the settings and the playbooks' "what to do" links.
    pub months: Vec<u64>,
    /// Per month, for its charts and exports: the same without the neighbours.
    pub month_files: Vec<u64>,
}

type Run<'a> = Box<dyn Fn(&Env<'_>) -> Result<Vec<OutputFile>, Diagnostic> + Send + Sync + 'a>;

type Patch<'a> = Box<dyn Fn(&Env<'_>, &[u8]) -> Option<Vec<u8>> + Send + Sync + 'a>;

/// One unit of parallel work: renders one page (or a month's charts and exports).
pub(crate) struct Task<'a> {
    run: Run<'a>,
    /// An id stable across builds and the key of everything the outputs depend on.
    key: Option<(String, u64)>,
    /// Whether `serve` keeps the outputs in memory under that key (pages that are cached one
    /// by one on their context do not need it).
    in_memory: bool,
    /// The page as the previous build wrote it, with one part made again (see
    /// [`Task::patched`]).
    patch: Option<(String, u64, Patch<'a>)>,
}

impl<'a> Task<'a> {
    pub fn new(
        run: impl Fn(&Env<'_>) -> Result<Vec<OutputFile>, Diagnostic> + Send + Sync + 'a,
    ) -> Self {
        Task {
            run: Box::new(run),
            key: None,
            in_memory: false,
            patch: None,
        }
    }

    /// A task that renders one page from the job `make` builds; contexts are built inside the
    /// parallel pass, not before it.
    pub fn page(make: impl Fn(ContextKey) -> Result<Job, Diagnostic> + Send + Sync + 'a) -> Self {
        Task::new(move |env| {
            let job = make(ContextKey::wanted_by(env))?;
            Ok(vec![run(env, &job)?])
        })
    }

    /// Reused whole, without even building its context, while `key` is unchanged: by `serve`
    /// from memory, by `build` from the previous output.
    pub fn keyed(self, id: String, key: u64) -> Self {
        Task {
            key: Some((id, key)),
            in_memory: true,
            ..self
        }
    }

    /// Reused by `build` from the previous output while `key` is unchanged; `serve` caches the
    /// page on its context instead.
    pub fn keyed_on_disk(self, id: String, key: u64) -> Self {
        Task {
            key: Some((id, key)),
            in_memory: false,
            ..self
        }
    }

    /// A page whose key holds, besides `rest` (everything else it shows), a part that changes
    /// alone, such as the links to the months before and after: when only that part changed
    /// since the previous build, `patch` makes it again in the previous build's page (from its
    /// bytes; `None` renders the whole page). `id` records `rest` as a task of its own.
    pub fn patched(
        self,
        id: String,
        rest: u64,
        patch: impl Fn(&Env<'_>, &[u8]) -> Option<Vec<u8>> + Send + Sync + 'a,
    ) -> Self {
        Task {
            patch: Some((id, rest, Box::new(patch))),
            ..self
        }
    }

    /// Records in `sink` that this task made the files at `paths`, under its key and, for a
    /// patched page, under the key of everything but its patched part.
    fn record(&self, sink: &dyn Sink, paths: &[String]) {
        if let Some((id, key)) = &self.key {
            sink.record(id, *key, paths.to_vec());
        }
        if let Some((rest_id, rest, _)) = &self.patch {
            sink.record(rest_id, *rest, paths.to_vec());
        }
    }

    fn outputs(&self, env: &Env<'_>) -> Result<Vec<OutputFile>, Diagnostic> {
        match (&self.key, env.cache) {
            (Some((id, key)), Some(cache)) if self.in_memory => {
                cache.outputs(id, *key, || (self.run)(env))
            }
            _ => (self.run)(env),
        }
    }
}

/// What a month's commentary shows (its text and figures), as a key of its month's pages.
pub fn commentary_key(site: &crate::model::Site, c: &crate::model::pages::Commentary) -> u64 {
    let html = scorecards::commentary_html(site, c);
    crate::hashing::key(&(&c.meta.title, html))
}

/// Renders the whole site into `sink`, in parallel, and returns how many files it wrote. All
/// template errors are reported together; each output path is checked to stay inside the
/// output folder and to be written once.
pub fn render(
    site: &Site,
    files: &SiteFiles,
    inputs: &InputKeys,
    sink: &dyn Sink,
    search_index: Option<&search::DocStore>,
    cache: Option<&BuildCache>,
) -> Result<Finished, Vec<Diagnostic>> {
    let (mut tera, theme_sources) = theme::templates(files)?;
    let theme_key =
        set_globals(&mut tera, site, hashing::key(&theme_sources)).map_err(|d| vec![d])?;
    let env = Env {
        tera: &tera,
        cache,
        keys: Keys::new(theme_key, inputs),
        outlet_pager: theme::builtin(&theme_sources, &OUTLET_TEMPLATES),
    };
    let mut tasks = content::tasks(site, &env.keys);
    tasks.extend(scorecards::tasks(site, &env.keys));
    tasks.extend(changes::tasks(site));
    tasks.extend(digest::tasks(site, &env.keys.months));
    let static_files = theme::static_files(files);
    // The site's own `static/robots.txt` replaces the one made from `visibility`.
    let own_robots = static_files
        .iter()
        .any(|f| f.output_path == sitemap::ROBOTS);
    tasks.push(Task::new(move |_| {
        let mut files = vec![sitemap::sitemap(site)];
        files.extend((!own_robots).then(|| sitemap::robots(site)));
        Ok(files)
    }));
    tasks.push(Task::new(move |_| {
        Ok(static_files
            .iter()
            .map(|f| OutputFile {
                path: f.output_path.clone(),
                bytes: f.bytes.clone(),
            })
            .collect())
    }));
    let seen: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    // What the search index is made of: the pages' text, taken as each page is written (from
    // the store when the page's bytes are those of a page seen before), and noted as each page
    // is kept (its text is looked up only if its part of the index is made again).
    let current = site.scorecards.current_month().map(|m| m.to_string());
    let searchable = |path: &str| search_index.zip(search::Part::of(path, current.as_deref()));
    let failed = |d: Diagnostic| errors.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    let put = |file: OutputFile| {
        if let Some((docs, part)) = searchable(&file.path) {
            docs.page(part, &file.path, &file.bytes);
        }
        if let Err(d) = check_path(&file.path, &seen).and_then(|()| sink.put(file)) {
            failed(d);
        }
    };
    // A kept file still counts as written once, and still goes into the search index.
    let keep = |path: String| {
        if let Some((docs, part)) = searchable(&path) {
            match sink.kept_hash(&path) {
                Some(hash) => docs.kept(part, &path, hash),
                None => match sink.kept(&path) {
                    Ok(bytes) => docs.page(part, &path, &bytes),
                    Err(d) => failed(d),
                },
            }
        }
        if let Err(d) = check_path(&path, &seen) {
            failed(d);
        }
    };
    // One task a unit of work: most tasks are reused at almost no cost, and the ones that run
    // lie together (a new month's pages), so chunks of them would run on one thread.
    tasks.par_iter().with_max_len(1).for_each(|task| {
        if let Some((id, key)) = &task.key
            && let Some(paths) = sink.reuse(id, *key)
        {
            task.record(sink, &paths);
            paths.into_iter().for_each(&keep);
            return;
        }
        if let (Some(_), Some((rest_id, rest, patch))) = (&task.key, &task.patch)
            && let Some(paths) = sink.previous(rest_id, *rest)
            && let [path] = paths.as_slice()
            && let Ok(before) = sink.kept(path)
            && let Some(bytes) = patch(&env, &before)
        {
            task.record(sink, &paths);
            put(OutputFile {
                path: path.clone(),
                bytes,
            });
            return;
        }
        match task.outputs(&env) {
            Ok(outputs) => {
                let paths: Vec<String> = outputs.iter().map(|f| f.path.clone()).collect();
                task.record(sink, &paths);
                outputs.into_iter().for_each(&put)
            }
            Err(d) => failed(d),
        }
    });
    if let Some(store) = search_index.filter(|store| !store.is_later())
        && errors.lock().map(|e| e.is_empty()).unwrap_or(false)
    {
        put(search::meta_file());
        put(search::synonyms::file(site));
        // Each part of the index is kept while its pages' bytes are those of the previous build.
        let read = |path: &str| sink.kept(path);
        search::Part::ALL.par_iter().for_each(|&part| {
            // Its files' compressed copies follow `precompress:` (turning it off leaves none).
            let key = crate::hashing::key(&(store.key(part), site.config.precompress));
            let id = format!("{SEARCH_TASK}/{}", part.name());
            if let Some(paths) = sink.reuse(&id, key) {
                sink.record(&id, key, paths.clone());
                paths.into_iter().for_each(&keep);
                // A store that lacked a page rendered again is completed for the next build (a
                // page that cannot be read leaves it as it is: it is only a cache).
                if store.changed(part) {
                    let _ = store.docs(part, read);
                }
                return;
            }
            match store.docs(part, read) {
                Ok(docs) => {
                    let files = search::index(part, &docs);
                    sink.record(&id, key, files.iter().map(|f| f.path.clone()).collect());
                    files.into_par_iter().for_each(put);
                }
                Err(d) => failed(d),
            }
        });
    }
    let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if errors.is_empty() {
        drop(tasks);
        drop(env);
        return Ok(Finished {
            written: seen.into_inner().map(|s| s.len()).unwrap_or(0),
            templates: Templates(tera),
        });
    }
    // One broken template fails every page that uses it: report it once, naming the first page.
    let mut grouped: BTreeMap<(String, String), (Diagnostic, usize)> = BTreeMap::new();
    for d in errors {
        let key = if d.code == Code::Template {
            (d.message.render(Default::default()), String::new())
        } else {
            (d.message.render(Default::default()), d.path.clone())
        };
        let entry = grouped.entry(key).or_insert((d.clone(), 0));
        entry.1 += 1;
        if d.path < entry.0.path {
            entry.0 = d;
        }
    }
    Err(grouped
        .into_values()
        .map(|(mut d, count)| {
            if count > 1 {
                d.hint = Some(crate::msg!(SameErrorMore, count = count - 1));
            }
            d
        })
        .collect())
}

/// What a successful render leaves: how many files it wrote, and its templates.
pub struct Finished {
    pub written: usize,
    pub templates: Templates,
}

/// The templates of a render with the site's global context set (navigation, settings), kept
/// by `serve` to show a saved page at once with [`saved_page`].
pub struct Templates(Tera);

/// The output of one Markdown page of `site` (rendered with the `templates` of the render of
/// `site`), e.g. a page whose body was just saved (see `model::pages::with_body`).
pub fn saved_page(
    site: &Site,
    templates: &Templates,
    page: &crate::model::Page,
) -> Result<OutputFile, Diagnostic> {
    let env = Env {
        tera: &templates.0,
        cache: None,
        keys: Keys::new(0, &InputKeys::default()),
        outlet_pager: false,
    };
    let body = content::with_figures(site, &page.body, &page.url);
    let job = content::page_job(site, page, &body, ContextKey::Skip)?;
    run(&env, &job)
}

/// The templates an outlet scorecard is made of: any of them may show the months before and
/// after, so the pager alone is made again only while all are the built-in ones.
const OUTLET_TEMPLATES: [&str; 4] = [
    "base.html",
    "outlet.html",
    "partials/counts.html",
    "partials/outlet-pager.html",
];

/// The task id the search index is recorded and reused under.
const SEARCH_TASK: &str = "search";

/// An output path must stay inside the output folder and be written only once.
fn check_path(path: &str, seen: &Mutex<HashSet<String>>) -> Result<(), Diagnostic> {
    if !is_safe_output_path(path) {
        return Err(Diagnostic::error(
            Code::BadPath,
            path,
            None,
            Msg::OutputPathEscapes,
        ));
    }
    if !seen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(path.to_owned())
    {
        return Err(
            Diagnostic::error(Code::DuplicateOutput, path, None, Msg::OutputWrittenTwice)
                .with_hint(Msg::OutputWrittenTwiceHint),
        );
    }
    Ok(())
}

/// Sets Tera's global context once; returns the theme key: the templates' key with the global
/// context, which every page shows.
fn set_globals(tera: &mut Tera, site: &Site, templates_key: u64) -> Result<u64, Diagnostic> {
    let t = i18n::table(site.config.language);
    let mut nav = Vec::new();
    for key in ["training", "complaints", "compensation", "guides"] {
        if let Some(section) = site.sections.iter().find(|s| s.dir == key) {
            nav.push(NavItem {
                title: section.title.clone(),
                url: section.url.clone(),
                prefix: section.url.clone(),
            });
        }
    }
    // The current month through a stable address, so that pages do not change when a month
    // is added.
    if site.scorecards.current_month().is_some() {
        nav.push(NavItem {
            title: t["scorecards"].to_owned(),
            url: urls::LATEST.to_owned(),
            prefix: urls::SCORECARDS.to_owned(),
        });
    }
    if !site.catalogue.kpis.is_empty() {
        nav.push(NavItem {
            title: t["kpis"].to_owned(),
            url: urls::KPIS.to_owned(),
            prefix: urls::KPIS.to_owned(),
        });
    }
    let globals = Globals {
        site: SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            language: site.config.language.code(),
            noindex: site.config.visibility == crate::config::Visibility::Internal,
        },
        t,
        nav,
        outline: &site.outline,
        symbol: Status::ALL
            .iter()
            .map(|status| (status.as_str(), status.symbol()))
            .collect(),
    };
    let fail = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            Code::Template,
            "site.yaml",
            None,
            msg!(TemplateContext, detail = e),
        )
    };
    let context = Context::from_serialize(&globals).map_err(|e| fail(&e))?;
    tera.global_context().extend(context);
    Ok(hashing::json_key(templates_key, &globals))
}

fn run(env: &Env<'_>, job: &Job) -> Result<OutputFile, Diagnostic> {
    let path = job.path();
    let render = || -> Result<Vec<OutputFile>, Diagnostic> {
        let fail = |e: &dyn std::error::Error| {
            Diagnostic::error(
                Code::Template,
                &job.source,
                None,
                msg!(
                    TemplateFailed,
                    template = job.template,
                    detail = theme::error_chain(e)
                ),
            )
        };
        let html = env
            .tera
            .render(job.template, &job.context)
            .map_err(|e| fail(&e))?;
        Ok(vec![OutputFile {
            path: path.clone(),
            bytes: html.into_bytes(),
        }])
    };
    let mut files = match (env.cache, job.key) {
        (Some(cache), Some(key)) => cache.outputs(
            &path,
            hashing::key(&(env.keys.theme, job.template, key)),
            render,
        )?,
        _ => render()?,
    };
    Ok(files.remove(0))
}
