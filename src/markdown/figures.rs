//! Figures in a page's text: `{{ value csi }}` is this month's network CSI with its status and
//! change, `{{ trend csi }}` its trend chart, `{{ ranking csi bottom=5 }}`, `{{ spread csi }}`
//! and `{{ below csi }}` the outlets behind it (see `docs/authoring.md`, "Figures").
//!
//! A component is written on one line between `{{` and `}}`: its name (English or Chinese),
//! the KPI's id, then `key=value` options. Here they are only read: each becomes a
//! [`FigureRef`] and a marker in the body's HTML, which the renderer replaces by the figures of
//! the month being built (so a month close changes the figure, never the cached body), and
//! `check` checks the KPI, outlet, region and month each names against the site.
//!
//! Before parsing, each `{{ … }}` is replaced by a placeholder of the same length in bytes, so
//! that Markdown cannot take it apart (`_` in an id, `*` in a value) and every other place in
//! the text keeps its offset; inside code and raw HTML the original text is put back.

use serde::{Deserialize, Serialize};

use crate::messages::{Msg, Text};
use crate::msg;

/// A component as written, with where each of its parts is (byte offsets in the body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRef {
    pub component: Component,
    pub kpi: Arg,
    pub scope: Scope,
    pub month: Option<Arg>,
    /// The whole `{{ … }}`, as written.
    pub written: String,
    /// Written inside a link's text: a value is then shown without its own link.
    #[serde(default)]
    pub in_link: bool,
    pub line: u32,
    pub column: u32,
}

/// A word of a component and its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arg {
    pub text: String,
    pub line: u32,
    pub column: u32,
    /// Byte offset in the body, until positions are known.
    #[serde(skip)]
    offset: usize,
}

/// Whose figure: the network's (the median of its outlets), a region's (its outlets' median) or
/// one outlet's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Scope {
    Network,
    Region(Arg),
    Outlet(Arg),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Component {
    /// The value with its unit, status symbol and change against the month before: inline.
    Value,
    /// The trend over `months` months up to the month.
    Trend { months: u32 },
    /// Every outlet's value of the month, best first.
    Spread,
    /// The best (`best`) or worst `count` outlets of the month.
    Ranking { best: bool, count: u32 },
    /// The outlets below target (and in the warning band unless `red_only`), with links.
    Below { red_only: bool },
}

impl Component {
    /// Charts and tables stand in a paragraph of their own; a value stands in a sentence.
    pub fn is_block(self) -> bool {
        !matches!(self, Component::Value)
    }
}

/// The components by name: English, then Chinese.
const NAMES: [(&str, &str); 5] = [
    ("value", "数值"),
    ("trend", "趋势"),
    ("spread", "分布"),
    ("ranking", "排名"),
    ("below", "未达标"),
];

/// The options by key: English, then Chinese.
const KEYS: [(&str, &str); 8] = [
    ("kpi", "指标"),
    ("outlet", "门店"),
    ("region", "区域"),
    ("month", "月份"),
    ("months", "月数"),
    ("top", "前"),
    ("bottom", "后"),
    ("status", "状态"),
];

/// The most months a trend shows, and outlets a ranking.
pub const MAX_MONTHS: u32 = 60;
pub const MAX_RANKED: u32 = 50;
/// Months on a trend unless `months=` says otherwise: a year and the same month before.
pub const TREND_MONTHS: u32 = 13;

/// A `{{ … }}` found in the text: where it is, and what it says or what is wrong with it.
#[derive(Debug)]
pub struct Found {
    pub range: std::ops::Range<usize>,
    pub read: Result<FigureRef, Problem>,
}

/// What is wrong with a component: the message, what to do, and the byte offset of the word at
/// fault in the body.
#[derive(Debug, Clone)]
pub struct Problem {
    pub message: Text,
    pub hint: Text,
    pub offset: usize,
}

/// Every `{{ … }}` of `body` on one line, in order (a `\{{` is text).
pub fn scan(body: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = body[from..].find("{{").map(|i| from + i) {
        from = at + 2;
        if at > 0 && body.as_bytes()[at - 1] == b'\\' {
            continue;
        }
        let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        let Some(close) = body[at + 2..line_end].find("}}").map(|i| at + 2 + i) else {
            // An unclosed `{{` is text, unless it starts with a component's name.
            let first = body[at + 2..line_end].split_whitespace().next();
            let long_enough = line_end - at >= placeholder(found.len(), 0).len();
            if long_enough && first.is_some_and(|w| component_of(w).is_some()) {
                found.push(Found {
                    range: at..line_end,
                    read: Err(Problem {
                        message: Msg::FigureUnclosed.into(),
                        hint: msg!(FigureUnclosedHint, example = "{{ value csi }}"),
                        offset: at,
                    }),
                });
                from = line_end;
            }
            continue;
        };
        let range = at..close + 2;
        if range.len() < placeholder(found.len(), 0).len() {
            continue;
        }
        from = range.end;
        let read = read(body, at + 2, close).map(|mut f| {
            f.written = body[range.clone()].to_owned();
            f
        });
        found.push(Found { range, read });
    }
    full_width(body, &mut found);
    found
}

/// A component written with full-width braces (`｛｛ value csi ｝｝`, as a Chinese input method
/// types them) would show as text: an error at it, saying to type them half-width.
fn full_width(body: &str, found: &mut Vec<Found>) {
    let mut from = 0;
    while let Some(at) = body[from..].find("｛｛").map(|i| from + i) {
        let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
        let inside = &body[at + "｛｛".len()..line_end];
        let end = inside
            .find("｝｝")
            .map_or(line_end, |i| at + "｛｛".len() + i + "｝｝".len());
        from = end;
        let first = inside.split_whitespace().next().unwrap_or_default();
        let first = first.split('｝').next().unwrap_or_default();
        if component_of(first).is_none() {
            continue;
        }
        let written = body[at..end].replace('｛', "{").replace('｝', "}");
        found.push(Found {
            range: at..end,
            read: Err(Problem {
                message: Msg::FigureFullWidthBraces.into(),
                hint: msg!(FigureFullWidthBracesHint, written = written),
                offset: at,
            }),
        });
    }
    found.sort_by_key(|f| f.range.start);
}

fn component_of(word: &str) -> Option<usize> {
    NAMES
        .iter()
        .position(|(en, zh)| word.eq_ignore_ascii_case(en) || word == *zh)
}

/// The words of `body[start..end]` with their byte offsets; `＝`, `:` and `：` read as `=`,
/// the ideographic space as a space, Chinese and ASCII commas as spaces; a space after `=`
/// is dropped.
fn words(body: &str, start: usize, end: usize) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut word: Option<(usize, String)> = None;
    for (i, c) in body[start..end].char_indices() {
        // A space after `=` (`门店= sh-01`) keeps the value with its key.
        let after_key = word.as_ref().is_some_and(|(_, w)| w.ends_with('='));
        if (c.is_whitespace() && !after_key) || matches!(c, '，' | ',' | '、') {
            out.extend(word.take());
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let c = match c {
            '＝' | ':' | '：' => '=',
            c => c,
        };
        word.get_or_insert_with(|| (start + i, String::new()))
            .1
            .push(c);
    }
    out.extend(word);
    out
}

fn arg(text: &str, offset: usize) -> Arg {
    Arg {
        text: text.to_owned(),
        line: 0,
        column: 0,
        offset,
    }
}

/// Reads the inside of one `{{ … }}` (`body[start..end]`).
fn read(body: &str, start: usize, end: usize) -> Result<FigureRef, Problem> {
    let words = words(body, start, end);
    let Some((at, name)) = words.first() else {
        return Err(Problem {
            message: Msg::FigureEmpty.into(),
            hint: msg!(FigureUnknownComponentHint, example = "{{ value csi }}"),
            offset: start - 2,
        });
    };
    let Some(c) = component_of(name) else {
        let all = NAMES.iter().flat_map(|(en, zh)| [*en, *zh]);
        let hint = match crate::diagnostic::closest(name, all) {
            Some(near) => msg!(DidYouMean, near = near),
            None => msg!(FigureUnknownComponentHint, example = "{{ value csi }}"),
        };
        return Err(Problem {
            message: msg!(FigureUnknownComponent, name = name),
            hint,
            offset: *at,
        });
    };
    let english = NAMES[c].0;
    let mut kpi: Option<Arg> = None;
    let mut options: Vec<(usize, &str, Arg)> = Vec::new();
    for (offset, word) in &words[1..] {
        match word.split_once('=') {
            Some((key, value)) => {
                let Some(k) = KEYS.iter().position(|(en, zh)| key == *en || key == *zh) else {
                    return Err(unknown_option(english, key, *offset));
                };
                if options.iter().any(|(i, _, _)| *i == k) {
                    return Err(Problem {
                        message: msg!(FigureOptionTwice, key = KEYS[k].0),
                        hint: Msg::FigureOptionTwiceHint.into(),
                        offset: *offset,
                    });
                }
                let value_at =
                    offset + key.len() + word[key.len()..].chars().next().map_or(1, char::len_utf8);
                let value = arg(value, value_at);
                if k == 0 {
                    kpi = Some(value.clone());
                }
                options.push((k, KEYS[k].0, value));
            }
            None if kpi.is_none() => kpi = Some(arg(word, *offset)),
            None => {
                return Err(Problem {
                    message: msg!(FigureExtraWord, word = word),
                    hint: msg!(
                        FigureExtraWordHint,
                        example = format!("{{{{ {english} csi outlet=sh-01 }}}}")
                    ),
                    offset: *offset,
                });
            }
        }
    }
    let Some(kpi) = kpi else {
        return Err(Problem {
            message: msg!(FigureNoKpi, name = name),
            hint: msg!(FigureNoKpiHint, example = format!("{{{{ {name} csi }}}}")),
            offset: *at,
        });
    };
    let allowed = allowed(english);
    let mut component = match english {
        "value" => Component::Value,
        "trend" => Component::Trend {
            months: TREND_MONTHS,
        },
        "spread" => Component::Spread,
        "ranking" => Component::Ranking {
            best: true,
            count: 5,
        },
        _ => Component::Below { red_only: false },
    };
    let (mut scope, mut month, mut ranked) = (Scope::Network, None, false);
    for (_, key, value) in options {
        if !allowed.contains(&key) {
            return Err(unknown_option(english, key, value.offset));
        }
        match key {
            "outlet" | "region" if scope != Scope::Network => {
                return Err(Problem {
                    message: Msg::FigureOutletAndRegion.into(),
                    hint: Msg::FigureOutletAndRegionHint.into(),
                    offset: value.offset,
                });
            }
            "outlet" => scope = Scope::Outlet(value),
            "region" => scope = Scope::Region(value),
            "month" => month = Some(value),
            "months" => {
                component = Component::Trend {
                    months: count(key, &value, 2, MAX_MONTHS)?,
                }
            }
            "top" | "bottom" => {
                if std::mem::replace(&mut ranked, true) {
                    return Err(Problem {
                        message: Msg::FigureTopAndBottom.into(),
                        hint: Msg::FigureOutletAndRegionHint.into(),
                        offset: value.offset,
                    });
                }
                component = Component::Ranking {
                    best: key == "top",
                    count: count(key, &value, 1, MAX_RANKED)?,
                }
            }
            "status" => {
                let red_only = match value.text.to_lowercase().as_str() {
                    "red" | "红" | "红灯" | "未达标" => true,
                    "amber" | "黄" | "黄灯" | "预警" => false,
                    _ => {
                        return Err(Problem {
                            message: msg!(FigureBadStatus, value = value.text),
                            hint: Msg::FigureBadStatusHint.into(),
                            offset: value.offset,
                        });
                    }
                };
                component = Component::Below { red_only }
            }
            _ => {}
        }
    }
    Ok(FigureRef {
        component,
        kpi,
        scope,
        month,
        written: String::new(),
        in_link: false,
        line: 0,
        column: 0,
    })
}

/// The option keys a component takes.
fn allowed(component: &str) -> &'static [&'static str] {
    match component {
        "value" => &["kpi", "outlet", "region", "month"],
        "trend" => &["kpi", "outlet", "region", "month", "months"],
        "ranking" => &["kpi", "region", "month", "top", "bottom"],
        "spread" => &["kpi", "region", "month"],
        _ => &["kpi", "region", "month", "status"],
    }
}

fn unknown_option(component: &str, key: &str, offset: usize) -> Problem {
    let allowed = allowed(component);
    let list = allowed
        .iter()
        .map(|k| format!("`{k}=`"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = match crate::diagnostic::closest(key, allowed.iter().copied()) {
        Some(near) => msg!(FigureUnknownOptionNear, near = near, allowed = list),
        None => msg!(FigureUnknownOptionHint, allowed = list),
    };
    Problem {
        message: msg!(FigureUnknownOption, name = component, key = key),
        hint,
        offset,
    }
}

fn count(key: &str, value: &Arg, min: u32, max: u32) -> Result<u32, Problem> {
    value
        .text
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| Problem {
            message: msg!(
                FigureBadCount,
                key = key,
                value = value.text,
                min = min,
                max = max
            ),
            hint: msg!(
                FigureBadCountHint,
                min = min,
                max = max,
                example = format!("{key}={}", min.max(5).min(max))
            ),
            offset: value.offset,
        })
}

impl FigureRef {
    /// Sets the places of the component and its words from their byte offsets, by `place`.
    pub fn place(&mut self, start: usize, place: impl Fn(usize) -> (u32, u32)) {
        (self.line, self.column) = place(start);
        let args = [Some(&mut self.kpi), self.month.as_mut()]
            .into_iter()
            .flatten()
            .chain(match &mut self.scope {
                Scope::Network => None,
                Scope::Region(a) | Scope::Outlet(a) => Some(a),
            });
        for a in args {
            (a.line, a.column) = place(a.offset);
        }
    }
}

/// The placeholder of the `i`th component, `pad` bytes longer than its shortest form.
fn placeholder(i: usize, pad: usize) -> String {
    format!("\u{E000}{i}\u{E001}{}", "x".repeat(pad))
}

/// `body` with each component found replaced by its placeholder of the same length.
pub fn mask<'a>(body: &'a str, found: &[Found]) -> std::borrow::Cow<'a, str> {
    if found.is_empty() {
        return body.into();
    }
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (i, f) in found.iter().enumerate() {
        out.push_str(&body[at..f.range.start]);
        let short = placeholder(i, 0).len();
        out.push_str(&placeholder(i, f.range.len() - short));
        at = f.range.end;
    }
    out.push_str(&body[at..]);
    out.into()
}

/// A piece of text with placeholders: text, or the number of a component found.
pub enum Piece<'a> {
    Text(&'a str),
    Found(usize),
}

/// `text` cut at its placeholders.
pub fn pieces<'a>(text: &'a str, found: &[Found]) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('\u{E000}') {
        let after = &rest[at + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let number = after[..digits].parse::<usize>().ok();
        let Some((i, f)) = number.and_then(|i| Some((i, found.get(i)?))) else {
            out.push(Piece::Text(&rest[..at + 3]));
            rest = after;
            continue;
        };
        let end = at + f.range.len();
        if !after[digits..].starts_with('\u{E001}') || end > rest.len() {
            out.push(Piece::Text(&rest[..at + 3]));
            rest = after;
            continue;
        }
        if at > 0 {
            out.push(Piece::Text(&rest[..at]));
        }
        out.push(Piece::Found(i));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// `text` with its placeholders turned back into what was written (in code and raw HTML).
pub fn unmask<'a>(text: &'a str, body: &str, found: &[Found]) -> std::borrow::Cow<'a, str> {
    if !text.contains('\u{E000}') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text, found) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Found(i) => out.push_str(&body[found[i].range.clone()]),
        }
    }
    out.into()
}

/// The marker of figure `i` of a page in its HTML, replaced when the page is rendered.
pub fn marker(i: usize) -> String {
    format!("\u{E000}figure:{i}\u{E001}")
}

/// The figure a marker names, if `html` is one.
pub fn marker_index(html: &str) -> Option<usize> {
    html.strip_prefix("\u{E000}figure:")?
        .strip_suffix('\u{E001}')?
        .parse()
        .ok()
}

/// `html` with each figure marker replaced by `fill(i)`.
pub fn fill_markers(html: &str, mut fill: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("\u{E000}figure:") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let found = tail
            .find('\u{E001}')
            .and_then(|end| Some((end, marker_index(&tail[..end + 3])?)));
        match found {
            Some((end, i)) => {
                out.push_str(&fill(i));
                rest = &tail[end + 3..];
            }
            None => {
                out.push_str(&tail[..3]);
                rest = &tail[3..];
            }
        }
    }
    out.push_str(rest);
    out
}
