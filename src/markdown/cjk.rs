//! CJK-friendly emphasis ("CommonMark CJK-friendly amendments", tats-u/markdown-cjk-friendly)
//! on top of pulldown-cmark, which follows plain CommonMark.
//!
//! CommonMark decides whether a `*` run can open or close emphasis from the characters on either
//! side (left- and right-flanking). Next to full-width punctuation those rules fail:
//! `**注意：**请` stays literal because the closing run is preceded by punctuation and followed by
//! a letter. The amendment only ever *adds* flanking: it never removes it. For `*` runs, every
//! case where the two definitions differ has this shape:
//!
//! - left side: followed by a CJK punctuation character and preceded by a letter, or followed
//!   by a non-CJK punctuation character and preceded by a CJK character: the amended run is both
//!   left- and right-flanking, CommonMark sees only right-flanking;
//! - right side: preceded by a CJK punctuation character and followed by a letter, or preceded
//!   by a non-CJK punctuation character and followed by a CJK character: amended both, CommonMark
//!   only left-flanking.
//!
//! In both cases putting one punctuation character between the run and its letter neighbour
//! makes CommonMark compute exactly the amended flanking, and touches no other run. So before
//! parsing we insert a marker character (a rare punctuation character absent from the
//! document) there, and remove it from the text events afterwards. `_` runs need nothing: for
//! them the amended open/close results equal CommonMark's in every differing case. Runs inside
//! code, raw HTML, link destinations and autolinks are never touched.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Punctuation characters pulldown-cmark treats as punctuation that real documents practically
/// never contain; the first one absent from a document becomes its marker.
const MARKERS: [char; 4] = ['\u{2E2E}', '\u{A8F8}', '\u{2E3C}', '\u{1F1F}'];

/// Markdown text prepared for parsing, with the marker insertions recorded.
pub struct Prepared<'a> {
    pub text: Cow<'a, str>,
    marker: Option<char>,
    /// Byte positions of inserted markers in `text`, ascending.
    inserted: Vec<usize>,
}

impl Prepared<'_> {
    /// Maps a byte offset in the prepared text back to the original text.
    pub fn original_offset(&self, offset: usize) -> usize {
        let Some(marker) = self.marker else {
            return offset;
        };
        let before = self.inserted.partition_point(|&p| p < offset);
        offset - before * marker.len_utf8()
    }

    /// Removes markers from a piece of text produced by the parser.
    pub fn strip<'s>(&self, text: Cow<'s, str>) -> Cow<'s, str> {
        match self.marker {
            Some(marker) if text.contains(marker) => Cow::Owned(text.replace(marker, "")),
            _ => text,
        }
    }
}

pub fn prepare(text: &str, options: Options) -> Prepared<'_> {
    let unchanged = || Prepared {
        text: Cow::Borrowed(text),
        marker: None,
        inserted: Vec::new(),
    };
    if !text.contains('*') || text.is_ascii() {
        return unchanged();
    }
    let Some(marker) = MARKERS.into_iter().find(|m| !text.contains(*m)) else {
        return unchanged();
    };
    let regions = InlineRegions::scan(text, options);
    let mut insert_at = Vec::new();
    for run in star_runs(text) {
        if !regions.contains(run.start) {
            continue;
        }
        let before = class_before(text, run.start);
        let after = class_after(text, run.end);
        use Class::*;
        let left_gap = matches!((before, after), (Cjk | Other, CjkPunct) | (Cjk, Punct));
        let right_gap = matches!((before, after), (CjkPunct, Cjk | Other) | (Punct, Cjk));
        if left_gap {
            insert_at.push(run.start);
        } else if right_gap {
            insert_at.push(run.end);
        }
    }
    if insert_at.is_empty() {
        return unchanged();
    }
    let mut out = String::with_capacity(text.len() + insert_at.len() * marker.len_utf8());
    let mut inserted = Vec::with_capacity(insert_at.len());
    let mut last = 0;
    for at in insert_at {
        out.push_str(&text[last..at]);
        inserted.push(out.len());
        out.push(marker);
        last = at;
    }
    out.push_str(&text[last..]);
    Prepared {
        text: Cow::Owned(out),
        marker: Some(marker),
        inserted,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Space,
    /// Punctuation that is not a CJK character (ASCII, and East-Asian-ambiguous marks like “”).
    Punct,
    CjkPunct,
    /// CJK character that is not punctuation.
    Cjk,
    Other,
}

fn classify(c: Option<char>) -> Class {
    match c {
        None => Class::Space,
        Some(c) if c.is_whitespace() => Class::Space,
        Some(c) if is_punctuation(c) && is_cjk(c) => Class::CjkPunct,
        Some(c) if is_punctuation(c) => Class::Punct,
        Some(c) if is_cjk(c) || is_ideographic_variation_selector(c) => Class::Cjk,
        Some(_) => Class::Other,
    }
}

/// The class of what precedes `at`: a standard variation selector belongs to the character
/// before it ("CJK sequence", "punctuation sequence").
fn class_before(text: &str, at: usize) -> Class {
    let mut chars = text[..at].chars().rev();
    match chars.next() {
        Some(c) if ('\u{FE00}'..='\u{FE0E}').contains(&c) => classify(chars.next()),
        c => classify(c),
    }
}

fn class_after(text: &str, at: usize) -> Class {
    classify(text[at..].chars().next())
}

/// Maximal runs of unescaped `*`.
fn star_runs(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'*' {
            i += 1;
            continue;
        }
        let mut start = i;
        while i < bytes.len() && bytes[i] == b'*' {
            i += 1;
        }
        let backslashes = bytes[..start]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            start += 1;
        }
        if start < i {
            runs.push(start..i);
        }
    }
    runs
}

/// Where inline text is parsed: inside paragraphs, headings, table cells and tight list items,
/// minus code, raw HTML, link destinations and autolinks.
struct InlineRegions {
    included: Vec<Range<usize>>,
    excluded: Vec<Range<usize>>,
}

impl InlineRegions {
    fn scan(text: &str, options: Options) -> Self {
        let mut included = Vec::new();
        let mut excluded = Vec::new();
        // Open links: (range of the whole link, end of the furthest child event so far).
        let mut links: Vec<(Range<usize>, usize)> = Vec::new();
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            if let Some((_, furthest)) = links.last_mut()
                && !matches!(event, Event::End(TagEnd::Link | TagEnd::Image))
            {
                *furthest = (*furthest).max(range.end);
            }
            match event {
                Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                    included.push(range)
                }
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => excluded.push(range),
                Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => excluded.push(range),
                Event::InlineMath(_) | Event::DisplayMath(_) => excluded.push(range),
                Event::Start(Tag::Link { link_type, .. })
                | Event::Start(Tag::Image { link_type, .. }) => {
                    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                        excluded.push(range.clone());
                    }
                    let start = range.start;
                    links.push((range, start));
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if let Some((whole, furthest)) = links.pop() {
                        excluded.push(furthest.max(whole.start)..whole.end);
                        if let Some((_, outer)) = links.last_mut() {
                            *outer = (*outer).max(whole.end);
                        }
                    }
                }
                _ => {}
            }
        }
        InlineRegions { included, excluded }
    }

    fn contains(&self, at: usize) -> bool {
        self.included.iter().any(|r| r.contains(&at))
            && !self.excluded.iter().any(|r| r.contains(&at))
    }
}

/// Unicode punctuation as CommonMark 0.31 defines it: general categories P and S.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    let cp = c as u32;
    // Non-ASCII punctuation and symbols that occur next to emphasis in CJK text, plus the
    // general-purpose blocks of P and S characters.
    matches!(cp,
        0x00A1..=0x00BF | 0x00D7 | 0x00F7
        | 0x2010..=0x2027 | 0x2030..=0x205E | 0x2070..=0x209F
        | 0x20A0..=0x20C0 | 0x2100..=0x214F | 0x2190..=0x23FF | 0x2400..=0x2BFF
        | 0x2E00..=0x2E7F
        | 0x3001..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x303D..=0x303F
        | 0x30A0 | 0x30FB
        | 0xA8F8..=0xA8FA
        | 0xFE10..=0xFE19 | 0xFE30..=0xFE6B
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0xFFE0..=0xFFEE
        | 0x1F1F
    )
}

/// CJK character per the amendment: East Asian Width W, F or H (not emoji presentation), or
/// Hangul. Ranges follow UAX #11 for the blocks CJK text uses.
fn is_cjk(c: char) -> bool {
    let cp = c as u32;
    matches!(cp,
        0x1100..=0x115F | 0x2E80..=0x2E99 | 0x2E9B..=0x2EF3 | 0x2F00..=0x2FD5 | 0x2FF0..=0x2FFF
        | 0x3000..=0x303E | 0x3041..=0x3096 | 0x3099..=0x30FF | 0x3105..=0x312F
        | 0x3131..=0x318E | 0x3190..=0x31E5 | 0x31EF..=0x321E | 0x3220..=0x3247
        | 0x3250..=0xA48C | 0xA490..=0xA4C6 | 0xA960..=0xA97C | 0xAC00..=0xD7A3
        | 0xD7B0..=0xD7C6 | 0xD7CB..=0xD7FB
        | 0xF900..=0xFAFF | 0xFE10..=0xFE19 | 0xFE30..=0xFE52 | 0xFE54..=0xFE66
        | 0xFE68..=0xFE6B | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6
        | 0xFF61..=0xFFDC
        | 0x16FE0..=0x16FE4 | 0x17000..=0x18CD5 | 0x1AFF0..=0x1B2FB
        | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD
    )
}

fn is_ideographic_variation_selector(c: char) -> bool {
    ('\u{E0100}'..='\u{E01EF}').contains(&c)
}
