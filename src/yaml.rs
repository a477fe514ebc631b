//! All YAML parsing, in one place, through `serde-saphyr`.
//!
//! Not `serde_yaml`: that crate is archived upstream and its C-translated backend carries an
//! "unmaintained" advisory. `serde-saphyr` is pure Rust, keeps every value's line and column
//! ([`Spanned`]), and enforces budgets against alias bombs and deep nesting.

use std::fmt;
use std::marker::PhantomData;

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
}

/// Parses one YAML document. Positions in the error are relative to `text`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str(text).map_err(|err| {
        let (line, column) = err
            .location()
            .map_or((0, 0), |l| (clamp(l.line()), clamp(l.column())));
        YamlError {
            line,
            column,
            message: clean_message(&err.without_snippet().to_string()),
        }
    })
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
    fn spanned_values_know_their_line() {
        let probe: Probe = from_str("title: a\nweight: 3\n").unwrap();
        assert_eq!(position(probe.weight.as_ref().unwrap(), 1), (3, 9));
    }
}
