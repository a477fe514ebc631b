//! Phase 5, render: templates, charts and exports into in-memory output files. Nothing touches
//! the disk here; `write` does that.

mod charts;
mod content;
pub mod context;
mod exports;
mod scorecards;
mod sitemap;
pub mod theme;

use std::collections::BTreeMap;

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

/// Renders the whole site. All template errors are reported together.
pub fn render(site: &Site, files: &SiteFiles) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut tera = theme::templates(files)?;
    set_globals(&mut tera, site).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut jobs = Vec::new();
    for job in content::jobs(site)
        .into_iter()
        .chain(scorecards::jobs(site))
    {
        match job {
            Ok(job) => jobs.push(job),
            Err(e) => errors.push(e),
        }
    }
    let rendered: Vec<Result<OutputFile, Diagnostic>> =
        jobs.par_iter().map(|job| run(&tera, job)).collect();
    let mut outputs = Vec::with_capacity(rendered.len() + 8);
    // One broken template fails every page that uses it: report it once, naming the first page.
    let mut template_errors: BTreeMap<String, (Diagnostic, usize)> = BTreeMap::new();
    for r in rendered {
        match r {
            Ok(file) => outputs.push(file),
            Err(e) => template_errors.entry(e.message.clone()).or_insert((e, 0)).1 += 1,
        }
    }
    for (_, (mut d, count)) in template_errors {
        if count > 1 {
            d.hint = Some(format!("the same error stopped {} more page(s)", count - 1));
        }
        errors.push(d);
    }
    outputs.extend(scorecards::files(site));
    outputs.push(sitemap::sitemap(site));
    for file in theme::static_files(files) {
        outputs.push(OutputFile {
            path: file.output_path,
            bytes: file.bytes,
        });
    }
    let mut by_path: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for file in outputs {
        if !is_safe_output_path(&file.path) {
            errors.push(Diagnostic::error(
                "bad-path",
                &file.path,
                (0, 0),
                "output path would leave the output folder",
            ));
            continue;
        }
        if by_path.insert(file.path.clone(), file.bytes).is_some() {
            errors.push(
                Diagnostic::error(
                    "duplicate-output",
                    &file.path,
                    (0, 0),
                    "two things want to write this output file",
                )
                .with_hint("a file in static/ has the same path as a generated page"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(by_path
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
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
