//! Period targets, `data/targets.yaml`: a KPI's target and warn threshold for a year or a
//! quarter, when they change over time. Precedence, for a month and for a period alike: an
//! outlet's override in the month file > the quarter's entry > the year's entry > the catalogue.

use std::collections::HashMap;

use serde::Deserialize;

use super::kpi::{Catalogue, Direction, Kpi};
use super::month::Month;
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::messages::Msg;
use crate::msg;
use crate::source::SourceFile;
use crate::yaml::{self, Entries, Scalar, Spanned, position};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    target: Spanned<f64>,
    warn: Option<Spanned<f64>>,
}

type RawFile = Entries<Spanned<String>, Entries<Spanned<Scalar>, RawTarget>>;

/// A target and its warn threshold.
pub type Thresholds = (f64, f64);

/// The yearly and quarterly targets, by KPI (catalogue position).
#[derive(Debug, Clone, Default)]
pub struct PeriodTargets {
    years: HashMap<(usize, i32), Thresholds>,
    quarters: HashMap<(usize, i32, u32), Thresholds>,
}

/// The quarter (1 to 4) of a month.
pub fn quarter_of(month: Month) -> u32 {
    (month.month() - 1) / 3 + 1
}

impl PeriodTargets {
    /// The year's entry, else the catalogue's.
    pub fn year(&self, k: usize, kpi: &Kpi, year: i32) -> Thresholds {
        self.years
            .get(&(k, year))
            .copied()
            .unwrap_or((kpi.target, kpi.warn))
    }

    /// The quarter's entry, else the year's, else the catalogue's.
    pub fn quarter(&self, k: usize, kpi: &Kpi, year: i32, quarter: u32) -> Thresholds {
        match self.quarters.get(&(k, year, quarter)) {
            Some(&t) => t,
            None => self.year(k, kpi, year),
        }
    }

    /// What a month is judged against (before an outlet's override): its quarter's target.
    pub fn month(&self, k: usize, kpi: &Kpi, month: Month) -> Thresholds {
        self.quarter(k, kpi, month.year(), quarter_of(month))
    }

    pub fn is_empty(&self) -> bool {
        self.years.is_empty() && self.quarters.is_empty()
    }
}

/// A period as written: `2026` (a year) or `2026-Q3` (a quarter).
enum Written {
    Year(i32),
    Quarter(i32, u32),
}

fn period(key: &Scalar) -> Result<Written, String> {
    let text = match key {
        Scalar::Number(n) if n.fract() == 0.0 && (1900.0..=9999.0).contains(n) => {
            return Ok(Written::Year(*n as i32));
        }
        Scalar::Number(n) => n.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Text(t) => t.clone(),
    };
    let year = |y: &str| {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| y.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1900..=9999).contains(y))
    };
    if let Some(y) = year(&text) {
        return Ok(Written::Year(y));
    }
    if let Some((y, q)) = text.split_once("-Q")
        && let (Some(y), Ok(q @ 1..=4)) = (year(y), q.parse::<u32>())
        && q.to_string().len() == text.len() - 6
    {
        return Ok(Written::Quarter(y, q));
    }
    Err(text)
}

/// What the author may have meant by a period pitwall does not read: `2026q3` → `2026-Q3`.
fn near_period(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    let (year, rest) = compact.split_at_checked(4)?;
    let quarter = rest.strip_prefix('Q')?;
    let guess = format!("{year}-Q{quarter}");
    matches!(
        period(&Scalar::Text(guess.clone())),
        Ok(Written::Quarter(..))
    )
    .then_some(guess)
}

pub fn parse(source: &SourceFile, catalogue: &Catalogue) -> (PeriodTargets, Vec<Diagnostic>) {
    let path = source.path.as_str();
    let raw: RawFile = match yaml::from_str(&source.text) {
        Ok(raw) => raw,
        Err(e) => {
            return (
                PeriodTargets::default(),
                vec![e.to_diagnostic(Code::Kpi, path, 0)],
            );
        }
    };
    let mut targets = PeriodTargets::default();
    let mut errors = Vec::new();
    for (kpi_key, periods) in raw.0 {
        let Some(k) = catalogue.position(&kpi_key.value) else {
            let d = Diagnostic::error(
                Code::UnknownKpi,
                path,
                position(&kpi_key, 0),
                msg!(UnknownKpi, id = kpi_key.value),
            );
            errors.push(match closest(&kpi_key.value, catalogue.ids()) {
                Some(near) => d.with_hint(msg!(UnknownKpiSuggest, near = near)),
                None => d.with_hint(Msg::UnknownKpiHint),
            });
            continue;
        };
        let kpi = &catalogue.kpis[k];
        for (key, entry) in periods.0 {
            let at = position(&key, 0);
            let written = match period(&key.value) {
                Ok(written) => written,
                Err(text) => {
                    let d = Diagnostic::error(
                        Code::Kpi,
                        path,
                        at,
                        msg!(TargetPeriodInvalid, text = text),
                    );
                    errors.push(match near_period(&text) {
                        Some(near) => d.with_hint(msg!(TargetPeriodSuggest, near = near)),
                        None => d.with_hint(Msg::TargetPeriodHint),
                    });
                    continue;
                }
            };
            let target = entry.target.value;
            // Without `warn:` the amber band keeps the catalogue's width.
            let warn = entry
                .warn
                .as_ref()
                .map_or(kpi.warn + (target - kpi.target), |w| w.value);
            let mut bad = false;
            for (value, at) in [(target, position(&entry.target, 0))]
                .into_iter()
                .chain(entry.warn.as_ref().map(|w| (w.value, position(w, 0))))
            {
                if let Some(why) = kpi.reject(value) {
                    errors.push(Diagnostic::error(Code::OutOfRange, path, at, why));
                    bad = true;
                }
            }
            let wrong_side = match kpi.direction {
                Direction::Higher => warn > target,
                Direction::Lower => warn < target,
            };
            if wrong_side && let Some(w) = &entry.warn {
                let hint = match kpi.direction {
                    Direction::Higher => Msg::WarnWrongSideHigher,
                    Direction::Lower => Msg::WarnWrongSideLower,
                };
                errors.push(
                    Diagnostic::error(
                        Code::Kpi,
                        path,
                        position(w, 0),
                        msg!(WarnWrongSide, warn = warn, target = target),
                    )
                    .with_hint(hint),
                );
                bad = true;
            }
            if bad {
                continue;
            }
            match written {
                Written::Year(y) => targets.years.insert((k, y), (target, warn)),
                Written::Quarter(y, q) => targets.quarters.insert((k, y, q), (target, warn)),
            };
        }
    }
    (targets, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_as_written() {
        assert!(matches!(
            period(&Scalar::Number(2026.0)),
            Ok(Written::Year(2026))
        ));
        assert!(matches!(
            period(&Scalar::Text("2026-Q3".into())),
            Ok(Written::Quarter(2026, 3))
        ));
        assert!(period(&Scalar::Text("2026-Q5".into())).is_err());
        assert!(period(&Scalar::Text("2026-Q03".into())).is_err());
        assert_eq!(near_period("2026q3").as_deref(), Some("2026-Q3"));
        assert_eq!(near_period("2026 Q4").as_deref(), Some("2026-Q4"));
        assert_eq!(near_period("26-Q4"), None);
    }
}
