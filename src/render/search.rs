//! The search index: pagefind's extended build, used as a library, so Chinese text is split into
//! words (ICU segmentation) both when indexing and when searching. Runs entirely in the browser,
//! with no server and no requests beyond the site's own files.

use super::OutputFile;
use crate::diagnostic::Diagnostic;

/// Which pages are searchable: playbooks, sections, KPI pages and the current month's
/// scorecards (older months would only repeat the same outlets and KPIs).
pub fn searchable(path: &str, current_month: Option<&str>) -> bool {
    if !path.ends_with("index.html") || path.starts_with("tags/") || path.starts_with("search/") {
        return false;
    }
    match path.strip_prefix("scorecards/") {
        Some(rest) => {
            current_month.is_some_and(|m| rest.starts_with(m) && rest[m.len()..].starts_with('/'))
        }
        None => true,
    }
}

/// Builds the index for `pages` (`(output path, html)`), as files under `pagefind/`.
#[cfg(feature = "search")]
pub fn index(
    mut pages: Vec<(String, Vec<u8>)>,
    language: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::error("search", "pagefind", (0, 0), format!("{what}: {e}"))
    };
    // Indexing order must not depend on thread timing.
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail("cannot start the indexer", &e))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_owned())
            .build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| fail("cannot start the indexer", &e))?;
        for (path, html) in pages {
            let url = format!("/{}", path.trim_end_matches("index.html"));
            let html = String::from_utf8_lossy(&html).into_owned();
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| fail(&format!("cannot index {path}"), &e))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| fail("cannot write the index", &e))?;
        Ok(files
            .into_iter()
            .map(|f| OutputFile {
                path: format!(
                    "pagefind/{}",
                    f.filename.to_string_lossy().replace('\\', "/")
                ),
                bytes: f.contents,
            })
            .collect())
    })
}

/// Without the `search` feature there is no index; the search page says so.
#[cfg(not(feature = "search"))]
pub fn index(_: Vec<(String, Vec<u8>)>, _: &str) -> Result<Vec<OutputFile>, Diagnostic> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::searchable;

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
}
