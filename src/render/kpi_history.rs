//! A KPI's history export, `kpis/<id>/history.csv`: one row per outlet, one column per month
//! (oldest first), the way a controller lays out a trend in Excel. Headers in the site's
//! language, UTF-8 with a byte-order mark, like the monthly exports. A month without a figure
//! (missing, not open, no month file) is an empty cell, never 0; a value on too few answers is
//! its value (the monthly exports give its status).

use super::OutputFile;
use super::exports::{csv_field, text_cell};
use crate::i18n;
use crate::model::Site;
use crate::urls;

pub fn kpi_history_csv(site: &Site, k: usize) -> OutputFile {
    let t = i18n::table(site.config.language);
    let months = &site.scorecards.months;
    let line = |fields: Vec<String>| {
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        format!("{}\r\n", fields.join(","))
    };
    let mut header: Vec<String> = [
        t["export_outlet_id"],
        t["export_outlet"],
        t["export_region"],
        t["export_tier"],
    ]
    .iter()
    .map(|h| text_cell(h))
    .collect();
    header.extend(months.iter().map(|m| m.month.to_string()));
    let mut text = String::from("\u{FEFF}");
    text.push_str(&line(header));
    for (o, outlet) in site.outlets.outlets.iter().enumerate() {
        // Outlets scored in none of the months are left out.
        if !months.iter().any(|m| outlet.active_in(m.month)) {
            continue;
        }
        let mut fields = vec![
            text_cell(&outlet.id),
            text_cell(&outlet.name),
            text_cell(&outlet.region),
            text_cell(outlet.tier.as_deref().unwrap_or("")),
        ];
        fields.extend(months.iter().map(|m| {
            site.scorecards
                .cell(m, o, k)
                .value
                .map(crate::data::kpi::shortest)
                .unwrap_or_default()
        }));
        text.push_str(&line(fields));
    }
    OutputFile {
        path: urls::kpi_history_csv(&site.catalogue.kpis[k].id),
        bytes: text.into_bytes(),
    }
}
