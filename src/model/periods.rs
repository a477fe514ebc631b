//! Periods, computed once for the whole site: every quarter and year to date with data (per
//! outlet, per region and for the network), and for every month each outlet's year to date and
//! trailing 12 months (the outlet card's columns).
//!
//! A KPI's months add up by its catalogue rule ([`Aggregate`]). A month without a value is left
//! out and counted ("2 of 3 months"), never taken as 0; so is a month of a weighted KPI without
//! its weight (no `n`, or no value of the weighting KPI). Regions and the network pool their
//! outlets' months: the mean of all outlet-months, the total, the weighted mean of all
//! outlet-months; for `last`, the mean of each outlet's latest value.
//!
//! Status is judged against the period's target ([`PeriodTargets`]): a quarter against its
//! quarter's, else its year's, else the catalogue's; a year to date against its year's; a
//! trailing 12 months against the target of its last month. An outlet's override in the
//! period's latest month file moves that target for the outlet (the amber band keeps its width).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::scorecards::{MonthCard, Scorecards, Status, StatusCounts, rank};
use crate::data::kpi::{Aggregate, Catalogue, Weight};
use crate::data::month::Month;
use crate::data::outlet::Outlets;
use crate::data::targets::{PeriodTargets, Thresholds, quarter_of};

/// A quarter or a year to date: what a period page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub kind: Kind,
    /// Its first calendar month.
    first: Month,
}

/// Quarters sort before the year to date of their year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// 1 to 4.
    Quarter(u32),
    YearToDate,
}

impl Period {
    /// The quarter of `month`.
    pub fn quarter(month: Month) -> Period {
        Period {
            year: month.year(),
            kind: Kind::Quarter(quarter_of(month)),
            first: month.plus(-(((month.month() - 1) % 3) as i32)),
        }
    }

    /// The year to date of `month`'s year.
    pub fn year_to_date(month: Month) -> Period {
        Period {
            year: month.year(),
            kind: Kind::YearToDate,
            first: month.plus(1 - month.month() as i32),
        }
    }

    /// The period's first and last calendar months.
    pub fn months(self) -> (Month, Month) {
        let length = match self.kind {
            Kind::Quarter(_) => 3,
            Kind::YearToDate => 12,
        };
        (self.first, self.first.plus(length - 1))
    }
}

/// `2026-Q3`, `2026-YTD`: the period's name in URLs and exports.
impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Kind::Quarter(q) => write!(f, "{:04}-Q{q}", self.year),
            Kind::YearToDate => write!(f, "{:04}-YTD", self.year),
        }
    }
}

/// One KPI over a period, for an outlet, a region or the network.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    pub value: Option<f64>,
    pub status: Status,
    /// Months whose value went into it.
    pub months: u32,
    /// Months it could have had: the period's months up to the current one (for an outlet,
    /// those it was open in).
    pub of: u32,
    /// What it was judged against: target and warn threshold.
    pub thresholds: Thresholds,
}

impl Figure {
    /// Some months had no value (or no weight).
    pub fn partial(&self) -> bool {
        self.months < self.of
    }
}

/// A quarter or a year to date of the network.
#[derive(Debug)]
pub struct PeriodCard {
    pub period: Period,
    pub first: Month,
    /// The period's last month, or the current month while the period is in progress.
    pub last: Month,
    /// The current month is in the period and is not its last month.
    pub in_progress: bool,
    /// Outlets scored in any of its months, in outlet order.
    pub active: Vec<usize>,
    /// `cells[outlet * kpi_count + kpi]`.
    cells: Vec<Figure>,
    /// Each outlet's rank among the period's outlets, like `cells`: 1 is best, ties share;
    /// 0 when not ranked (no value, or too few answers).
    ranks: Vec<u32>,
    /// Per KPI: how many outlets are ranked.
    pub ranked: Vec<u32>,
    /// Per region (by name), per KPI.
    pub regions: BTreeMap<String, Vec<Figure>>,
    /// Per KPI.
    pub network: Vec<Figure>,
    /// Per outlet (outlet order).
    pub outlet_counts: Vec<StatusCounts>,
    pub counts: StatusCounts,
}

impl PeriodCard {
    pub fn figure(&self, outlet: usize, kpi: usize) -> Option<&Figure> {
        self.cells.get(outlet * self.network.len() + kpi)
    }

    /// The outlet's rank on the KPI over the period, of [`PeriodCard::ranked`]; 0 when not
    /// ranked.
    pub fn rank(&self, outlet: usize, kpi: usize) -> u32 {
        self.ranks
            .get(outlet * self.network.len() + kpi)
            .copied()
            .unwrap_or(0)
    }
}

/// Every period of the site, and each month's year to date and trailing 12 months.
#[derive(Debug, Default)]
pub struct Periods {
    /// Ascending: by year, quarters before the year to date.
    pub cards: Vec<PeriodCard>,
    kpi_count: usize,
    outlet_count: usize,
    /// Per month (index into the scorecards' months): `[outlet * kpi_count + kpi]`.
    year_to_date: Vec<Vec<Figure>>,
    trailing: Vec<Vec<Figure>>,
}

impl Periods {
    pub fn get(&self, period: Period) -> Option<&PeriodCard> {
        self.cards
            .binary_search_by(|c| c.period.cmp(&period))
            .ok()
            .map(|i| &self.cards[i])
    }

    /// An outlet's year to date at month `index` (of the scorecards' months).
    pub fn year_to_date(&self, index: usize, outlet: usize, kpi: usize) -> Option<&Figure> {
        self.year_to_date
            .get(index)?
            .get(outlet * self.kpi_count + kpi)
    }

    /// An outlet's trailing 12 months ending with month `index`.
    pub fn trailing(&self, index: usize, outlet: usize, kpi: usize) -> Option<&Figure> {
        self.trailing.get(index)?.get(outlet * self.kpi_count + kpi)
    }

    pub fn outlet_count(&self) -> usize {
        self.outlet_count
    }
}

/// Running totals of one KPI's months, by its rule.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sum {
    total: f64,
    weight: f64,
    months: u32,
    last: Option<f64>,
    /// The calendar months used, bit `i` for the `i`th month of the window (at most 12).
    used: u16,
}

impl Sum {
    /// Adds a month: its value and, for a weighted KPI, its weight. A month without a value,
    /// or weighted without a weight, is left out (and so counted as missing).
    pub fn add(&mut self, rule: Aggregate, value: Option<f64>, weight: Option<f64>, at: i32) {
        let Some(v) = value else {
            return;
        };
        let w = match rule {
            Aggregate::Weighted(_) => match weight {
                Some(w) => w,
                None => return,
            },
            _ => 1.0,
        };
        self.total += v * w;
        self.weight += w;
        self.months += 1;
        self.last = Some(v);
        self.used |= 1u16.checked_shl(at as u32).unwrap_or(0);
    }

    /// An outlet's value: `None` when no month had one (or every weight was 0).
    pub fn value(&self, rule: Aggregate) -> Option<f64> {
        match rule {
            Aggregate::Sum => (self.months > 0).then_some(self.total),
            Aggregate::Last => self.last,
            Aggregate::Mean | Aggregate::Weighted(_) => {
                (self.weight > 0.0).then(|| self.total / self.weight)
            }
        }
    }

    /// Pools an outlet into a region or the network.
    pub fn pool(&mut self, rule: Aggregate, outlet: &Sum) {
        match rule {
            Aggregate::Last => {
                if let Some(last) = outlet.last {
                    self.total += last;
                    self.weight += 1.0;
                }
            }
            _ => {
                self.total += outlet.total;
                self.weight += outlet.weight;
            }
        }
        self.months += outlet.months;
        self.used |= outlet.used;
    }

    /// Calendar months in which any outlet pooled here had a usable value.
    pub fn months_used(&self) -> u32 {
        self.used.count_ones()
    }

    /// A region's or the network's value.
    pub fn pooled_value(&self, rule: Aggregate) -> Option<f64> {
        match rule {
            Aggregate::Sum => (self.months > 0).then_some(self.total),
            _ => (self.weight > 0.0).then(|| self.total / self.weight),
        }
    }
}

/// The scorecards' months from `first` to `last`, and their indexes.
fn window(scorecards: &Scorecards, first: Month, last: Month) -> std::ops::Range<usize> {
    let months = &scorecards.months;
    let start = months.partition_point(|m| m.month < first);
    let end = months.partition_point(|m| m.month <= last);
    start..end
}

struct Inputs<'a> {
    scorecards: &'a Scorecards,
    catalogue: &'a Catalogue,
    outlets: &'a Outlets,
}

impl Inputs<'_> {
    /// `month`, or the site's first month of data when that is later.
    fn recorded(&self, month: Month) -> Month {
        self.scorecards
            .months
            .first()
            .map_or(month, |m| m.month.max(month))
    }

    /// One outlet's months of KPI `k` in `range` (which starts at calendar month `first`).
    fn outlet_sum(&self, range: std::ops::Range<usize>, first: Month, o: usize, k: usize) -> Sum {
        let rule = self.catalogue.kpis[k].aggregate;
        let mut sum = Sum::default();
        for month in &self.scorecards.months[range] {
            let cell = self.scorecards.cell(month, o, k);
            let weight = match rule {
                Aggregate::Weighted(Weight::Sample) => cell.sample.map(f64::from),
                Aggregate::Weighted(Weight::Kpi(w)) => self.scorecards.cell(month, o, w).value,
                _ => None,
            };
            sum.add(rule, cell.value, weight, first.until(month.month));
        }
        sum
    }

    /// Calendar months from `first` to `last` in which outlet `o` was open, from the site's
    /// first month of data on (months before any scorecard are not missing, just not recorded).
    fn open_months(&self, o: usize, first: Month, last: Month) -> u32 {
        let outlet = &self.outlets.outlets[o];
        let first = self.recorded(first);
        (0..=first.until(last))
            .filter(|&i| outlet.active_in(first.plus(i)))
            .count() as u32
    }

    /// A figure judged against `thresholds`. Targets are per month: a total (`sum`) is judged
    /// against the target times the months it adds up (`scale`).
    fn figure(
        &self,
        k: usize,
        sum: &Sum,
        value: Option<f64>,
        of: u32,
        thresholds: Thresholds,
        scale: u32,
    ) -> Figure {
        let kpi = &self.catalogue.kpis[k];
        let thresholds = match kpi.aggregate {
            Aggregate::Sum => {
                let times = f64::from(scale.max(1));
                (thresholds.0 * times, thresholds.1 * times)
            }
            _ => thresholds,
        };
        let too_few = matches!(
            (kpi.aggregate, kpi.min_sample),
            (Aggregate::Weighted(Weight::Sample), Some(min)) if value.is_some() && sum.weight < f64::from(min)
        );
        let status = if too_few {
            Status::Few
        } else {
            Status::of(value, thresholds.0, thresholds.1, kpi.direction)
        };
        Figure {
            value,
            status,
            months: sum.months,
            of,
            thresholds,
        }
    }

    /// An outlet's figure over `first..=last`, against `base` (or the override of the latest
    /// month file in the period).
    fn outlet_figure(
        &self,
        range: std::ops::Range<usize>,
        (first, last): (Month, Month),
        o: usize,
        k: usize,
        base: Thresholds,
    ) -> (Sum, Figure) {
        let rule = self.catalogue.kpis[k].aggregate;
        let thresholds = match range.clone().last() {
            Some(i) => self.scorecards.months[i].thresholds(o, k, base),
            None => base,
        };
        let sum = self.outlet_sum(range, first, o, k);
        let figure = self.figure(
            k,
            &sum,
            sum.value(rule),
            self.open_months(o, first, last),
            thresholds,
            sum.months,
        );
        (sum, figure)
    }
}

/// Every period with at least one month of data, and every month's year to date and trailing
/// 12 months per outlet.
pub fn build(
    scorecards: &Scorecards,
    catalogue: &Catalogue,
    outlets: &Outlets,
    targets: &PeriodTargets,
) -> Periods {
    let inputs = Inputs {
        scorecards,
        catalogue,
        outlets,
    };
    let kpi_count = catalogue.kpis.len();
    let outlet_count = outlets.outlets.len();
    let Some(current) = scorecards.current_month() else {
        return Periods::default();
    };
    let mut periods: Vec<Period> = scorecards
        .months
        .iter()
        .flat_map(|m| [Period::quarter(m.month), Period::year_to_date(m.month)])
        .collect();
    periods.sort();
    periods.dedup();
    let cards = periods
        .into_par_iter()
        .map(|period| period_card(&inputs, targets, period, current))
        .collect();
    // Each month's year to date (against the year's target) and trailing 12 months (against
    // the target of that month), which its outlet scorecards show: none for months whose
    // outlet scorecards are redirects.
    let outlet_figures = |month: &MonthCard, first: Month, year_target: bool| {
        let end = month.month;
        let range = window(scorecards, first, end);
        let mut figures = vec![missing(); outlet_count * kpi_count];
        for &o in &month.active {
            for (k, kpi) in catalogue.kpis.iter().enumerate() {
                let base = if year_target {
                    targets.year(k, kpi, end.year())
                } else {
                    targets.month(k, kpi, end)
                };
                let (_, figure) = inputs.outlet_figure(range.clone(), (first, end), o, k, base);
                figures[o * kpi_count + k] = figure;
            }
        }
        figures
    };
    let (year_to_date, trailing) = (0..scorecards.months.len())
        .into_par_iter()
        .map(|i| {
            let month = &scorecards.months[i];
            if scorecards.redirects_outlets(i) {
                return (Vec::new(), Vec::new());
            }
            let end = month.month;
            (
                outlet_figures(month, Period::year_to_date(end).first, true),
                outlet_figures(month, end.plus(-11), false),
            )
        })
        .unzip();
    Periods {
        cards,
        kpi_count,
        outlet_count,
        year_to_date,
        trailing,
    }
}

fn missing() -> Figure {
    Figure {
        value: None,
        status: Status::Missing,
        months: 0,
        of: 0,
        thresholds: (0.0, 0.0),
    }
}

fn period_card(
    inputs: &Inputs<'_>,
    targets: &PeriodTargets,
    period: Period,
    current: Month,
) -> PeriodCard {
    let catalogue = inputs.catalogue;
    let kpi_count = catalogue.kpis.len();
    let outlet_count = inputs.outlets.outlets.len();
    let (first, end) = period.months();
    let last = end.min(current);
    let range = window(inputs.scorecards, first, last);
    let months: &[MonthCard] = &inputs.scorecards.months[range.clone()];
    let mut active: Vec<usize> = months
        .iter()
        .flat_map(|m| m.active.iter().copied())
        .collect();
    active.sort_unstable();
    active.dedup();
    let mut cells = vec![missing(); outlet_count * kpi_count];
    let mut outlet_counts = vec![StatusCounts::default(); outlet_count];
    let mut counts = StatusCounts::default();
    let mut region_sums: BTreeMap<&str, Vec<Sum>> = BTreeMap::new();
    let mut network_sums = vec![Sum::default(); kpi_count];
    let base = |k: usize| {
        let kpi = &catalogue.kpis[k];
        match period.kind {
            Kind::Quarter(q) => targets.quarter(k, kpi, period.year, q),
            Kind::YearToDate => targets.year(k, kpi, period.year),
        }
    };
    for &o in &active {
        let region = inputs.outlets.outlets[o].region.as_str();
        let sums = region_sums
            .entry(region)
            .or_insert_with(|| vec![Sum::default(); kpi_count]);
        for (k, kpi) in catalogue.kpis.iter().enumerate() {
            let (sum, figure) = inputs.outlet_figure(range.clone(), (first, last), o, k, base(k));
            sums[k].pool(kpi.aggregate, &sum);
            network_sums[k].pool(kpi.aggregate, &sum);
            outlet_counts[o].add(figure.status);
            counts.add(figure.status);
            cells[o * kpi_count + k] = figure;
        }
    }
    // Ranks as in a month: values on too few answers and missing values are left out.
    let mut ranks = vec![0; outlet_count * kpi_count];
    let ranked = catalogue
        .kpis
        .iter()
        .enumerate()
        .map(|(k, kpi)| {
            let mut reported: Vec<(f64, usize)> = active
                .iter()
                .filter_map(|&o| {
                    let figure = &cells[o * kpi_count + k];
                    let value = figure.value.filter(|_| figure.status != Status::Few)?;
                    Some((value, o))
                })
                .collect();
            for (o, r) in rank(&mut reported, kpi.direction) {
                ranks[o * kpi_count + k] = r;
            }
            reported.len() as u32
        })
        .collect();
    // A region's or the network's months: those in which any of its outlets had a value.
    let calendar = (inputs.recorded(first).until(last) + 1).max(0) as u32;
    let pooled = |sums: &[Sum]| -> Vec<Figure> {
        catalogue
            .kpis
            .iter()
            .enumerate()
            .map(|(k, kpi)| {
                let sum = Sum {
                    months: sums[k].months_used(),
                    ..sums[k]
                };
                inputs.figure(
                    k,
                    &sum,
                    sums[k].pooled_value(kpi.aggregate),
                    calendar,
                    base(k),
                    sums[k].months,
                )
            })
            .collect()
    };
    let regions = region_sums
        .iter()
        .map(|(&region, sums)| (region.to_owned(), pooled(sums)))
        .collect();
    let network = pooled(&network_sums);
    PeriodCard {
        period,
        first,
        last,
        in_progress: current < end && current >= first,
        active,
        cells,
        ranks,
        ranked,
        regions,
        network,
        outlet_counts,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Aggregate = Aggregate::Weighted(Weight::Sample);

    fn sum(rule: Aggregate, months: &[(Option<f64>, Option<f64>)]) -> Sum {
        let mut s = Sum::default();
        for (i, &(v, w)) in months.iter().enumerate() {
            s.add(rule, v, w, i as i32);
        }
        s
    }

    #[test]
    fn mean_leaves_out_missing_months() {
        let s = sum(
            Aggregate::Mean,
            &[(Some(90.0), None), (None, None), (Some(84.0), None)],
        );
        assert_eq!(s.value(Aggregate::Mean), Some(87.0));
        assert_eq!(s.months, 2);
        assert_eq!(
            sum(Aggregate::Mean, &[(None, None)]).value(Aggregate::Mean),
            None
        );
    }

    #[test]
    fn sum_totals_and_is_no_data_without_months() {
        let s = sum(
            Aggregate::Sum,
            &[(Some(3.0), None), (None, None), (Some(4.0), None)],
        );
        assert_eq!(s.value(Aggregate::Sum), Some(7.0));
        assert_eq!(
            sum(Aggregate::Sum, &[(None, None)]).value(Aggregate::Sum),
            None
        );
    }

    #[test]
    fn last_takes_the_latest_month_with_a_value() {
        let s = sum(
            Aggregate::Last,
            &[(Some(3.0), None), (Some(5.0), None), (None, None)],
        );
        assert_eq!(s.value(Aggregate::Last), Some(5.0));
        assert_eq!(s.months, 2);
    }

    #[test]
    fn weighted_leaves_out_months_without_a_weight() {
        // (90 × 10 + 80 × 30) / 40; the month without a weight is left out and counted.
        let s = sum(
            W,
            &[
                (Some(90.0), Some(10.0)),
                (Some(80.0), Some(30.0)),
                (Some(50.0), None),
            ],
        );
        assert_eq!(s.value(W), Some(82.5));
        assert_eq!(s.months, 2);
        assert_eq!(sum(W, &[(Some(90.0), Some(0.0))]).value(W), None);
    }

    #[test]
    fn regions_pool_outlet_months() {
        let a = sum(Aggregate::Mean, &[(Some(90.0), None), (Some(80.0), None)]);
        let b = sum(Aggregate::Mean, &[(Some(70.0), None)]);
        let mut pooled = Sum::default();
        pooled.pool(Aggregate::Mean, &a);
        pooled.pool(Aggregate::Mean, &b);
        assert_eq!(pooled.pooled_value(Aggregate::Mean), Some(80.0));
        // Months 1 and 2 of a; month 1 of b: two calendar months in all.
        assert_eq!(pooled.months_used(), 2);
        let a = sum(Aggregate::Last, &[(Some(10.0), None), (Some(20.0), None)]);
        let b = sum(Aggregate::Last, &[(Some(30.0), None)]);
        let mut pooled = Sum::default();
        pooled.pool(Aggregate::Last, &a);
        pooled.pool(Aggregate::Last, &b);
        assert_eq!(pooled.pooled_value(Aggregate::Last), Some(25.0));
    }

    #[test]
    fn periods_name_and_span() {
        let m = Month::parse("2026-08").unwrap();
        let q = Period::quarter(m);
        assert_eq!(q.to_string(), "2026-Q3");
        assert_eq!(q.months().0.to_string(), "2026-07");
        assert_eq!(q.months().1.to_string(), "2026-09");
        assert_eq!(Period::year_to_date(m).to_string(), "2026-YTD");
        assert_eq!(Period::year_to_date(m).months().1.to_string(), "2026-12");
        assert!(q < Period::year_to_date(m));
    }
}
