//! The current month at a glance, shown on the home page.

use crate::model::Site;
use crate::model::scorecards::StatusCounts;
use crate::render::context::{Glance, GlanceKpi, GlanceOutlet};
use crate::urls;

/// The current month at a glance, computed once and shown on the home page.
pub fn glance(site: &Site) -> Option<Glance> {
    let month = site.scorecards.current()?;
    let mut most_red: Vec<(usize, StatusCounts)> = month
        .kpi_counts
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| c.red > 0)
        .collect();
    most_red.sort_by_key(|&(k, c)| (std::cmp::Reverse(c.red), std::cmp::Reverse(c.amber), k));
    most_red.truncate(5);
    Some(Glance {
        month: month.month.to_string(),
        url: urls::month(month.month),
        counts: month.counts,
        most_red: most_red
            .into_iter()
            .map(|(k, c)| GlanceKpi {
                name: site.catalogue.kpis[k].name.clone(),
                url: urls::kpi(&site.catalogue.kpis[k].id),
                red: c.red,
                amber: c.amber,
            })
            .collect(),
        outlets: month
            .active
            .iter()
            .map(|&o| {
                let outlet = &site.outlets.outlets[o];
                GlanceOutlet {
                    name: outlet.name.clone(),
                    region: outlet.region.clone(),
                    url: urls::outlet(month.month, &outlet.id),
                    counts: month.outlet_counts[o],
                }
            })
            .collect(),
    })
}
