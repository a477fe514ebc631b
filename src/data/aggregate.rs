//! A KPI's period rule, `aggregate:` and `weight:` in `data/kpis.yaml`: how its monthly values
//! add up to a quarter, a year to date or a trailing 12 months (the sums are in
//! [`crate::model::periods`]).

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, closest};
use crate::messages::Msg;
use crate::msg;
use crate::yaml::{Spanned, position};

/// How a KPI's months make a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregate {
    /// The mean of the months with a value (rates, scores): the default.
    Mean,
    /// The total of the months with a value (counts, money).
    Sum,
    /// The latest month with a value (stocks: headcount, a rate measured once a year).
    Last,
    /// The mean weighted by a count per month (survey answers, repair orders).
    Weighted(Weight),
}

/// What a weighted KPI's months are weighted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weight {
    /// The value's own sample size, `n` in `{value: 91.2, n: 14}`.
    Sample,
    /// Another KPI's value in the same outlet and month (catalogue position).
    Kpi(usize),
}

impl Aggregate {
    pub const NAMES: [&'static str; 4] = ["mean", "sum", "last", "weighted"];

    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Mean => "mean",
            Aggregate::Sum => "sum",
            Aggregate::Last => "last",
            Aggregate::Weighted(_) => "weighted",
        }
    }
}

/// KPI `k`'s rule from what its definition says; every problem at its `path:line:col`.
/// `ids` are the catalogue's KPI ids, in order (`weight:` names one of them).
pub(super) fn resolve(
    aggregate: Option<Spanned<String>>,
    weight: Option<Spanned<String>>,
    ids: &[&str],
    k: usize,
    path: &str,
) -> Result<Aggregate, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let rule = match aggregate.as_ref().map(|a| a.value.as_str()) {
        None | Some("mean") => Some(Aggregate::Mean),
        Some("sum") => Some(Aggregate::Sum),
        Some("last") => Some(Aggregate::Last),
        Some("weighted") => Some(Aggregate::Weighted(Weight::Sample)),
        Some(other) => {
            let d = Diagnostic::error(
                Code::Kpi,
                path,
                aggregate.as_ref().and_then(|a| position(a, 0)),
                msg!(AggregateUnknown, text = other),
            );
            errors.push(match closest(other, Aggregate::NAMES) {
                Some(near) => d.with_hint(msg!(AggregateSuggest, near = near)),
                None => d.with_hint(Msg::AggregateHint),
            });
            None
        }
    };
    let Some(weight) = weight else {
        return if errors.is_empty() {
            Ok(rule.unwrap_or(Aggregate::Mean))
        } else {
            Err(errors)
        };
    };
    let at = position(&weight, 0);
    if rule.is_some() && !matches!(rule, Some(Aggregate::Weighted(_))) {
        errors.push(
            Diagnostic::error(Code::Kpi, path, at, msg!(WeightNotWeighted, kpi = ids[k]))
                .with_hint(Msg::WeightNotWeightedHint),
        );
    }
    match ids.iter().position(|id| *id == weight.value) {
        Some(w) if w == k => errors.push(
            Diagnostic::error(Code::Kpi, path, at, msg!(WeightItself, kpi = weight.value))
                .with_hint(Msg::WeightItselfHint),
        ),
        Some(w) if errors.is_empty() => return Ok(Aggregate::Weighted(Weight::Kpi(w))),
        Some(_) => {}
        None => {
            let d = Diagnostic::error(
                Code::UnknownKpi,
                path,
                at,
                msg!(WeightUnknown, id = weight.value),
            );
            errors.push(match closest(&weight.value, ids.iter().copied()) {
                Some(near) => d.with_hint(msg!(UnknownKpiSuggest, near = near)),
                None => d.with_hint(Msg::UnknownKpiHint),
            });
        }
    }
    Err(errors)
}
