//! Template contexts: typed, serialisable views of the model. Site-wide values (site title,
//! navigation, interface text) go into Tera's global context once, not into every page.

use serde::Serialize;

use crate::frontmatter::Kind;
use crate::markdown::Heading;
use crate::model::pages::Crumb;
use crate::model::scorecards::StatusCounts;

/// What every page template gets, around its own content.
#[derive(Serialize)]
pub struct Frame<'a, T: Serialize> {
    /// Relative path from this page to the site root (`../../`), for every link.
    pub root: String,
    pub url: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub breadcrumbs: Vec<Crumb>,
    #[serde(flatten)]
    pub content: T,
}

impl<'a, T: Serialize> Frame<'a, T> {
    pub fn new(url: &'a str, title: &'a str, content: T) -> Self {
        Frame {
            root: root_of(url),
            url,
            title,
            description: None,
            breadcrumbs: Vec::new(),
            content,
        }
    }
}

/// `complaints/x/` → `../../`; the home page → ``.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.split('/').filter(|s| !s.is_empty()).count())
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct KpiRef {
    pub id: String,
    pub name: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub kind: &'a Kind,
    /// The interface-text key of the kind's name (`t[page.kind_key]`).
    pub kind_key: &'static str,
    pub owner: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub review_by: Option<&'a str>,
    pub draft: bool,
    pub tags: Vec<Link>,
    pub content: &'a str,
    pub toc: Vec<&'a Heading>,
    pub kpis: Vec<KpiRef>,
    pub prerequisites: Vec<Link>,
    /// The newest revisions from git, then the older ones (behind a disclosure).
    pub revisions: Vec<RevisionView>,
    pub older_revisions: Vec<RevisionView>,
}

#[derive(Serialize)]
pub struct PageContext<'a> {
    pub page: PageView<'a>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
}

/// A page as listed in a section or tag page.
#[derive(Serialize)]
pub struct PageCard {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    pub kind: &'static str,
    pub severity: Option<&'static str>,
    pub badge: Option<String>,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub content: &'a str,
    pub pages: Vec<PageCard>,
    pub subsections: Vec<SectionCard>,
}

#[derive(Serialize)]
pub struct SectionCard {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
}

#[derive(Serialize)]
pub struct SectionContext<'a> {
    pub section: SectionView<'a>,
    /// The current month at a glance (home page only); `None` without KPI data.
    pub glance: Option<Glance>,
    /// Whether the home page links to the what's-new page.
    pub changes: bool,
}

#[derive(Serialize)]
pub struct TagView {
    pub name: String,
    pub url: String,
    pub count: usize,
    pub pages: Vec<PageCard>,
}

#[derive(Serialize)]
pub struct TagContext {
    pub tag: TagView,
}

#[derive(Serialize)]
pub struct TagsContext {
    pub tags: Vec<TagView>,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// Pages whose URL starts with this are in this item's part of the site.
    pub prefix: String,
}

/// Site-wide values set once in Tera's global context.
#[derive(Serialize)]
pub struct Globals<'a> {
    pub site: SiteView<'a>,
    pub t: &'static std::collections::BTreeMap<&'static str, &'static str>,
    pub nav: Vec<NavItem>,
    pub outline: &'a crate::model::Outline,
    /// Each status's symbol by its name (`symbol.green`, `symbol[key]`), from
    /// [`Status::symbol`](crate::model::scorecards::Status::symbol): templates never type one.
    pub symbol: std::collections::BTreeMap<&'static str, &'static str>,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'static str,
    /// An internal site's pages ask search engines not to index them or follow their links.
    pub noindex: bool,
}

/// The current month at a glance, as the home page shows it (made in `scorecards::glance`).
#[derive(Serialize)]
pub struct Glance {
    pub month: String,
    pub url: String,
    pub counts: StatusCounts,
    /// KPIs with the most red outlets this month (at most five, only those with any red).
    pub most_red: Vec<GlanceKpi>,
    pub outlets: Vec<GlanceOutlet>,
}

#[derive(Serialize)]
pub struct GlanceKpi {
    pub name: String,
    pub url: String,
    pub red: u32,
    pub amber: u32,
}

#[derive(Serialize)]
pub struct GlanceOutlet {
    pub name: String,
    pub region: String,
    pub url: String,
    pub counts: StatusCounts,
}

/// One revision as a page shows it.
#[derive(Serialize)]
pub struct RevisionView {
    pub date: String,
    /// The commit's short id.
    pub commit: String,
    pub subject: String,
    /// `added`, `modified`, `renamed` or `removed`.
    pub change: &'static str,
    /// What the revision did, in words (`修改`, `由 a.md 改名`).
    pub change_text: String,
    /// Its field changes in words, then whether the text changed.
    pub lines: Vec<String>,
}
