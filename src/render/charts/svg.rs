//! The SVG plotters draws, made accessible and small: a title and description, scaling with its
//! container, and plotters' default attributes rewritten to the classes of `STYLE` in one pass.

use std::fmt::Write as _;
use std::sync::LazyLock;

use super::{Description, Embed, SMALL, STYLE};

/// Adds `role="img"`, `<title>` and `<desc>` to the SVG, makes it scale with its container,
/// and drops what plotters writes but the picture does not need (default attributes, empty
/// labels and their ticks, repeated text styles), keeping a trend chart near 2–3 KB.
pub(super) fn accessible(
    svg: String,
    id: &str,
    title: &str,
    desc: Description<'_>,
    embed: Embed,
    labels: &str,
) -> String {
    let Some(end) = svg.find('>') else { return svg };
    let open = &svg[..end];
    let (width, height) = (
        attribute(open, "width").unwrap_or("480"),
        attribute(open, "height").unwrap_or("200"),
    );
    let mut out = String::with_capacity(svg.len() / 2 + title.len() + 512);
    // An inline SVG is in the HTML namespace's care: it needs no `xmlns`.
    out.push_str(if embed == Embed::File {
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img""#
    } else {
        r#"<svg role="img""#
    });
    let title = crate::markdown::escape_html(title);
    let _ = match desc {
        Description::Text(desc) => write!(
            out,
            r#" aria-labelledby="{id}-t {id}-d" viewBox="0 0 {width} {height}"><title id="{id}-t">{title}</title><desc id="{id}-d">{}</desc>"#,
            crate::markdown::escape_html(desc)
        ),
        Description::Elsewhere(by) => write!(
            out,
            r#" aria-labelledby="{id}-t" aria-describedby="{}" viewBox="0 0 {width} {height}"><title id="{id}-t">{title}</title>"#,
            crate::markdown::escape_html(by)
        ),
    };
    if embed != (Embed::Inline { first: false }) {
        out.push_str(STYLE);
    }
    // plotters' first element (the axes), then the labels, then the rest: the order they were
    // drawn in before the labels were written here.
    let body = &svg[end + 1..];
    let first = body.find("/>").map_or(0, |i| i + 2);
    compact(&body[..first], &mut out);
    out.push_str(labels);
    compact(&body[first..], &mut out);
    out
}

/// What plotters writes that the picture does not need, and what it writes that must change;
/// applied in one pass over the markup.
pub(super) static REWRITES: LazyLock<[(String, &str); 16]> = LazyLock::new(|| {
    // Whole attribute runs as plotters writes them, replaced by the classes of `STYLE`.
    let drawn = |attributes: &str, class: &'static str| (format!(" {attributes}"), class);
    [
        drawn(
            r##"fill="none" opacity="1" stroke="#0072B2" stroke-width="2""##,
            r#" class="v""#,
        ),
        drawn(
            r##"fill="none" opacity="1" stroke="#010204" stroke-width="2""##,
            r#" class="d""#,
        ),
        drawn(
            r##"fill="none" opacity="1" stroke="#010203" stroke-width="1""##,
            r#" class="t""#,
        ),
        drawn(
            r##"fill="none" opacity="1" stroke="#6E6E6E" stroke-width="1""##,
            r#" class="a""#,
        ),
        drawn(r##"opacity="0.22" fill="#E69F00""##, r#" class="w""#),
        drawn(r##"opacity="0.15" fill="#0072B2""##, r#" class="q""#),
        drawn(
            r##"opacity="1" fill="#0072B2" stroke="none" stroke-width="1""##,
            r#" class="p""#,
        ),
        drawn(
            r##"opacity="1" fill="#009E73" stroke="none""##,
            r#" class="g""#,
        ),
        drawn(
            r##"opacity="1" fill="#E69F00" stroke="none""##,
            r#" class="o""#,
        ),
        drawn(
            r##"opacity="1" fill="#D55E00" stroke="none""##,
            r#" class="r""#,
        ),
        drawn(
            r##"opacity="1" fill="#6E6E6E" stroke="none""##,
            r#" class="n""#,
        ),
        (
            " dy=\"0.76em\" text-anchor=\"middle\"".to_owned(),
            " class=\"m\"",
        ),
        (" opacity=\"1\"".to_owned(), ""),
        (" font-family=\"sans-serif\"".to_owned(), ""),
        (format!(" font-size=\"{}\"", SMALL / 1.24), ""),
        (" stroke-width=\"1\"".to_owned(), ""),
    ]
});

pub(super) fn compact(body: &str, out: &mut String) {
    let mut rest = body;
    // Spaces and newlines are ASCII, so byte positions are character boundaries.
    while let Some(at) = rest.bytes().position(|b| b == b' ' || b == b'\n') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(tail) = rest.strip_prefix('\n') {
            rest = tail;
            continue;
        }
        if let Some(tail) = rest.strip_prefix(" \"") {
            // `points="1,2 3,4 "`: the trailing space inside the value.
            out.push('"');
            rest = tail;
            continue;
        }
        // Every rewrite starts with a space and a letter; most spaces here are in `points`.
        let head = rest.as_bytes().get(..3).unwrap_or_default();
        let rewrite = if head.get(1).is_some_and(u8::is_ascii_lowercase) {
            REWRITES.iter().position(|(from, _)| {
                from.as_bytes()[..3] == *head && rest.starts_with(from.as_str())
            })
        } else {
            None
        };
        match rewrite.map(|i| (i, &REWRITES[i])) {
            Some((_i, (from, to))) => {
                #[cfg(test)]
                super::tests::FIRED[_i].store(true, std::sync::atomic::Ordering::Relaxed);
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push(' ');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

pub(super) fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}
