//! `scorecard.csv` and `scorecard.json`: a month's data with statuses, for other tools.
//! Columns (and their order) are fixed by SPEC: month, outlet_id, outlet_name, kpi_id,
//! kpi_name, value, target, warn, status, change_mom, change_yoy; then rank and unit.

use serde::Serialize;

use super::OutputFile;
use super::scorecards::round;
use crate::model::Site;
use crate::model::scorecards::MonthCard;
use crate::urls;

#[derive(Serialize)]
struct Row<'a> {
    month: String,
    outlet_id: &'a str,
    outlet_name: &'a str,
    kpi_id: &'a str,
    kpi_name: &'a str,
    value: Option<f64>,
    target: f64,
    warn: f64,
    status: &'static str,
    change_mom: Option<f64>,
    change_yoy: Option<f64>,
    rank: Option<u32>,
    unit: &'static str,
    /// Survey answers behind the value, when the month file gives them (JSON only: the CSV's
    /// columns are fixed).
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<u32>,
}

fn rows<'a>(site: &'a Site, month: &MonthCard) -> Vec<Row<'a>> {
    let mut rows = Vec::with_capacity(month.active.len() * site.catalogue.kpis.len());
    for &o in &month.active {
        let outlet = &site.outlets.outlets[o];
        for (k, kpi) in site.catalogue.kpis.iter().enumerate() {
            let cell = site.scorecards.cell(month, o, k);
            let (target, warn) = site.scorecards.thresholds(month, o, k, kpi);
            let change = |back| {
                site.scorecards
                    .change(month, back, o, k)
                    .map(|c| round(c, kpi.decimals))
            };
            rows.push(Row {
                month: month.month.to_string(),
                outlet_id: &outlet.id,
                outlet_name: &outlet.name,
                kpi_id: &kpi.id,
                kpi_name: &kpi.name,
                value: cell.value,
                target,
                warn,
                status: cell.status.as_str(),
                change_mom: change(1),
                change_yoy: change(12),
                rank: (cell.rank > 0).then_some(cell.rank),
                unit: kpi.unit.name(),
                n: cell.sample,
            });
        }
    }
    rows
}

pub fn json(site: &Site, month: &MonthCard) -> OutputFile {
    // One record a line: compact (half the size of indented JSON) and still easy to diff.
    let month_text = month.month.to_string();
    let mut bytes = format!("{{\"month\":\"{month_text}\",\"rows\":[").into_bytes();
    for (i, row) in rows(site, month).iter().enumerate() {
        bytes.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        // Serialising plain records into memory cannot fail.
        let _ = serde_json::to_writer(&mut bytes, row);
    }
    bytes.extend_from_slice(b"\n]}\n");
    OutputFile {
        path: urls::month_file(month.month, urls::SCORECARD_JSON),
        bytes,
    }
}

pub fn csv(site: &Site, month: &MonthCard) -> OutputFile {
    // A byte-order mark so that Excel opens the Chinese names as UTF-8.
    let mut text = String::from(
        "\u{FEFF}month,outlet_id,outlet_name,kpi_id,kpi_name,value,target,warn,status,change_mom,change_yoy,rank,unit\r\n",
    );
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for row in rows(site, month) {
        let fields = [
            text_cell(&row.month),
            text_cell(row.outlet_id),
            text_cell(row.outlet_name),
            text_cell(row.kpi_id),
            text_cell(row.kpi_name),
            number(row.value),
            number(Some(row.target)),
            number(Some(row.warn)),
            text_cell(row.status),
            number(row.change_mom),
            number(row.change_yoy),
            row.rank.map(|r| r.to_string()).unwrap_or_default(),
            text_cell(row.unit),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        text.push_str(&line.join(","));
        text.push_str("\r\n");
    }
    OutputFile {
        path: urls::month_file(month.month, urls::SCORECARD_CSV),
        bytes: text.into_bytes(),
    }
}

/// A text cell with spreadsheet formulas neutralised: a cell that starts with one of the
/// characters OWASP lists as formula triggers (`=`, `+`, `-`, `@`, tab, carriage return) gets a
/// leading `'`, so that Excel or LibreOffice shows it as text instead of running it. Number
/// cells never pass through here: a negative value stays a number.
fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Quotes a field when it holds a comma, quote or line break.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_field, text_cell};

    #[test]
    fn text_cells_that_start_like_a_formula_are_neutralised() {
        for (cell, written) in [
            ("=1+2", "'=1+2"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+2", "'\t=1+2"),
            ("\r=1+2", "\"'\r=1+2\""),
            ("北京朝阳服务中心", "北京朝阳服务中心"),
            ("客户满意度 (CSI)", "客户满意度 (CSI)"),
        ] {
            assert_eq!(csv_field(&text_cell(cell)), written, "{cell:?}");
        }
    }

    #[test]
    fn numbers_stay_numbers() {
        assert_eq!(csv_field(&(-2.5f64).to_string()), "-2.5");
    }
}
