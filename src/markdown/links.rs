//! Link destinations in Markdown: which are pages of the site, and relative URLs between pages.
//!
//! Three ways to link inside the site, all checked: a Markdown source file (`../a.md`,
//! `@/complaints/a.md`), a page or file pitwall generates by its path from the site root
//! (`@/kpis/csi`, `@/scorecards/latest`, `@/tags/回访`, `@/scorecards/2026-10/scorecard.csv`),
//! and plain URLs (`/static/x.pdf`, `../b/`), which a browser resolves against the page's
//! output URL, so pitwall does too.

/// What a link destination in a page body points at.
#[derive(Debug, PartialEq)]
pub enum LinkTarget {
    /// `https://…`, `mailto:…`, `tel:…`, `//host/…`: left as written.
    External,
    /// `javascript:` and other schemes a browser would run or open locally.
    Unsafe,
    /// `#anchor` on the same page.
    SamePage { anchor: String },
    /// Another Markdown page, by its source path relative to `content/`.
    Page {
        path: String,
        anchor: Option<String>,
    },
    /// A relative `.md` path that climbs out of `content/`.
    OutsideContent,
    /// `@/path` without `.md`: a page or file pitwall generates, by its output path from the
    /// site root (`kpis/csi/`, `scorecards/2026-10/scorecard.csv`).
    Generated { url: String, anchor: Option<String> },
    /// `/path` from the site root: made relative so the site works under any path.
    SiteAbsolute(String),
    /// Any other relative path (an image or file beside the page): left as written.
    Relative,
}

/// The output path an `@/` link without `.md` names: `kpis/csi` → `kpis/csi/` (a page),
/// `scorecards/2026-10/scorecard.csv` → itself (a file: the last segment has a dot and no
/// trailing `/`), `tags/Call Back` → `tags/call-back/` (tags by name or by slug).
pub fn generated_url(path: &str) -> Option<String> {
    let normalized = normalize("", path)?;
    let mut url = match normalized.strip_prefix("tags/") {
        Some(tag) if !tag.contains('/') => format!("tags/{}", super::slug::tag_slug(tag)),
        _ => normalized,
    };
    let is_file = !path.ends_with('/') && url.rsplit('/').next().is_some_and(|s| s.contains('.'));
    if !url.is_empty() && !is_file {
        url.push('/');
    }
    Some(url)
}

/// A URL path (without query or fragment, percent-decoded) resolved against the folder `base`
/// (an output URL path: `complaints/a/`, `` for the root), keeping a trailing `/`; `None` when it
/// climbs above the root.
pub fn resolve_url(base: &str, path: &str) -> Option<String> {
    let mut url = normalize(base, path)?;
    let last = path.rsplit('/').next().unwrap_or("");
    let dir = path.is_empty() || path.ends_with('/') || last == "." || last == "..";
    if dir && !url.is_empty() {
        url.push('/');
    }
    Some(url)
}

/// The path part of a URL destination, without `?query` and `#fragment`, percent-decoded.
pub fn url_path(dest: &str) -> String {
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    decode(&dest[..end])
}

/// The `#fragment` of a destination, percent-decoded.
pub fn url_anchor(dest: &str) -> Option<String> {
    dest.split_once('#').map(|(_, a)| decode(a))
}

/// Classifies `dest` found in the page whose source path (relative to `content/`) is `page`.
pub fn classify_link(dest: &str, page: &str) -> LinkTarget {
    if let Some(scheme) = scheme(dest) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" | "mailto" | "tel" => LinkTarget::External,
            _ => LinkTarget::Unsafe,
        };
    }
    if dest.starts_with("//") {
        return LinkTarget::External;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkTarget::SamePage {
            anchor: decode(anchor),
        };
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(decode(anchor))),
        None => (dest, None),
    };
    let path = decode(path);
    if let Some(from_root) = path.strip_prefix("@/").or((path == "@").then_some("")) {
        if !from_root.ends_with(".md") {
            return match generated_url(from_root) {
                Some(url) => LinkTarget::Generated { url, anchor },
                None => LinkTarget::OutsideContent,
            };
        }
        return match normalize("", from_root) {
            Some(path) => LinkTarget::Page { path, anchor },
            None => LinkTarget::OutsideContent,
        };
    }
    if !path.ends_with(".md") {
        return if path.starts_with('/') {
            LinkTarget::SiteAbsolute(dest.to_owned())
        } else {
            LinkTarget::Relative
        };
    }
    let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
    match normalize(dir, &path) {
        Some(path) => LinkTarget::Page { path, anchor },
        None => LinkTarget::OutsideContent,
    }
}

fn scheme(dest: &str) -> Option<&str> {
    let (scheme, _) = dest.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// Joins `path` onto `dir` and resolves `.` and `..`; `None` when it climbs above the root.
pub fn normalize(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Percent-decoding for link destinations (pulldown-cmark hands them over as written); a `%`
/// without two hex digits after it stays as written, and so does text that does not decode to
/// UTF-8.
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_owned(), |decoded| decoded.into_owned())
}

/// The relative URL from the page at `from` to `to`; both are output URL paths without a
/// leading slash (`complaints/delivery-delay/`, `` for the home page).
pub fn relative_url(from: &str, to: &str) -> String {
    let depth = from.split('/').filter(|s| !s.is_empty()).count();
    let mut url = "../".repeat(depth);
    url.push_str(to);
    if url.is_empty() {
        url.push_str("./");
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_percent_decoded_where_they_can_be() {
        assert_eq!(decode("tags/%E5%9B%9E%E8%AE%BF/"), "tags/回访/");
        assert_eq!(decode("50%"), "50%");
        assert_eq!(decode("a%zzb"), "a%zzb");
        assert_eq!(decode("%FF"), "%FF", "not UTF-8: as written");
    }

    #[test]
    fn classifies_destinations() {
        let page = "complaints/delivery-delay.md";
        assert_eq!(
            classify_link("../compensation/goodwill.md#审批", page),
            LinkTarget::Page {
                path: "compensation/goodwill.md".into(),
                anchor: Some("审批".into())
            }
        );
        assert_eq!(
            classify_link("@/guides/x.md", page),
            LinkTarget::Page {
                path: "guides/x.md".into(),
                anchor: None
            }
        );
        assert_eq!(
            classify_link("@/kpis/csi", page),
            LinkTarget::Generated {
                url: "kpis/csi/".into(),
                anchor: None
            }
        );
        assert_eq!(
            classify_link("@/tags/Call%20Back", page),
            LinkTarget::Generated {
                url: "tags/call-back/".into(),
                anchor: None
            }
        );
        assert_eq!(
            classify_link("@/scorecards/2026-10/scorecard.csv", page),
            LinkTarget::Generated {
                url: "scorecards/2026-10/scorecard.csv".into(),
                anchor: None
            }
        );
        assert_eq!(
            classify_link("../../../etc/passwd.md", page),
            LinkTarget::OutsideContent
        );
        assert_eq!(
            classify_link("JavaScript:alert(1)", page),
            LinkTarget::Unsafe
        );
        assert_eq!(
            classify_link("https://example.com/a.md", page),
            LinkTarget::External
        );
        assert_eq!(
            classify_link("#%E5%9B%9E%E8%AE%BF", page),
            LinkTarget::SamePage {
                anchor: "回访".into()
            }
        );
    }

    #[test]
    fn urls_resolve_like_a_browser() {
        assert_eq!(
            resolve_url("complaints/a/", "../b/").as_deref(),
            Some("complaints/b/")
        );
        assert_eq!(
            resolve_url("complaints/a/", "repeat-repair").as_deref(),
            Some("complaints/a/repeat-repair")
        );
        assert_eq!(resolve_url("complaints/a/", "../..").as_deref(), Some(""));
        assert_eq!(resolve_url("", "/kpis/csi/").as_deref(), Some("kpis/csi/"));
        assert_eq!(
            resolve_url("complaints/a/", "").as_deref(),
            Some("complaints/a/")
        );
        assert_eq!(resolve_url("a/", "../../x"), None);
        assert_eq!(url_path("../b/?x=1#y"), "../b/");
    }

    #[test]
    fn relative_urls_climb_to_the_root() {
        assert_eq!(
            relative_url("complaints/delivery-delay/", "compensation/x/"),
            "../../compensation/x/"
        );
        assert_eq!(relative_url("", "training/"), "training/");
        assert_eq!(relative_url("training/", ""), "../");
        assert_eq!(relative_url("", ""), "./");
    }
}
