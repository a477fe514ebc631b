//! One month's figures, `data/scorecards/YYYY-MM.yaml`, read and validated against the KPI
//! catalogue and the outlets. Every wrong value in a file is reported, each at its own line.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::kpi::Catalogue;
use super::month::Month;
use super::outlet::Outlets;
use crate::diagnostic::{Code, Position};
use crate::diagnostic::{Diagnostic, closest};
use crate::messages::Msg;
use crate::msg;
use crate::source::SourceFile;
use crate::yaml::{self, Entries, Scalar, Spanned, position};

type Figures = Entries<Spanned<String>, Entries<Spanned<String>, Spanned<Option<Scalar>>>>;
type Values = Entries<Spanned<String>, Entries<Spanned<String>, Spanned<Written>>>;

/// A value as written under `values:`: a bare figure (`csi: 91.2`, `csi: null`) or a survey
/// figure with its sample size (`csi: {value: 91.2, n: 14}`), so that files written before
/// sample sizes existed read as they always did.
#[derive(Debug)]
enum Written {
    Bare(Option<Scalar>),
    Sampled(Sampled),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sampled {
    value: Spanned<Option<Scalar>>,
    #[serde(default)]
    n: Option<Spanned<Scalar>>,
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WrittenVisitor;
        impl<'de> serde::de::Visitor<'de> for WrittenVisitor {
            type Value = Written;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, `null` or `{value: …, n: …}`")
            }
            fn visit_unit<E>(self) -> Result<Written, E> {
                Ok(Written::Bare(None))
            }
            fn visit_none<E>(self) -> Result<Written, E> {
                Ok(Written::Bare(None))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Written, E> {
                Ok(Written::Bare(Some(Scalar::Number(v))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Written, E> {
                Ok(Written::Bare(Some(Scalar::Number(v as f64))))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Written, E> {
                Ok(Written::Bare(Some(Scalar::Number(v as f64))))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Written, E> {
                Ok(Written::Bare(Some(Scalar::Number(v as f64))))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Written, E> {
                Ok(Written::Bare(Some(Scalar::Number(v as f64))))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Written, E> {
                Ok(Written::Bare(Some(Scalar::Bool(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Written, E> {
                Ok(Written::Bare(Some(Scalar::Text(v.to_owned()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Written, E> {
                Ok(Written::Bare(Some(Scalar::Text(v))))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Written, A::Error> {
                Sampled::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Written::Sampled)
            }
        }
        deserializer.deserialize_any(WrittenVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonth {
    month: Spanned<String>,
    #[serde(default)]
    values: Values,
    #[serde(default)]
    notes: Entries<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    targets: Figures,
    /// KPIs whose figures this month are right however implausible they look.
    #[serde(default)]
    plausible: Vec<Spanned<String>>,
}

/// A month's figures in a dense outlet × KPI grid (catalogue and outlet order).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MonthFile {
    pub month: Month,
    pub path: String,
    /// Where `month:` is written (line, column).
    #[serde(default)]
    pub month_at: Option<Position>,
    /// `values[outlet * kpi_count + kpi]`; `None` is "no data".
    pub values: Vec<Option<f64>>,
    /// Whether the outlet appears under `values` at all this month.
    pub reported: Vec<bool>,
    pub notes: BTreeMap<usize, String>,
    /// Where each note stands in the file (its links are checked there).
    #[serde(default)]
    pub note_places: BTreeMap<usize, crate::yaml::TextAt>,
    /// Per-outlet target overrides: (outlet, kpi) → target.
    #[serde(with = "pairs")]
    pub targets: BTreeMap<(usize, usize), f64>,
    /// Where each value is written, parallel to `values` ((0, 0) when absent).
    #[serde(default)]
    pub value_at: Vec<Option<Position>>,
    /// Where each outlet's key under `values:` is written ((0, 0) when absent).
    #[serde(default)]
    pub outlet_at: Vec<Option<Position>>,
    /// KPIs listed under `plausible:`: no plausibility warnings for them this month.
    #[serde(default)]
    pub plausible: std::collections::BTreeSet<usize>,
    /// Survey sample sizes (`n`), by the value's index in `values`; most values have none.
    #[serde(default)]
    pub samples: BTreeMap<usize, u32>,
}

/// A map with tuple keys as a list of pairs (JSON keys are strings).
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Map = BTreeMap<(usize, usize), f64>;

    pub fn serialize<S: Serializer>(map: &Map, serializer: S) -> Result<S::Ok, S::Error> {
        map.iter().collect::<Vec<_>>().serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Map, D::Error> {
        Ok(Vec::<((usize, usize), f64)>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

pub fn parse(
    source: &SourceFile,
    catalogue: &Catalogue,
    outlets: &Outlets,
) -> (Option<MonthFile>, Vec<Diagnostic>) {
    let path = source.path.as_str();
    let raw: RawMonth = match yaml::from_str(&source.text) {
        Ok(raw) => raw,
        Err(e) => {
            return (None, vec![e.to_diagnostic(Code::Scorecard, path, 0)]);
        }
    };
    let mut errors = Vec::new();
    let stem = source
        .path
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml");
    let month_at = position(&raw.month, 0);
    let Some(month) = Month::parse(&raw.month.value) else {
        errors.push(
            Diagnostic::error(
                Code::Scorecard,
                path,
                month_at,
                msg!(MonthInvalid, text = raw.month.value),
            )
            .with_hint(Msg::MonthInvalidHint),
        );
        return (None, errors);
    };
    if stem != raw.month.value {
        errors.push(
            Diagnostic::error(
                Code::MonthMismatch,
                path,
                month_at,
                msg!(MonthMismatch, month = month, stem = stem),
            )
            .with_hint(msg!(MonthMismatchHint, month = month)),
        );
    }
    let kpi_count = catalogue.kpis.len();
    let mut file = MonthFile {
        month,
        path: path.to_owned(),
        month_at,
        values: vec![None; kpi_count * outlets.outlets.len()],
        reported: vec![false; outlets.outlets.len()],
        notes: BTreeMap::new(),
        note_places: BTreeMap::new(),
        targets: BTreeMap::new(),
        value_at: vec![None; kpi_count * outlets.outlets.len()],
        outlet_at: vec![None; outlets.outlets.len()],
        plausible: Default::default(),
        samples: BTreeMap::new(),
    };
    let mut check = Checker {
        path,
        catalogue,
        outlets,
        month,
        errors: &mut errors,
    };
    for (outlet_key, figures) in &raw.values.0 {
        let Some(outlet) = check.outlet(outlet_key) else {
            continue;
        };
        file.reported[outlet] = true;
        file.outlet_at[outlet] = position(outlet_key, 0);
        for (kpi_key, value) in &figures.0 {
            let Some(kpi) = check.kpi(kpi_key) else {
                continue;
            };
            let cell = outlet * kpi_count + kpi;
            let (figure, at) = match &value.value {
                Written::Bare(figure) => (figure, position(value, 0)),
                Written::Sampled(sampled) => {
                    if let Some(n) = sampled.n.as_ref().and_then(|n| check.sample(n)) {
                        file.samples.insert(cell, n);
                    }
                    (&sampled.value.value, position(&sampled.value, 0))
                }
            };
            file.values[cell] = check.value(kpi, figure, at);
            file.value_at[cell] = at;
        }
    }
    for kpi_key in &raw.plausible {
        if let Some(kpi) = check.kpi(kpi_key) {
            file.plausible.insert(kpi);
        }
    }
    for (outlet_key, figures) in &raw.targets.0 {
        let Some(outlet) = check.outlet(outlet_key) else {
            continue;
        };
        for (kpi_key, value) in &figures.0 {
            let Some(kpi) = check.kpi(kpi_key) else {
                continue;
            };
            match check.value(kpi, &value.value, position(value, 0)) {
                Some(target) => {
                    file.targets.insert((outlet, kpi), target);
                }
                None if value.value.is_none() => check.errors.push(
                    Diagnostic::error(Code::Scorecard, path, position(value, 0), Msg::TargetNull)
                        .with_hint(Msg::TargetNullHint),
                ),
                None => {}
            }
        }
    }
    for (outlet_key, note) in raw.notes.0 {
        if let Some(outlet) = check.outlet(&outlet_key) {
            if let Some(at) = crate::yaml::TextAt::of(&source.text, &note) {
                file.note_places.insert(outlet, at);
            }
            file.notes.insert(outlet, note.value);
        }
    }
    (Some(file), errors)
}

struct Checker<'a> {
    path: &'a str,
    catalogue: &'a Catalogue,
    outlets: &'a Outlets,
    month: Month,
    errors: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn outlet(&mut self, key: &Spanned<String>) -> Option<usize> {
        let at = position(key, 0);
        let Some(index) = self.outlets.position(&key.value) else {
            let mut d = Diagnostic::error(
                Code::UnknownOutlet,
                self.path,
                at,
                msg!(UnknownOutlet, id = key.value),
            );
            d = match closest(&key.value, self.outlets.ids()) {
                Some(near) => d.with_hint(msg!(UnknownOutletSuggest, near = near)),
                None => d.with_hint(Msg::UnknownOutletHint),
            };
            self.errors.push(d);
            return None;
        };
        let outlet = &self.outlets.outlets[index];
        if !outlet.active_in(self.month) {
            self.errors.push(
                Diagnostic::warning(
                    Code::InactiveOutlet,
                    self.path,
                    at,
                    msg!(InactiveOutlet, id = key.value, month = self.month),
                )
                .with_hint(Msg::InactiveOutletHint),
            );
            return None;
        }
        Some(index)
    }

    fn kpi(&mut self, key: &Spanned<String>) -> Option<usize> {
        let index = self.catalogue.position(&key.value);
        if index.is_none() {
            let mut d = Diagnostic::error(
                Code::UnknownKpi,
                self.path,
                position(key, 0),
                msg!(UnknownKpi, id = key.value),
            );
            d = match closest(&key.value, self.catalogue.ids()) {
                Some(near) => d.with_hint(msg!(UnknownKpiSuggest, near = near)),
                None => d.with_hint(Msg::UnknownKpiHint),
            };
            self.errors.push(d);
        }
        index
    }

    /// A sample size: a whole number of answers, 0 or more.
    fn sample(&mut self, n: &Spanned<Scalar>) -> Option<u32> {
        let count = match &n.value {
            Scalar::Number(v) if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(v) => {
                return Some(*v as u32);
            }
            Scalar::Number(v) => v.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Text(t) => t.clone(),
        };
        self.errors.push(
            Diagnostic::error(
                Code::WrongType,
                self.path,
                position(n, 0),
                msg!(SampleInvalid, text = count),
            )
            .with_hint(Msg::SampleInvalidHint),
        );
        None
    }

    fn value(&mut self, kpi: usize, value: &Option<Scalar>, at: Option<Position>) -> Option<f64> {
        let definition = &self.catalogue.kpis[kpi];
        match value {
            None => None,
            Some(Scalar::Number(n)) => match definition.reject(*n) {
                Some(why) => {
                    self.errors.push(Diagnostic::error(
                        Code::OutOfRange,
                        self.path,
                        at,
                        msg!(ValueOutOfRange, why = why, kpi = definition.id),
                    ));
                    None
                }
                None => Some(*n),
            },
            Some(Scalar::Text(text)) => {
                let trimmed = text.trim();
                let comma = trimmed.split_once(',').filter(|(a, b)| {
                    [a, b]
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
                });
                let (message, hint) = if trimmed.parse::<f64>().is_ok() {
                    (
                        msg!(YamlQuotedNumber, text = trimmed),
                        msg!(YamlQuotedNumberHint, text = trimmed),
                    )
                } else if let Some(number) = crate::yaml::without_thousands(trimmed) {
                    (
                        msg!(YamlThousands, text = trimmed),
                        msg!(YamlThousandsHint, number = number),
                    )
                } else if let Some((whole, fraction)) = comma {
                    (
                        msg!(YamlDecimalComma, text = trimmed),
                        msg!(YamlDecimalCommaHint, number = format!("{whole}.{fraction}")),
                    )
                } else if trimmed.ends_with('%') {
                    (
                        msg!(ValueIsText, kpi = definition.id, text = text),
                        Msg::ValuePercentHint.into(),
                    )
                } else {
                    (
                        msg!(ValueIsText, kpi = definition.id, text = text),
                        Msg::ValueNumberHint.into(),
                    )
                };
                self.errors.push(
                    Diagnostic::error(Code::WrongType, self.path, at, message).with_hint(hint),
                );
                None
            }
            Some(Scalar::Bool(b)) => {
                self.errors.push(
                    Diagnostic::error(
                        Code::WrongType,
                        self.path,
                        at,
                        msg!(ValueIsBool, kpi = definition.id, text = b),
                    )
                    .with_hint(Msg::ValueNumberHint),
                );
                None
            }
        }
    }
}
