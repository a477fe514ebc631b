//! KPI data: the catalogue, the outlets and the monthly figures, as read from `data/`.

pub mod aggregate;
pub mod audience;
pub mod events;
pub mod glossary;
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

/// The most characters of an outlet's or a KPI's name (or city): names go into chart labels,
/// table cells, workbook cells (32,767 at most) and every page that lists them.
pub const NAME_MAX_CHARS: usize = 200;

/// An error at `at` when `text`, the `field` of an entry, is longer than [`NAME_MAX_CHARS`].
fn too_long(
    path: &str,
    at: Option<crate::diagnostic::Position>,
    field: &str,
    text: &str,
) -> Option<Diagnostic> {
    let count = text.chars().count();
    (count > NAME_MAX_CHARS).then(|| {
        Diagnostic::error(
            crate::diagnostic::Code::WrongType,
            path,
            at,
            crate::msg!(
                NameTooLong,
                field = field,
                count = count,
                max = NAME_MAX_CHARS
            ),
        )
    })
}

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
