//! The scorecard model, computed once for the whole site: status of every value (with per-outlet
//! target overrides), ranks, network median and quartiles, status counts, changes against last
//! month and last year. Missing values are "no data": never 0, never ranked, never in a median.

use rayon::prelude::*;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::data::kpi::{Catalogue, Direction, Kpi};
use crate::data::month::Month;
use crate::data::outlet::Outlets;
use crate::data::scorecard_file::MonthFile;
use crate::data::targets::PeriodTargets;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::messages::Msg;
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Green,
    Amber,
    Red,
    /// A survey value on fewer answers than the KPI's `min_sample`: shown, not judged, not
    /// ranked.
    Few,
    Missing,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Green,
        Status::Amber,
        Status::Red,
        Status::Few,
        Status::Missing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
            Status::Few => "few",
            Status::Missing => "missing",
        }
    }

    /// The interface-text key of this status's name (see [`crate::i18n`]).
    pub fn label_key(self) -> &'static str {
        match self {
            Status::Green => "status_green",
            Status::Amber => "status_amber",
            Status::Red => "status_red",
            Status::Few => "status_few",
            Status::Missing => "status_missing",
        }
    }

    /// The symbol shown beside a status everywhere (tables, charts): never colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Green => "✓",
            Status::Amber => "!",
            Status::Red => "✗",
            Status::Few => "?",
            Status::Missing => "—",
        }
    }

    /// Status of `value` against `target` and `warn` for a KPI going in `direction`.
    pub fn of(value: Option<f64>, target: f64, warn: f64, direction: Direction) -> Status {
        let Some(v) = value else {
            return Status::Missing;
        };
        let (meets, within) = match direction {
            Direction::Higher => (v >= target, v >= warn),
            Direction::Lower => (v <= target, v <= warn),
        };
        match (meets, within) {
            (true, _) => Status::Green,
            (false, true) => Status::Amber,
            (false, false) => Status::Red,
        }
    }
}

/// One outlet's figure for one KPI in one month.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    pub value: Option<f64>,
    pub status: Status,
    /// 1 is best; 0 when there is no value or too few answers. Ties share a rank.
    pub rank: u32,
    /// Survey answers behind the value (`n` in the month file), when given.
    pub sample: Option<u32>,
}

const NOT_SCORED: Cell = Cell {
    value: None,
    status: Status::Missing,
    rank: 0,
    sample: None,
};

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct StatusCounts {
    pub green: u32,
    pub amber: u32,
    pub red: u32,
    pub missing: u32,
    /// Values on too few answers ([`Status::Few`]).
    pub few: u32,
}

impl StatusCounts {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Green => self.green += 1,
            Status::Amber => self.amber += 1,
            Status::Red => self.red += 1,
            Status::Few => self.few += 1,
            Status::Missing => self.missing += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.green + self.amber + self.red + self.few + self.missing
    }

    /// Cells with a figure (of any status but "no data").
    pub fn filled(&self) -> u32 {
        self.total() - self.missing
    }

    /// Whether fewer than `percent` % of the cells have a figure (never for no cells).
    pub fn incomplete(&self, percent: f64) -> bool {
        self.total() > 0 && f64::from(self.filled()) * 100.0 < percent * f64::from(self.total())
    }

    /// The percentage of cells with a figure, rounded down (so that 89.9 % never reads 90 %).
    pub fn filled_percent(&self) -> u32 {
        (u64::from(self.filled()) * 100 / u64::from(self.total().max(1))) as u32
    }
}

/// Distribution of one KPI across the outlets that reported it in one month.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Spread {
    pub reported: u32,
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// One month of the network.
#[derive(Debug)]
pub struct MonthCard {
    pub month: Month,
    pub source: String,
    /// Outlets scored this month (open, not closed), in outlet order.
    pub active: Vec<usize>,
    /// `cells[outlet * kpi_count + kpi]`; outlets not scored hold a missing cell.
    cells: Vec<Cell>,
    pub notes: BTreeMap<usize, String>,
    /// Where each note stands in the month file.
    pub note_places: BTreeMap<usize, crate::yaml::TextAt>,
    targets: BTreeMap<(usize, usize), f64>,
    /// Per KPI, catalogue order: the target and warn threshold of the month's quarter or year
    /// (`data/targets.yaml`), else the catalogue's.
    pub bases: Vec<(f64, f64)>,
    /// Per KPI, catalogue order.
    pub spreads: Vec<Spread>,
    pub kpi_counts: Vec<StatusCounts>,
    /// Per outlet (outlet order); zero for outlets not scored.
    pub outlet_counts: Vec<StatusCounts>,
    pub counts: StatusCounts,
}

impl MonthCard {
    /// `base` (a period's target and warn), moved to the outlet's override of this month when
    /// the month file gives one: the amber band keeps its width.
    pub fn thresholds(&self, outlet: usize, kpi: usize, base: (f64, f64)) -> (f64, f64) {
        match self.targets.get(&(outlet, kpi)) {
            Some(&target) => (target, base.1 + (target - base.0)),
            None => base,
        }
    }
}

/// All months up to the current one, and lookups across them.
#[derive(Debug, Default)]
pub struct Scorecards {
    /// Ascending by month.
    pub months: Vec<MonthCard>,
    kpi_count: usize,
    /// `data/targets.yaml`: what a month without a file would be judged against.
    targets: PeriodTargets,
    /// Months with a file after the build's month (`--month`), left out of this build.
    pub later: Vec<Month>,
}

/// A network is large when a month scores more than this many outlets: its month page shows a
/// row a region, and its older outlet scorecards redirect to the outlets' history pages.
pub const LARGE_NETWORK: usize = 60;

/// How many months, up to the current one, a large network's outlet scorecards are whole pages;
/// older ones redirect to the outlet's history page, which shows every month.
pub const FULL_MONTHS: i32 = 3;

impl Scorecards {
    /// Whether the outlet scorecards of a month or period that ends with `last` and scores
    /// `outlets` are redirects to the outlets' history pages: a large network's, from before
    /// the [`FULL_MONTHS`].
    pub fn redirected(&self, last: Month, outlets: usize) -> bool {
        outlets > LARGE_NETWORK
            && self
                .current_month()
                .is_some_and(|current| last.until(current) >= FULL_MONTHS)
    }

    /// Whether month `index`'s outlet scorecards are redirects (see [`Scorecards::redirected`]).
    pub fn redirects_outlets(&self, index: usize) -> bool {
        let month = &self.months[index];
        self.redirected(month.month, month.active.len())
    }

    /// The outlets scored in any month, in outlet order: those with a history page.
    pub fn scored_outlets(&self) -> Vec<usize> {
        let mut outlets: Vec<usize> = self
            .months
            .iter()
            .flat_map(|m| m.active.iter().copied())
            .collect();
        outlets.sort_unstable();
        outlets.dedup();
        outlets
    }

    pub fn current(&self) -> Option<&MonthCard> {
        self.months.last()
    }

    pub fn current_month(&self) -> Option<Month> {
        self.current().map(|m| m.month)
    }

    pub fn index_of(&self, month: Month) -> Option<usize> {
        self.months.binary_search_by(|m| m.month.cmp(&month)).ok()
    }

    pub fn get(&self, month: Month) -> Option<&MonthCard> {
        self.index_of(month).map(|i| &self.months[i])
    }

    pub fn cell(&self, month: &MonthCard, outlet: usize, kpi: usize) -> Cell {
        month
            .cells
            .get(outlet * self.kpi_count + kpi)
            .copied()
            .unwrap_or(NOT_SCORED)
    }

    /// The value `months_back` calendar months before `month` (no data when that month has no
    /// file or no figure).
    pub fn value_before(
        &self,
        month: Month,
        months_back: i32,
        outlet: usize,
        kpi: usize,
    ) -> Option<f64> {
        let earlier = self.get(month.plus(-months_back))?;
        self.cell(earlier, outlet, kpi).value
    }

    /// `value - earlier value`, or `None` when either is missing.
    pub fn change(
        &self,
        month: &MonthCard,
        months_back: i32,
        outlet: usize,
        kpi: usize,
    ) -> Option<f64> {
        let now = self.cell(month, outlet, kpi).value?;
        Some(now - self.value_before(month.month, months_back, outlet, kpi)?)
    }

    /// Target and warn threshold for an outlet: the month's override (the amber band keeps its
    /// width), else the period target of the month (see [`crate::data::targets`]).
    pub fn thresholds(&self, month: &MonthCard, outlet: usize, kpi_index: usize) -> (f64, f64) {
        month.thresholds(outlet, kpi_index, month.bases[kpi_index])
    }

    /// The network's target and warn threshold of KPI `k` in `month` (its quarter's, else its
    /// year's, else the catalogue's), with or without a month file.
    pub fn base(&self, k: usize, kpi: &Kpi, month: Month) -> (f64, f64) {
        match self.get(month) {
            Some(card) => card.bases[k],
            None => self.targets.month(k, kpi, month),
        }
    }
}

/// Builds the scorecards from the month files; `current` cuts off later months.
pub fn build(
    files: Vec<MonthFile>,
    catalogue: &Catalogue,
    outlets: &Outlets,
    targets: &PeriodTargets,
    current: Option<Month>,
) -> (Scorecards, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut files = files;
    files.sort_by_key(|f| f.month);
    let all: Vec<Month> = files.iter().map(|f| f.month).collect();
    match current {
        Some(current) => files.retain(|f| f.month <= current),
        None => leave_out_unfilled(&mut files, catalogue, outlets, &mut warnings),
    }
    for pair in files.windows(2) {
        let gap = pair[0].month.until(pair[1].month);
        if gap > 1 {
            let missing: Vec<String> = (1..gap)
                .map(|i| pair[0].month.plus(i).to_string())
                .collect();
            warnings.push(
                Diagnostic::warning(
                    Code::MonthGap,
                    &pair[1].path,
                    None,
                    msg!(
                        MonthGap,
                        months = missing.join(", "),
                        from = pair[0].month,
                        to = pair[1].month
                    ),
                )
                .with_hint(msg!(MonthGapHint, month = missing[0])),
            );
        }
    }
    let kpi_count = catalogue.kpis.len();
    let months: Vec<MonthCard> = files
        .into_par_iter()
        .map(|file| month_card(file, catalogue, outlets, targets))
        .collect();
    for card in &months {
        for &o in &card.active {
            if card.outlet_counts[o].missing as usize == kpi_count && kpi_count > 0 {
                warnings.push(
                    Diagnostic::warning(
                        Code::OutletNoData,
                        &card.source,
                        None,
                        msg!(OutletNoData, id = outlets.outlets[o].id, month = card.month),
                    )
                    .with_hint(Msg::OutletNoDataHint),
                );
            }
        }
    }
    (
        Scorecards {
            later: all
                .into_iter()
                .filter(|m| months.binary_search_by(|c| c.month.cmp(m)).is_err())
                .collect(),
            months,
            kpi_count,
            targets: targets.clone(),
        },
        warnings,
    )
}

/// Without `--month`, the current month is the newest one with figures for at least half of its
/// open outlet × KPI cells: a month file just started with `pitwall new month` (all `null`) or
/// half typed in must not replace a complete month on the home page. Later months are left out,
/// each with a warning. When no month is half filled, the newest month with any figure is
/// current (and failing that, the newest month).
fn leave_out_unfilled(
    files: &mut Vec<MonthFile>,
    catalogue: &Catalogue,
    outlets: &Outlets,
    warnings: &mut Vec<Diagnostic>,
) {
    let fill: Vec<(usize, usize)> = files
        .iter()
        .map(|f| filled(f, catalogue, outlets))
        .collect();
    let current = fill
        .iter()
        .rposition(|&(filled, cells)| 2 * filled >= cells)
        .or_else(|| fill.iter().rposition(|&(filled, _)| filled > 0));
    let Some(current) = current else {
        return;
    };
    let current_month = files[current].month;
    for (file, &(filled, cells)) in files.iter().zip(&fill).skip(current + 1) {
        warnings.push(
            Diagnostic::warning(
                Code::MonthUnfilled,
                &file.path,
                file.month_at,
                msg!(
                    MonthUnfilled,
                    month = file.month,
                    filled = filled,
                    cells = cells,
                    percent = filled * 100 / cells.max(1)
                ),
            )
            .with_hint(msg!(
                MonthUnfilledHint,
                current = current_month,
                month = file.month
            )),
        );
    }
    files.truncate(current + 1);
}

/// Cells with a figure, and all cells, of the outlets open in the file's month.
fn filled(file: &MonthFile, catalogue: &Catalogue, outlets: &Outlets) -> (usize, usize) {
    let kpi_count = catalogue.kpis.len();
    let mut filled = 0;
    let mut cells = 0;
    for (o, outlet) in outlets.outlets.iter().enumerate() {
        if outlet.active_in(file.month) {
            cells += kpi_count;
            filled += file.values[o * kpi_count..(o + 1) * kpi_count]
                .iter()
                .filter(|v| v.is_some())
                .count();
        }
    }
    (filled, cells)
}

fn month_card(
    file: MonthFile,
    catalogue: &Catalogue,
    outlets: &Outlets,
    period_targets: &PeriodTargets,
) -> MonthCard {
    let kpi_count = catalogue.kpis.len();
    let bases: Vec<(f64, f64)> = catalogue
        .kpis
        .iter()
        .enumerate()
        .map(|(k, kpi)| period_targets.month(k, kpi, file.month))
        .collect();
    let active: Vec<usize> = (0..outlets.outlets.len())
        .filter(|&o| outlets.outlets[o].active_in(file.month))
        .collect();
    let mut cells = vec![NOT_SCORED; file.values.len()];
    let mut spreads = Vec::with_capacity(kpi_count);
    let mut kpi_counts = vec![StatusCounts::default(); kpi_count];
    let mut outlet_counts = vec![StatusCounts::default(); outlets.outlets.len()];
    let mut counts = StatusCounts::default();
    for (k, kpi) in catalogue.kpis.iter().enumerate() {
        let mut reported: Vec<(f64, usize)> = Vec::with_capacity(active.len());
        for &o in &active {
            let value = file.values[o * kpi_count + k];
            let (base_target, base_warn) = bases[k];
            let (target, warn) = match file.targets.get(&(o, k)) {
                Some(&t) => (t, base_warn + (t - base_target)),
                None => (base_target, base_warn),
            };
            let sample = file.samples.get(&(o * kpi_count + k)).copied();
            let too_few = matches!((sample, kpi.min_sample), (Some(n), Some(min)) if n < min);
            let status = match value {
                Some(_) if too_few => Status::Few,
                _ => Status::of(value, target, warn, kpi.direction),
            };
            cells[o * kpi_count + k] = Cell {
                value,
                status,
                rank: 0,
                sample,
            };
            kpi_counts[k].add(status);
            outlet_counts[o].add(status);
            counts.add(status);
            // A value on too few answers is left out of the ranking and the spread alike, so
            // that "rank 3 of 12" counts the same outlets as the median beside it.
            if let (Some(v), false) = (value, too_few) {
                reported.push((v, o));
            }
        }
        for (o, rank) in rank(&mut reported, kpi.direction) {
            cells[o * kpi_count + k].rank = rank;
        }
        let mut values: Vec<f64> = reported.iter().map(|r| r.0).collect();
        values.sort_by(f64::total_cmp);
        spreads.push(spread(&values));
    }
    MonthCard {
        month: file.month,
        source: file.path,
        active,
        cells,
        notes: file.notes,
        note_places: file.note_places,
        targets: file.targets,
        bases,
        spreads,
        kpi_counts,
        outlet_counts,
        counts,
    }
}

/// Sorts `reported` (value, outlet) best first for a KPI going in `direction` and gives each
/// outlet its rank: ties share the better rank ("1224"), outlets in id order within a tie.
/// Months and periods rank alike.
pub fn rank(reported: &mut [(f64, usize)], direction: Direction) -> Vec<(usize, u32)> {
    // Ties are broken by outlet, so no two keys are equal and an unstable sort (faster: 60
    // months × 24 KPIs × 600 outlets on a national site) orders as a stable one would.
    reported.sort_unstable_by(|a, b| {
        let order = a.0.total_cmp(&b.0);
        let order = if direction == Direction::Higher {
            order.reverse()
        } else {
            order
        };
        order.then(a.1.cmp(&b.1))
    });
    let mut rank = 0;
    reported
        .iter()
        .enumerate()
        .map(|(i, &(v, o))| {
            if i == 0 || v != reported[i - 1].0 {
                rank = i as u32 + 1;
            }
            (o, rank)
        })
        .collect()
}

/// Median and quartiles of sorted values (linear interpolation between closest ranks).
pub fn spread(sorted: &[f64]) -> Spread {
    let quantile = |q: f64| -> Option<f64> {
        let last = sorted.len().checked_sub(1)?;
        let position = q * last as f64;
        let below = position.floor() as usize;
        let above = position.ceil() as usize;
        let fraction = position - below as f64;
        Some(sorted[below] + (sorted[above] - sorted[below]) * fraction)
    };
    Spread {
        reported: sorted.len() as u32,
        median: quantile(0.5),
        q1: quantile(0.25),
        q3: quantile(0.75),
        min: sorted.first().copied(),
        max: sorted.last().copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_boundaries_in_both_directions() {
        use Direction::*;
        assert_eq!(Status::of(Some(90.0), 90.0, 85.0, Higher), Status::Green);
        assert_eq!(Status::of(Some(89.9), 90.0, 85.0, Higher), Status::Amber);
        assert_eq!(Status::of(Some(85.0), 90.0, 85.0, Higher), Status::Amber);
        assert_eq!(Status::of(Some(84.9), 90.0, 85.0, Higher), Status::Red);
        assert_eq!(Status::of(Some(3.0), 3.0, 5.0, Lower), Status::Green);
        assert_eq!(Status::of(Some(5.0), 3.0, 5.0, Lower), Status::Amber);
        assert_eq!(Status::of(Some(5.1), 3.0, 5.0, Lower), Status::Red);
        assert_eq!(Status::of(None, 3.0, 5.0, Lower), Status::Missing);
        assert_eq!(Status::of(Some(0.0), 3.0, 5.0, Lower), Status::Green);
    }

    #[test]
    fn quartiles_interpolate_and_ignore_nothing_else() {
        let s = spread(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!((s.q1, s.median, s.q3), (Some(1.75), Some(2.5), Some(3.25)));
        assert_eq!(spread(&[]).median, None);
        assert_eq!(spread(&[7.0]).median, Some(7.0));
    }
}
