//! All YAML parsing, in one place, through `serde-saphyr`.
//!
//! Not `serde_yaml`: that crate is archived upstream and its C-translated backend carries an
//! "unmaintained" advisory. `serde-saphyr` is pure Rust, keeps every value's line and column
//! ([`Spanned`]), and enforces budgets against alias bombs and deep nesting.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

mod mistakes;
pub use mistakes::without_thousands;

pub use mistakes::unknown_field_hint;

pub use serde_saphyr::Spanned;
use serde_saphyr::budget::BudgetBreach;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Code, Position};
use crate::messages::{Msg, Text};
use crate::msg;

/// A YAML mapping kept as written: entries in source order, keys with their positions (which
/// `Spanned` keys in a `BTreeMap` could not give). Duplicate keys are rejected by the parser.
#[derive(Debug)]
pub struct Entries<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
            type Value = Entries<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Entries(Vec::new()))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// A scalar whose type is checked by pitwall rather than by the parser, so that every wrong
/// value in a file is reported, not just the first.
#[derive(Debug, Clone)]
pub enum Scalar {
    Number(f64),
    Bool(bool),
    Text(String),
}

/// Read straight from the parser's scalar (an untagged enum would buffer every value and try
/// each variant in turn: most of the time of reading a month file).
impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, `true`/`false` or text")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// A YAML document that could not be read into the expected shape.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// 1-based line and column within the parsed text; 0 when unknown.
    pub line: u32,
    pub column: u32,
    pub message: Text,
    /// What to do about it, when pitwall knows better than the parser.
    pub hint: Option<Text>,
    /// The parser's own words (without its position), for callers that know better still.
    pub raw: String,
    /// For a key given twice: the line (within the parsed text) of its first occurrence.
    pub first_line: Option<u32>,
}

impl YamlError {
    /// The error as a diagnostic of `path`, whose YAML starts `line_offset` lines into the file
    /// (front matter starts after its `---`); line 0 is the whole file.
    pub fn to_diagnostic(&self, code: Code, path: &str, line_offset: u32) -> Diagnostic {
        let at = match self.line {
            0 => None,
            line => Some(Position::new(line + line_offset, self.column)),
        };
        let diagnostic = Diagnostic::error(code, path, at, self.message.clone());
        let hint = match self.first_line {
            Some(first) => Some(msg!(YamlDuplicateKeyHint, line = first + line_offset)),
            None => self.hint.clone(),
        };
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }
}

/// Parses one YAML document. Positions in the error are relative to `text`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str(text).map_err(|err| {
        let (line, column) = err
            .location()
            .map_or((0, 0), |l| (clamp(l.line()), clamp(l.column())));
        let raw = clean_message(&err.without_snippet().to_string());
        if let Some((breach, via_alias)) = budget_breach(&err, false) {
            let (message, hint) = budget_message(breach, via_alias);
            return YamlError {
                line,
                column,
                message,
                hint: Some(hint),
                raw,
                first_line: None,
            };
        }
        if let Some(key) = raw.strip_prefix("duplicate mapping key: ") {
            let key = key.trim().to_owned();
            return YamlError {
                line,
                column,
                first_line: first_key_line(text, line, column, &key),
                message: msg!(YamlDuplicateKey, key = key),
                hint: None,
                raw,
            };
        }
        let mistake = mistakes::explain(text, line, column, &raw);
        YamlError {
            line: mistake.line,
            column: mistake.column,
            message: mistake.message,
            hint: mistake.hint,
            raw,
            first_line: None,
        }
    })
}

/// Like [`from_str`], but a field the type does not know is an error at its line while the rest
/// is still read: the field (its line, and the lines indented under it) is left out and the
/// text read again. One mistyped field in `data/kpis.yaml` is then one error, and every KPI of
/// the catalogue still counts as defined. Any other error ends the reading, as in
/// [`from_str`].
pub fn from_str_lenient<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<YamlError>) {
    /// Fields left out before giving up (each costs one more reading of the text).
    const MAX_UNKNOWN: usize = 50;
    let mut errors = Vec::new();
    let mut text = std::borrow::Cow::Borrowed(text);
    loop {
        match from_str::<T>(&text) {
            Ok(value) => return (Some(value), errors),
            Err(e) if e.raw.starts_with("unknown field `") && errors.len() < MAX_UNKNOWN => {
                let Some(without) = without_field(&text, e.line) else {
                    errors.push(e);
                    return (None, errors);
                };
                errors.push(e);
                text = std::borrow::Cow::Owned(without);
            }
            Err(e) => {
                errors.push(e);
                return (None, errors);
            }
        }
    }
}

/// [`from_str_lenient`] with its errors as diagnostics of the data file at `path` (`code`).
pub fn from_str_lenient_at<T: DeserializeOwned>(
    text: &str,
    code: Code,
    path: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let (value, errors) = from_str_lenient(text);
    let errors = errors
        .iter()
        .map(|e| e.to_diagnostic(code, path, 0))
        .collect();
    (value, errors)
}

/// `text` with the field on 1-based `line` blanked, and the lines indented deeper below it
/// (its value), so that every other line keeps its number; `None` when there is no such line.
fn without_field(text: &str, line: u32) -> Option<String> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(index)?;
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let own = indent(here);
    let mut out = String::with_capacity(text.len());
    let mut blanking = false;
    for (i, l) in lines.iter().enumerate() {
        if i == index {
            // A field that starts a list item (`- max: 100`) keeps its dash: the item's other
            // fields, on the lines below, are then its mapping.
            if let Some(dash) = here.find("- ").filter(|&d| here[..d].trim().is_empty()) {
                out.push_str(&here[..=dash]);
            }
            blanking = true;
        } else if blanking && (l.trim().is_empty() || indent(l) > own) {
            // The field's value, on the lines below it.
        } else {
            blanking = false;
            out.push_str(l);
        }
        out.push('\n');
    }
    Some(out)
}

/// The line of the first `key:` in the block mapping that holds the duplicate at
/// `(line, column)`: the nearest line above at the same indentation, without passing a line
/// indented less (the parent). Flow mappings on one line (`{a: 1, a: 2}`) give the line itself.
fn first_key_line(text: &str, line: u32, column: u32, key: &str) -> Option<u32> {
    let lines: Vec<&str> = text.lines().collect();
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    let here = lines.get(index)?;
    let indent = usize::try_from(column).ok()?.saturating_sub(1);
    let starts_with_key = |rest: &str| {
        [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                rest.strip_prefix(k.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
    };
    // A flow mapping: the key appears earlier on the same line.
    let before: String = here.chars().take(indent).collect();
    if before.contains('{') && before.contains(&format!("{key}:")) {
        return Some(line);
    }
    for (i, text) in lines[..index].iter().enumerate().rev() {
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let own = text.chars().count() - trimmed.chars().count();
        if own < indent {
            // `- key:` starts a mapping inside a list item at the item's indentation + 2.
            let item = trimmed.strip_prefix("- ").map(str::trim_start);
            if own + 2 == indent && item.is_some_and(starts_with_key) {
                return u32::try_from(i + 1).ok();
            }
            return None;
        }
        if own == indent && starts_with_key(trimmed) {
            return u32::try_from(i + 1).ok();
        }
    }
    None
}

/// The budget an error reports as breached, also when it is wrapped (with a snippet, or with
/// the alias through which the breach happened: then `true`).
fn budget_breach(err: &serde_saphyr::Error, via_alias: bool) -> Option<(&BudgetBreach, bool)> {
    match err {
        serde_saphyr::Error::Budget { breach, .. } => Some((breach, via_alias)),
        serde_saphyr::Error::WithSnippet { error, .. } => budget_breach(error, via_alias),
        serde_saphyr::Error::AliasError { error, .. } => budget_breach(error, true),
        _ => None,
    }
}

/// A breached parser budget in plain words: which limit, its number, what it protects against,
/// and what to do. The limits are the parser's defaults, far above any real pitwall file.
fn budget_message(breach: &BudgetBreach, via_alias: bool) -> (Text, Text) {
    let limits = serde_saphyr::Budget::default();
    let split = || Text::from(Msg::BudgetSplitHint);
    let aliases = || Text::from(Msg::BudgetAliasesHint);
    match breach {
        BudgetBreach::Nodes { .. } if via_alias => {
            (msg!(BudgetAliasNodes, limit = limits.max_nodes), aliases())
        }
        BudgetBreach::Nodes { .. } => (msg!(BudgetNodes, limit = limits.max_nodes), split()),
        BudgetBreach::Depth { .. } => (
            msg!(BudgetDepth, limit = limits.max_depth),
            Msg::BudgetDepthHint.into(),
        ),
        BudgetBreach::Aliases { .. } => {
            (msg!(BudgetAliases, limit = limits.max_aliases), aliases())
        }
        BudgetBreach::AliasAnchorRatio {
            aliases: used,
            anchors,
        } => (
            msg!(
                BudgetAliasRatio,
                used = used,
                anchors = anchors,
                ratio = limits.alias_anchor_ratio_multiplier
            ),
            aliases(),
        ),
        BudgetBreach::RecordedAnchorEvents { .. } | BudgetBreach::RecordedAnchorBytes { .. } => (
            msg!(
                BudgetAnchorCopies,
                limit = limits.max_recorded_anchor_events
            ),
            aliases(),
        ),
        BudgetBreach::Anchors { .. } => (msg!(BudgetAnchors, limit = limits.max_anchors), split()),
        BudgetBreach::Events { .. } => (msg!(BudgetEvents, limit = limits.max_events), split()),
        BudgetBreach::ScalarBytes { .. } => (
            msg!(BudgetScalarBytes, limit = limits.max_total_scalar_bytes),
            split(),
        ),
        BudgetBreach::Documents { .. } => (
            msg!(BudgetDocuments, limit = limits.max_documents),
            Msg::BudgetDocumentsHint.into(),
        ),
        BudgetBreach::MergeKeys { .. } => (
            msg!(BudgetMergeKeys, limit = limits.max_merge_keys),
            aliases(),
        ),
        _ => (Msg::BudgetOther.into(), split()),
    }
}

/// Where a spanned value is written, shifted by `line_offset` lines (for YAML that starts inside
/// a larger file, such as front matter); `None` for a value the parser did not place.
/// Where a text value (Markdown in a data file: a KPI's description, a month's note) stands in
/// its file, so that a place in the text (a link) can be named at its line and column in the
/// file: a block scalar (`|-`) starts on the line below its indicator, at its indentation; a
/// value on the key's line starts at its column (after the quote, when quoted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextAt {
    line: u32,
    column: u32,
    /// The indentation of a block scalar's lines.
    block: Option<u32>,
}

impl TextAt {
    /// Where `value`, read from `text` (the whole file), stands in it.
    pub fn of(text: &str, value: &Spanned<String>) -> Option<TextAt> {
        let at = position(value, 0)?;
        let line_text = crate::source::line_text(text, at.line)?;
        let skip = at.column.saturating_sub(1) as usize;
        let from: String = line_text.chars().skip(skip).collect();
        // A span at a block scalar's indicator (`|-`): the text starts on the next line that
        // holds any, at its indentation.
        if from.starts_with(['|', '>']) {
            let (below, first) = text
                .split('\n')
                .enumerate()
                .skip(at.line as usize)
                .find(|(_, l)| !l.trim().is_empty())?;
            let indent = (first.len() - first.trim_start_matches(' ').len()) as u32;
            return Some(TextAt {
                line: below as u32 + 1,
                column: indent + 1,
                block: Some(indent),
            });
        }
        // A value alone on its lines (a block scalar's text): every line at its indentation.
        let alone = line_text.chars().take(skip).all(char::is_whitespace);
        let quoted = u32::from(from.starts_with(['"', '\'']));
        Some(TextAt {
            line: at.line,
            column: at.column + quoted,
            block: alone.then_some(at.column - 1),
        })
    }

    /// The file's line and column of `at`, a 1-based line and column within the value.
    pub fn place(&self, at: Position) -> Position {
        match self.block {
            _ if at.line == 1 => Position::new(self.line, self.column + at.column - 1),
            Some(indent) => Position::new(self.line + at.line - 1, indent + at.column),
            None => Position::new(self.line + at.line - 1, at.column),
        }
    }
}

pub fn position<T>(value: &Spanned<T>, line_offset: u32) -> Option<Position> {
    let at = value.referenced;
    match clamp(at.line()) {
        0 => None,
        line => Some(Position::new(line + line_offset, clamp(at.column()))),
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The library's message without its own position suffix: pitwall prints positions itself.
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    let first = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let first = first.trim_end_matches(':');
    let first = first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first);
    match first {
        "invalid i64" | "invalid u64" | "invalid u32" | "invalid i32" => {
            "expected a whole number".to_owned()
        }
        "invalid f64" => "expected a number".to_owned(),
        "invalid bool" => "expected `true` or `false`".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Probe {
        #[allow(dead_code)]
        title: Spanned<String>,
        #[allow(dead_code)]
        weight: Option<Spanned<i64>>,
    }

    #[test]
    fn errors_carry_their_own_position() {
        let err = from_str::<Probe>("title: 交车延迟\nweight: 十\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 9), "{err:?}");
        assert!(!err.message.en().contains("line 2"), "{:?}", err.message);

        let err = from_str::<Probe>("title: a\ntitel: b\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(err.message.en().contains("titel"), "{:?}", err.message);
    }

    #[test]
    fn entries_keep_key_positions_and_scalars_their_type() {
        type Month = Entries<Spanned<String>, Entries<Spanned<String>, Spanned<Option<Scalar>>>>;
        let month: Month = from_str("bj-01:\n  csi: 91.2\n  nps: null\n  fix: \"94%\"\n").unwrap();
        let (outlet, values) = &month.0[0];
        assert_eq!(position(outlet, 0), Some(Position::new(1, 1)));
        assert_eq!(values.0.len(), 3);
        assert!(matches!(values.0[0].1.value, Some(Scalar::Number(n)) if n == 91.2));
        assert!(values.0[1].1.value.is_none());
        assert!(matches!(values.0[2].1.value, Some(Scalar::Text(_))));
        assert_eq!(position(&values.0[2].1, 0), Some(Position::new(4, 8)));
        assert!(from_str::<Month>("a:\n  x: 1\na:\n  y: 2\n").is_err());
    }

    #[test]
    fn too_many_values_is_a_plain_words_error() {
        let text = "- 1\n".repeat(250_001);
        let err = from_str::<Vec<u32>>(&text).unwrap_err();
        assert!(!err.message.en().contains("Nodes {"), "{:?}", err.message);
        assert!(
            err.message.en().contains("more than 250000 YAML values"),
            "{:?}",
            err.message
        );
        assert!(
            err.message.en().contains("exhaust memory"),
            "{:?}",
            err.message
        );
        assert!(err.hint.is_some_and(|h| h.en().contains("smaller files")));
    }

    #[test]
    fn deep_nesting_is_a_plain_words_error() {
        let mut text = String::new();
        for depth in 0..80 {
            text.push_str(&"  ".repeat(depth));
            text.push_str("a:\n");
        }
        text.push_str(&"  ".repeat(80));
        text.push_str("b: 1\n");
        let err = from_str::<serde::de::IgnoredAny>(&text).unwrap_err();
        assert!(
            err.message.en().contains("nested more than 64 levels"),
            "{err:?}"
        );
        assert!(err.line > 60, "{err:?}");
    }

    #[test]
    fn an_alias_bomb_is_a_plain_words_error() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let err = from_str::<serde::de::IgnoredAny>(&text).unwrap_err();
        assert!(err.message.en().contains("alias bomb"), "{err:?}");
        assert!(err.hint.is_some_and(|h| h.en().contains("`*alias`")));
    }

    #[test]
    fn a_duplicate_key_names_its_first_line() {
        type Map = Entries<Spanned<String>, Entries<Spanned<String>, Spanned<Option<Scalar>>>>;
        let err = from_str::<Map>("bj-01:\n  csi: 1\n  # note\n  nps: 2\n  csi: 3\n").unwrap_err();
        assert_eq!(err.message.en(), "duplicate key `csi`");
        assert_eq!((err.line, err.first_line), (5, Some(2)), "{err:?}");

        let err = from_str::<Map>("a:\n  x: 1\nb:\n  y: 2\na:\n  z: 3\n").unwrap_err();
        assert_eq!(err.first_line, Some(1), "{err:?}");

        let err = from_str::<Map>("bj-01: {csi: 1, csi: 2}\n").unwrap_err();
        assert_eq!(err.first_line, Some(1), "{err:?}");

        let d = err.to_diagnostic(Code::FrontMatter, "a.md", 1);
        assert_eq!(
            d.hint.map(|h| h.en()).as_deref(),
            Some("first given on line 2; keep one of the two")
        );
    }

    #[test]
    fn spanned_values_know_their_line() {
        let probe: Probe = from_str("title: a\nweight: 3\n").unwrap();
        assert_eq!(
            position(probe.weight.as_ref().unwrap(), 1),
            Some(Position::new(3, 9))
        );
    }
}
