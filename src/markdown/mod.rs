//! Markdown to HTML for one page: CJK-friendly emphasis, heading ids, table of contents,
//! internal links rewritten to output URLs and recorded for checking, dialogue blocks, and raw
//! HTML escaped unless the site opted in.

mod cjk;
mod cjk_table;
mod dialogue;
pub mod figures;

pub use dialogue::Dialogue;
use dialogue::Problem;
pub use figures::FigureRef;
pub mod links;
pub mod slug;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Code, Position};
use crate::messages::Msg;
use crate::msg;
use crate::source::{LineIndex, SourceFile};
use links::{LinkTarget, classify_link};
use slug::{UniqueIds, heading_id};

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// A heading of a rendered page.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link to a page or file of the site, found in a page body, with its own source position.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct InternalLink {
    pub target: LinkRef,
    pub anchor: Option<String>,
    pub line: u32,
    pub column: u32,
    /// The destination as written.
    pub written: String,
}

/// What an internal link names.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub enum LinkRef {
    /// A Markdown source by its path relative to `content/` (`complaints/delivery-delay.md`).
    Source(String),
    /// An output path from the site root (`complaints/b/`, `kpis/csi/`, `static/x.pdf`).
    Output { url: String, syntax: UrlSyntax },
}

/// How an output path was written, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub enum UrlSyntax {
    /// `@/kpis/csi`
    Checked,
    /// `/kpis/csi/`
    Root,
    /// `../b/`, resolved against the page's output URL as a browser does.
    Relative,
}

/// What the Markdown of one page became.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<InternalLink>,
    /// The figures the page shows (`{{ value csi }}`), by their markers' numbers in `html`.
    pub figures: Vec<FigureRef>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything rendering one page's body needs to know about the page and the site.
pub struct MarkdownInput<'a> {
    pub source: &'a SourceFile,
    /// The body text and its byte offset in the source file.
    pub body: &'a str,
    pub body_offset: usize,
    /// The page's source path relative to `content/`.
    pub content_path: &'a str,
    /// The page's output URL path (`complaints/delivery-delay/`), for relative links.
    pub url: &'a str,
    pub allow_html: bool,
    /// Output URL of a page given its source path relative to `content/`.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// The site's dialogue label and customer speakers.
    pub dialogue: &'a Dialogue,
    /// Whether `{{ … }}` components are read (in pages; not in data files' text).
    pub figures: bool,
}

pub fn render(input: &MarkdownInput<'_>) -> Rendered {
    let options = options();
    let found = if input.figures {
        figures::scan(input.body)
    } else {
        Vec::new()
    };
    let masked = figures::mask(input.body, &found);
    let prepared = cjk::prepare(&masked, options);
    let mut out = Rendered::default();
    let mut ids = UniqueIds::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    // A heading's events are held back until its text, and so its id, is known.
    let mut heading: OpenHeading<'_> = None;
    // The text of an open dialogue block and the byte offset (in the prepared text) of its first
    // line, so each line's problems can be placed.
    let mut dialogue: Option<(String, Option<usize>)> = None;
    let lines = LineIndex::new(&input.source.text);
    let position = |offset: usize| {
        let original = prepared.original_offset(offset);
        lines.line_col(&input.source.text, input.body_offset + original)
    };
    let at_body = |offset: usize| lines.line_col(&input.source.text, input.body_offset + offset);
    // Inside code and raw HTML a component is text; a chart or table must stand alone in its
    // paragraph (which it then replaces) or outside any paragraph (a list item, a table cell).
    let mut in_code = false;
    let mut links = 0usize;
    let mut paragraph: Option<usize> = None;
    let mut blocks_in_paragraph: Vec<usize> = Vec::new();
    let unmask = |text: CowStr<'_>| -> CowStr<'static> {
        CowStr::from(figures::unmask(&text, input.body, &found).into_owned())
    };

    for (event, range) in Parser::new_ext(&prepared.text, options).into_offset_iter() {
        let event = match event {
            Event::Text(text) => Event::Text(cow(prepared.strip(text.into_string().into()))),
            Event::Html(raw) | Event::InlineHtml(raw) if !input.allow_html => {
                Event::Text(unmask(raw))
            }
            Event::Html(raw) => Event::Html(unmask(raw)),
            Event::InlineHtml(raw) => Event::InlineHtml(unmask(raw)),
            Event::Code(code) => Event::Code(unmask(code)),
            other => other,
        };
        let event = match event {
            Event::Text(text) if (in_code || dialogue.is_some()) && !found.is_empty() => {
                Event::Text(unmask(text))
            }
            other => other,
        };
        if let Some((buffer, start)) = dialogue.as_mut() {
            match event {
                Event::Text(text) => {
                    start.get_or_insert(range.start);
                    buffer.push_str(&text);
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (html, problems) = dialogue::render(buffer, input.dialogue);
                    let first = start.map(&position);
                    for problem in problems {
                        out.diagnostics
                            .push(dialogue_warning(&input.source.path, first, problem));
                    }
                    events.push(Event::Html(html.into()));
                    dialogue = None;
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.trim() == "dialogue" =>
            {
                dialogue = Some((String::new(), None));
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links += 1;
                // A component in a link's address is what was written, not its placeholder.
                let dest_url = unmask(dest_url);
                let dest_url = rewrite(input, &dest_url, position(range.start), &mut out);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest_url.into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = unmask(dest_url);
                let dest_url = rewrite(input, &dest_url, position(range.start), &mut out);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest_url.into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, Vec::new(), String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, inner, text)) = heading.take() {
                    let id = ids.claim(heading_id(&text));
                    push_heading(&mut events, level, &id, inner);
                    out.headings.push(Heading {
                        level: level as u8,
                        id,
                        text: text.trim().to_owned(),
                    });
                }
                continue;
            }
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(r#"<div class="table-wrap">"#.into()));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html("</div>".into())
            }
            Event::End(TagEnd::Link) => {
                links = links.saturating_sub(1);
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Start(Tag::Paragraph) if heading.is_none() => {
                paragraph = Some(events.len());
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) => {
                let start = paragraph.take();
                let blocks = std::mem::take(&mut blocks_in_paragraph);
                if let Some(marker) = start.and_then(|s| alone(&events[s..])) {
                    events.truncate(start.unwrap_or(0));
                    events.push(Event::Html(marker.into()));
                    continue;
                }
                for i in blocks {
                    out.diagnostics.push(not_alone(input, &out.figures[i]));
                }
                Event::End(TagEnd::Paragraph)
            }
            Event::Text(text) if !found.is_empty() && text.contains('\u{E000}') && !in_code => {
                for piece in figures::pieces(&text, &found) {
                    let event = match piece {
                        figures::Piece::Text(t) => Event::Text(CowStr::from(t.to_owned())),
                        figures::Piece::Found(i) => match &found[i].read {
                            Ok(figure) => {
                                let mut figure = figure.clone();
                                figure.in_link = links > 0;
                                figure.place(found[i].range.start, |o| {
                                    let p = at_body(o);
                                    (p.line, p.column)
                                });
                                let n = out.figures.len();
                                if figure.component.is_block() {
                                    if heading.is_some() {
                                        out.diagnostics.push(not_alone(input, &figure));
                                    } else if paragraph.is_some() {
                                        blocks_in_paragraph.push(n);
                                    }
                                }
                                out.figures.push(figure);
                                Event::Html(figures::marker(n).into())
                            }
                            Err(problem) => {
                                out.diagnostics.push(
                                    Diagnostic::error(
                                        Code::Figure,
                                        &input.source.path,
                                        at_body(problem.offset),
                                        problem.message.clone(),
                                    )
                                    .with_hint(problem.hint.clone()),
                                );
                                Event::Text(input.body[found[i].range.clone()].to_owned().into())
                            }
                        },
                    };
                    push_event(&mut events, &mut heading, event);
                }
                continue;
            }
            other => other,
        };
        push_event(&mut events, &mut heading, event);
    }
    html::push_html(&mut out.html, events.into_iter());
    out
}

type OpenHeading<'a> = Option<(HeadingLevel, Vec<Event<'a>>, String)>;

/// Adds `event` to the page, or to the heading being read (whose text makes its id).
fn push_event<'a>(events: &mut Vec<Event<'a>>, heading: &mut OpenHeading<'a>, event: Event<'a>) {
    if let Event::Text(text) | Event::Code(text) = &event
        && let Some((_, _, heading_text)) = heading.as_mut()
    {
        heading_text.push_str(text);
    }
    match heading.as_mut() {
        Some((_, inner, _)) => inner.push(event),
        None => events.push(event),
    }
}

/// The marker of a chart or table that is all a paragraph holds (whitespace aside).
fn alone(paragraph: &[Event<'_>]) -> Option<String> {
    let mut inner = paragraph[1..].iter().filter(|e| match e {
        Event::Text(t) => !t.trim().is_empty(),
        Event::SoftBreak => false,
        _ => true,
    });
    match (inner.next(), inner.next()) {
        (Some(Event::Html(html)), None) if figures::marker_index(html).is_some() => {
            Some(html.to_string())
        }
        _ => None,
    }
}

/// A chart or table written inside a sentence or a heading.
fn not_alone(input: &MarkdownInput<'_>, figure: &FigureRef) -> Diagnostic {
    Diagnostic::error(
        Code::Figure,
        &input.source.path,
        Position::new(figure.line, figure.column),
        Msg::FigureNotAlone,
    )
    .with_hint(msg!(FigureNotAloneHint, written = figure.written))
}

fn cow(text: std::borrow::Cow<'_, str>) -> CowStr<'_> {
    match text {
        std::borrow::Cow::Borrowed(s) => CowStr::Borrowed(s),
        std::borrow::Cow::Owned(s) => CowStr::from(s),
    }
}

fn push_heading<'a>(
    events: &mut Vec<Event<'a>>,
    level: HeadingLevel,
    id: &str,
    inner: Vec<Event<'a>>,
) {
    events.push(Event::Html(
        format!(r#"<{level} id="{}">"#, escape_html(id)).into(),
    ));
    events.extend(inner);
    events.push(Event::Html(
        format!(
            r##"<a class="anchor" href="#{}" aria-hidden="true" tabindex="-1">#</a></{level}>"##,
            escape_html(id)
        )
        .into(),
    ));
    events.push(Event::Text("\n".into()));
}

/// Rewrites one link destination; records internal links and reports bad ones.
fn rewrite(input: &MarkdownInput<'_>, dest: &str, at: Position, out: &mut Rendered) -> String {
    let mut links_found = Vec::new();
    let href = rewrite_one(input, dest, at, &mut links_found, out);
    out.links.extend(links_found);
    href
}

fn rewrite_one(
    input: &MarkdownInput<'_>,
    dest: &str,
    at: Position,
    found: &mut Vec<InternalLink>,
    out: &mut Rendered,
) -> String {
    let mut record = |target: LinkRef, anchor: Option<String>| {
        found.push(InternalLink {
            target,
            anchor,
            line: at.line,
            column: at.column,
            written: dest.to_owned(),
        });
    };
    match classify_link(dest, input.content_path) {
        LinkTarget::External => dest.to_owned(),
        LinkTarget::Unsafe => {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::UnsafeLink,
                    &input.source.path,
                    at,
                    msg!(UnsafeLink, dest = dest),
                )
                .with_hint(Msg::UnsafeLinkHint),
            );
            "#".to_owned()
        }
        LinkTarget::SamePage { anchor } => {
            record(
                LinkRef::Source(input.content_path.to_owned()),
                Some(anchor.clone()),
            );
            format!("#{anchor}")
        }
        LinkTarget::Page { path, anchor } => {
            record(LinkRef::Source(path.clone()), anchor.clone());
            let url = (input.resolve)(&path).unwrap_or_default();
            with_anchor(links::relative_url(input.url, &url), anchor)
        }
        LinkTarget::Generated { url, anchor } => {
            let href = with_anchor(links::relative_url(input.url, &url), anchor.clone());
            let syntax = UrlSyntax::Checked;
            record(LinkRef::Output { url, syntax }, anchor);
            href
        }
        LinkTarget::OutsideContent => {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::BrokenLink,
                    &input.source.path,
                    at,
                    msg!(LinkOutsideContent, dest = dest),
                )
                .with_hint(Msg::LinkOutsideContentHint),
            );
            "#".to_owned()
        }
        LinkTarget::SiteAbsolute(path) => {
            let href = links::relative_url(input.url, path.trim_start_matches('/'));
            resolved(input, dest, UrlSyntax::Root, at, &mut record, out);
            href
        }
        LinkTarget::Relative => {
            resolved(input, dest, UrlSyntax::Relative, at, &mut record, out);
            dest.to_owned()
        }
    }
}

/// A dialogue line that is probably a mistake, as a warning at its line (`first` is where the
/// block's first line is).
fn dialogue_warning(path: &str, first: Option<Position>, problem: Problem) -> Diagnostic {
    let at = |line: usize| {
        first.map(|p| Position::new(p.line + u32::try_from(line).unwrap_or(u32::MAX), 1))
    };
    match problem {
        Problem::EmptyTurn { line, speaker } => Diagnostic::warning(
            Code::DialogueLine,
            path,
            at(line),
            msg!(DialogueEmptyTurn, speaker = speaker),
        )
        .with_hint(Msg::DialogueEmptyTurnHint),
        Problem::NoSpeaker { line } => {
            Diagnostic::warning(Code::DialogueLine, path, at(line), Msg::DialogueNoSpeaker)
                .with_hint(Msg::DialogueNoSpeakerHint)
        }
    }
}

fn with_anchor(mut href: String, anchor: Option<String>) -> String {
    if let Some(anchor) = anchor {
        href.push('#');
        href.push_str(&anchor);
    }
    href
}

/// Records a plain URL link, resolved as a browser resolves it from the page's URL.
fn resolved(
    input: &MarkdownInput<'_>,
    dest: &str,
    syntax: UrlSyntax,
    at: Position,
    record: &mut impl FnMut(LinkRef, Option<String>),
    out: &mut Rendered,
) {
    match links::resolve_url(input.url, &links::url_path(dest)) {
        Some(url) => record(LinkRef::Output { url, syntax }, links::url_anchor(dest)),
        None => out.diagnostics.push(
            Diagnostic::error(
                Code::BrokenLink,
                &input.source.path,
                at,
                msg!(LinkAboveRoot, dest = dest),
            )
            .with_hint(Msg::LinkAboveRootHint),
        ),
    }
}

/// Markdown from data files (KPI descriptions, notes): CJK-friendly emphasis, raw HTML escaped,
/// no page links to resolve.
/// The text of a Markdown snippet without markup, whitespace folded, cut to about 160
/// characters at a word or sentence end: a one-line summary for `<meta name="description">`.
pub fn summary_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => out.push(' '),
            _ => {}
        }
    }
    let folded = out.split_whitespace().collect::<Vec<_>>().join(" ");
    const MAX: usize = 160;
    if folded.chars().count() <= MAX {
        return folded;
    }
    let cut: String = folded.chars().take(MAX).collect();
    let end = cut
        .rfind(['。', '；', '.', ';', '，', ',', ' '])
        .filter(|&i| i > MAX / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end())
}

/// Markdown written in a data file (a KPI's description, a month's note), rendered for the page
/// at `url` where it is shown: links to pages (`@/complaints/a.md`, or a path from `content/`)
/// are resolved like a page's, and [`Rendered::links`] and the unsafe-link diagnostics carry
/// places within `text` (1-based), for `check` to name them in the data file. Raw HTML is
/// shown as text.
pub fn render_data(
    text: &str,
    url: &str,
    resolve: &(dyn Fn(&str) -> Option<String> + Sync),
) -> Rendered {
    let source = SourceFile::new("", std::path::PathBuf::new(), text);
    let dialogue = Dialogue {
        label: String::new(),
        customers: Vec::new(),
    };
    render(&MarkdownInput {
        source: &source,
        body: text,
        body_offset: 0,
        content_path: "",
        url,
        allow_html: false,
        resolve,
        dialogue: &dialogue,
        figures: false,
    })
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
