//! Pages and sections: output URLs, the section tree, Markdown rendered once per page.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::cache::BuildCache;
use crate::config::Config;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::hashing;
use crate::markdown::{self, MarkdownInput, Rendered};
use crate::messages::Msg;
use crate::msg;
use crate::source::SourceFile;

/// A parsed Markdown file before its body is rendered.
pub struct ParsedPage {
    pub source: SourceFile,
    /// Path relative to `content/` (`complaints/delivery-delay.md`).
    pub content_path: String,
    pub meta: FrontMatter,
    pub body_offset: usize,
}

/// One content page (not a section index).
#[derive(Debug)]
pub struct Page {
    pub content_path: String,
    pub source: SourceFile,
    pub url: String,
    pub slug: String,
    pub section: usize,
    pub meta: FrontMatter,
    pub body: Rendered,
    /// Neighbours within the section, in section order.
    pub previous: Option<usize>,
    pub next: Option<usize>,
}

/// A folder of `content/`, with its `_index.md` if it has one.
#[derive(Debug)]
pub struct Section {
    /// Folder relative to `content/` (`` for the home page, `training`, `a/b`).
    pub dir: String,
    pub url: String,
    pub title: String,
    pub summary: Option<String>,
    pub weight: Option<i64>,
    pub index: Option<SectionIndex>,
    pub body: Rendered,
    pub parent: Option<usize>,
    /// Pages in display order: weight, then title.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
}

/// A section's `_index.md`.
#[derive(Debug)]
pub struct SectionIndex {
    /// `training/_index.md`
    pub content_path: String,
    pub source: SourceFile,
    pub meta: FrontMatter,
    pub body_offset: usize,
}

/// A month's commentary, `content/scorecards/2026-11.md`: shown on that month's network
/// scorecard (its URL) and, its first paragraph, in the month's digest. Its figures are of its
/// own month unless a component names another.
#[derive(Debug)]
pub struct Commentary {
    pub month: crate::data::month::Month,
    pub content_path: String,
    pub source: SourceFile,
    pub meta: FrontMatter,
    pub body: Rendered,
}

/// The month a file of `content/` is the commentary of: `scorecards/YYYY-MM.md`.
fn commentary_month(dir: &str, file: &str) -> Option<crate::data::month::Month> {
    let stem = file.strip_suffix(".md").filter(|_| dir == "scorecards")?;
    crate::data::month::Month::parse(stem).filter(|m| m.to_string() == stem)
}

/// URL path segments that pitwall generates itself; content may not use them at the top.
pub const RESERVED: [&str; 5] = ["scorecards", "kpis", "tags", "search", "static"];

#[derive(Debug, Serialize, Clone)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// What [`assemble`] makes of the parsed pages.
pub struct Assembled {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Output URL of every page and section index, by source path relative to `content/`.
    pub urls: HashMap<String, String>,
    pub errors: Vec<Diagnostic>,
    /// Pages left out because of their path (each has an error), with the URL they would have.
    pub left_out: BTreeMap<String, String>,
    /// The months' commentaries, by month.
    pub commentaries: Vec<Commentary>,
}

/// The output URL of the Markdown file at `content_path` (relative to `content/`):
/// `complaints/a.md` → `complaints/a/`, `complaints/_index.md` → `complaints/`.
pub fn url_for(content_path: &str) -> String {
    let (dir, file) = content_path.rsplit_once('/').unwrap_or(("", content_path));
    let slug = file.strip_suffix(".md").unwrap_or(file);
    match (dir, slug) {
        ("", "_index") => String::new(),
        (dir, "_index") => format!("{dir}/"),
        ("", slug) => format!("{slug}/"),
        (dir, slug) => format!("{dir}/{slug}/"),
    }
}

/// Assigns URLs, builds the section tree and renders every body (in parallel).
pub fn assemble(
    parsed: Vec<ParsedPage>,
    config: &Config,
    section_titles: &BTreeMap<&str, &str>,
    cache: Option<&BuildCache>,
) -> Assembled {
    let mut errors = Vec::new();
    let mut left_out = BTreeMap::new();
    let mut urls: HashMap<String, String> = HashMap::new();
    // URLs compared as case-insensitive file systems compare them: (URL, source path).
    let mut owners: HashMap<String, (String, String)> = HashMap::new();
    let mut section_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut pending_pages = Vec::new();
    let mut pending_commentaries = Vec::new();

    for p in parsed {
        let (dir, file) = p
            .content_path
            .rsplit_once('/')
            .unwrap_or(("", p.content_path.as_str()));
        if let Some(month) = commentary_month(dir, file) {
            let url = crate::urls::month(month);
            urls.insert(p.content_path.clone(), url.clone());
            pending_commentaries.push((p, url, month));
            continue;
        }
        let dir = dir.to_owned();
        if let Some(top) = dir.split('/').next().filter(|t| RESERVED.contains(t)) {
            errors.push(
                Diagnostic::error(
                    Code::ReservedPath,
                    &p.source.path,
                    None,
                    msg!(ReservedPath, top = top),
                )
                .with_hint(if top == "scorecards" {
                    Msg::ReservedScorecardsHint
                } else {
                    Msg::ReservedPathHint
                }),
            );
            left_out.insert(p.content_path.clone(), url_for(&p.content_path));
            continue;
        }
        if let Some(bad) = bad_segment(&p.content_path) {
            errors.push(
                Diagnostic::error(
                    Code::BadPath,
                    &p.source.path,
                    None,
                    msg!(BadPathSegment, bad = bad),
                )
                .with_hint(Msg::BadPathSegmentHint),
            );
            left_out.insert(p.content_path.clone(), url_for(&p.content_path));
            continue;
        }
        let section = ensure_section(&dir, &mut sections, &mut section_ids, section_titles);
        let is_index = file == "_index.md";
        let url = if is_index {
            sections[section].url.clone()
        } else {
            url_for(&p.content_path)
        };
        let key = super::outputs::fold(&url);
        if let Some((other_url, other)) = owners.get(&key) {
            let this = p.source.path.as_str();
            let message = |url: &str, other_url: &str, other: &str| {
                if url == other_url {
                    msg!(DuplicateUrl, other = other, url = url)
                } else {
                    msg!(
                        DuplicateUrlCase,
                        url = url,
                        other_url = other_url,
                        other = other
                    )
                }
            };
            let mirrored = message(other_url, &url, this);
            let message = message(&url, other_url, other);
            errors.push(
                Diagnostic::error(Code::DuplicateUrl, this, None, message)
                    .with_hint(Msg::RenameOne),
            );
            errors.push(
                Diagnostic::error(Code::DuplicateUrl, other, None, mirrored)
                    .with_hint(Msg::RenameOne),
            );
            left_out.insert(p.content_path.clone(), url);
            continue;
        }
        owners.insert(key, (url.clone(), p.source.path.clone()));
        urls.insert(p.content_path.clone(), url.clone());
        if is_index {
            let s = &mut sections[section];
            s.title = p.meta.title.clone();
            s.summary = p.meta.summary.clone();
            s.weight = p.meta.weight;
            s.index = Some(SectionIndex {
                content_path: p.content_path,
                source: p.source,
                meta: p.meta,
                body_offset: p.body_offset,
            });
        } else {
            pending_pages.push((p, url, section));
        }
    }
    let bodies = Bodies::new(config, &urls, cache);
    let pages = render_pages(pending_pages, &bodies);
    let mut commentaries: Vec<Commentary> = pending_commentaries
        .into_iter()
        .map(|(p, url, month)| Commentary {
            body: bodies.render(&p.source, p.body_offset, &p.content_path, &url),
            month,
            content_path: p.content_path,
            source: p.source,
            meta: p.meta,
        })
        .collect();
    commentaries.sort_by_key(|c| c.month);
    for section in &mut sections {
        section.body = match &section.index {
            Some(index) => bodies.render(
                &index.source,
                index.body_offset,
                &index.content_path,
                &section.url,
            ),
            None => Rendered::default(),
        };
    }
    link_sections(&mut sections, &pages);
    let mut pages = pages;
    for section in &sections {
        for pair in section.pages.windows(2) {
            pages[pair[0]].next = Some(pair[1]);
            pages[pair[1]].previous = Some(pair[0]);
        }
    }
    Assembled {
        pages,
        sections,
        urls,
        errors,
        left_out,
        commentaries,
    }
}

fn bad_segment(content_path: &str) -> Option<&str> {
    content_path.split('/').find(|segment| {
        segment.starts_with('.')
            || segment.chars().any(|c| {
                c.is_control()
                    || c.is_whitespace()
                    || matches!(c, '?' | '#' | '%' | '\\' | '"' | '<' | '>' | '\'' | '&')
            })
    })
}

fn ensure_section(
    dir: &str,
    sections: &mut Vec<Section>,
    ids: &mut BTreeMap<String, usize>,
    titles: &BTreeMap<&str, &str>,
) -> usize {
    if let Some(&id) = ids.get(dir) {
        return id;
    }
    let parent = (!dir.is_empty()).then(|| {
        let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
        ensure_section(parent_dir, sections, ids, titles)
    });
    let name = dir.rsplit('/').next().unwrap_or(dir);
    let title = titles
        .get(name)
        .map_or_else(|| name.to_owned(), |t| (*t).to_owned());
    sections.push(Section {
        dir: dir.to_owned(),
        url: if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        },
        title,
        summary: None,
        weight: None,
        index: None,
        body: Rendered::default(),
        parent,
        pages: Vec::new(),
        subsections: Vec::new(),
    });
    let id = sections.len() - 1;
    ids.insert(dir.to_owned(), id);
    id
}

/// Renders page bodies against the site's URLs, reusing the previous build's bodies (in
/// `serve`) when neither the page's text nor the set of URLs changed.
struct Bodies<'a> {
    allow_html: bool,
    dialogue: markdown::Dialogue,
    urls: &'a HashMap<String, String>,
    cache: Option<&'a BuildCache>,
    urls_key: u64,
}

impl<'a> Bodies<'a> {
    fn new(
        config: &Config,
        urls: &'a HashMap<String, String>,
        cache: Option<&'a BuildCache>,
    ) -> Self {
        let urls_key = cache.map_or(0, |_| {
            let mut sorted: Vec<(&String, &String)> = urls.iter().collect();
            sorted.sort();
            hashing::key(&sorted)
        });
        Bodies {
            allow_html: config.allow_html,
            dialogue: markdown::Dialogue::for_site(config),
            urls,
            cache,
            urls_key,
        }
    }

    fn render(
        &self,
        source: &SourceFile,
        body_offset: usize,
        content_path: &str,
        url: &str,
    ) -> Rendered {
        let make = || {
            let resolve = |path: &str| self.urls.get(path).cloned();
            markdown::render(&MarkdownInput {
                source,
                body: &source.text[body_offset..],
                body_offset,
                content_path,
                url,
                allow_html: self.allow_html,
                resolve: &resolve,
                dialogue: &self.dialogue,
                figures: true,
            })
        };
        match self.cache {
            Some(cache) => {
                let key = hashing::key(&(
                    self.urls_key,
                    &*source.text,
                    &source.path,
                    content_path,
                    url,
                    body_offset,
                    self.allow_html,
                    &self.dialogue.label,
                    &self.dialogue.customers,
                ));
                cache.body(key, make)
            }
            None => make(),
        }
    }
}

/// `page` of `site` as it is with `text` in place of its source, when only its body changed
/// (the front matter is the same text) and the new body renders without errors: what `serve`
/// shows at once after a save, before the whole site is built again. `None` otherwise.
pub fn with_body(site: &super::Site, page: &Page, text: std::sync::Arc<str>) -> Option<Page> {
    let old = crate::frontmatter::split(&page.source.text).ok()?;
    let new = crate::frontmatter::split(&text).ok()?;
    if page.source.text[..old.body_offset] != text[..new.body_offset] {
        return None;
    }
    let body_offset = new.body_offset;
    let source = SourceFile {
        text,
        ..page.source.clone()
    };
    let bodies = Bodies::new(&site.config, &site.urls, None);
    let body = bodies.render(&source, body_offset, &page.content_path, &page.url);
    if body
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error)
    {
        return None;
    }
    Some(Page {
        content_path: page.content_path.clone(),
        source,
        url: page.url.clone(),
        slug: page.slug.clone(),
        section: page.section,
        meta: page.meta.clone(),
        body,
        previous: page.previous,
        next: page.next,
    })
}

fn render_pages(pending: Vec<(ParsedPage, String, usize)>, bodies: &Bodies<'_>) -> Vec<Page> {
    pending
        .into_par_iter()
        .map(|(p, url, section)| {
            let body = bodies.render(&p.source, p.body_offset, &p.content_path, &url);
            let slug = url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            Page {
                content_path: p.content_path,
                source: p.source,
                url,
                slug,
                section,
                meta: p.meta,
                body,
                previous: None,
                next: None,
            }
        })
        .collect()
}

/// Fills each section's ordered page and subsection lists.
fn link_sections(sections: &mut [Section], pages: &[Page]) {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    for (i, page) in pages.iter().enumerate() {
        members[page.section].push(i);
    }
    for (section, mut list) in members.into_iter().enumerate() {
        // The pinyin key is computed once per page, not once per comparison.
        list.sort_by_cached_key(|&i| order_key(pages[i].meta.weight, &pages[i].meta.title));
        sections[section].pages = list;
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    for (i, s) in sections.iter().enumerate() {
        if let Some(parent) = s.parent {
            children[parent].push(i);
        }
    }
    for (section, mut list) in children.into_iter().enumerate() {
        list.sort_by_cached_key(|&i| order_key(sections[i].weight, &sections[i].title));
        sections[section].subsections = list;
    }
}

/// Display order: pages with a weight first (ascending), then by title.
pub fn order_key(weight: Option<i64>, title: &str) -> (i64, String) {
    (
        weight.unwrap_or(i64::MAX),
        crate::model::collation_key(title),
    )
}

/// The breadcrumb trail from the home page to `section` (inclusive).
pub fn breadcrumbs(sections: &[Section], section: usize) -> Vec<Crumb> {
    let mut trail = Vec::new();
    let mut current = Some(section);
    while let Some(i) = current {
        trail.push(Crumb {
            title: sections[i].title.clone(),
            url: sections[i].url.clone(),
        });
        current = sections[i].parent;
    }
    trail.reverse();
    trail
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::{Assembled, ParsedPage, assemble, breadcrumbs};
    use crate::config::Config;
    use crate::diagnostic::Code;
    use crate::frontmatter;
    use crate::source::SourceFile;

    /// A page at `content/<path>` with the given text, parsed as the pipeline parses it.
    fn parsed(path: &str, text: &str) -> ParsedPage {
        let source = SourceFile::new(
            format!("content/{path}"),
            PathBuf::from(format!("/site/content/{path}")),
            text,
        );
        let split = frontmatter::split(text).expect("closed front matter");
        let meta = frontmatter::parse(&source, split.front).expect("valid front matter");
        ParsedPage {
            content_path: path.to_owned(),
            body_offset: split.body_offset,
            meta,
            source,
        }
    }

    fn site(pages: Vec<ParsedPage>) -> Assembled {
        assemble(pages, &Config::default(), &BTreeMap::new(), None)
    }

    #[test]
    fn pages_get_urls_sections_order_and_neighbours() {
        let a = site(vec![
            parsed("complaints/_index.md", "---\ntitle: 投诉处理\n---\n"),
            parsed("complaints/b.md", "---\ntitle: 乙\n---\n正文\n"),
            parsed("complaints/a.md", "---\ntitle: 甲\nweight: 2\n---\n"),
            parsed("complaints/c.md", "---\ntitle: 丙\nweight: 1\n---\n"),
            parsed("training/deep/x.md", "---\ntitle: 深\n---\n"),
        ]);
        assert!(a.errors.is_empty(), "{:?}", a.errors);
        assert_eq!(a.urls["complaints/a.md"], "complaints/a/");
        assert_eq!(a.urls["complaints/_index.md"], "complaints/");
        assert_eq!(a.urls["training/deep/x.md"], "training/deep/x/");
        let complaints = a
            .sections
            .iter()
            .position(|s| s.dir == "complaints")
            .unwrap();
        let order: Vec<&str> = a.sections[complaints]
            .pages
            .iter()
            .map(|&p| a.pages[p].meta.title.as_str())
            .collect();
        assert_eq!(order, ["丙", "甲", "乙"], "weight first, then title");
        let first = a.sections[complaints].pages[0];
        let second = a.sections[complaints].pages[1];
        assert_eq!(a.pages[first].next, Some(second));
        assert_eq!(a.pages[second].previous, Some(first));
        assert_eq!(a.sections[complaints].title, "投诉处理");
        // A folder without `_index.md` is a section too, under its parent, with a trail.
        let deep = a
            .sections
            .iter()
            .position(|s| s.dir == "training/deep")
            .unwrap();
        let trail: Vec<String> = breadcrumbs(&a.sections, deep)
            .into_iter()
            .map(|c| c.url)
            .collect();
        assert_eq!(trail, ["", "training/", "training/deep/"]);
    }

    #[test]
    fn reserved_folders_and_clashing_urls_are_errors_and_the_page_is_left_out() {
        let a = site(vec![
            parsed("kpis/extra.md", "---\ntitle: 指标\n---\n"),
            parsed("guides/Plan.md", "---\ntitle: 计划一\n---\n"),
            parsed("guides/plan.md", "---\ntitle: 计划二\n---\n"),
        ]);
        let codes: Vec<Code> = a.errors.iter().map(|d| d.code).collect();
        assert!(codes.contains(&Code::ReservedPath), "{codes:?}");
        assert_eq!(
            a.left_out.get("kpis/extra.md").map(String::as_str),
            Some("kpis/extra/")
        );
        assert!(
            a.errors.len() >= 2,
            "two pages whose URLs differ only in case clash: {:?}",
            a.errors
        );
        assert!(!a.pages.iter().any(|p| p.content_path == "kpis/extra.md"));
    }
}
