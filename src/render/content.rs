//! Jobs for the Markdown side of the site: pages, sections, the training outline, tags, 404.

use super::context::*;
use super::{ContextKey, Job, Keys, Task};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::Kind;
use crate::i18n;
use crate::markdown::Rendered;
use crate::model::pages::breadcrumbs;
use crate::model::{Page, Site};
use crate::urls;

/// Pages, sections and tags depend on the Markdown side only (and the theme), so `build` keeps
/// them from the previous output while neither changed; the home page also shows the current
/// month and is always rendered.
pub(super) fn tasks<'a>(site: &'a Site, keys: &Keys) -> Vec<Task<'a>> {
    let key = keys.content;
    let mut tasks: Vec<Task<'_>> = site
        .pages
        .iter()
        .map(|page| {
            // A page shows its own revisions: a new commit changes the pages it touches; and
            // its figures: a month close changes the pages that show a figure it changes.
            // They are drawn once, for the key and the page.
            let content = with_figures(site, &page.body, &page.url);
            let key = crate::hashing::key(&(
                key,
                site.history.key_of(&page.content_path),
                figures_key(&page.body, &content),
            ));
            Task::page(move |keying| page_job(site, page, &content, keying))
                .keyed_on_disk(page.url.clone(), key)
        })
        .collect();
    for (i, section) in site.sections.iter().enumerate() {
        let content = with_figures(site, &section.body, &section.url);
        let key = crate::hashing::key(&(key, figures_key(&section.body, &content)));
        let task = Task::page(move |keying| section_job(site, i, section, &content, keying));
        tasks.push(if i == 0 {
            task
        } else {
            task.keyed_on_disk(section.url.clone(), key)
        });
    }
    tasks.push(Task::page(move |keying| not_found_job(site, keying)));
    if !site.glossary.entries.is_empty() {
        tasks.push(Task::page(move |keying| glossary_job(site, keying)));
    }
    tasks.push(Task::page(move |keying| {
        let t = i18n::table(site.config.language);
        Job::new(
            "search.html",
            "content",
            &Frame::new("search/", t["search"], super::search::page(site)),
            keying,
        )
    }));
    tasks.push(
        Task::new(move |env| {
            tag_jobs(site, ContextKey::wanted_by(env))
                .into_iter()
                .map(|job| job.and_then(|job| super::run(env, &job)))
                .collect()
        })
        .keyed_on_disk("tags".to_owned(), key),
    );
    tasks
}

/// A body's HTML at `url` with its figures in place (`{{ value csi }}`), of the build's month.
pub(super) fn with_figures<'a>(
    site: &Site,
    body: &'a Rendered,
    url: &str,
) -> std::borrow::Cow<'a, str> {
    if body.figures.is_empty() {
        return body.html.as_str().into();
    }
    let month = site.scorecards.current_month();
    super::scorecards::fill_body(site, &body.html, &body.figures, url, month).into()
}

/// What a body's figures show (`content`, the body with them in place), as a key: none for a
/// body without figures.
fn figures_key(body: &Rendered, content: &str) -> u64 {
    if body.figures.is_empty() {
        return 0;
    }
    crate::hashing::content_hash(content.as_bytes())
}

fn link(page: &Page) -> Link {
    Link {
        title: page.meta.title.clone(),
        url: page.url.clone(),
    }
}

pub(super) fn card(site: &Site, page: &Page) -> PageCard {
    let t = i18n::table(site.config.language);
    let kind = page.meta.kind.name().word();
    let (severity, badge) = match &page.meta.kind {
        Kind::Page => (None, None),
        Kind::Syllabus {
            part, total_hours, ..
        } => (
            None,
            Some(format!(
                "{} · {} {}",
                t["part"].replace("{n}", &part.to_string()),
                total_hours,
                t["hours"]
            )),
        ),
        Kind::ComplaintScript {
            severity,
            severity_key,
            ..
        } => {
            let key = match severity {
                crate::frontmatter::Severity::Ordinary => "ordinary",
                crate::frontmatter::Severity::Major => "major",
                crate::frontmatter::Severity::Crisis => "crisis",
            };
            (Some(key), Some(t[severity_key].to_owned()))
        }
        Kind::CompensationRule { cap_cny, .. } => (
            None,
            Some(format!("{} {} {}", t["cap"], cap_cny, t["yuan"])),
        ),
    };
    PageCard {
        title: page.meta.title.clone(),
        url: page.url.clone(),
        summary: page.meta.summary.clone(),
        kind,
        severity,
        badge,
    }
}

/// A page's job; `content` is its body with its figures in place ([`with_figures`]).
pub(super) fn page_job(
    site: &Site,
    page: &Page,
    content: &str,
    keying: ContextKey,
) -> Result<Job, Diagnostic> {
    let meta = &page.meta;
    let toc = if page.body.headings.iter().filter(|h| h.level <= 3).count() >= 3 {
        page.body
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .collect()
    } else {
        Vec::new()
    };
    let kpis = meta
        .kpis
        .iter()
        .filter_map(|r| {
            let kpi = site.catalogue.get(&r.id)?;
            Some(KpiRef {
                id: kpi.id.clone(),
                name: kpi.name.clone(),
                url: urls::kpi(&kpi.id),
            })
        })
        .collect();
    let prerequisites = match &meta.kind {
        Kind::Syllabus { prerequisites, .. } => prerequisites
            .iter()
            .filter_map(|p| site.page_by_path(p.id.trim_start_matches("@/")).map(link))
            .collect(),
        _ => Vec::new(),
    };
    let (revisions, older_revisions) = super::changes::revisions(site, &page.content_path);
    let view = PageView {
        title: &meta.title,
        summary: meta.summary.as_deref(),
        kind: &meta.kind,
        kind_key: meta.kind.name().label_key(),
        owner: meta.owner.as_deref(),
        updated: meta
            .updated
            .as_deref()
            .or_else(|| site.history.updated(&page.content_path)),
        review_by: meta.review_by.as_deref(),
        draft: meta.draft,
        tags: meta
            .tags
            .iter()
            .map(|t| Link {
                title: t.clone(),
                url: urls::tag(&crate::markdown::slug::tag_slug(t)),
            })
            .collect(),
        content,
        toc,
        kpis,
        prerequisites,
        revisions,
        older_revisions,
    };
    let context = PageContext {
        page: view,
        previous: page.previous.map(|i| link(&site.pages[i])),
        next: page.next.map(|i| link(&site.pages[i])),
    };
    let mut frame = Frame::new(&page.url, &meta.title, context);
    frame.description = meta.summary.as_deref();
    frame.breadcrumbs = breadcrumbs(&site.sections, page.section);
    Job::new("page.html", &page.source.path, &frame, keying)
}

fn section_job(
    site: &Site,
    index: usize,
    section: &crate::model::Section,
    content: &str,
    keying: ContextKey,
) -> Result<Job, Diagnostic> {
    let view = SectionView {
        title: &section.title,
        summary: section.summary.as_deref(),
        content,
        pages: section
            .pages
            .iter()
            .map(|&i| card(site, &site.pages[i]))
            .collect(),
        subsections: section
            .subsections
            .iter()
            .map(|&i| {
                let s = &site.sections[i];
                SectionCard {
                    title: s.title.clone(),
                    url: s.url.clone(),
                    summary: s.summary.clone(),
                }
            })
            .collect(),
    };
    let has_syllabus = section
        .pages
        .iter()
        .any(|&i| matches!(site.pages[i].meta.kind, Kind::Syllabus { .. }));
    let template = match () {
        _ if index == 0 => "index.html",
        _ if has_syllabus => "training.html",
        _ => "section.html",
    };
    let glance = if index == 0 {
        super::scorecards::glance(site)
    } else {
        None
    };
    let mut frame = Frame::new(
        &section.url,
        &section.title,
        SectionContext {
            section: view,
            glance,
            changes: index == 0 && crate::model::changes::any(site),
        },
    );
    frame.description = section.summary.as_deref();
    if let Some(parent) = section.parent {
        frame.breadcrumbs = breadcrumbs(&site.sections, parent);
    }
    let source = section.index.as_ref().map_or_else(
        || format!("content/{}", section.dir),
        |i| i.source.path.clone(),
    );
    Job::new(template, &source, &frame, keying)
}

fn tag_views(site: &Site) -> Vec<TagView> {
    site.tags
        .values()
        .map(|tag| TagView {
            name: tag.name.clone(),
            url: urls::tag(&tag.slug),
            count: tag.pages.len(),
            pages: tag
                .pages
                .iter()
                .map(|&i| card(site, &site.pages[i]))
                .collect(),
        })
        .collect()
}

fn tag_jobs(site: &Site, keying: ContextKey) -> Vec<Result<Job, Diagnostic>> {
    let t = i18n::table(site.config.language);
    let mut jobs = Vec::new();
    for tag in tag_views(site) {
        let url = tag.url.clone();
        let title = format!("#{}", tag.name);
        let mut frame = Frame::new(&url, &title, TagContext { tag });
        frame.breadcrumbs = vec![crate::model::pages::Crumb {
            title: t["tags"].to_owned(),
            url: urls::TAGS.to_owned(),
        }];
        jobs.push(Job::new("tag.html", "content", &frame, keying));
    }
    if !site.tags.is_empty() {
        let frame = Frame::new(
            urls::TAGS,
            t["all_tags"],
            TagsContext {
                tags: tag_views(site),
            },
        );
        jobs.push(Job::new("tags.html", "content", &frame, keying));
    }
    jobs
}

/// `404.html` is served at any depth, so its links must not be relative: they use `base_url`
/// when it is set, otherwise the server root.
#[derive(serde::Serialize)]
struct GlossaryEntry<'a> {
    term: &'a str,
    also: &'a [String],
    note: Option<&'a str>,
    /// The KPI's or page's URL the term is about.
    url: Option<String>,
}

#[derive(serde::Serialize)]
struct GlossaryContext<'a> {
    entries: Vec<GlossaryEntry<'a>>,
}

/// The glossary page: each term of `data/glossary.yaml` with its other words, linked to its
/// KPI or page.
fn glossary_job(site: &Site, keying: ContextKey) -> Result<Job, Diagnostic> {
    let t = i18n::table(site.config.language);
    let entries = site
        .glossary
        .entries
        .iter()
        .map(|e| GlossaryEntry {
            term: &e.term,
            also: &e.also,
            note: e.note.as_deref(),
            url: site.glossary_target(e).map(|(url, anchor)| {
                if anchor.is_empty() {
                    url
                } else {
                    format!("{url}#{anchor}")
                }
            }),
        })
        .collect();
    let mut frame = Frame::new(urls::GLOSSARY, t["glossary"], GlossaryContext { entries });
    frame.description = Some(t["glossary_summary"]);
    Job::new("glossary.html", "data/glossary.yaml", &frame, keying)
}

fn not_found_job(site: &Site, keying: ContextKey) -> Result<Job, Diagnostic> {
    let t = i18n::table(site.config.language);
    let mut frame = Frame::new("", t["not_found_title"], ());
    frame.root = match &site.config.base_url {
        Some(base) => base.clone(),
        None => "/".to_owned(),
    };
    let mut job = Job::new("404.html", "content", &frame, keying)?;
    job.url = "404.html".to_owned();
    Ok(job)
}
