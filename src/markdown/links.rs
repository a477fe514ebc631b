//! Link destinations in Markdown: which are pages of the site, and relative URLs between pages.

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
    /// `/path` from the site root: made relative so the site works under any path.
    SiteAbsolute(String),
    /// Any other relative path (an image or file beside the page): left as written.
    Relative,
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
    if let Some(from_root) = path.strip_prefix("@/") {
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

/// Percent-decoding for link destinations (pulldown-cmark hands them over as written).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
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
