//! What's new: every revision of the site's pages and of the pages removed from it, newest
//! first, for `/changes/`, its Atom feed and the monthly digest. A page left out of this build
//! (a draft, or a page with errors) is not listed: its link would lead nowhere.

use crate::history::{Change, Revision};

use super::Site;

/// URL of the what's-new page and of its feed.
pub use crate::urls::{CHANGES as CHANGES_URL, CHANGES_FEED as FEED_PATH};

/// One revision of one page, as the what's-new page lists it.
pub struct Entry<'a> {
    pub revision: &'a Revision,
    /// The page's URL now; `None` for a removed page.
    pub url: Option<&'a str>,
    /// The page's title now (or its last title, for a removed page).
    pub title: String,
}

/// Every listed revision, newest first (then by path).
pub fn entries(site: &Site) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    let pages: std::collections::HashMap<&str, &super::Page> = site
        .pages
        .iter()
        .map(|p| (p.content_path.as_str(), p))
        .collect();
    for (path, revisions) in &site.history.pages {
        let page = pages.get(path.as_str()).copied();
        // A removed page's audiences are gone with it: an audience's bundle lists none.
        let removed = page.is_none()
            && site.audience.is_none()
            && !site.drafts_left_out.contains(path)
            && !site.audience_left_out.contains(path)
            && !site.left_out.contains_key(path)
            && revisions
                .first()
                .is_some_and(|r| r.page.change == Change::Removed);
        if page.is_none() && !removed {
            continue;
        }
        let last_title = revisions.iter().find_map(|r| r.page.title.clone());
        let title = page
            .map(|p| p.meta.title.clone())
            .or(last_title)
            .unwrap_or_else(|| path.clone());
        for revision in revisions {
            entries.push(Entry {
                revision,
                url: page.map(|p| p.url.as_str()),
                title: title.clone(),
            });
        }
    }
    entries.sort_by(|a, b| {
        b.revision
            .time
            .cmp(&a.revision.time)
            .then_with(|| a.revision.page.path.cmp(&b.revision.page.path))
            .then_with(|| a.revision.commit.cmp(&b.revision.commit))
    });
    entries
}

/// Whether the site has a what's-new page (some page has a revision to list).
pub fn any(site: &Site) -> bool {
    site.history.pages.keys().any(|path| {
        site.urls.contains_key(path)
            || site.history.of(path).first().is_some_and(|r| {
                r.page.change == Change::Removed
                    && site.audience.is_none()
                    && !site.drafts_left_out.contains(path)
                    && !site.audience_left_out.contains(path)
                    && !site.left_out.contains_key(path)
            })
    })
}
