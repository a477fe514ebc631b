//! What a page gives the search index, read from the page pitwall rendered: its title (the
//! first `h1`), its kind (`.kind-label`), and its text in sections, one per `h2`/`h3` with an
//! `id`, so a result can link to the section it was found in.
//!
//! Only the `<main>` element is read, and inside it not what would be noise in a result:
//! navigation, charts, tables of figures, heading anchors, tag lists, anything `aria-hidden` or
//! marked `data-search-ignore`. The HTML is pitwall's own (templates and Markdown it rendered),
//! so a small scanner does: tags, attributes in quotes, entities.

/// A searchable page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Doc {
    /// The page's address from the site root, with the final `/` (`complaints/delivery-delay/`).
    pub url: String,
    pub title: String,
    /// The page kind's word (`投诉话术`), when the page shows one.
    pub kind: String,
    /// The text before the first section heading comes first, with an empty anchor.
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// The heading's `id` (empty: the top of the page).
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// Classes whose elements are left out (with everything inside them): besides charts and
/// tables of figures, lists of links to other pages (cards, "what to do", related KPIs,
/// regions), whose words are those pages' titles and would rank the list above the pages.
const LEFT_OUT_CLASSES: [&str; 13] = [
    "anchor",
    "tags",
    "chart-block",
    "matrix-wrap",
    "trend-data",
    "pager",
    "revisions",
    "cards",
    "what-to-do",
    "kpi-links",
    "regions",
    "figure-data",
    "figure-table",
];
/// Elements left out with everything inside them.
const LEFT_OUT_TAGS: [&str; 6] = ["nav", "svg", "script", "style", "template", "button"];
/// Elements whose end separates words (so that text of two cells or items never runs together).
const BLOCKS: [&str; 18] = [
    "p",
    "li",
    "div",
    "dd",
    "dt",
    "td",
    "th",
    "tr",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "blockquote",
    "figcaption",
];
const VOID: [&str; 9] = [
    "br", "img", "hr", "input", "meta", "link", "wbr", "source", "col",
];

/// Where text goes while the page is read.
enum Target {
    Body,
    Title,
    Kind,
    Heading,
}

/// The searchable content of the page at `url` (its output path without `index.html`).
pub fn doc(url: &str, html: &str) -> Doc {
    let main = main_element(html);
    let mut doc = Doc {
        url: url.to_owned(),
        title: String::new(),
        kind: String::new(),
        sections: vec![Section {
            anchor: String::new(),
            heading: String::new(),
            text: String::new(),
        }],
    };
    let mut into = Target::Body;
    let mut into_end = "";
    let mut skip: Option<(&str, usize)> = None;
    let mut rest = main;
    while !rest.is_empty() {
        // Inside a left-out element only its own start and end tags matter (charts are most of
        // a scorecard's bytes): straight to the next one.
        if let Some((name, _)) = skip {
            // A comment before that tag is passed over whole (below): it may hold the name.
            let Some(at) = next_tag_named(rest, name) else {
                break;
            };
            let comment = rest[..at].find("<!--");
            rest = &rest[comment.unwrap_or(at)..];
        }
        let Some(lt) = rest.find('<') else {
            push_text(&mut doc, &into, rest);
            break;
        };
        if lt > 0 && skip.is_none() {
            push_text(&mut doc, &into, &rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = Tag::parse(&rest[1..gt]);
        rest = &rest[gt + 1..];
        let Some(tag) = tag else {
            continue;
        };
        if let Some((name, depth)) = &mut skip {
            if tag.name == *name && !VOID.contains(&tag.name) && !tag.self_closing {
                if tag.end {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            continue;
        }
        if tag.end {
            if tag.name == into_end {
                into = Target::Body;
                into_end = "";
            }
            if BLOCKS.contains(&tag.name) {
                push_text(&mut doc, &into, " ");
            }
            continue;
        }
        if tag.name == "br" {
            push_text(&mut doc, &into, " ");
        }
        if tag.left_out() {
            if !VOID.contains(&tag.name) && !tag.self_closing {
                skip = Some((tag.name, 1));
            }
            continue;
        }
        match tag.name {
            "h1" if doc.title.is_empty() => {
                into = Target::Title;
                into_end = "h1";
            }
            "h2" | "h3" => {
                if let Some(id) = tag.attribute("id") {
                    doc.sections.push(Section {
                        anchor: decode(id),
                        heading: String::new(),
                        text: String::new(),
                    });
                    into = Target::Heading;
                    into_end = tag.name;
                }
            }
            "p" if doc.kind.is_empty() && tag.has_class("kind-label") => {
                into = Target::Kind;
                into_end = "p";
            }
            _ => {}
        }
    }
    doc.title = tidy(&doc.title);
    doc.kind = tidy(&doc.kind);
    for section in &mut doc.sections {
        section.heading = tidy(&section.heading);
        section.text = tidy(&section.text);
    }
    doc.sections
        .retain(|s| !s.anchor.is_empty() || !s.text.is_empty() || !s.heading.is_empty());
    doc
}

/// Where the next start or end tag named `name` begins in `html` (its `<`).
fn next_tag_named(html: &str, name: &str) -> Option<usize> {
    html.match_indices(name).find_map(|(at, _)| {
        let before = &html[..at];
        let start = before
            .strip_suffix("</")
            .or_else(|| before.strip_suffix('<'))?
            .len();
        let after = html[at + name.len()..].bytes().next();
        after
            .is_some_and(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
            .then_some(start)
    })
}

/// The inside of `<main …>…</main>`, or the whole page when it has none.
fn main_element(html: &str) -> &str {
    let Some(start) = html.find("<main") else {
        return html;
    };
    let inner = html[start..]
        .find('>')
        .map_or(html.len(), |gt| start + gt + 1);
    let end = html
        .rfind("</main>")
        .filter(|&e| e >= inner)
        .unwrap_or(html.len());
    &html[inner..end]
}

fn push_text(doc: &mut Doc, into: &Target, text: &str) {
    let target = match into {
        Target::Title => &mut doc.title,
        Target::Kind => &mut doc.kind,
        Target::Heading | Target::Body => {
            let Some(section) = doc.sections.last_mut() else {
                return;
            };
            if matches!(into, Target::Heading) {
                &mut section.heading
            } else {
                &mut section.text
            }
        }
    };
    if text.contains('&') {
        target.push_str(&decode(text));
    } else {
        target.push_str(text);
    }
}

/// Runs of white space as one space, none at the ends.
fn tidy(text: &str) -> String {
    let mut tidy = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !tidy.is_empty() {
            tidy.push(' ');
        }
        tidy.push_str(word);
    }
    tidy
}

/// A start or end tag, as written between `<` and `>`.
struct Tag<'a> {
    name: &'a str,
    end: bool,
    self_closing: bool,
    attributes: &'a str,
}

impl<'a> Tag<'a> {
    fn parse(inside: &'a str) -> Option<Tag<'a>> {
        let (end, inside) = match inside.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inside),
        };
        let name_end = inside
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let name = &inside[..name_end];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        Some(Tag {
            name,
            end,
            self_closing: inside.ends_with('/'),
            attributes: &inside[name_end..],
        })
    }

    /// The value of attribute `name` (in double quotes, as pitwall writes them), or `""` for a
    /// bare attribute.
    fn attribute(&self, name: &str) -> Option<&'a str> {
        let mut rest = self.attributes;
        while let Some(at) = rest.find(name) {
            let before = rest[..at].chars().last();
            let after = &rest[at + name.len()..];
            rest = after;
            if before.is_some_and(|c| !c.is_ascii_whitespace()) {
                continue;
            }
            if let Some(value) = after.strip_prefix("=\"") {
                return value.find('"').map(|end| &value[..end]);
            }
            if after.is_empty() || after.starts_with(|c: char| c.is_ascii_whitespace() || c == '/')
            {
                return Some("");
            }
        }
        None
    }

    fn has_class(&self, class: &str) -> bool {
        self.attribute("class")
            .is_some_and(|classes| classes.split_ascii_whitespace().any(|c| c == class))
    }

    fn left_out(&self) -> bool {
        LEFT_OUT_TAGS.contains(&self.name)
            || self.attributes().any(|(name, value)| match name {
                "data-search-ignore" => true,
                "aria-hidden" => value == "true",
                "class" => value
                    .split_ascii_whitespace()
                    .any(|c| LEFT_OUT_CLASSES.contains(&c)),
                _ => false,
            })
    }

    /// The attributes as (name, value) in one pass; `""` for a bare attribute.
    fn attributes(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let mut rest = self.attributes;
        std::iter::from_fn(move || {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..end];
            rest = &rest[end..];
            let value = match rest.strip_prefix("=\"") {
                Some(quoted) => {
                    let close = quoted.find('"').unwrap_or(quoted.len());
                    rest = quoted.get(close + 1..).unwrap_or("");
                    &quoted[..close]
                }
                None => {
                    // Unquoted (not written by pitwall): up to the next space.
                    let value = rest.strip_prefix('=').unwrap_or("");
                    let end = value
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(value.len());
                    rest = &value[end..];
                    &value[..end]
                }
            };
            Some((name, value))
        })
    }
}

/// Text with its character references replaced (`&amp;`, `&#39;`, `&#x2F;`, …); an unknown one
/// stays as written.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A reference is short and ASCII: look for its `;` in the next few bytes only.
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{Section, decode, doc};

    const PAGE: &str = r##"<!DOCTYPE html><html><body><nav class="site">首页 投诉处理</nav>
<main id="main" class="content">
<article><header class="page-head"><p class="kind-label">投诉话术</p><h1>交车延迟</h1>
<p class="summary">车辆未能按时交付时的话术。</p>
<ul class="tags"><li><a href="../../tags/x/">#交车延迟</a></li></ul></header>
<nav class="toc" aria-label="本页目录"><h2>本页目录</h2><ol><li><a href="#场景">场景</a></li></ol></nav>
<div class="body">
<h2 id="场景">场景<a class="anchor" href="#场景" aria-hidden="true" tabindex="-1">#</a></h2>
<p>客户上午送车&amp;保养。</p><p>第二段</p>
<!-- a comment <p>not text</p> -->
<div class="chart-block"><svg><text>95.0</text></svg></div>
<h3 id="a&amp;b">A &amp; B</h3><ol><li>一</li><li>二</li></ol>
<section class="revisions" data-search-ignore><h2 id="rev">修订记录</h2><p>fix typo</p></section>
</div></article></main><footer>页脚</footer></body></html>"##;

    #[test]
    fn a_page_gives_title_kind_and_sections_without_navigation_or_charts() {
        let d = doc("complaints/delivery-delay/", PAGE);
        assert_eq!(d.title, "交车延迟");
        assert_eq!(d.kind, "投诉话术");
        assert_eq!(
            d.sections,
            [
                Section {
                    anchor: String::new(),
                    heading: String::new(),
                    text: "车辆未能按时交付时的话术。".into()
                },
                Section {
                    anchor: "场景".into(),
                    heading: "场景".into(),
                    text: "客户上午送车&保养。 第二段".into()
                },
                Section {
                    anchor: "a&b".into(),
                    heading: "A & B".into(),
                    text: "一 二".into()
                },
            ]
        );
    }

    #[test]
    fn a_left_out_element_ends_at_its_own_end_tag() {
        let page = "<main><h1>标题</h1><div class=\"chart-block\"><div>图内<div>更深</div></div>\
                    <!-- </div> -->图注</div><p>正文</p><svg><g></g><!-- <svg> --></svg><p>结尾</p></main>";
        let d = doc("a/", page);
        assert_eq!(d.sections[0].text, "正文 结尾");
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(
            decode("a&#x2F;b&#39;c &lt;d&gt; &bogus; & e"),
            "a/b'c <d> &bogus; & e"
        );
    }
}
