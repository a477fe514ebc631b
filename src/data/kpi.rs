//! The KPI catalogue, `data/kpis.yaml`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::config::Language;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Code, Position};
use crate::i18n;
use crate::messages::{Msg, Text};
use crate::msg;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned, position};

pub use super::aggregate::{Aggregate, Weight};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Customer,
    Efficiency,
    Financial,
    People,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Customer,
        Group::Efficiency,
        Group::Financial,
        Group::People,
    ];

    /// The interface-text key of this group's name (see [`crate::i18n`]).
    pub fn label_key(self) -> &'static str {
        match self {
            Group::Customer => "group_customer",
            Group::Efficiency => "group_efficiency",
            Group::Financial => "group_financial",
            Group::People => "group_people",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Group::Customer => "customer",
            Group::Efficiency => "efficiency",
            Group::Financial => "financial",
            Group::People => "people",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Percent,
    Score,
    Hours,
    Days,
    Cny,
    Count,
    Ratio,
}

/// A number as a message shows it: `1.7976931348623157e308` rather than its 309 digits.
fn shown(value: f64) -> String {
    if value.abs() >= 1e15 {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

/// The largest magnitude of any figure, target or bound: a trillion (10¹²), far beyond any
/// outlet's month in any unit (a billion yuan of revenue is 10⁹). Larger numbers are typing
/// mistakes, and near `f64::MAX` they overflow the sums and chart scales made from them.
pub const MAX_FIGURE: f64 = 1e12;

impl Unit {
    pub const ALL: [Unit; 7] = [
        Unit::Percent,
        Unit::Score,
        Unit::Hours,
        Unit::Days,
        Unit::Cny,
        Unit::Count,
        Unit::Ratio,
    ];

    /// The range a value of this unit can take; `None` is unbounded (but see [`MAX_FIGURE`]).
    pub fn bounds(self) -> (Option<f64>, Option<f64>) {
        match self {
            Unit::Percent => (Some(0.0), Some(100.0)),
            Unit::Hours | Unit::Days | Unit::Count | Unit::Ratio => (Some(0.0), None),
            Unit::Score | Unit::Cny => (None, None),
        }
    }

    /// Why `value` is impossible for this unit, if it is.
    pub fn reject(self, value: f64) -> Option<Text> {
        self.reject_within(value, (None, None))
    }

    /// Why `value` is impossible for this unit, or outside `range` (a KPI's own `min` and
    /// `max`, which take the place of the unit's bounds).
    fn reject_within(self, value: f64, range: (Option<f64>, Option<f64>)) -> Option<Text> {
        if !value.is_finite() {
            return Some(msg!(NotANumber, value = value));
        }
        if value.abs() > MAX_FIGURE {
            return Some(msg!(FigureTooLarge, value = shown(value), max = MAX_FIGURE));
        }
        let unit = self.name();
        let (low, high) = self.bounds();
        match range {
            (Some(min), _) if value < min => {
                return Some(msg!(BelowKpiMin, value = value, min = min));
            }
            (_, Some(max)) if value > max => {
                return Some(msg!(AboveKpiMax, value = value, max = max));
            }
            _ => {}
        }
        match (range.0.or(low), range.1.or(high)) {
            (Some(min), _) if value < min => {
                Some(msg!(BelowUnit, value = value, min = min, unit = unit))
            }
            (_, Some(max)) if value > max => {
                Some(msg!(AboveUnit, value = value, max = max, unit = unit))
            }
            _ if self == Unit::Count && value.fract() != 0.0 => {
                Some(msg!(NotWholeCount, value = value))
            }
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Score => "score",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Cny => "cny",
            Unit::Count => "count",
            Unit::Ratio => "ratio",
        }
    }

    /// The interface-text key of this unit's name (see [`crate::i18n`]).
    pub fn label_key(self) -> &'static str {
        match self {
            Unit::Percent => "unit_name_percent",
            Unit::Score => "unit_name_score",
            Unit::Hours => "unit_name_hours",
            Unit::Days => "unit_name_days",
            Unit::Cny => "unit_name_cny",
            Unit::Count => "unit_name_count",
            Unit::Ratio => "unit_name_ratio",
        }
    }

    /// Short suffix shown after a value, in the site's language.
    pub fn suffix(self, language: Language) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Hours => i18n::words(language).unit_hours,
            Unit::Days => i18n::words(language).unit_days,
            Unit::Cny => i18n::words(language).unit_cny,
            Unit::Score | Unit::Count | Unit::Ratio => "",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKpi {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
    group: Group,
    unit: Unit,
    direction: Direction,
    target: Spanned<f64>,
    warn: Spanned<f64>,
    /// Read wide, so that `decimals: 4000000000` is "too many" at its line, not the parser's
    /// "invalid u8".
    decimals: Option<Spanned<u64>>,
    description: Option<Spanned<String>>,
    min: Option<Spanned<f64>>,
    max: Option<Spanned<f64>>,
    min_plausible: Option<f64>,
    max_step: Option<f64>,
    min_sample: Option<u32>,
    aggregate: Option<Spanned<String>>,
    weight: Option<Spanned<String>>,
}

/// One KPI definition.
#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub group: Group,
    pub unit: Unit,
    pub direction: Direction,
    pub target: f64,
    pub warn: f64,
    pub decimals: u8,
    /// Markdown source; rendered with the rest of the site.
    pub description: Option<String>,
    /// Where the description stands in `data/kpis.yaml` (its links are checked there).
    #[serde(skip)]
    pub description_at: Option<yaml::TextAt>,
    /// The lowest and highest value the KPI can take (`min`, `max`; a score out of 100 has
    /// `max: 100`): each takes the place of its unit's bound (see [`Kpi::bounds`]).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// A value below this is implausible (e.g. `1` for a KPI that is never 0): a warning.
    pub min_plausible: Option<f64>,
    /// A change from last month larger than this is implausible: a warning.
    pub max_step: Option<f64>,
    /// Fewest answers (`n` in the month files) a survey value needs to be judged and ranked.
    pub min_sample: Option<u32>,
    /// How months add up to a quarter, a year to date or a trailing 12 months.
    pub aggregate: Aggregate,
    /// Where the definition starts in `data/kpis.yaml`.
    #[serde(skip)]
    pub at: Option<Position>,
}

impl Kpi {
    /// The range a value of this KPI can take: its own `min` and `max`, else its unit's.
    pub fn bounds(&self) -> (Option<f64>, Option<f64>) {
        let (low, high) = self.unit.bounds();
        (self.min.or(low), self.max.or(high))
    }

    /// Why `value` is impossible for this KPI (its unit and its range), if it is.
    pub fn reject(&self, value: f64) -> Option<Text> {
        self.unit.reject_within(value, (self.min, self.max))
    }

    /// `value` rounded to the KPI's display precision, with its unit in `language`.
    pub fn format(&self, value: f64, language: Language) -> String {
        format!(
            "{}{}",
            self.format_number(value),
            self.unit.suffix(language)
        )
    }

    pub fn format_number(&self, value: f64) -> String {
        fixed(value, self.decimals)
    }
}

/// Rounds to `decimals` places; never returns negative zero.
pub fn round(value: f64, decimals: u8) -> f64 {
    let factor = 10f64.powi(i32::from(decimals));
    let r = (value * factor).round() / factor;
    if r == 0.0 { 0.0 } else { r }
}

/// `value` with `decimals` digits after the point: exactly what `format!("{:.*}")` writes, at
/// a fraction of its cost (a network build formats millions of numbers). The value is scaled
/// and rounded as an integer; where the scaled value lies too close to a rounding tie for
/// that to be certain, and for very large values, the standard formatter decides.
pub fn fixed(value: f64, decimals: u8) -> String {
    const SCALE: [f64; 5] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0];
    let exact = || format!("{:.*}", usize::from(decimals), value);
    let Some(&scale) = SCALE.get(usize::from(decimals)) else {
        return exact();
    };
    let scaled = value.abs() * scale;
    if scaled.is_nan() || scaled >= 1e15 || (scaled.fract() - 0.5).abs() < 1e-6 {
        return exact();
    }
    decimal(
        value.is_sign_negative(),
        scaled.round() as u64,
        usize::from(decimals),
    )
}

/// `units` (a number scaled by 10^`decimals`, `decimals` ≤ 4) written with its point, after a
/// `-` when `negative`: what a formatter would write, digit by digit.
fn decimal(negative: bool, units: u64, decimals: usize) -> String {
    let mut digits = [0u8; 26];
    let mut at = digits.len();
    let mut rest = units;
    let mut put = |digit: u8, at: &mut usize| {
        *at -= 1;
        digits[*at] = digit;
    };
    for _ in 0..decimals {
        put(b'0' + (rest % 10) as u8, &mut at);
        rest /= 10;
    }
    if decimals > 0 {
        put(b'.', &mut at);
    }
    loop {
        put(b'0' + (rest % 10) as u8, &mut at);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if negative {
        put(b'-', &mut at);
    }
    String::from_utf8_lossy(&digits[at..]).into_owned()
}

/// `value` exactly as `value.to_string()` writes it (the fewest digits that read back as the
/// same number), at a fraction of its cost for figures of up to four decimals below 10⁹: the
/// first number of decimals whose rounded value divides back to `value` is the one the
/// standard formatter picks (at that size two numbers four decimals apart are never the same
/// `f64`). Anything else, zero and negative zero included, the standard formatter writes.
pub fn shortest(value: f64) -> String {
    const SCALE: [f64; 5] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0];
    let size = value.abs();
    if value != 0.0 && size < 1e9 {
        for (decimals, scale) in SCALE.iter().enumerate() {
            let units = (size * scale).round();
            if units / scale == size {
                return decimal(value < 0.0, units as u64, decimals);
            }
        }
    }
    value.to_string()
}

/// All KPIs in catalogue order, with an index by id.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub kpis: Vec<Kpi>,
    index: HashMap<String, usize>,
}

impl Catalogue {
    /// The KPIs named in `language`: on an English site a KPI's `name_en` is its name
    /// everywhere (pages, charts, exports, the digest), and no other name is shown.
    pub fn in_language(mut self, language: Language) -> Self {
        if language == Language::En {
            for kpi in &mut self.kpis {
                if let Some(en) = kpi.name_en.take() {
                    kpi.name = en;
                }
            }
        }
        self
    }

    pub fn get(&self, id: &str) -> Option<&Kpi> {
        self.index.get(id).map(|&i| &self.kpis[i])
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.kpis.iter().map(|k| k.id.as_str())
    }
}

/// `[a-z0-9_]+`
pub fn is_kpi_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

pub fn parse(source: &SourceFile) -> (Catalogue, Vec<Diagnostic>) {
    let path = &source.path;
    // A mistyped field is an error at its line; the catalogue is still read, so that its KPIs
    // count as defined everywhere else.
    let (raw, mut errors) = yaml::from_str_lenient_at::<Vec<RawKpi>>(&source.text, Code::Kpi, path);
    let Some(raw) = raw else {
        return (Catalogue::default(), errors);
    };
    let mut catalogue = Catalogue::default();
    let mut rules = Vec::new();
    for k in raw {
        let at = position(&k.id, 0);
        let names = [("name", Some(&k.name)), ("name_en", k.name_en.as_ref())];
        for (field, text) in names.into_iter().filter_map(|(f, t)| Some((f, t?))) {
            if let Some(d) = super::too_long(path, at, field, text) {
                errors.push(d);
            }
        }
        if !is_kpi_id(&k.id.value) {
            errors.push(
                Diagnostic::error(Code::Kpi, path, at, msg!(KpiIdInvalid, id = k.id.value))
                    .with_hint(Msg::KpiIdInvalidHint),
            );
            continue;
        }
        if catalogue.index.contains_key(&k.id.value) {
            errors.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    path,
                    at,
                    msg!(KpiIdTwice, id = k.id.value),
                )
                .with_hint(Msg::KpiIdTwiceHint),
            );
            continue;
        }
        let range = check_range(&k, path, &mut errors);
        for value in [&k.target, &k.warn] {
            if let Some(why) = k.unit.reject_within(value.value, range) {
                errors.push(Diagnostic::error(Code::Kpi, path, position(value, 0), why));
            }
        }
        let wrong_side = match k.direction {
            Direction::Higher => k.warn.value > k.target.value,
            Direction::Lower => k.warn.value < k.target.value,
        };
        if wrong_side {
            let hint = match k.direction {
                Direction::Higher => Msg::WarnWrongSideHigher,
                Direction::Lower => Msg::WarnWrongSideLower,
            };
            errors.push(
                Diagnostic::error(
                    Code::Kpi,
                    path,
                    position(&k.warn, 0),
                    msg!(WarnWrongSide, warn = k.warn.value, target = k.target.value),
                )
                .with_hint(hint),
            );
        }
        for (field, value) in [("min_plausible", k.min_plausible), ("max_step", k.max_step)] {
            let Some(value) = value else { continue };
            let why = if !value.is_finite() {
                Some(msg!(NotANumber, value = value))
            } else if value.abs() > MAX_FIGURE {
                Some(msg!(FigureTooLarge, value = shown(value), max = MAX_FIGURE))
            } else if field == "max_step" && value <= 0.0 {
                Some(msg!(StepNotPositive, value = value))
            } else {
                None
            };
            if let Some(why) = why {
                let message = msg!(KpiFieldInvalid, field = field, why = why);
                errors.push(Diagnostic::error(Code::Kpi, path, at, message));
            }
        }
        let decimals = k.decimals.as_ref().map_or(1, |d| d.value.min(6) as u8);
        if let Some(d) = k.decimals.as_ref().filter(|d| d.value > 6) {
            errors.push(
                Diagnostic::error(Code::Kpi, path, position(d, 0), Msg::DecimalsTooMany)
                    .with_hint(Msg::DecimalsTooManyHint),
            );
        }
        catalogue
            .index
            .insert(k.id.value.clone(), catalogue.kpis.len());
        catalogue.kpis.push(Kpi {
            id: k.id.value,
            name: k.name,
            name_en: k.name_en,
            group: k.group,
            unit: k.unit,
            direction: k.direction,
            target: k.target.value,
            warn: k.warn.value,
            decimals: decimals.min(6),
            description_at: k
                .description
                .as_ref()
                .and_then(|d| yaml::TextAt::of(&source.text, d)),
            description: k.description.map(|d| d.value),
            min: range.0,
            max: range.1,
            min_plausible: k.min_plausible,
            max_step: k.max_step,
            min_sample: k.min_sample,
            aggregate: Aggregate::Mean,
            at,
        });
        rules.push((k.aggregate, k.weight));
    }
    // Rules are read once every id is known: `weight:` may name a KPI defined further down.
    let ids: Vec<String> = catalogue.ids().map(str::to_owned).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    for (k, (aggregate, weight)) in rules.into_iter().enumerate() {
        match super::aggregate::resolve(aggregate, weight, &ids, k, path) {
            Ok(rule) => catalogue.kpis[k].aggregate = rule,
            Err(problems) => errors.extend(problems),
        }
    }
    (catalogue, errors)
}

/// A KPI's own `min` and `max`: each a finite number within [`MAX_FIGURE`], `min` below `max`;
/// what is wrong is an error at its line and left out.
fn check_range(k: &RawKpi, path: &str, errors: &mut Vec<Diagnostic>) -> (Option<f64>, Option<f64>) {
    let mut bound = |value: &Option<Spanned<f64>>| {
        let value = value.as_ref()?;
        let why = if !value.value.is_finite() {
            msg!(NotANumber, value = value.value)
        } else if value.value.abs() > MAX_FIGURE {
            msg!(FigureTooLarge, value = shown(value.value), max = MAX_FIGURE)
        } else {
            return Some(value.value);
        };
        errors.push(Diagnostic::error(Code::Kpi, path, position(value, 0), why));
        None
    };
    let (min, max) = (bound(&k.min), bound(&k.max));
    if let (Some(low), Some(high), Some(at)) = (min, max, k.max.as_ref())
        && low >= high
    {
        errors.push(
            Diagnostic::error(
                Code::Kpi,
                path,
                position(at, 0),
                msg!(RangeEmpty, min = low, max = high),
            )
            .with_hint(Msg::RangeEmptyHint),
        );
        return (None, None);
    }
    (min, max)
}

#[cfg(test)]
mod tests {
    use super::{fixed, shortest};

    /// A xorshift generator: the same numbers on every run.
    fn numbers(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    #[test]
    fn shortest_writes_what_the_standard_formatter_writes() {
        let mut next = numbers(0x2545_F491_4F6C_DD1D);
        let mut values = vec![
            0.0,
            -0.0,
            0.1,
            0.3,
            1.0 / 3.0,
            0.00005,
            0.0001,
            99.95,
            -87.25,
            1e9 - 0.5,
            1e9,
            123_456_789.123_4,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
        ];
        for _ in 0..200_000 {
            let raw = next();
            // Figures as month files hold them (up to five decimals), and arbitrary ones.
            for scale in [1.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0] {
                values.push((raw % 200_000_000) as f64 / scale - 1_000.0);
            }
            values.push(f64::from_bits(raw >> 2) % 1e10);
            values.push(f64::from_bits(raw >> 1));
        }
        for value in values {
            assert_eq!(shortest(value), value.to_string(), "{value:?}");
        }
    }

    #[test]
    fn fixed_formats_like_the_standard_formatter() {
        let mut next = numbers(0x9E37_79B9_7F4A_7C15);
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            2.675,
            1.005,
            87.25,
            -0.04,
            -2.5,
            99.95,
            1e14,
            1e16,
            123456.789,
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
            f64::MIN_POSITIVE,
        ];
        for _ in 0..200_000 {
            let raw = next();
            // Values like those in month files (a few decimals) and arbitrary ones.
            values.push((raw % 2_000_000) as f64 / 1_000.0 - 1_000.0);
            values.push(f64::from_bits(raw >> 2) % 1e6);
        }
        for value in values {
            for decimals in 0..=5u8 {
                assert_eq!(
                    fixed(value, decimals),
                    format!("{:.*}", usize::from(decimals), value),
                    "{value:?} with {decimals} decimals"
                );
            }
        }
    }
}
