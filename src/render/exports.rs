//! `scorecard.csv` and `scorecard.json`: a month's data with statuses, for other tools; and for
//! people, `scorecard-wide.csv` (one row per outlet, in the site's language) and
//! `scorecard.xlsx` (values with status colours and symbols, targets, the long table).
//! Columns (and their order) are fixed by SPEC: month, outlet_id, outlet_name, kpi_id,
//! kpi_name, value, target, warn, status, change_mom, change_yoy; then rank and unit.

use serde::Serialize;

use super::OutputFile;
use crate::data::kpi::round;
use crate::i18n;
use crate::model::Site;
use crate::model::periods::PeriodCard;
use crate::model::scorecards::{MonthCard, Status};
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
            let (target, warn) = site.scorecards.thresholds(month, o, k);
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
        "\u{FEFF}month,outlet_id,outlet_name,kpi_id,kpi_name,value,target,warn,status,change_mom,change_yoy,rank,unit,n\r\n",
    );
    let number = |v: Option<f64>| v.map(crate::data::kpi::shortest).unwrap_or_default();
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
            row.n.map(|n| n.to_string()).unwrap_or_default(),
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
pub(super) fn text_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Quotes a field when it holds a comma, quote or line break.
pub(super) fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// The status word of a cell in `language` (as on the pages).
fn status_word(status: Status, language: crate::config::Language) -> &'static str {
    let words = i18n::words(language);
    match status {
        Status::Green => words.status_green,
        Status::Amber => words.status_amber,
        Status::Red => words.status_red,
        Status::Few => i18n::table(language)["status_few"],
        Status::Missing => words.status_missing,
    }
}

/// The header of the wide CSV and the workbook's first two sheets: outlet columns, then per KPI
/// its name (and, when `with_status`, its status column).
fn wide_header(site: &Site, with_status: bool) -> Vec<String> {
    let t = i18n::table(site.config.language);
    let mut header: Vec<String> = [
        t["export_outlet_id"],
        t["export_outlet"],
        t["export_region"],
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for kpi in &site.catalogue.kpis {
        header.push(kpi.name.clone());
        if with_status {
            header.push(i18n::fill(t["export_status_of"], &[("kpi", &kpi.name)]));
        }
    }
    header
}

pub fn wide_csv(site: &Site, month: &MonthCard) -> OutputFile {
    OutputFile {
        path: urls::month_file(month.month, urls::SCORECARD_WIDE_CSV),
        bytes: wide_text(site, &month.active, |o, k| {
            let cell = site.scorecards.cell(month, o, k);
            (cell.value, cell.status)
        }),
    }
}

/// A quarter's or a year to date's wide CSV: the month's columns, each value the outlet's
/// period figure at the KPI's decimals (as the period pages show it), each status judged
/// against the period's target.
pub fn period_wide_csv(site: &Site, card: &PeriodCard) -> OutputFile {
    OutputFile {
        path: urls::period_file(&card.period, urls::SCORECARD_WIDE_CSV),
        bytes: wide_text(site, &card.active, |o, k| match card.figure(o, k) {
            Some(f) => (
                f.value.map(|v| round(v, site.catalogue.kpis[k].decimals)),
                f.status,
            ),
            None => (None, Status::Missing),
        }),
    }
}

/// The wide CSV's bytes: UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF, one row per
/// outlet of `outlets`, a value and a status word per KPI from `cell(outlet, kpi)`.
fn wide_text(
    site: &Site,
    outlets: &[usize],
    cell: impl Fn(usize, usize) -> (Option<f64>, Status),
) -> Vec<u8> {
    let language = site.config.language;
    let line = |fields: Vec<String>| {
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        format!("{}\r\n", fields.join(","))
    };
    let mut text = String::from("\u{FEFF}");
    text.push_str(&line(
        wide_header(site, true)
            .iter()
            .map(|h| text_cell(h))
            .collect(),
    ));
    for &o in outlets {
        let outlet = &site.outlets.outlets[o];
        let mut fields = vec![
            text_cell(&outlet.id),
            text_cell(&outlet.name),
            text_cell(&outlet.region),
        ];
        for k in 0..site.catalogue.kpis.len() {
            let (value, status) = cell(o, k);
            fields.push(value.map(crate::data::kpi::shortest).unwrap_or_default());
            fields.push(status_word(status, language).to_owned());
        }
        text.push_str(&line(fields));
    }
    text.into_bytes()
}

/// Fill colour and symbol of a status in the workbook (the pages' colours, never colour alone).
fn status_look(status: Status) -> Option<(u32, &'static str)> {
    let fill = match status {
        Status::Green => 0xE6F4EA,
        Status::Amber => 0xFFF4DB,
        Status::Red => 0xFBE9E7,
        Status::Few => 0xF3F4F6,
        Status::Missing => return None,
    };
    Some((fill, status.symbol()))
}

/// `0`, `0.0`, `0.00`…: a number format with a KPI's decimals.
fn number_pattern(decimals: u8) -> String {
    match decimals {
        0 => "0".to_owned(),
        d => format!("0.{}", "0".repeat(usize::from(d))),
    }
}

pub fn xlsx(site: &Site, month: &MonthCard) -> Result<OutputFile, crate::diagnostic::Diagnostic> {
    use rust_xlsxwriter::{Color, Format, Workbook};
    let path = urls::month_file(month.month, urls::SCORECARD_XLSX);
    let fail = |e: rust_xlsxwriter::XlsxError| {
        crate::diagnostic::Diagnostic::error(
            crate::diagnostic::Code::Io,
            &month.source,
            None,
            crate::msg!(XlsxFailed, path = path, error = e),
        )
    };
    let t = i18n::table(site.config.language);
    let bold = Format::new().set_bold();
    let mut book = Workbook::new();
    // Deflate level 3 instead of 6: a national month's workbook is made in less than half the
    // time (it is one of the longest single tasks of a month close) and is 13 % larger.
    book.set_zip_compression_level(3);
    // A fixed creation time (the month's first day), so that the same data makes the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(
        month.month.year() as u16,
        month.month.month() as u8,
        1,
    )
    .map_err(fail)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    // Values and targets: one row per outlet, one column per KPI.
    let header = wide_header(site, false);
    let mut formats: std::collections::BTreeMap<(Status, u8), Format> = Default::default();
    for (sheet_name, targets) in [(t["sheet_values"], false), (t["sheet_targets"], true)] {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name).map_err(fail)?;
        for (c, h) in header.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &bold)
                .map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 3).map_err(fail)?;
        sheet.set_column_width(1, 22).map_err(fail)?;
        for (r, &o) in month.active.iter().enumerate() {
            let row = r as u32 + 1;
            let outlet = &site.outlets.outlets[o];
            for (c, text) in [&outlet.id, &outlet.name, &outlet.region]
                .iter()
                .enumerate()
            {
                sheet.write_string(row, c as u16, *text).map_err(fail)?;
            }
            for (k, kpi) in site.catalogue.kpis.iter().enumerate() {
                let col = 3 + k as u16;
                if targets {
                    let (target, _) = site.scorecards.thresholds(month, o, k);
                    sheet.write_number(row, col, target).map_err(fail)?;
                    continue;
                }
                let cell = site.scorecards.cell(month, o, k);
                let (Some(value), Some((fill, symbol))) = (cell.value, status_look(cell.status))
                else {
                    continue;
                };
                let format = formats
                    .entry((cell.status, kpi.decimals))
                    .or_insert_with(|| {
                        Format::new()
                            .set_background_color(Color::RGB(fill))
                            .set_num_format(format!(
                                "\"{symbol} \"{}",
                                number_pattern(kpi.decimals)
                            ))
                    });
                sheet
                    .write_number_with_format(row, col, value, format)
                    .map_err(fail)?;
            }
        }
    }
    // The long table, as in scorecard.csv.
    let sheet = book.add_worksheet();
    sheet.set_name(t["sheet_long"]).map_err(fail)?;
    let columns = [
        "month",
        "outlet_id",
        "outlet_name",
        "kpi_id",
        "kpi_name",
        "value",
        "target",
        "warn",
        "status",
        "change_mom",
        "change_yoy",
        "rank",
        "unit",
    ];
    for (c, h) in columns.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (r, row) in rows(site, month).iter().enumerate() {
        let r = r as u32 + 1;
        let texts = [
            (0, row.month.as_str()),
            (1, row.outlet_id),
            (2, row.outlet_name),
            (3, row.kpi_id),
            (4, row.kpi_name),
            (8, row.status),
            (12, row.unit),
        ];
        for (c, text) in texts {
            sheet.write_string(r, c, text).map_err(fail)?;
        }
        let numbers = [
            (5, row.value),
            (6, Some(row.target)),
            (7, Some(row.warn)),
            (9, row.change_mom),
            (10, row.change_yoy),
            (11, row.rank.map(f64::from)),
        ];
        for (c, number) in numbers {
            if let Some(n) = number {
                sheet.write_number(r, c, n).map_err(fail)?;
            }
        }
    }
    let bytes = book.save_to_buffer().map_err(fail)?;
    Ok(OutputFile { path, bytes })
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
