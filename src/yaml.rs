//! All YAML parsing, in one place, through `serde-saphyr`.
//!
//! Not `serde_yaml`: that crate is archived upstream and its C-translated backend carries an
//! "unmaintained" advisory. `serde-saphyr` is pure Rust, keeps every value's line and column
//! ([`Spanned`]), and enforces budgets against alias bombs and deep nesting.

use std::fmt;
use std::marker::PhantomData;

use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use serde::de::{DeserializeOwned, MapAccess, Visitor};

pub use serde_saphyr::Spanned;

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
    pub message: String,
    /// For a key given twice: the line (within the parsed text) of its first occurrence.
    pub first_line: Option<u32>,
}

impl YamlError {
    /// The error as a diagnostic of `path`, whose YAML starts `line_offset` lines into the file
    /// (front matter starts after its `---`).
    pub fn to_diagnostic(&self, code: &'static str, path: &str, line_offset: u32) -> Diagnostic {
        let at = match self.line {
            0 => (0, 0),
            line => (line + line_offset, self.column),
        };
        let d = Diagnostic::error(code, path, at, self.message.clone());
        match self.first_line {
            Some(first) => d.with_hint(format!(
                "first given on line {}; keep one of the two",
                first + line_offset
            )),
            None => d,
        }
    }
}

/// Parses one YAML document. Positions in the error are relative to `text`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str(text).map_err(|err| {
        let (line, column) = err
            .location()
            .map_or((0, 0), |l| (clamp(l.line()), clamp(l.column())));
        let mut message = clean_message(&err.without_snippet().to_string());
        let mut first_line = None;
        if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
            let key = key.trim().to_owned();
            first_line = first_key_line(text, line, column, &key);
            message = format!("duplicate key `{key}`");
        }
        YamlError {
            line,
            column,
            message,
            first_line,
        }
    })
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

/// 1-based `(line, column)` of a spanned value, shifted by `line_offset` lines (for YAML that
/// starts inside a larger file, such as front matter).
pub fn position<T>(value: &Spanned<T>, line_offset: u32) -> (u32, u32) {
    let at = value.referenced;
    match clamp(at.line()) {
        0 => (0, 0),
        line => (line + line_offset, clamp(at.column())),
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
        assert!(!err.message.contains("line 2"), "{}", err.message);

        let err = from_str::<Probe>("title: a\ntitel: b\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(err.message.contains("titel"), "{}", err.message);
    }

    #[test]
    fn entries_keep_key_positions_and_scalars_their_type() {
        type Month = Entries<Spanned<String>, Entries<Spanned<String>, Spanned<Option<Scalar>>>>;
        let month: Month = from_str("bj-01:\n  csi: 91.2\n  nps: null\n  fix: \"94%\"\n").unwrap();
        let (outlet, values) = &month.0[0];
        assert_eq!(position(outlet, 0), (1, 1));
        assert_eq!(values.0.len(), 3);
        assert!(matches!(values.0[0].1.value, Some(Scalar::Number(n)) if n == 91.2));
        assert!(values.0[1].1.value.is_none());
        assert!(matches!(values.0[2].1.value, Some(Scalar::Text(_))));
        assert_eq!(position(&values.0[2].1, 0), (4, 8));
        assert!(from_str::<Month>("a:\n  x: 1\na:\n  y: 2\n").is_err());
    }

    #[test]
    fn a_duplicate_key_names_its_first_line() {
        type Map = Entries<Spanned<String>, Entries<Spanned<String>, Spanned<Option<Scalar>>>>;
        let err = from_str::<Map>("bj-01:\n  csi: 1\n  # note\n  nps: 2\n  csi: 3\n").unwrap_err();
        assert_eq!(err.message, "duplicate key `csi`");
        assert_eq!((err.line, err.first_line), (5, Some(2)), "{err:?}");

        let err = from_str::<Map>("a:\n  x: 1\nb:\n  y: 2\na:\n  z: 3\n").unwrap_err();
        assert_eq!(err.first_line, Some(1), "{err:?}");

        let err = from_str::<Map>("bj-01: {csi: 1, csi: 2}\n").unwrap_err();
        assert_eq!(err.first_line, Some(1), "{err:?}");

        let d = err.to_diagnostic("x", "a.md", 1);
        assert_eq!(
            d.hint.as_deref(),
            Some("first given on line 2; keep one of the two")
        );
    }

    #[test]
    fn spanned_values_know_their_line() {
        let probe: Probe = from_str("title: a\nweight: 3\n").unwrap();
        assert_eq!(position(probe.weight.as_ref().unwrap(), 1), (3, 9));
    }
}
