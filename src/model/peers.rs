//! Peer groups and regions, computed once for the whole site from the scorecards: each outlet's
//! rank within its peer group (`tier:`), each tier's spread (its median on the trend charts),
//! and each region's roll-up per KPI (the median of its outlets' values) with its rank among
//! regions. Like the network rank, only values that are ranked there count: missing values and
//! values on too few answers are neither ranked nor in a median. Ties share the better rank.

use rayon::prelude::*;

use crate::data::kpi::{Catalogue, Direction};
use crate::data::outlet::Outlets;
use crate::model::scorecards::{Scorecards, Spread, spread};

/// A region's figure for one KPI in one month.
#[derive(Debug, Clone, Copy, Default)]
pub struct RegionFigure {
    /// The median of its outlets' ranked values; `None` when none has one.
    pub median: Option<f64>,
    /// How many outlets' values are in the median.
    pub reported: u32,
    /// Rank among the regions with a median; 0 without one.
    pub rank: u32,
}

/// One month of peer and region figures (same order as [`Scorecards::months`]).
#[derive(Debug, Default)]
pub struct MonthPeers {
    /// `peer_ranks[outlet * kpi_count + kpi]`: rank within the outlet's tier, 0 when not ranked.
    peer_ranks: Vec<u32>,
    /// `tier_spreads[tier * kpi_count + kpi]`.
    tier_spreads: Vec<Spread>,
    /// `regions[region * kpi_count + kpi]`.
    regions: Vec<RegionFigure>,
    /// Per KPI, how many regions have a median (and so a rank).
    regions_ranked: Vec<u32>,
    /// Regions with an outlet open this month, in region order: those with a page.
    pub open_regions: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Peers {
    pub months: Vec<MonthPeers>,
    kpi_count: usize,
}

impl Peers {
    /// Outlet `o`'s rank within its tier and how many of the tier are ranked, in month `m`
    /// (a position in [`Scorecards::months`]); `None` for an outlet without a tier.
    pub fn peer_rank(&self, outlets: &Outlets, m: usize, o: usize, k: usize) -> Option<(u32, u32)> {
        let tier = outlets.groups.tier_of.get(o).copied().flatten()?;
        let month = self.months.get(m)?;
        let rank = month.peer_ranks[o * self.kpi_count + k];
        Some((rank, month.tier_spreads[tier * self.kpi_count + k].reported))
    }

    pub fn tier_spread(&self, m: usize, tier: usize, k: usize) -> Spread {
        self.months
            .get(m)
            .and_then(|month| month.tier_spreads.get(tier * self.kpi_count + k))
            .copied()
            .unwrap_or_default()
    }

    pub fn region(&self, m: usize, r: usize, k: usize) -> RegionFigure {
        self.months
            .get(m)
            .and_then(|month| month.regions.get(r * self.kpi_count + k))
            .copied()
            .unwrap_or_default()
    }

    /// How many regions have a rank for KPI `k` in month `m`.
    pub fn regions_ranked(&self, m: usize, k: usize) -> u32 {
        self.months
            .get(m)
            .and_then(|month| month.regions_ranked.get(k))
            .copied()
            .unwrap_or(0)
    }
}

pub fn build(scorecards: &Scorecards, catalogue: &Catalogue, outlets: &Outlets) -> Peers {
    let kpi_count = catalogue.kpis.len();
    let groups = &outlets.groups;
    let months = scorecards
        .months
        .par_iter()
        .map(|month| {
            let mut peer_ranks = vec![0; outlets.outlets.len() * kpi_count];
            let mut tier_spreads = vec![Spread::default(); groups.tiers.len() * kpi_count];
            let mut regions = vec![RegionFigure::default(); groups.regions.len() * kpi_count];
            let mut regions_ranked = vec![0; kpi_count];
            let mut by_tier: Vec<Vec<(f64, usize)>> = vec![Vec::new(); groups.tiers.len()];
            let mut by_region: Vec<Vec<f64>> = vec![Vec::new(); groups.regions.len()];
            for (k, kpi) in catalogue.kpis.iter().enumerate() {
                by_tier.iter_mut().for_each(Vec::clear);
                by_region.iter_mut().for_each(Vec::clear);
                for &o in &month.active {
                    let cell = scorecards.cell(month, o, k);
                    // Ranked in the network: a value on enough answers.
                    let (Some(value), true) = (cell.value, cell.rank > 0) else {
                        continue;
                    };
                    if let Some(&Some(tier)) = groups.tier_of.get(o) {
                        by_tier[tier].push((value, o));
                    }
                    if let Some(&r) = groups.region_of.get(o) {
                        by_region[r].push(value);
                    }
                }
                for (tier, values) in by_tier.iter().enumerate() {
                    for (o, rank) in ranks(values, kpi.direction) {
                        peer_ranks[o * kpi_count + k] = rank;
                    }
                    tier_spreads[tier * kpi_count + k] =
                        spread(&sorted(values.iter().map(|v| v.0)));
                }
                let medians: Vec<(f64, usize)> = by_region
                    .iter()
                    .enumerate()
                    .filter_map(|(r, values)| {
                        let median = spread(&sorted(values.iter().copied())).median?;
                        regions[r * kpi_count + k] = RegionFigure {
                            median: Some(median),
                            reported: values.len() as u32,
                            rank: 0,
                        };
                        Some((median, r))
                    })
                    .collect();
                regions_ranked[k] = medians.len() as u32;
                for (r, rank) in ranks(&medians, kpi.direction) {
                    regions[r * kpi_count + k].rank = rank;
                }
            }
            let open_regions = (0..groups.regions.len())
                .filter(|&r| {
                    groups.regions[r]
                        .outlets
                        .iter()
                        .any(|&o| month.active.binary_search(&o).is_ok())
                })
                .collect();
            MonthPeers {
                peer_ranks,
                tier_spreads,
                regions,
                regions_ranked,
                open_regions,
            }
        })
        .collect();
    Peers { months, kpi_count }
}

fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values
}

/// Competition ranks ("1224") of `(value, who)` pairs, best first for `direction`: ties share
/// the better rank. Returns `(who, rank)`, best first, `who` ascending within a tie (the months'
/// and periods' ranking, on a copy).
pub fn ranks(values: &[(f64, usize)], direction: Direction) -> Vec<(usize, u32)> {
    crate::model::scorecards::rank(&mut values.to_vec(), direction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_better_rank_in_both_directions() {
        let values = [(92.0, 0), (95.0, 3), (92.0, 1), (88.0, 2)];
        assert_eq!(
            ranks(&values, Direction::Higher),
            [(3, 1), (0, 2), (1, 2), (2, 4)]
        );
        assert_eq!(
            ranks(&values, Direction::Lower),
            [(2, 1), (0, 2), (1, 2), (3, 4)]
        );
        assert_eq!(ranks(&[], Direction::Higher), []);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(spread(&sorted([4.0, 2.0].into_iter())).median, Some(3.0));
        assert_eq!(
            spread(&sorted([92.0, 88.0, 92.0].into_iter())).median,
            Some(92.0)
        );
    }
}
