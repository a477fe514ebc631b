//! Writes the example site's export, `exports/2026-02.xlsx`, from `data/scorecards/2026-02.yaml`:
//! the workbook a controller gets from the dealer management system, with a title row, merged
//! group headers, Chinese headers, percent-formatted cells, a dealer code column and an average
//! row, and the surveys' answer counts (`CSI 有效问卷`, `NPS 有效问卷`, mapped under `samples:` in
//! `data/import.yaml`). `pitwall import month 2026-02 exports/2026-02.xlsx` turns it back into
//! that month file (a test checks it).
//!
//! ```sh
//! cargo run --example make_export                # from the repository root
//! cargo run --example make_export -- 2026-10     # another month, from any site folder
//! ```

use std::path::Path;

use pitwall::data::kpi::{Group, Unit};
use pitwall::data::month::Month;
use pitwall::source::SourceFile;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

/// The month of the shipped export.
const MONTH: &str = "2026-02";

fn read(path: &str) -> SourceFile {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    SourceFile::new(path, Path::new(path).to_path_buf(), text)
}

fn main() -> Result<(), XlsxError> {
    let month_arg = std::env::args().nth(1).unwrap_or_else(|| MONTH.to_owned());
    assert!(
        Month::parse(&month_arg).is_some(),
        "`{month_arg}` is not YYYY-MM"
    );
    let month_text = month_arg.as_str();
    let (catalogue, errors) = pitwall::data::kpi::parse(&read("data/kpis.yaml"));
    assert!(errors.is_empty(), "{errors:?}");
    let (outlets, errors) = pitwall::data::outlet::parse(&read("data/outlets.yaml"));
    assert!(errors.is_empty(), "{errors:?}");
    let month_path = format!("data/scorecards/{month_text}.yaml");
    let (month, errors) =
        pitwall::data::scorecard_file::parse(&read(&month_path), &catalogue, &outlets);
    assert!(errors.is_empty(), "{errors:?}");
    let month = month.expect("the month parses");
    let kpi_count = catalogue.kpis.len();

    let mut book = Workbook::new();
    // A fixed creation time, so the same data makes the same bytes.
    let created = ExcelDateTime::from_ymd(2026, 3, 2)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    sheet.set_name("月报")?;
    let title = Format::new().set_bold().set_font_size(14);
    let group = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color("DDEBF7");
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let percent = Format::new().set_num_format("0.0%");
    let number = |decimals: u8| match decimals {
        0 => Format::new().set_num_format("#,##0"),
        d => Format::new().set_num_format(format!("0.{}", "0".repeat(usize::from(d)))),
    };

    let first_kpi_col: u16 = 3;
    // After the figures, one answer-count column per KPI the month gives answer counts for.
    let surveys: Vec<usize> = (0..kpi_count)
        .filter(|&k| month.samples.keys().any(|cell| cell % kpi_count == k))
        .collect();
    let last_col = first_kpi_col + (kpi_count + surveys.len()) as u16 - 1;
    let (year, m) = month_text.split_once('-').unwrap_or(("", ""));
    sheet.merge_range(
        0,
        0,
        0,
        last_col,
        &format!(
            "{year}年{}月 售后服务 KPI 月报（DMS 导出）",
            m.trim_start_matches('0')
        ),
        &title,
    )?;
    // Row 2: merged group headers; row 3: the column headers.
    sheet.merge_range(1, 0, 1, 2, "门店信息", &group)?;
    for (col, text) in ["经销商代码", "门店简称", "区域"].iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, *text, &head)?;
    }
    // One merged group header over each run of KPIs of the same group.
    let mut start = 0;
    while start < kpi_count {
        let g = catalogue.kpis[start].group;
        let end = (start..kpi_count)
            .take_while(|&i| catalogue.kpis[i].group == g)
            .last()
            .unwrap_or(start);
        let name = match g {
            Group::Customer => "客户",
            Group::Efficiency => "效率",
            Group::Financial => "财务",
            Group::People => "人员",
        };
        let (a, b) = (first_kpi_col + start as u16, first_kpi_col + end as u16);
        if a == b {
            sheet.write_string_with_format(1, a, name, &group)?;
        } else {
            sheet.merge_range(1, a, 1, b, name, &group)?;
        }
        start = end + 1;
    }
    for (i, kpi) in catalogue.kpis.iter().enumerate() {
        let header = if kpi.unit == Unit::Percent {
            // Exports often carry the unit in the header.
            format!("{}(%)", kpi.name.split(" (").next().unwrap_or(&kpi.name))
        } else {
            kpi.name.clone()
        };
        sheet.write_string_with_format(2, first_kpi_col + i as u16, &header, &head)?;
    }
    let sample_col = |s: usize| first_kpi_col + (kpi_count + s) as u16;
    for (s, &k) in surveys.iter().enumerate() {
        // `客户满意度 (CSI)` → `CSI 有效问卷`
        let name = &catalogue.kpis[k].name;
        let short = name
            .rsplit_once('(')
            .map_or(name.as_str(), |(_, inner)| inner.trim_end_matches(')'));
        let header = format!("{short} 有效问卷");
        sheet.write_string_with_format(2, sample_col(s), &header, &head)?;
    }
    if !surveys.is_empty() {
        let (a, b) = (sample_col(0), sample_col(surveys.len() - 1));
        if a == b {
            sheet.write_string_with_format(1, a, "问卷", &group)?;
        } else {
            sheet.merge_range(1, a, 1, b, "问卷", &group)?;
        }
    }
    let mut row = 3u32;
    let mut sums = vec![(0.0, 0u32); kpi_count];
    for (o, outlet) in outlets.outlets.iter().enumerate() {
        if !month.reported[o] {
            continue;
        }
        sheet.write_string(row, 0, outlet.dms_code.as_deref().unwrap_or(&outlet.id))?;
        // The DMS's short names differ from data/outlets.yaml: the dealer code is the key.
        let short = outlet.name.trim_end_matches("服务中心");
        sheet.write_string(row, 1, short)?;
        sheet.write_string(row, 2, &outlet.region)?;
        for (k, kpi) in catalogue.kpis.iter().enumerate() {
            let col = first_kpi_col + k as u16;
            match month.values[o * kpi_count + k] {
                None => {
                    sheet.write_string(row, col, "—")?;
                }
                Some(v) if kpi.unit == Unit::Percent => {
                    sheet.write_number_with_format(row, col, v / 100.0, &percent)?;
                    sums[k].0 += v;
                    sums[k].1 += 1;
                }
                Some(v) => {
                    sheet.write_number_with_format(row, col, v, &number(kpi.decimals))?;
                    sums[k].0 += v;
                    sums[k].1 += 1;
                }
            }
        }
        for (s, &k) in surveys.iter().enumerate() {
            if let Some(&n) = month.samples.get(&(o * kpi_count + k)) {
                sheet.write_number(row, sample_col(s), f64::from(n))?;
            }
        }
        row += 1;
    }
    // The DMS adds an average row; pitwall import skips rows labelled 平均 or 合计.
    sheet.write_string_with_format(row, 0, "平均", &head)?;
    for (k, kpi) in catalogue.kpis.iter().enumerate() {
        let (sum, n) = sums[k];
        if n > 0 {
            let mean = sum / f64::from(n);
            let col = first_kpi_col + k as u16;
            if kpi.unit == Unit::Percent {
                sheet.write_number_with_format(row, col, mean / 100.0, &percent)?;
            } else {
                sheet.write_number_with_format(row, col, mean, &number(kpi.decimals))?;
            }
        }
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_freeze_panes(3, 2)?;
    std::fs::create_dir_all("exports").map_err(XlsxError::IoError)?;
    let out = format!("exports/{month_text}.xlsx");
    book.save(&out)?;
    println!("wrote {out}");
    Ok(())
}
