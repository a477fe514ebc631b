//! CJK-friendly emphasis on top of pulldown-cmark, which follows plain CommonMark: the
//! "CommonMark CJK-friendly amendments" (tats-u/markdown-cjk-friendly, `specification.md` as of
//! commit 7fdf490 of 2026-07-22, written against CommonMark 0.31.2 and Unicode 17).
//!
//! CommonMark decides whether a `*` or `_` run can open or close emphasis from the characters
//! on either side (left- and right-flanking). Next to full-width punctuation those rules fail:
//! `**注意：**请` stays literal because the closing run is preceded by punctuation and followed
//! by a letter. The amendment changes what counts on either side:
//!
//! - a **CJK character** is one whose East_Asian_Width is W, F or H and that is not a default
//!   emoji presentation character, or one of Script=Hangul. Generated from Unicode 17 data into
//!   `cjk_table.rs` (by `scripts/cjk-tables.mjs`), this is: Hangul Jamo, syllables and
//!   compatibility Jamo (U+1100–11FF, U+3131–318E, U+A960–A97C, U+AC00–D7A3, U+D7B0–D7FB); CJK
//!   radicals, Kangxi radicals and ideographic description characters (U+2E80–2FFF); CJK
//!   symbols and punctuation, kana, Bopomofo, strokes, enclosed CJK letters and months, CJK
//!   compatibility, Extension A, unified ideographs, Yi (U+3000–A4C6, less a few unassigned
//!   points); compatibility ideographs (U+F900–FAFF); vertical forms, small and CJK
//!   compatibility forms (U+FE10–FE6B); half- and full-width forms (U+FF01–FFEE); Tangut,
//!   Khitan, Nüshu, kana supplements and the other wide scripts of the SMP; the I Ching and
//!   Tai Xuan Jing symbols; the enclosed ideographic supplement (U+1F200–1F265) except the
//!   characters that are emoji by default (🈚 and 🈯 are not CJK, 🈂 and 🈷 are); and all of
//!   planes 2 and 3 (U+20000–3FFFD: Extensions B to J, compatibility supplement), assigned or
//!   not, as UAX #11 makes their default width W;
//! - **punctuation** is general category P or S (CommonMark 0.31), also from Unicode 17;
//!   a CJK punctuation character is both (`。`, `「`, `⻲`, `㋐`, `🈂`, `〽`);
//! - a **standard variation selector** U+FE00–FE0E after a character belongs to it: `〽︎`
//!   counts as `〽` (U+FE0F asks for emoji presentation and is a plain mark); `“︁`, `”︁`, `‘︁`
//!   and `’︁` (U+FE01: full-width form) count as CJK punctuation;
//! - an **ideographic variation selector** U+E0100–E01EF before a run counts like a CJK
//!   character for left-flanking (it only ever follows an ideograph).
//!
//! Left-flanking then means: not followed by whitespace, and not followed by non-CJK
//! punctuation unless preceded by whitespace, non-CJK punctuation, a CJK character or an
//! ideographic variation selector; right-flanking the mirror image (preceded by non-CJK
//! punctuation only if followed by whitespace, non-CJK punctuation or a CJK character). `*`
//! opens when left-flanking and closes when right-flanking; `_` as in CommonMark, with the
//! punctuation before it read through a variation selector.
//!
//! pulldown-cmark cannot be told any of this, so before parsing we change what it sees next to
//! the runs where the two definitions disagree: for each delimiter run we compute both
//! answers (can open, can close), and where they differ we insert a marker (a rare punctuation
//! character absent from the document) right before and/or after the run, choosing the
//! placement for which CommonMark computes exactly the amended answer. A marker only changes
//! the view of the run it touches: it is never put next to ASCII punctuation (another run, an
//! escape), where it would change nothing for this run anyway. Markers are removed from the
//! text events afterwards. Runs inside code, raw HTML, link destinations and autolinks are
//! never touched. Text without CJK characters or variation selectors next to a run is parsed
//! exactly as CommonMark (the amended and plain answers are equal there).

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::cjk_table;

/// Punctuation characters pulldown-cmark treats as punctuation that real documents practically
/// never contain; the first one absent from a document becomes its marker.
const MARKERS: [char; 4] = ['\u{2E2E}', '\u{A8F8}', '\u{2E3C}', '\u{2E41}'];

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
    if !text.contains(['*', '_']) || text.is_ascii() {
        return unchanged();
    }
    let Some(marker) = MARKERS.into_iter().find(|m| !text.contains(*m)) else {
        return unchanged();
    };
    let mut regions = None;
    let mut insert_at = BTreeSet::new();
    for run in delimiter_runs(text) {
        let Some(placement) = placement(text, &run) else {
            continue;
        };
        // Parsing for the regions costs a pass: only when some run needs a marker.
        let regions = regions.get_or_insert_with(|| InlineRegions::scan(text, options));
        if !regions.contains(run.range.start) {
            continue;
        }
        if placement.before {
            insert_at.insert(run.range.start);
        }
        if placement.after {
            insert_at.insert(run.range.end);
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

/// What is next to a delimiter run, as the amendment classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Whitespace, or the start or end of the text.
    Space,
    /// Punctuation that is not a CJK character (ASCII, and East-Asian-ambiguous marks like “”).
    Punct,
    CjkPunct,
    /// CJK character that is not punctuation.
    Cjk,
    /// Ideographic variation selector (U+E0100–E01EF).
    Ivs,
    Other,
}

impl Class {
    fn space(self) -> bool {
        self == Class::Space
    }
    fn punct(self) -> bool {
        matches!(self, Class::Punct | Class::CjkPunct)
    }
    fn non_cjk_punct(self) -> bool {
        self == Class::Punct
    }
    fn cjk(self) -> bool {
        matches!(self, Class::Cjk | Class::CjkPunct)
    }
}

/// What pulldown-cmark sees next to a run: whitespace, punctuation, or anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Space,
    Punct,
    Other,
}

/// A maximal run of unescaped `*` or `_`.
struct Run {
    range: Range<usize>,
    underscore: bool,
}

/// Where to put markers around one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Placement {
    before: bool,
    after: bool,
}

/// The markers that make CommonMark compute the amended (can open, can close) for `run`, or
/// `None` when it already does (or, in the cases the amendment leaves unspecified, when no
/// placement would).
fn placement(text: &str, run: &Run) -> Option<Placement> {
    let prev = text[..run.range.start].chars().next_back();
    let next = text[run.range.end..].chars().next();
    let before = class_before(text, run.range.start);
    let after = classify(next);
    let wanted = amended(before, after, run.underscore);
    let seen_before = seen(prev);
    let seen_after = seen(next);
    if commonmark(seen_before, seen_after, run.underscore) == wanted {
        return None;
    }
    // A marker next to ASCII punctuation changes nothing for this run, and could change what
    // another run sees.
    let free = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_punctuation());
    // Non-ASCII punctuation newer than pulldown-cmark's tables would be seen as a letter: a
    // marker next to it makes sure it is seen as punctuation, as computed here.
    let forced = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && is_punctuation(c));
    let candidates = [(false, false), (true, false), (false, true), (true, true)];
    candidates
        .into_iter()
        .filter(|&(b, a)| (b || !forced(prev)) && (a || !forced(next)))
        .filter(|&(b, a)| (!b || free(prev)) && (!a || free(next)))
        .map(|(before, after)| Placement { before, after })
        .find(|p| {
            let b = if p.before { Seen::Punct } else { seen_before };
            let a = if p.after { Seen::Punct } else { seen_after };
            commonmark(b, a, run.underscore) == wanted
        })
        .filter(|p| p.before || p.after)
}

/// (can open, can close) under the amendment.
fn amended(before: Class, after: Class, underscore: bool) -> (bool, bool) {
    let left = !after.space()
        && (!after.non_cjk_punct()
            || before.space()
            || before.non_cjk_punct()
            || before.cjk()
            || before == Class::Ivs);
    let right = !before.space()
        && (!before.non_cjk_punct() || after.space() || after.non_cjk_punct() || after.cjk());
    if underscore {
        (
            left && (!right || before.punct()),
            right && (!left || after.punct()),
        )
    } else {
        (left, right)
    }
}

/// (can open, can close) under plain CommonMark, from what the parser sees.
fn commonmark(before: Seen, after: Seen, underscore: bool) -> (bool, bool) {
    let left = after != Seen::Space && (after != Seen::Punct || before != Seen::Other);
    let right = before != Seen::Space && (before != Seen::Punct || after != Seen::Other);
    if underscore {
        (
            left && (!right || before == Seen::Punct),
            right && (!left || after == Seen::Punct),
        )
    } else {
        (left, right)
    }
}

fn seen(c: Option<char>) -> Seen {
    match c {
        None => Seen::Space,
        Some(c) if c.is_whitespace() => Seen::Space,
        Some(c) if is_punctuation(c) => Seen::Punct,
        Some(_) => Seen::Other,
    }
}

fn classify(c: Option<char>) -> Class {
    match c {
        None => Class::Space,
        Some(c) if c.is_whitespace() => Class::Space,
        Some(c) if is_ideographic_variation_selector(c) => Class::Ivs,
        Some(c) if is_punctuation(c) && is_cjk(c) => Class::CjkPunct,
        Some(c) if is_punctuation(c) => Class::Punct,
        Some(c) if is_cjk(c) => Class::Cjk,
        Some(_) => Class::Other,
    }
}

/// The class of what precedes `at`, read through a standard variation selector: the selector
/// and the character before it count as that character ("CJK sequence", "punctuation
/// sequence"). After whitespace, the start or an ideographic variation selector the amendment
/// leaves the selector unspecified: it counts as what it is, a mark.
fn class_before(text: &str, at: usize) -> Class {
    let mut chars = text[..at].chars().rev();
    match chars.next() {
        Some(selector) if ('\u{FE00}'..='\u{FE0E}').contains(&selector) => {
            let base = chars.next();
            match classify(base) {
                Class::Space | Class::Ivs => Class::Other,
                // "Full-width form" variants of ambiguous quotation marks.
                Class::Punct
                    if selector == '\u{FE01}'
                        && matches!(
                            base,
                            Some('\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
                        ) =>
                {
                    Class::CjkPunct
                }
                class => class,
            }
        }
        c => classify(c),
    }
}

/// Maximal runs of unescaped `*` or `_`.
fn delimiter_runs(text: &str) -> Vec<Run> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let delimiter = bytes[i];
        if delimiter != b'*' && delimiter != b'_' {
            i += 1;
            continue;
        }
        let mut start = i;
        while i < bytes.len() && bytes[i] == delimiter {
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
            runs.push(Run {
                range: start..i,
                underscore: delimiter == b'_',
            });
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
    in_table(cjk_table::PUNCTUATION, c)
}

/// A CJK character as the amendment defines it (see the module doc).
fn is_cjk(c: char) -> bool {
    !c.is_ascii() && in_table(cjk_table::CJK, c)
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let cp = u32::from(c);
    let at = table.partition_point(|&(_, last)| last < cp);
    table.get(at).is_some_and(|&(first, _)| first <= cp)
}

fn is_ideographic_variation_selector(c: char) -> bool {
    ('\u{E0100}'..='\u{E01EF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::{Class, class_before, classify, is_cjk, is_punctuation};

    #[test]
    fn classes_follow_the_unicode_tables() {
        let class = |c: char| classify(Some(c));
        for c in [
            '字', 'あ', 'ア', 'ｱ', '한', '\u{1100}', '\u{11FF}', 'ㄱ', 'ꀀ', '𠀋', '𰀀',
        ] {
            assert_eq!(class(c), Class::Cjk, "U+{:04X}", c as u32);
        }
        for c in [
            '。', '「', '⻲', '⼈', '㋐', '〽', '〰', '🈂', '🈷', '㊗', '！', '￥',
        ] {
            assert_eq!(class(c), Class::CjkPunct, "U+{:04X}", c as u32);
        }
        for c in ['“', '”', '…', '—', '🈚', '🈯', '😀', '!', '(', '€'] {
            assert_eq!(class(c), Class::Punct, "U+{:04X}", c as u32);
        }
        for c in ['a', 'é', 'я', 'λ', '1', '\u{FE0F}', '\u{FE0E}'] {
            assert_eq!(class(c), Class::Other, "U+{:04X}", c as u32);
        }
        assert_eq!(class('\u{E0100}'), Class::Ivs);
        assert_eq!(class('\u{3000}'), Class::Space);
        // Unassigned code points of the ideographic planes count as wide, hence CJK.
        assert!(is_cjk('\u{2A6E0}') && is_cjk('\u{3FFFD}') && !is_cjk('\u{40000}'));
        assert!(!is_punctuation('字') && is_punctuation('⻲'));
    }

    #[test]
    fn a_variation_selector_reads_as_the_character_before_it() {
        let before = |text: &str| class_before(text, text.len());
        assert_eq!(before("〽\u{FE0E}"), Class::CjkPunct);
        assert_eq!(before("字\u{FE00}"), Class::Cjk);
        assert_eq!(before("!\u{FE0E}"), Class::Punct);
        assert_eq!(before("“\u{FE01}"), Class::CjkPunct);
        assert_eq!(before("“\u{FE00}"), Class::Punct);
        assert_eq!(before("〽\u{FE0F}"), Class::Other, "emoji presentation");
        assert_eq!(
            before(" \u{FE0E}"),
            Class::Other,
            "unspecified: kept a mark"
        );
        assert_eq!(before("葛\u{E0100}"), Class::Ivs);
        assert_eq!(before(""), Class::Space);
    }
}
