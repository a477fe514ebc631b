//! Phase 4, check: references between pages and data. Links and anchors were recorded with
//! their source positions while Markdown was rendered, so this is one pass over the model.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, closest};
use crate::frontmatter::{FrontMatter, Kind};
use crate::markdown::Rendered;
use crate::model::Site;

/// Every reference problem in `site`. `today` decides which pages are due for review.
pub fn check(site: &Site, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let headings = heading_index(site);
    let documents = site
        .pages
        .iter()
        .map(|p| (&p.source.path, &p.content_path, &p.meta, &p.body))
        .chain(site.sections.iter().filter_map(|s| {
            let index = s.index.as_ref()?;
            Some((
                &index.source.path,
                &index.content_path,
                &index.meta,
                &s.body,
            ))
        }));
    for (path, content_path, meta, body) in documents {
        out.extend(body.diagnostics.iter().cloned());
        check_links(site, &headings, path, content_path, body, &mut out);
        check_meta(site, path, meta, today, &mut out);
    }
    check_parts(site, &mut out);
    check_unaddressed_kpis(site, &mut out);
    out
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
        );
    for (path, body) in bodies {
        index.insert(path, body.headings.iter().map(|h| h.id.as_str()).collect());
    }
    index
}

fn check_links(
    site: &Site,
    headings: &HashMap<&str, HashSet<&str>>,
    path: &str,
    content_path: &str,
    body: &Rendered,
    out: &mut Vec<Diagnostic>,
) {
    for link in &body.links {
        let at = (link.line, link.column);
        let Some(ids) = headings.get(link.target.as_str()) else {
            let mut d = if site.drafts_left_out.contains(&link.target) {
                Diagnostic::error(
                    "broken-link",
                    path,
                    at,
                    format!("link to `{}`, a draft left out of this build", link.target),
                )
                .with_hint("publish the page (remove `draft: true`) or build with --drafts")
            } else {
                Diagnostic::error(
                    "broken-link",
                    path,
                    at,
                    format!("link to `{}`, which does not exist", link.target),
                )
            };
            if d.hint.is_none() {
                let near = closest(&link.target, site.urls.keys().map(String::as_str));
                d = d.with_hint(match near {
                    Some(near) => format!("did you mean `{near}`? Paths are relative to this page, or to content/ with `@/`"),
                    None => "paths are relative to this page, or to content/ with `@/`".to_owned(),
                });
            }
            out.push(d);
            continue;
        };
        if let Some(anchor) = &link.anchor
            && !ids.contains(anchor.as_str())
        {
            let target = if link.target == content_path {
                "this page".to_owned()
            } else {
                format!("`{}`", link.target)
            };
            let mut d = Diagnostic::error(
                "broken-anchor",
                path,
                at,
                format!("{target} has no heading `#{anchor}`"),
            );
            if let Some(near) = closest(anchor, ids.iter().copied()) {
                d = d.with_hint(format!("did you mean `#{near}`?"));
            } else {
                let mut all: Vec<&str> = ids.iter().copied().collect();
                all.sort_unstable();
                all.truncate(8);
                d = d.with_hint(format!("headings there: {}", all.join(", ")));
            }
            out.push(d);
        }
    }
}

fn check_meta(site: &Site, path: &str, meta: &FrontMatter, today: Date, out: &mut Vec<Diagnostic>) {
    for kpi in &meta.kpis {
        if site.catalogue.get(&kpi.id).is_some() {
            continue;
        }
        let d = Diagnostic::error(
            "unknown-kpi",
            path,
            kpi.at,
            format!("unknown KPI `{}`", kpi.id),
        );
        out.push(match closest(&kpi.id, site.catalogue.ids()) {
            Some(near) => d.with_hint(format!(
                "did you mean `{near}`? KPIs are defined in data/kpis.yaml"
            )),
            None if site.catalogue.kpis.is_empty() => {
                d.with_hint("this site has no data/kpis.yaml")
            }
            None => d.with_hint("KPIs are defined in data/kpis.yaml"),
        });
    }
    if let Kind::Syllabus { prerequisites, .. } = &meta.kind {
        for p in prerequisites {
            if !site.urls.contains_key(p.id.trim_start_matches("@/")) {
                out.push(
                    Diagnostic::error(
                        "broken-link",
                        path,
                        p.at,
                        format!("prerequisite `{}` does not exist", p.id),
                    )
                    .with_hint(
                        "name pages by their path inside content/, e.g. `training/01-role.md`",
                    ),
                );
            }
        }
    }
    if let Some((due, at)) = meta.review_by_date
        && due < today
    {
        out.push(
            Diagnostic::warning(
                "review-due",
                path,
                at,
                format!("page was due for review on {due}"),
            )
            .with_hint("review the page, then move `review_by` forward"),
        );
    }
}

fn check_parts(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<u32, &str> = BTreeMap::new();
    for part in &site.outline.parts {
        let page = &site.pages[part.page];
        if let Some(other) = seen.insert(part.part, &page.source.path) {
            out.push(Diagnostic::error(
                "duplicate-part",
                &page.source.path,
                part.part_at,
                format!("syllabus part {} is also used by `{other}`", part.part),
            ));
        }
    }
}

fn check_unaddressed_kpis(site: &Site, out: &mut Vec<Diagnostic>) {
    for (kpi, pages) in site.catalogue.kpis.iter().zip(&site.playbooks_by_kpi) {
        if pages.is_empty() {
            out.push(
                Diagnostic::warning(
                    "unaddressed-kpi",
                    "data/kpis.yaml",
                    (kpi.line, 1),
                    format!("no playbook names KPI `{}` in its `kpis`", kpi.id),
                )
                .with_hint("staff will see no \"what to do\" links when this KPI is red"),
            );
        }
    }
}
