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
    pub context: Context,
}

impl Job {
    pub fn new<T: Serialize>(
        template: &'static str,
        source: &str,
        frame: &Frame<'_, T>,
    ) -> Result<Job, Diagnostic> {
        let context = Context::from_serialize(frame).map_err(|e| {
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
    Box<dyn Fn(&Tera) -> Result<Vec<OutputFile>, Diagnostic> + Send + Sync + 'a>;

/// A task that renders one page from the job `make` builds; contexts are built inside the
/// parallel pass, not before it.
pub(crate) fn page_task<'a>(
    make: impl Fn() -> Result<Job, Diagnostic> + Send + Sync + 'a,
) -> Task<'a> {
    Box::new(move |tera| Ok(vec![run(tera, &make()?)?]))
}

/// Renders the whole site into `sink`, in parallel, and returns how many files it wrote. All
/// template errors are reported together; each output path is checked to stay inside the
/// output folder and to be written once.
pub fn render(
    site: &Site,
    files: &SiteFiles,
    sink: &dyn Sink,
    search_index: bool,
) -> Result<usize, Vec<Diagnostic>> {
    let mut tera = theme::templates(files)?;
    set_globals(&mut tera, site).map_err(|d| vec![d])?;
    let mut tasks = content::tasks(site);
    tasks.extend(scorecards::tasks(site));
    let static_files = theme::static_files(files);
    tasks.push(Box::new(|_: &Tera| Ok(vec![sitemap::sitemap(site)])));
    tasks.push(Box::new(move |_: &Tera| {
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
    tasks.par_iter().for_each(|task| match task(&tera) {
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

fn set_globals(tera: &mut Tera, site: &Site) -> Result<(), Diagnostic> {
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
    let context = Context::from_serialize(&globals)
        .map_err(|e| Diagnostic::error("template", "site.yaml", (0, 0), e.to_string()))?;
    tera.global_context().extend(context);
    Ok(())
}

fn run(tera: &Tera, job: &Job) -> Result<OutputFile, Diagnostic> {
    let html = tera.render(job.template, &job.context).map_err(|e| {
        Diagnostic::error(
            "template",
            &job.source,
            (0, 0),
            format!(
                "template `{}` failed for this page: {}",
                job.template,
                theme::error_chain(&e)
            ),
        )
    })?;
    let path = if job.url.ends_with(".html") {
        job.url.clone()
    } else {
        format!("{}index.html", job.url)
    };
    Ok(OutputFile {
        path,
        bytes: html.into_bytes(),
    })
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
