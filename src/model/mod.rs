//! Phase 3, model: one immutable [`Site`] with every page, section, KPI, outlet and month, and
//! the site-wide aggregates (training outline, tags, scorecards) computed once.

pub mod outline;
pub mod pages;
pub mod scorecards;

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::data::kpi::Catalogue;
use crate::data::outlet::Outlets;
use crate::markdown::slug::tag_slug;
pub use outline::Outline;
pub use pages::{Page, ParsedPage, Section};
pub use scorecards::Scorecards;

/// The whole site, as every later phase sees it.
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    /// `sections[0]` is the home page (the `content/` folder itself).
    pub sections: Vec<Section>,
    /// Output URL of every page and section index, by source path relative to `content/`.
    pub urls: HashMap<String, String>,
    pub tags: BTreeMap<String, Tag>,
    pub outline: Outline,
    pub catalogue: Catalogue,
    pub outlets: Outlets,
    pub scorecards: Scorecards,
    /// Rendered KPI descriptions, in catalogue order.
    pub kpi_descriptions: Vec<String>,
    /// Pages that name each KPI in `kpis`, in catalogue order (indexes into `pages`).
    pub playbooks_by_kpi: Vec<Vec<usize>>,
    /// Source paths (relative to `content/`) of drafts left out of this build.
    pub drafts_left_out: std::collections::BTreeSet<String>,
}

/// Output URL of a KPI's page.
pub fn kpi_url(kpi_id: &str) -> String {
    format!("kpis/{kpi_id}/")
}

/// Output URL of an outlet's scorecard for a month.
pub fn outlet_url(month: crate::data::month::Month, outlet_id: &str) -> String {
    format!("scorecards/{month}/{outlet_id}/")
}

/// A tag and the pages that carry it.
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

impl Site {
    /// URLs of the pages pitwall generates itself (KPIs, scorecards, tags).
    pub fn generated_urls(&self) -> Vec<String> {
        let mut urls = Vec::new();
        if !self.catalogue.kpis.is_empty() {
            urls.push("kpis/".to_owned());
            urls.extend(self.catalogue.kpis.iter().map(|k| kpi_url(&k.id)));
        }
        if !self.scorecards.months.is_empty() {
            urls.push("scorecards/".to_owned());
        }
        for month in &self.scorecards.months {
            urls.push(format!("scorecards/{}/", month.month));
            urls.extend(
                month
                    .active
                    .iter()
                    .map(|&o| outlet_url(month.month, &self.outlets.outlets[o].id)),
            );
        }
        if !self.tags.is_empty() {
            urls.push("tags/".to_owned());
            urls.extend(self.tags.values().map(|t| format!("tags/{}/", t.slug)));
        }
        urls
    }

    pub fn page_by_path(&self, content_path: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.content_path == content_path)
    }
}

/// Collects tags, keyed by their URL slug; pages in title order.
pub fn collect_tags(pages: &[Page]) -> BTreeMap<String, Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        for name in &page.meta.tags {
            let slug = tag_slug(name);
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug,
                pages: Vec::new(),
            });
            if !tag.pages.contains(&i) {
                tag.pages.push(i);
            }
        }
    }
    for tag in tags.values_mut() {
        tag.pages
            .sort_by_cached_key(|&i| collation_key(&pages[i].meta.title));
    }
    tags
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
