//! Phase 5, render: templates, charts and exports, in parallel, into a [`Sink`]: memory for
//! `serve`, the staging folder of an atomic write for `build`, nowhere for `check`. Files are
//! handed over as soon as they are rendered, so a large site is never held in memory whole.

mod charts;
mod content;
pub mod context;
mod exports;
mod scorecards;
mod search;
mod sitemap;
pub mod theme;

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::cache::{self, BuildCache};
use crate::diagnostic::Diagnostic;
use crate::i18n;
use crate::load::SiteFiles;
use crate::model::Site;
use context::{Frame, Globals, NavItem, SiteView};

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated, validated (no `..`, no absolute).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A page to render: template, output URL and context, ready for the parallel render pass.
pub(crate) struct Job {
    pub template: &'static str,
    pub url: String,
    /// Source file named in template errors.
    pub source: String,
    /// The page's context as JSON: what the template sees, and what its cache key is made of.
    pub context: serde_json::Value,
}

impl Job {
    pub fn new<T: Serialize>(
        template: &'static str,
        source: &str,
        frame: &Frame<'_, T>,
    ) -> Result<Job, Diagnostic> {
        let context = serde_json::to_value(frame).map_err(|e| {
            Diagnostic::error(
                "template",
                source,
                (0, 0),
                format!("cannot build the template context: {e}"),
            )
        })?;
        Ok(Job {
            template,
            url: frame.url.to_owned(),
            source: source.to_owned(),
            context,
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

/// What every task renders with: the templates, and when rebuilding in `serve`, the cache with
/// the keys of what the whole site's pages share.
pub(crate) struct Env<'a> {
    pub tera: Tera,
    pub cache: Option<&'a BuildCache>,
    /// Templates and Tera's global context (navigation, site settings).
    pub theme_key: u64,
    /// Everything scorecard and KPI pages depend on besides the theme: the data files, the
    /// settings, and what they show of the playbooks.
    pub data_key: u64,
}

/// Where rendered files go: memory (`serve`), a staging folder (`build`), or nowhere (`check`).
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct MemorySink(Mutex<Vec<OutputFile>>);

impl MemorySink {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Renders everything and drops it: `check` validates templates without writing.
pub struct DiscardSink;

impl Sink for DiscardSink {
    fn put(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// One unit of parallel work: renders one page (or a month's charts and exports).
pub(crate) type Task<'a> =
    Box<dyn Fn(&Env<'_>) -> Result<Vec<OutputFile>, Diagnostic> + Send + Sync + 'a>;

/// A task that renders one page from the job `make` builds; contexts are built inside the
/// parallel pass, not before it.
pub(crate) fn page_task<'a>(
    make: impl Fn() -> Result<Job, Diagnostic> + Send + Sync + 'a,
) -> Task<'a> {
    Box::new(move |env| Ok(vec![run(env, &make()?)?]))
}

/// A task whose outputs depend only on the data and the theme (scorecards, KPI pages, charts):
/// reused whole on a rebuild where neither changed, without even building its context.
pub(crate) fn data_task<'a>(id: String, task: Task<'a>) -> Task<'a> {
    Box::new(move |env| match env.cache {
        Some(cache) => cache.outputs(&id, cache::key(&(env.data_key, env.theme_key)), || {
            task(env)
        }),
        None => task(env),
    })
}

/// Renders the whole site into `sink`, in parallel, and returns how many files it wrote. All
/// template errors are reported together; each output path is checked to stay inside the
/// output folder and to be written once.
pub fn render(
    site: &Site,
    files: &SiteFiles,
    sink: &dyn Sink,
    search_index: bool,
    cache: Option<&BuildCache>,
) -> Result<usize, Vec<Diagnostic>> {
    let (mut tera, theme_sources) = theme::templates(files)?;
    let globals = set_globals(&mut tera, site).map_err(|d| vec![d])?;
    let env = Env {
        tera,
        cache,
        theme_key: cache.map_or(0, |_| cache::json_key(cache::key(&theme_sources), &globals)),
        data_key: cache.map_or(0, |_| data_key(site, files)),
    };
    let mut tasks = content::tasks(site);
    tasks.extend(scorecards::tasks(site));
    let static_files = theme::static_files(files);
    tasks.push(Box::new(|_: &Env<'_>| Ok(vec![sitemap::sitemap(site)])));
    tasks.push(Box::new(move |_: &Env<'_>| {
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
    let searchable: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
    let current = site.scorecards.current_month().map(|m| m.to_string());
    let failed = |d: Diagnostic| errors.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    let put = |file: OutputFile| {
        if search_index && search::searchable(&file.path, current.as_deref()) {
            searchable
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((file.path.clone(), file.bytes.clone()));
        }
        if let Err(d) = check_path(&file.path, &seen).and_then(|()| sink.put(file)) {
            failed(d);
        }
    };
    tasks.par_iter().for_each(|task| match task(&env) {
        Ok(outputs) => outputs.into_iter().for_each(&put),
        Err(d) => failed(d),
    });
    if search_index && errors.lock().map(|e| e.is_empty()).unwrap_or(false) {
        let pages = std::mem::take(&mut *searchable.lock().unwrap_or_else(|e| e.into_inner()));
        let language = if site.config.language == crate::config::Language::En {
            "en"
        } else {
            "zh"
        };
        match search::index(pages, language) {
            Ok(files) => files.into_iter().for_each(&put),
            Err(d) => failed(d),
        }
    }
    let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if errors.is_empty() {
        return Ok(seen.into_inner().map(|s| s.len()).unwrap_or(0));
    }
    // One broken template fails every page that uses it: report it once, naming the first page.
    let mut grouped: BTreeMap<(String, String), (Diagnostic, usize)> = BTreeMap::new();
    for d in errors {
        let key = if d.code == "template" {
            (d.message.clone(), String::new())
        } else {
            (d.message.clone(), d.path.clone())
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
                d.hint = Some(format!("the same error stopped {} more page(s)", count - 1));
            }
            d
        })
        .collect())
}

/// An output path must stay inside the output folder and be written only once.
fn check_path(path: &str, seen: &Mutex<HashSet<String>>) -> Result<(), Diagnostic> {
    if !is_safe_output_path(path) {
        return Err(Diagnostic::error(
            "bad-path",
            path,
            (0, 0),
            "output path would leave the output folder",
        ));
    }
    if !seen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(path.to_owned())
    {
        return Err(Diagnostic::error(
            "duplicate-output",
            path,
            (0, 0),
            "two things want to write this output file",
        )
        .with_hint("a file in static/ has the same path as a generated page"));
    }
    Ok(())
}

/// Sets Tera's global context once; returns it as JSON (part of every page's cache key).
fn set_globals(tera: &mut Tera, site: &Site) -> Result<serde_json::Value, Diagnostic> {
    let t = i18n::table(site.config.language);
    let mut nav = Vec::new();
    for key in ["training", "complaints", "compensation", "guides"] {
        if let Some(section) = site.sections.iter().find(|s| s.dir == key) {
            nav.push(NavItem {
                title: section.title.clone(),
                url: section.url.clone(),
            });
        }
    }
    if let Some(current) = site.scorecards.current_month() {
        nav.push(NavItem {
            title: t["scorecards"].to_owned(),
            url: format!("scorecards/{current}/"),
        });
    }
    if !site.catalogue.kpis.is_empty() {
        nav.push(NavItem {
            title: t["kpis"].to_owned(),
            url: "kpis/".to_owned(),
        });
    }
    let globals = Globals {
        site: SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            language: site.config.language.code(),
        },
        t,
        nav,
        outline: &site.outline,
        glance: scorecards::glance(site),
    };
    let fail = |e: &dyn std::fmt::Display| {
        Diagnostic::error("template", "site.yaml", (0, 0), e.to_string())
    };
    let json = serde_json::to_value(&globals).map_err(|e| fail(&e))?;
    let context = Context::from_serialize(&json).map_err(|e| fail(&e))?;
    tera.global_context().extend(context);
    Ok(json)
}

/// The key of everything data-driven pages depend on besides the theme.
fn data_key(site: &Site, files: &SiteFiles) -> u64 {
    let data: Vec<&str> = files
        .kpis
        .iter()
        .chain(&files.outlets)
        .chain(&files.scorecards)
        .map(|f| &*f.text)
        .collect();
    // What scorecards and KPI pages show of the playbooks ("what to do" links).
    let playbooks: Vec<(&str, &str, &crate::frontmatter::Kind, Vec<&str>)> = site
        .pages
        .iter()
        .map(|p| {
            (
                p.url.as_str(),
                p.meta.title.as_str(),
                &p.meta.kind,
                p.meta.kpis.iter().map(|k| k.id.as_str()).collect(),
            )
        })
        .collect();
    let months: Vec<String> = site
        .scorecards
        .months
        .iter()
        .map(|m| m.month.to_string())
        .collect();
    cache::json_key(
        cache::key(&(data, months, &site.playbooks_by_kpi)),
        &(playbooks, &site.config),
    )
}

fn run(env: &Env<'_>, job: &Job) -> Result<OutputFile, Diagnostic> {
    let path = job.path();
    let render = || -> Result<Vec<OutputFile>, Diagnostic> {
        let fail = |e: &dyn std::error::Error| {
            Diagnostic::error(
                "template",
                &job.source,
                (0, 0),
                format!(
                    "template `{}` failed for this page: {}",
                    job.template,
                    theme::error_chain(e)
                ),
            )
        };
        let context = Context::from_serialize(&job.context).map_err(|e| fail(&e))?;
        let html = env
            .tera
            .render(job.template, &context)
            .map_err(|e| fail(&e))?;
        Ok(vec![OutputFile {
            path: path.clone(),
            bytes: html.into_bytes(),
        }])
    };
    let mut files = match env.cache {
        Some(cache) => cache.outputs(
            &path,
            cache::json_key(cache::key(&(env.theme_key, job.template)), &job.context),
            render,
        )?,
        None => render()?,
    };
    Ok(files.remove(0))
}

/// Relative, `/`-separated, no empty, `.` or `..` segments, no backslashes or drive letters.
pub fn is_safe_output_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}
