//! KPI data: the catalogue, the outlets and the monthly figures, as read from `data/`.

pub mod aggregate;
pub mod audience;
pub mod events;
pub mod groups;
pub mod kpi;
pub mod month;
pub mod outlet;
pub mod plausible;
pub mod scorecard_cache;
pub mod scorecard_file;
pub mod targets;

use crate::diagnostic::Diagnostic;
use crate::load::SiteFiles;

/// The KPI catalogue and the outlets, with every problem in them; empty when a file is absent.
pub fn reference_data(files: &SiteFiles) -> (kpi::Catalogue, outlet::Outlets, Vec<Diagnostic>) {
    let (catalogue, mut errors) = files.kpis.as_ref().map(kpi::parse).unwrap_or_default();
    let (outlets, more) = files
        .outlets
        .as_ref()
        .map(outlet::parse)
        .unwrap_or_default();
    errors.extend(more);
    (catalogue, outlets, errors)
}
