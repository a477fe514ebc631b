//! Every address pitwall makes up itself: KPI pages, scorecards, their charts and exports, tags.
//! The output plan ([`crate::model::Plan`]), the renderer and the link checker all build them
//! here, so that a page and the links to it cannot disagree. URLs are relative to the site's
//! root, `/`-separated; a page's URL ends with `/` (its file is `index.html` in that folder).

use crate::data::month::Month;

/// The KPI catalogue.
pub const KPIS: &str = "kpis/";
/// The list of months.
pub const SCORECARDS: &str = "scorecards/";
/// The current month's network scorecard at an address that does not change from month to
/// month (a redirect), so that the navigation on every page stays the same when a month is added.
pub const LATEST: &str = "scorecards/latest/";
/// The list of tags.
pub const TAGS: &str = "tags/";
/// The search page.
pub const SEARCH: &str = "search/";

/// The monthly exports, file names in a month's folder.
pub const EXPORTS: [&str; 4] = [
    SCORECARD_CSV,
    SCORECARD_JSON,
    SCORECARD_WIDE_CSV,
    SCORECARD_XLSX,
];
pub const SCORECARD_CSV: &str = "scorecard.csv";
pub const SCORECARD_JSON: &str = "scorecard.json";
/// One row per outlet, one value and one status column per KPI, in the site's language.
pub const SCORECARD_WIDE_CSV: &str = "scorecard-wide.csv";
/// The month's workbook: values with status formats, targets, the long table.
pub const SCORECARD_XLSX: &str = "scorecard.xlsx";
/// The monthly digest (an e-mail page and a group-chat message), file names in a month's folder.
pub const DIGESTS: [&str; 2] = [DIGEST_HTML, DIGEST_MD];
pub const DIGEST_HTML: &str = "digest.html";
pub const DIGEST_MD: &str = "digest.md";
/// The what's-new page and its Atom feed.
pub const CHANGES: &str = "changes/";
/// The glossary (`data/glossary.yaml`), when the site has one.
pub const GLOSSARY: &str = "glossary/";
pub const CHANGES_FEED: &str = "changes/atom.xml";

/// A KPI's page.
pub fn kpi(kpi_id: &str) -> String {
    format!("{KPIS}{kpi_id}/")
}

/// A KPI's network trend chart.
pub fn kpi_trend_chart(kpi_id: &str) -> String {
    format!("{KPIS}{kpi_id}/trend.svg")
}

/// A KPI's distribution chart (the current month).
pub fn kpi_distribution_chart(kpi_id: &str) -> String {
    format!("{KPIS}{kpi_id}/distribution.svg")
}

/// A month's network scorecard.
pub fn month(month: Month) -> String {
    format!("{SCORECARDS}{month}/")
}

/// A file in a month's folder (an export).
pub fn month_file(month: Month, name: &str) -> String {
    format!("{SCORECARDS}{month}/{name}")
}

/// A month's ranking chart of one KPI, relative to the month's scorecard.
pub fn ranking_chart_name(kpi_id: &str) -> String {
    format!("rank-{kpi_id}.svg")
}

/// A month's ranking chart of one KPI.
pub fn ranking_chart(month: Month, kpi_id: &str) -> String {
    month_file(month, &ranking_chart_name(kpi_id))
}

/// An outlet's scorecard for a month.
pub fn outlet(month: Month, outlet_id: &str) -> String {
    format!("{SCORECARDS}{month}/{outlet_id}/")
}

/// A period's network scorecard: `period` is its name, `2026-Q3` or `2026-YTD`.
pub fn period(period: &dyn std::fmt::Display) -> String {
    format!("{SCORECARDS}{period}/")
}

/// A file in a period's folder (its wide CSV).
pub fn period_file(period: &dyn std::fmt::Display, name: &str) -> String {
    format!("{SCORECARDS}{period}/{name}")
}

/// An outlet's history page: every month it was scored, one table a year.
pub fn outlet_history(outlet_id: &str) -> String {
    format!("{SCORECARDS}{OUTLETS}{outlet_id}/")
}

/// The folder of the outlets' history pages, in the scorecards folder.
pub const OUTLETS: &str = "outlets/";

/// An outlet's scorecard for a period (`2026-Q3`, `2026-YTD`).
pub fn period_outlet(period: &dyn std::fmt::Display, outlet_id: &str) -> String {
    format!("{SCORECARDS}{period}/{outlet_id}/")
}

/// A region's page for a month, by the region's slug ([`crate::data::groups`]).
pub fn region(month: Month, slug: &str) -> String {
    format!("{SCORECARDS}{month}/{REGIONS}{slug}/")
}

/// The folder of a month's region pages, relative to the month's scorecard.
pub const REGIONS: &str = "regions/";

/// A KPI's history export: one row per outlet, one column per month.
pub fn kpi_history_csv(kpi_id: &str) -> String {
    format!("{KPIS}{kpi_id}/{KPI_HISTORY_CSV}")
}

pub const KPI_HISTORY_CSV: &str = "history.csv";

/// A tag's page, by the tag's slug.
pub fn tag(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let m = Month::parse("2026-10").unwrap();
        assert_eq!(kpi("csi"), "kpis/csi/");
        assert_eq!(kpi_trend_chart("csi"), "kpis/csi/trend.svg");
        assert_eq!(kpi_distribution_chart("csi"), "kpis/csi/distribution.svg");
        assert_eq!(month(m), "scorecards/2026-10/");
        assert_eq!(ranking_chart(m, "csi"), "scorecards/2026-10/rank-csi.svg");
        assert_eq!(
            month_file(m, SCORECARD_CSV),
            "scorecards/2026-10/scorecard.csv"
        );
        assert_eq!(outlet(m, "bj-01"), "scorecards/2026-10/bj-01/");
        assert_eq!(tag("回访"), "tags/回访/");
        assert_eq!(period(&"2026-Q3"), "scorecards/2026-Q3/");
        assert_eq!(
            period_outlet(&"2026-YTD", "bj-01"),
            "scorecards/2026-YTD/bj-01/"
        );
        assert_eq!(region(m, "华北"), "scorecards/2026-10/regions/华北/");
        assert_eq!(
            period_file(&"2026-Q3", SCORECARD_WIDE_CSV),
            "scorecards/2026-Q3/scorecard-wide.csv"
        );
        assert_eq!(kpi_history_csv("csi"), "kpis/csi/history.csv");
        assert!(LATEST.starts_with(SCORECARDS));
    }

    #[test]
    fn the_folders_beside_outlets_are_reserved_outlet_ids() {
        // Every folder a month's scorecard holds besides its outlets' (an outlet id has no `.`,
        // so the month's files cannot clash).
        let regions = REGIONS.trim_end_matches('/');
        assert!(crate::data::outlet::RESERVED_IDS.contains(&regions));
        for file in EXPORTS.iter().chain(&DIGESTS) {
            assert!(file.contains('.'), "{file}");
        }
        assert!(ranking_chart_name("csi").contains('.'));
    }
}
