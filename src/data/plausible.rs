//! Figures that pass every rule of their unit but are probably typed wrong: percentages typed as
//! fractions, a 0 where the KPI cannot be 0, a jump from last month far beyond the KPI's step or
//! the network's spread, an outlet whose figures are last month's copied. Each is a warning at
//! its line; a `notes:` entry for the outlet, or `plausible: [kpi]` in the month file, says the
//! figures are right and silences it.

use super::kpi::{Catalogue, Unit};
use super::outlet::Outlets;
use super::scorecard_file::MonthFile;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::messages::Msg;
use crate::msg;

/// How many times the network's interquartile range a month-on-month change may be.
const SPREAD_TIMES: f64 = 4.0;

/// Warnings for every month file, each compared with the month before when there is one.
pub fn check(files: &[MonthFile], catalogue: &Catalogue, outlets: &Outlets) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut sorted: Vec<&MonthFile> = files.iter().collect();
    sorted.sort_by_key(|f| f.month);
    let kpis = catalogue.kpis.len();
    for (i, file) in sorted.iter().enumerate() {
        let previous = i
            .checked_sub(1)
            .map(|p| sorted[p])
            .filter(|p| p.month.until(file.month) == 1 && p.values.len() == file.values.len());
        let outlet_count = outlets.outlets.len().min(file.reported.len());
        let at = |o: usize, k: usize| file.value_at.get(o * kpis + k).copied().flatten();
        for (k, kpi) in catalogue.kpis.iter().enumerate() {
            if file.plausible.contains(&k) {
                continue;
            }
            let column: Vec<(usize, f64)> = (0..outlet_count)
                .filter_map(|o| file.values[o * kpis + k].map(|v| (o, v)))
                .collect();
            if kpi.unit == Unit::Percent
                && column.iter().all(|&(_, v)| (0.0..=1.0).contains(&v))
                && column.iter().any(|&(_, v)| v > 0.0)
            {
                let (o, v) = column[0];
                warnings.push(
                    Diagnostic::warning(
                        Code::ImplausibleFraction,
                        &file.path,
                        at(o, k),
                        msg!(PlausibleFraction, kpi = kpi.id),
                    )
                    .with_hint(msg!(
                        PlausibleFractionHint,
                        kpi = kpi.id,
                        value = v,
                        example = v * 100.0
                    )),
                );
            }
            let spread = interquartile_range(column.iter().map(|&(_, v)| v).collect());
            for &(o, v) in &column {
                if file.notes.contains_key(&o) {
                    continue;
                }
                if let Some(min) = kpi.min_plausible.filter(|&min| v < min) {
                    warnings.push(
                        Diagnostic::warning(
                            Code::ImplausibleValue,
                            &file.path,
                            at(o, k),
                            msg!(PlausibleZero, kpi = kpi.id, value = v, min = min),
                        )
                        .with_hint(Msg::PlausibleZeroHint),
                    );
                    continue;
                }
                let Some(before) = previous.and_then(|p| p.values[o * kpis + k]) else {
                    continue;
                };
                let change = (v - before).abs();
                let limit = match (kpi.max_step, spread) {
                    (Some(step), _) => {
                        (change > step).then(|| msg!(PlausibleJumpStep, step = step))
                    }
                    (None, Some(spread)) if spread > 0.0 => {
                        (change > SPREAD_TIMES * spread).then(|| {
                            msg!(
                                PlausibleJumpSpread,
                                times = SPREAD_TIMES,
                                spread = kpi.format_number(spread)
                            )
                        })
                    }
                    _ => None,
                };
                if let Some(limit) = limit {
                    warnings.push(
                        Diagnostic::warning(
                            Code::ImplausibleChange,
                            &file.path,
                            at(o, k),
                            msg!(
                                PlausibleJump,
                                kpi = kpi.id,
                                change = kpi.format_number(change),
                                previous = before,
                                value = v,
                                limit = limit
                            ),
                        )
                        .with_hint(Msg::PlausibleJumpHint),
                    );
                }
            }
        }
        let Some(previous) = previous else {
            continue;
        };
        for o in 0..outlet_count {
            if file.notes.contains_key(&o) {
                continue;
            }
            let now = &file.values[o * kpis..(o + 1) * kpis];
            let before = &previous.values[o * kpis..(o + 1) * kpis];
            let count = now.iter().filter(|v| v.is_some()).count();
            if count >= 2 && now == before {
                let at = file.outlet_at.get(o).copied().flatten();
                warnings.push(
                    Diagnostic::warning(
                        Code::CopiedFigures,
                        &file.path,
                        at,
                        msg!(PlausibleCopied, id = outlets.outlets[o].id, count = count),
                    )
                    .with_hint(Msg::PlausibleCopiedHint),
                );
            }
        }
    }
    warnings
}

/// Upper minus lower quartile of at least four values.
fn interquartile_range(mut values: Vec<f64>) -> Option<f64> {
    if values.len() < 4 {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let pos = q * (values.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        values[lo] + (values[hi] - values[lo]) * (pos - pos.floor())
    };
    Some(at(0.75) - at(0.25))
}
