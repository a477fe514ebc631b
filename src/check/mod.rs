//! Phase 4, check: references between pages and data. Links and anchors were recorded with
//! their source positions while Markdown was rendered, so this is one pass over the model.
//!
//! Links are judged against what the build will really write (the output plan of
//! [`crate::model::outputs`]), not against the list of Markdown files: a URL link to a generated
//! page or a static file is checked like a link to a page. Every suggestion is written the way
//! it would be typed where the problem is (see [`typed_source`]).

pub mod exposure;
mod figures;

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::diagnostic::{Code, Position};
use crate::diagnostic::{Diagnostic, closest};
use crate::frontmatter::{FrontMatter, Kind, SCAFFOLD_PLACEHOLDERS};
use crate::markdown::{InternalLink, LinkRef, Rendered, UrlSyntax};
use crate::messages::{Msg, Text};
use crate::model::Site;
use crate::model::outputs::Resolved;
use crate::msg;
use crate::source::SourceFile;

/// Every reference problem in `site`. `today` decides which pages are due for review.
pub fn check(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let headings = heading_index(site);
    let documents = site
        .pages
        .iter()
        .map(|p| (&p.source, &p.content_path, &p.meta, &p.body))
        .chain(site.sections.iter().filter_map(|s| {
            let index = s.index.as_ref()?;
            Some((&index.source, &index.content_path, &index.meta, &s.body))
        }))
        .chain(
            site.commentaries
                .iter()
                .map(|c| (&c.source, &c.content_path, &c.meta, &c.body)),
        );
    // Pages left out for their front matter: their bodies' links are checked all the same.
    let unread = unread_bodies(site);
    for (source, body) in &unread {
        let content_path = source.path.strip_prefix("content/").unwrap_or(&source.path);
        out.extend(body.diagnostics.iter().cloned());
        check_links(site, &headings, &source.path, content_path, body, &mut out);
        figures::check(site, &source.path, &body.figures, &mut out);
    }
    // Each document on its own, in parallel; their problems in the documents' order.
    let documents: Vec<_> = documents.collect();
    let found: Vec<Vec<Diagnostic>> = documents
        .par_iter()
        .map(|(source, content_path, meta, body)| {
            let mut out = body.diagnostics.clone();
            let path = &source.path;
            check_links(site, &headings, path, content_path, body, &mut out);
            figures::check(site, path, &body.figures, &mut out);
            check_meta(site, path, meta, today, &mut out);
            if !meta.draft {
                check_placeholders(source, &mut out);
            }
            out
        })
        .collect();
    out.extend(found.into_iter().flatten());
    check_data_text(site, &headings, &mut out);
    figures::commentaries(site, &mut out);
    check_glossary(site, &mut out);
    out.extend(site.outputs.collisions().iter().cloned());
    check_parts(site, &mut out);
    check_unaddressed_kpis(site, &mut out);
    out
}

/// The bodies of the pages left out because their front matter could not be read, rendered as
/// the page would be.
fn unread_bodies(site: &Site) -> Vec<(&SourceFile, Rendered)> {
    let dialogue = crate::markdown::Dialogue::for_site(&site.config);
    let resolve = |path: &str| site.urls.get(path).cloned();
    site.unread
        .iter()
        .map(|(source, body_offset)| {
            let content_path = source.path.strip_prefix("content/").unwrap_or(&source.path);
            let url = site.left_out.get(content_path).map_or("", String::as_str);
            let body = crate::markdown::render(&crate::markdown::MarkdownInput {
                source,
                body: &source.text[*body_offset..],
                body_offset: *body_offset,
                content_path,
                url,
                allow_html: site.config.allow_html,
                resolve: &resolve,
                dialogue: &dialogue,
                figures: true,
            });
            (source, body)
        })
        .collect()
}

/// Markdown in data files (a KPI's description, a month's notes) is checked as a page's body
/// is: its links and unsafe URLs, each at its line and column in the data file.
fn check_data_text(
    site: &Site,
    headings: &HashMap<&str, HashSet<&str>>,
    out: &mut Vec<Diagnostic>,
) {
    let descriptions = site.catalogue.kpis.iter().filter_map(|k| {
        let text = k.description.as_deref()?;
        Some((
            "data/kpis.yaml",
            text,
            k.description_at?,
            crate::urls::kpi(&k.id),
        ))
    });
    let notes = site.scorecards.months.iter().flat_map(|m| {
        m.notes.iter().filter_map(move |(o, text)| {
            let outlet = &site.outlets.outlets.get(*o)?.id;
            Some((
                m.source.as_str(),
                text.as_str(),
                *m.note_places.get(o)?,
                crate::urls::outlet(m.month, outlet),
            ))
        })
    });
    let resolve = |path: &str| site.urls.get(path).cloned();
    for (path, text, at, url) in descriptions.chain(notes) {
        let mut body = crate::markdown::render_data(text, &url, &resolve);
        for mut d in std::mem::take(&mut body.diagnostics) {
            d.path = path.to_owned();
            d.at = d.at.map(|p| at.place(p));
            out.push(d);
        }
        for link in &mut body.links {
            let place = at.place(Position::new(link.line, link.column));
            (link.line, link.column) = (place.line, place.column);
        }
        check_links(site, headings, path, "", &body, out);
    }
}

/// The pages `data/glossary.yaml` links its terms to must exist.
fn check_glossary(site: &Site, out: &mut Vec<Diagnostic>) {
    for entry in &site.glossary.entries {
        let (Some((page, at)), Some((target, _))) = (&entry.page, entry.page_source()) else {
            continue;
        };
        if site.urls.contains_key(target) || site.left_out.contains_key(target) {
            continue;
        }
        let hint = match nearest_source(site, target, "") {
            Some(near) => msg!(DidYouMean, near = format!("@/{near}")),
            None => Msg::PrerequisiteHint.into(),
        };
        out.push(
            Diagnostic::error(
                Code::Glossary,
                "data/glossary.yaml",
                *at,
                msg!(GlossaryUnknownPage, page = page),
            )
            .with_hint(hint),
        );
    }
}

fn heading_index(site: &Site) -> HashMap<&str, HashSet<&str>> {
    let mut index: HashMap<&str, HashSet<&str>> = HashMap::new();
    let bodies = site
        .pages
        .iter()
        .map(|p| (p.content_path.as_str(), &p.body))
        .chain(
            site.sections
                .iter()
                .filter_map(|s| Some((s.index.as_ref()?.content_path.as_str(), &s.body))),
        )
        .chain(
            site.commentaries
                .iter()
                .map(|c| (c.content_path.as_str(), &c.body)),
        );
    for (path, body) in bodies {
        index.insert(path, body.headings.iter().map(|h| h.id.as_str()).collect());
    }
    index
}

/// What a link is checked against, and where it is.
struct LinkCheck<'a> {
    site: &'a Site,
    headings: &'a HashMap<&'a str, HashSet<&'a str>>,
    /// The linking file, relative to the site root and to `content/`.
    path: &'a str,
    content_path: &'a str,
    /// "Did you mean" hints found on this page, by what was looked for, and how many more
    /// may be looked for: each looks through every page or heading, so a page of thousands
    /// of broken links would take time that grows with links × candidates.
    hints: std::cell::RefCell<(HashMap<String, Option<Text>>, usize)>,
}

/// How many different "did you mean" hints one page's links are given (the human report shows
/// 50 problems a file); links past it get the general hint.
pub const SUGGESTIONS_PER_PAGE: usize = 100;

fn check_links(
    site: &Site,
    headings: &HashMap<&str, HashSet<&str>>,
    path: &str,
    content_path: &str,
    body: &Rendered,
    out: &mut Vec<Diagnostic>,
) {
    let check = LinkCheck {
        site,
        headings,
        path,
        content_path,
        hints: Default::default(),
    };
    for link in &body.links {
        let d = match &link.target {
            LinkRef::Source(target) => check.source(link, target),
            LinkRef::Output { url, syntax } => check.output(link, url, *syntax),
        };
        out.extend(d);
    }
}

impl LinkCheck<'_> {
    /// The hint `find` finds for `wanted` (the same for every link that looks for it), while
    /// the page's budget lasts; `None` past it.
    fn suggest(&self, wanted: String, find: impl FnOnce() -> Option<Text>) -> Option<Text> {
        let mut hints = self.hints.borrow_mut();
        if let Some(found) = hints.0.get(&wanted) {
            return found.clone();
        }
        if hints.1 == SUGGESTIONS_PER_PAGE {
            return None;
        }
        hints.1 += 1;
        let found = find();
        hints.0.insert(wanted, found.clone());
        found
    }

    /// A link to a Markdown source (`a.md`, `@/complaints/a.md`, `#anchor`).
    fn source(&self, link: &InternalLink, target: &str) -> Option<Diagnostic> {
        let at = Position::new(link.line, link.column);
        if let Some(ids) = self.headings.get(target) {
            return self.anchor(link, target, ids);
        }
        // A page with errors of its own is reported there; links to it and its headings are
        // not broken.
        if self.site.left_out.contains_key(target) {
            return None;
        }
        if self.site.audience_left_out.contains(target) {
            let audience = self.site.audience.as_deref().unwrap_or_default();
            return Some(
                Diagnostic::error(
                    Code::BrokenLink,
                    self.path,
                    at,
                    msg!(LinkToOtherAudience, target = target, audience = audience),
                )
                .with_hint(Msg::LinkToOtherAudienceHint),
            );
        }
        if self.site.drafts_left_out.contains(target) {
            return Some(
                Diagnostic::error(
                    Code::BrokenLink,
                    self.path,
                    at,
                    msg!(LinkToDraft, target = target),
                )
                .with_hint(Msg::LinkToDraftHint),
            );
        }
        if let Some(d) = self.unfollowed(link, &format!("content/{target}")) {
            return Some(d);
        }
        let d = Diagnostic::error(
            Code::BrokenLink,
            self.path,
            at,
            msg!(LinkMissingPage, target = target),
        );
        let near = self.suggest(format!("page {target}"), || {
            let near = nearest_source(self.site, target, self.content_path)?;
            Some(msg!(
                DidYouMean,
                near = typed_source(near, self.content_path)
            ))
        });
        Some(d.with_hint(near.unwrap_or_else(|| Msg::LinkMissingPageHint.into())))
    }

    /// A link to a URL of the site (`@/kpis/csi`, `/static/x.pdf`, `../b/`).
    fn output(&self, link: &InternalLink, url: &str, syntax: UrlSyntax) -> Option<Diagnostic> {
        let at = Position::new(link.line, link.column);
        let written = &link.written;
        match self.site.outputs.resolve(url) {
            Some(Resolved::Output(origin)) => {
                let target = origin.content_path.as_deref()?;
                let ids = self.headings.get(target)?;
                return self.anchor(link, target, ids);
            }
            Some(Resolved::SearchIndex) => return None,
            None => {}
        }
        if self.site.left_out.values().any(|u| u == url) {
            return None;
        }
        let unfollowed = self.site.unfollowed.iter().find(|u| {
            u.path
                .strip_prefix("content/")
                .is_some_and(|p| crate::model::pages::url_for(p) == url)
        });
        if let Some(u) = unfollowed {
            return self.unfollowed(link, &u.path);
        }
        let d = Diagnostic::error(
            Code::BrokenLink,
            self.path,
            at,
            msg!(LinkMissingUrl, written = written, url = url),
        );
        // `repeat-repair` for `repeat-repair.md`: the author meant the page's source file.
        if syntax != UrlSyntax::Checked {
            let path = crate::markdown::links::url_path(written);
            let dir = self.content_path.rsplit_once('/').map_or("", |(d, _)| d);
            let base = if syntax == UrlSyntax::Root { "" } else { dir };
            let meant = crate::markdown::links::normalize(base, path.trim_end_matches('/'))
                .into_iter()
                .flat_map(|p| [format!("{p}.md"), format!("{p}/_index.md")])
                .find(|p| self.site.urls.contains_key(p) || self.site.left_out.contains_key(p));
            if let Some(meant) = meant {
                return Some(d.with_hint(msg!(
                    LinkSourceFileHint,
                    source = typed_source(&meant, self.content_path)
                )));
            }
        }
        // `/complaints/b` for the page at `/complaints/b/`: not every server redirects.
        if let Some(Resolved::Output(origin)) = self.site.outputs.resolve(&format!("{url}/")) {
            let typed = match &origin.content_path {
                Some(source) => typed_source(source, self.content_path),
                None => typed_output(url),
            };
            return Some(d.with_hint(msg!(LinkTrailingSlashHint, near = typed)));
        }
        let own_url = self.site.urls.get(self.content_path).map(String::as_str);
        let near = self.suggest(format!("url {url}"), || {
            let near = nearest(
                url,
                self.site
                    .outputs
                    .urls()
                    .filter(|(u, _)| Some(u.as_str()) != own_url)
                    .map(|(u, origin)| (u, origin.content_path.clone())),
            )?;
            Some(match near {
                (_, Some(source)) => {
                    msg!(DidYouMean, near = typed_source(&source, self.content_path))
                }
                (near, None) => msg!(DidYouMean, near = typed_output(&near)),
            })
        });
        Some(d.with_hint(near.unwrap_or_else(|| Msg::LinkMissingUrlHint.into())))
    }

    fn anchor(&self, link: &InternalLink, target: &str, ids: &HashSet<&str>) -> Option<Diagnostic> {
        let anchor = link.anchor.as_ref()?;
        if ids.contains(anchor.as_str()) {
            return None;
        }
        let message = if target == self.content_path {
            msg!(AnchorMissingHere, anchor = anchor)
        } else {
            msg!(AnchorMissing, target = target, anchor = anchor)
        };
        let d = Diagnostic::error(
            Code::BrokenAnchor,
            self.path,
            Position::new(link.line, link.column),
            message,
        );
        let hint = self.suggest(format!("#{target}#{anchor}"), || {
            Some(match closest(anchor, ids.iter().copied()) {
                Some(near) => msg!(DidYouMean, near = format!("#{near}")),
                None if ids.is_empty() => Msg::AnchorNoHeadings.into(),
                None => {
                    let mut all: Vec<&str> = ids.iter().copied().collect();
                    all.sort_unstable();
                    all.truncate(8);
                    msg!(AnchorList, headings = all.join(", "))
                }
            })
        });
        Some(d.with_hint(hint.unwrap_or_else(|| Msg::AnchorMissingHint.into())))
    }

    /// A link into a symbolic link that was not followed (`link_path` relative to the root).
    fn unfollowed(&self, link: &InternalLink, link_path: &str) -> Option<Diagnostic> {
        let u = self.site.unfollowed.iter().find(|u| {
            link_path == u.path
                || link_path
                    .strip_prefix(u.path.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })?;
        Some(
            Diagnostic::error(
                Code::BrokenLink,
                self.path,
                Position::new(link.line, link.column),
                msg!(
                    LinkIntoSymlink,
                    written = link.written,
                    path = u.path,
                    target = u.target
                ),
            )
            .with_hint(Msg::LinkIntoSymlinkHint),
        )
    }
}

/// The page nearest to the missing `target` (both relative to `content/`): in the same folder
/// first, then anywhere; never the linking page itself.
fn nearest_source<'a>(site: &'a Site, target: &str, linking: &str) -> Option<&'a str> {
    let candidates = site
        .urls
        .keys()
        .chain(site.left_out.keys())
        .map(String::as_str)
        .filter(|&c| c != linking);
    nearest(target, candidates.map(|c| (c, ()))).map(|(c, ())| c)
}

/// The candidate nearest to `wanted` (a path): one that differs only in the last segment,
/// else the nearest whole path.
fn nearest<S: AsRef<str>, T>(
    wanted: &str,
    candidates: impl Iterator<Item = (S, T)>,
) -> Option<(S, T)> {
    let candidates: Vec<(S, T)> = candidates.collect();
    let split = |p: &str| -> (String, String) {
        let p = p.trim_end_matches('/');
        match p.rsplit_once('/') {
            Some((dir, last)) => (dir.to_owned(), last.to_owned()),
            None => (String::new(), p.to_owned()),
        }
    };
    let (dir, last) = split(wanted);
    let siblings: Vec<(usize, String)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, (c, _))| {
            let (d, l) = split(c.as_ref());
            (d == dir).then_some((i, l))
        })
        .collect();
    let pick = closest(&last, siblings.iter().map(|(_, l)| l.as_str()))
        .and_then(|near| siblings.iter().find(|(_, l)| l == near).map(|&(i, _)| i))
        .or_else(|| {
            let near = closest(wanted, candidates.iter().map(|(c, _)| c.as_ref()))?;
            candidates.iter().position(|(c, _)| c.as_ref() == near)
        })?;
    candidates.into_iter().nth(pick)
}

/// What to type between the parentheses to link the page at `target` from the page at
/// `linking` (both relative to `content/`): the path relative to the linking page's folder
/// when the target is in that folder or below it, otherwise the path from content/ with `@/`
/// (never a `../` climb).
pub fn typed_source(target: &str, linking: &str) -> String {
    let dir = linking.rsplit_once('/').map_or("", |(d, _)| d);
    if dir.is_empty() {
        return target.to_owned();
    }
    match target.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
        Some(below) => below.to_owned(),
        None => format!("@/{target}"),
    }
}

/// What to type to link a URL pitwall generates: `@/kpis/csi`, `@/scorecards/2026-10/scorecard.csv`.
fn typed_output(url: &str) -> String {
    format!("@/{}", url.trim_end_matches('/'))
}

fn check_meta(site: &Site, path: &str, meta: &FrontMatter, today: Date, out: &mut Vec<Diagnostic>) {
    for kpi in &meta.kpis {
        if site.catalogue.get(&kpi.id).is_some() {
            continue;
        }
        let d = Diagnostic::error(
            Code::UnknownKpi,
            path,
            kpi.at,
            msg!(PageUnknownKpi, id = kpi.id),
        );
        out.push(match closest(&kpi.id, site.catalogue.ids()) {
            Some(near) => d.with_hint(msg!(PageUnknownKpiNear, near = near)),
            None if site.catalogue.kpis.is_empty() => d.with_hint(Msg::NoKpiCatalogue),
            None => d.with_hint(Msg::PageUnknownKpiHint),
        });
    }
    if let Kind::Syllabus { prerequisites, .. } = &meta.kind {
        for p in prerequisites {
            let (from_root, target) = match p.id.strip_prefix("@/") {
                Some(target) => ("@/", target),
                None => ("", p.id.as_str()),
            };
            if site.urls.contains_key(target) || site.left_out.contains_key(target) {
                continue;
            }
            let own = path.strip_prefix("content/").unwrap_or(path);
            let hint = match nearest_source(site, target, own) {
                Some(near) => msg!(DidYouMean, near = format!("{from_root}{near}")),
                None => Msg::PrerequisiteHint.into(),
            };
            out.push(
                Diagnostic::error(
                    Code::BrokenLink,
                    path,
                    p.at,
                    msg!(PrerequisiteMissing, id = p.id),
                )
                .with_hint(hint),
            );
        }
    }
    if let Some((due, at)) = meta.review_by_date
        && due < today
    {
        out.push(
            Diagnostic::warning(Code::ReviewDue, path, at, msg!(ReviewDue, due = due))
                .with_hint(Msg::ReviewDueHint),
        );
    }
}

/// A published page that still carries what `pitwall new` wrote for the author to replace.
fn check_placeholders(source: &SourceFile, out: &mut Vec<Diagnostic>) {
    // Every placeholder's first place, in one pass over the text.
    static FINDER: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(SCAFFOLD_PLACEHOLDERS).ok());
    let mut first = [None; SCAFFOLD_PLACEHOLDERS.len()];
    if let Some(finder) = &*FINDER {
        for found in finder.find_overlapping_iter(&*source.text) {
            first[found.pattern().as_usize()].get_or_insert(found.start());
        }
    }
    for (placeholder, offset) in SCAFFOLD_PLACEHOLDERS.iter().zip(first) {
        if let Some(offset) = offset {
            out.push(
                Diagnostic::warning(
                    Code::ScaffoldPlaceholder,
                    &source.path,
                    source.line_col(offset),
                    msg!(ScaffoldPlaceholder, text = placeholder),
                )
                .with_hint(Msg::ScaffoldPlaceholderHint),
            );
        }
    }
}

fn check_parts(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for part in &site.outline.parts {
        let page = &site.pages[part.page];
        if let Some(other) = seen.insert(part.part, &page.source.path) {
            out.push(Diagnostic::error(
                Code::DuplicatePart,
                &page.source.path,
                part.part_at,
                msg!(DuplicatePart, part = part.part, other = other),
            ));
        }
    }
}

fn check_unaddressed_kpis(site: &Site, out: &mut Vec<Diagnostic>) {
    // A page left out for its own errors may list the KPI: its error is the one to fix first,
    // not a warning about every KPI it names.
    if !site.left_out.is_empty() {
        return;
    }
    for (kpi, pages) in site.catalogue.kpis.iter().zip(&site.playbooks_by_kpi) {
        if pages.is_empty() {
            out.push(
                Diagnostic::warning(
                    Code::UnaddressedKpi,
                    "data/kpis.yaml",
                    kpi.at,
                    msg!(UnaddressedKpi, id = kpi.id),
                )
                .with_hint(Msg::UnaddressedKpiHint),
            );
        }
    }
}
