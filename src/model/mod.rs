//! Phase 3, model: one immutable [`Site`] with every page, section, KPI, outlet and month, and
//! the site-wide aggregates (training outline, tags, scorecards) computed once.

mod build;
pub mod changes;
pub mod outline;
pub mod outputs;
pub mod pages;
pub mod peers;
pub mod periods;
pub mod scorecards;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use unicode_normalization::UnicodeNormalization;

use crate::config::Config;
use crate::data::kpi::Catalogue;
use crate::data::outlet::Outlets;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Code, Position};
use crate::load::Unfollowed;
use crate::markdown::slug::tag_slug;
use crate::messages::{Msg, Text};
use crate::msg;
pub use build::{Options, build};
pub use outline::Outline;
pub use outputs::Plan;
pub use pages::{Page, ParsedPage, Section};
pub use scorecards::Scorecards;

/// The whole site, as every later phase sees it.
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    /// `sections[0]` is the home page (the `content/` folder itself).
    pub sections: Vec<Section>,
    /// `data/glossary.yaml`: the words staff type for the site's terms.
    pub glossary: crate::data::glossary::Glossary,
    /// The months' commentaries (`content/scorecards/2026-11.md`), by month.
    pub commentaries: Vec<pages::Commentary>,
    /// Output URL of every page and section index, by source path relative to `content/`.
    pub urls: HashMap<String, String>,
    pub tags: BTreeMap<String, Tag>,
    pub outline: Outline,
    pub catalogue: Catalogue,
    pub outlets: Outlets,
    /// In an audience's bundle, the ids of the outlets it shows under pseudonyms.
    pub hidden_outlets: BTreeSet<String>,
    pub events: crate::data::events::Events,
    pub scorecards: Scorecards,
    /// Quarters and years to date, and each month's year to date and trailing 12 months.
    pub periods: periods::Periods,
    /// Peer-group ranks and region roll-ups of every month.
    pub peers: peers::Peers,
    /// Rendered KPI descriptions, in catalogue order.
    pub kpi_descriptions: Vec<String>,
    /// Pages that name each KPI in `kpis`, in catalogue order (indexes into `pages`).
    pub playbooks_by_kpi: Vec<Vec<usize>>,
    /// Source paths (relative to `content/`) of drafts left out of this build.
    pub drafts_left_out: BTreeSet<String>,
    /// Pages that name their audiences, left out of this audience's bundle (content paths).
    pub audience_left_out: BTreeSet<String>,
    /// Source paths (relative to `content/`) of pages left out because of their own errors
    /// (reported on them), with the URL each would have: still the target of links.
    pub left_out: BTreeMap<String, String>,
    /// Those of them whose front matter could not be read, with where their body starts: their
    /// bodies are still checked, so that one run reports every problem of the file.
    pub unread: Vec<(crate::source::SourceFile, usize)>,
    /// Symbolic links that were not followed (see [`crate::load`]).
    pub unfollowed: Vec<Unfollowed>,
    /// Every output path of the build, planned before rendering.
    pub outputs: Plan,
    /// Each page's revisions from git (empty without a repository).
    pub history: crate::history::History,
    /// The audience this bundle is for (`region:华东`); `None` is the whole site, unchanged.
    pub audience: Option<String>,
}

/// A tag and the pages that carry it.
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

impl Site {
    /// The commentary of `month`, if one is written.
    pub fn commentary(&self, month: crate::data::month::Month) -> Option<&pages::Commentary> {
        self.commentaries
            .binary_search_by_key(&month, |c| c.month)
            .ok()
            .map(|i| &self.commentaries[i])
    }

    /// The page a glossary entry is about: its KPI's, else the page it names, with the anchor
    /// it names (empty for none).
    pub fn glossary_target<'e>(
        &self,
        entry: &'e crate::data::glossary::Entry,
    ) -> Option<(String, &'e str)> {
        if let Some(kpi) = entry.kpi.as_deref().and_then(|id| self.catalogue.get(id)) {
            return Some((crate::urls::kpi(&kpi.id), ""));
        }
        let (path, anchor) = entry.page_source()?;
        Some((self.urls.get(path)?.clone(), anchor))
    }

    /// URLs of the pages pitwall generates itself (KPIs, scorecards, tags).
    pub fn generated_urls(&self) -> Vec<String> {
        let mut urls = Vec::new();
        if !self.catalogue.kpis.is_empty() {
            urls.push(crate::urls::KPIS.to_owned());
            urls.extend(self.catalogue.kpis.iter().map(|k| crate::urls::kpi(&k.id)));
        }
        if !self.scorecards.months.is_empty() {
            urls.push(crate::urls::SCORECARDS.to_owned());
        }
        // Outlet scorecards that redirect to the outlet's history page are left out.
        for (i, month) in self.scorecards.months.iter().enumerate() {
            urls.push(crate::urls::month(month.month));
            if !self.scorecards.redirects_outlets(i) {
                urls.extend(
                    month
                        .active
                        .iter()
                        .map(|&o| crate::urls::outlet(month.month, &self.outlets.outlets[o].id)),
                );
            }
            urls.extend(self.region_urls(month.month));
        }
        urls.extend(
            self.scorecards
                .scored_outlets()
                .into_iter()
                .map(|o| crate::urls::outlet_history(&self.outlets.outlets[o].id)),
        );
        for card in &self.periods.cards {
            urls.push(crate::urls::period(&card.period));
            if !self.scorecards.redirected(card.last, card.active.len()) {
                urls.extend(card.active.iter().map(|&o| {
                    crate::urls::period_outlet(&card.period, &self.outlets.outlets[o].id)
                }));
            }
        }
        if changes::any(self) {
            urls.push(changes::CHANGES_URL.to_owned());
        }
        if !self.tags.is_empty() {
            urls.push(crate::urls::TAGS.to_owned());
            urls.extend(self.tags.values().map(|t| crate::urls::tag(&t.slug)));
        }
        urls
    }

    /// The region pages of `month`: regions with an outlet open that month.
    pub fn region_urls(&self, month: crate::data::month::Month) -> Vec<String> {
        let Some(m) = self.scorecards.index_of(month) else {
            return Vec::new();
        };
        self.peers.months[m]
            .open_regions
            .iter()
            .map(|&r| crate::urls::region(month, &self.outlets.groups.regions[r].slug))
            .collect()
    }

    pub fn page_by_path(&self, content_path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.content_path == content_path)
    }
}

/// Two tag names are one tag when they are equal ignoring case and Unicode form.
pub fn tag_key(name: &str) -> String {
    outputs::fold(name)
}

/// Collects tags, keyed by their URL slug; pages in title order. Different tags that would
/// share a URL (`C++` and `C`), and tags with nothing to make a URL from (`..`), are errors at
/// the `tags:` entries that name them.
pub fn collect_tags(pages: &[Page]) -> (BTreeMap<String, Tag>, Vec<Diagnostic>) {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    let mut errors = Vec::new();
    // The first place each distinct tag name is written, by slug: (key, name, page, position).
    type Written = (String, String, usize, Option<Position>);
    let mut first: BTreeMap<String, Vec<Written>> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for (t, name) in page.meta.tags.iter().enumerate() {
            let at = page.meta.tag_positions.get(t).copied().flatten();
            let name: String = name.nfc().collect();
            let slug = tag_slug(&name);
            if slug.is_empty() {
                errors.push(
                    Diagnostic::error(
                        Code::BadTag,
                        &page.source.path,
                        at,
                        msg!(TagNoSlug, name = name),
                    )
                    .with_hint(Msg::TagNoSlugHint),
                );
                continue;
            }
            let key = tag_key(&name);
            let names = first.entry(slug.clone()).or_default();
            if !names.iter().any(|(k, ..)| *k == key) {
                names.push((key.clone(), name.clone(), i, at));
            }
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug,
                pages: Vec::new(),
            });
            if tag_key(&tag.name) != key {
                continue;
            }
            if !tag.pages.contains(&i) {
                tag.pages.push(i);
            }
        }
    }
    for (slug, names) in &first {
        if names.len() < 2 {
            continue;
        }
        for (n, (_, name, page, at)) in names.iter().enumerate() {
            let mut others: Option<Text> = None;
            for (_, (_, other, p, _)) in names.iter().enumerate().filter(|&(m, _)| m != n) {
                let this = msg!(TagIn, name = other, path = pages[*p].source.path);
                others = Some(match others {
                    Some(before) => msg!(And, a = before, b = this),
                    None => this,
                });
            }
            let others = others.unwrap_or_else(|| Text::from(""));
            errors.push(
                Diagnostic::error(
                    Code::DuplicateTagUrl,
                    &pages[*page].source.path,
                    *at,
                    msg!(DuplicateTagUrl, name = name, others = others, slug = slug),
                )
                .with_hint(Msg::DuplicateTagUrlHint),
            );
        }
    }
    for tag in tags.values_mut() {
        tag.pages
            .sort_by_cached_key(|&i| collation_key(&pages[i].meta.title));
    }
    (tags, errors)
}

/// Pages that address each KPI, by catalogue position, in title order.
pub fn playbooks_by_kpi(pages: &[Page], catalogue: &Catalogue) -> Vec<Vec<usize>> {
    let mut by_kpi = vec![Vec::new(); catalogue.kpis.len()];
    for (i, page) in pages.iter().enumerate() {
        for reference in &page.meta.kpis {
            if let Some(k) = catalogue.position(&reference.id)
                && !by_kpi[k].contains(&i)
            {
                by_kpi[k].push(i);
            }
        }
    }
    // The most specific pages first (those naming fewest KPIs), then by kind and title.
    for list in &mut by_kpi {
        list.sort_by_cached_key(|&i| {
            (
                pages[i].meta.kpis.len(),
                kind_rank(&pages[i]),
                pages::order_key(pages[i].meta.weight, &pages[i].meta.title),
            )
        });
    }
    by_kpi
}

/// Scripts and rules first, then syllabus parts, then other pages: "what to do" reads best in
/// that order.
fn kind_rank(page: &Page) -> u8 {
    use crate::frontmatter::Kind;
    match page.meta.kind {
        Kind::ComplaintScript { .. } => 0,
        Kind::CompensationRule { .. } => 1,
        Kind::Syllabus { .. } => 2,
        Kind::Page => 3,
    }
}

/// Sort key that orders Chinese by pinyin (then by the text itself), so 补偿 comes before 投诉.
pub fn collation_key(text: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(text.len() * 2);
    for (c, p) in text.chars().zip(text.to_pinyin()) {
        match p {
            Some(p) => {
                key.push_str(p.plain());
                key.push(' ');
            }
            None => key.extend(c.to_lowercase()),
        }
    }
    key.push('\u{0}');
    key.push_str(text);
    key
}

#[cfg(test)]
mod tests {
    use super::collation_key;

    #[test]
    fn chinese_sorts_by_pinyin() {
        let mut titles = vec!["投诉处理", "补偿规则", "月度记分卡", "CSI 提升"];
        titles.sort_by_key(|t| collation_key(t));
        assert_eq!(titles, ["补偿规则", "CSI 提升", "投诉处理", "月度记分卡"]);
    }
}
