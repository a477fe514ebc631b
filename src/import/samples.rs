//! Answer counts (`n`) read from an export: a survey's figures (CSI, NPS) come with the number of
//! answers they stand on, which decides whether a month is judged (`min_sample`) and how much
//! it weighs in a quarter or a year (`aggregate: weighted`). The column (or row) is found by its
//! header (`有效问卷`, `样本量`, `n`, or `samples:` in `data/import.yaml`; see [`super::map`]).

use std::collections::{BTreeMap, BTreeSet};

use super::read::Cell;
use super::table;
use super::values::{self, Reading};
use crate::data::kpi::{Aggregate, Weight};
use crate::diagnostic::{Code, Diagnostic, Report};

/// The answer count of each figure the export gives one for, by `outlet * kpi_count + kpi`; a
/// count that is not a whole number of answers is an error at its cell (once per cell).
pub fn read(
    cx: &table::Context,
    table: &table::Table,
    figures: &[Vec<Option<f64>>],
    report: &mut Report,
) -> BTreeMap<usize, u32> {
    let kpi_count = cx.catalogue.kpis.len();
    let mut samples = BTreeMap::new();
    let mut reported = BTreeSet::new();
    for f in &table.samples {
        if figures[f.outlet][f.kpi].is_none() {
            continue;
        }
        let cell = cx.grid.cell(f.row, f.col);
        let n = match values::read(cell, crate::data::kpi::Unit::Count) {
            Reading::Missing => continue,
            Reading::Value(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => {
                n as u32
            }
            _ => {
                if reported.insert((f.row, f.col)) {
                    let place = cx.grid.place(f.row, f.col);
                    let text = cell_text(cell);
                    report.push(
                        Diagnostic::error(
                            Code::WrongType,
                            &place.path,
                            place.at,
                            cx.say.fill("sample_invalid", &[("text", &text)]),
                        )
                        .with_hint(cx.say.text("sample_invalid_hint")),
                    );
                }
                continue;
            }
        };
        samples.insert(f.outlet * kpi_count + f.kpi, n);
    }
    samples
}

fn cell_text(cell: &Cell) -> String {
    cell.text().trim().to_owned()
}

/// A warning for each KPI weighted by its answers that the export gives figures but no answer
/// count for: the quarter and year pages leave such a month out of the KPI.
pub fn warn_unweighted(
    cx: &table::Context,
    figures: &[Vec<Option<f64>>],
    samples: &BTreeMap<usize, u32>,
    place: &str,
    report: &mut Report,
) {
    let kpi_count = cx.catalogue.kpis.len();
    for (k, kpi) in cx.catalogue.kpis.iter().enumerate() {
        if kpi.aggregate != Aggregate::Weighted(Weight::Sample) {
            continue;
        }
        let given = (0..figures.len()).filter(|&o| figures[o][k].is_some());
        let (with, without) = given.fold((0, 0), |(with, without), o| {
            if samples.contains_key(&(o * kpi_count + k)) {
                (with + 1, without)
            } else {
                (with, without + 1)
            }
        });
        if without == 0 {
            continue;
        }
        let key = if with == 0 {
            "no_samples"
        } else {
            "some_samples"
        };
        let month = cx.month;
        report.push(
            Diagnostic::warning(
                Code::MissingSample,
                place,
                None,
                cx.say.fill(
                    key,
                    &[("kpi", &kpi.id), ("count", &without), ("month", &month)],
                ),
            )
            .with_hint(cx.say.text("no_samples_hint")),
        );
    }
}
