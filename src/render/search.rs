//! The search index: pagefind's extended build, used as a library, so Chinese text is split into
//! words (ICU segmentation) both when indexing and when searching. Runs entirely in the browser,
//! with no server and no requests beyond the site's own files.
//!
//! Indexing costs more than rendering the whole site, so it is done as little as possible: the
//! index comes in [`PARTS`], each a pagefind bundle of its own that the search page merges in the
//! browser (pagefind's `mergeIndex`), and each part is keyed on what pagefind reads of its pages.
//! A part whose pages did not change keeps its previous files (`build`: the previous output;
//! `serve`: memory), so a month close indexes only the monthly pages (home, KPIs, the new
//! month's scorecards), an edit to a playbook only the playbooks, and a rebuild with nothing
//! changed nothing. The parts are indexed in parallel.

use super::OutputFile;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::messages::Msg;
use crate::msg;
use crate::urls;

/// A page as pagefind gets it: `(output path, html)`.
pub type Searchable = (String, Vec<u8>);

/// One pagefind bundle of the index: the pages that change together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The task id the part is recorded and reused under.
    pub id: &'static str,
    /// Where its bundle goes in the output, with the final `/`.
    pub bundle: &'static str,
}

/// What changes at each month close (the home page, the KPI pages and the current month's
/// scorecards), then the playbooks and sections, which change only with the Markdown. The
/// first is the bundle the search page loads (the home page is always in it); the second is
/// merged into it.
pub const PARTS: [Part; 2] = [
    Part {
        id: "search/monthly",
        bundle: "pagefind/",
    },
    Part {
        id: "search/playbooks",
        bundle: "pagefind/playbooks/",
    },
];

/// What pagefind leaves out of a page's main element: heading anchors (`#`), tag links,
/// page navigation, charts and tables of figures. They would only add noise to excerpts and
/// cost indexing time.
const LEFT_OUT: [&str; 8] = [
    "a.anchor",
    "ul.tags",
    "nav",
    "svg",
    ".chart-block",
    ".matrix-wrap",
    ".trend-data",
    ".pager",
];

/// What the search page needs to know: the bundles to merge into the first part's.
#[derive(Debug, serde::Serialize)]
pub struct SearchPage {
    pub merged_bundles: Vec<&'static str>,
}

/// The search page's context: the playbooks' part exists when the site has a page or a section
/// besides the home page.
pub fn page(site: &crate::model::Site) -> SearchPage {
    SearchPage {
        merged_bundles: if site.config.search && (!site.pages.is_empty() || site.sections.len() > 1)
        {
            vec![PARTS[1].bundle]
        } else {
            Vec::new()
        },
    }
}

/// Which pages are searchable: playbooks, sections, KPI pages and the current month's
/// scorecards (older months would only repeat the same outlets and KPIs).
pub fn searchable(path: &str, current_month: Option<&str>) -> bool {
    if !path.ends_with("index.html")
        || path.starts_with(urls::TAGS)
        || path.starts_with(urls::SEARCH)
    {
        return false;
    }
    match path.strip_prefix(urls::SCORECARDS) {
        Some(rest) => {
            current_month.is_some_and(|m| rest.starts_with(m) && rest[m.len()..].starts_with('/'))
        }
        None => true,
    }
}

/// The part of the index a searchable page belongs to.
pub fn part_of(path: &str) -> Part {
    if path == "index.html" || path.starts_with(urls::KPIS) || path.starts_with(urls::SCORECARDS) {
        PARTS[0]
    } else {
        PARTS[1]
    }
}

/// The key of a part's index: its pages (`(output path, html)`, sorted by path), the language
/// and what pagefind is told to leave out.
pub fn key(pages: &[Searchable], language: &str) -> u64 {
    crate::hashing::key(&(language, LEFT_OUT, pages))
}

/// Builds the index of `pages` (`(output path, html)`, sorted by path) as the files of a bundle
/// under `bundle`.
#[cfg(feature = "search")]
pub fn index(
    pages: &[Searchable],
    language: &str,
    bundle: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let fail = |what: crate::messages::Text, e: &dyn std::fmt::Display| {
        Diagnostic::error(
            Code::Search,
            "pagefind",
            None,
            msg!(SearchFailed, what = what, detail = e),
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(Msg::SearchStart.into(), &e))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_owned())
            .exclude_selectors(LEFT_OUT.iter().map(|s| (*s).to_owned()).collect())
            .build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| fail(Msg::SearchStart.into(), &e))?;
        for (path, html) in pages {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            let html = String::from_utf8_lossy(html).into_owned();
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| fail(msg!(SearchIndexPage, path = path), &e))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| fail(Msg::SearchWrite.into(), &e))?;
        Ok(files
            .into_iter()
            .map(|f| OutputFile {
                path: format!(
                    "{bundle}{}",
                    f.filename.to_string_lossy().replace('\\', "/")
                ),
                bytes: f.contents,
            })
            .collect())
    })
}

/// Without the `search` feature there is no index; the search page says so.
#[cfg(not(feature = "search"))]
pub fn index(_: &[Searchable], _: &str, _: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::{PARTS, part_of, searchable};

    #[test]
    fn only_current_scorecards_are_searchable() {
        assert!(searchable(
            "complaints/delivery-delay/index.html",
            Some("2026-10")
        ));
        assert!(searchable("kpis/csi/index.html", Some("2026-10")));
        assert!(searchable(
            "scorecards/2026-10/bj-01/index.html",
            Some("2026-10")
        ));
        assert!(!searchable(
            "scorecards/2026-09/bj-01/index.html",
            Some("2026-10")
        ));
        assert!(!searchable(
            "scorecards/2026-10/rank-csi.svg",
            Some("2026-10")
        ));
        assert!(!searchable("tags/回访/index.html", Some("2026-10")));
        assert!(!searchable("404.html", None));
    }

    #[test]
    fn what_changes_monthly_has_a_part_of_its_own() {
        assert_eq!(part_of("index.html"), PARTS[0]);
        assert_eq!(part_of("kpis/csi/index.html"), PARTS[0]);
        assert_eq!(part_of("scorecards/2026-10/bj-01/index.html"), PARTS[0]);
        assert_eq!(part_of("complaints/delivery-delay/index.html"), PARTS[1]);
        assert_eq!(part_of("training/index.html"), PARTS[1]);
        assert!(PARTS[1].bundle.starts_with(PARTS[0].bundle));
    }
}
