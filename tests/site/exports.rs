//! The month's wide CSV (one row per outlet, one column per KPI, in the site's language) and
//! its workbook (`scorecard.xlsx`: values with status formats, targets, the long table).

use std::io::Read as _;

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::fixture::Site;

#[test]
fn wide_csv_has_a_row_per_outlet_in_the_sites_language() {
    let site = Site::minimal();
    site.build();
    let csv = site.read("scorecards/2026-10/scorecard-wide.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "\u{FEFF}门店编号,门店,区域,客户满意度 (CSI),客户满意度 (CSI) 状态,返修率,返修率 状态"
    );
    assert_eq!(lines[1], "bj-01,北京朝阳服务中心,华北,92,达标,3,达标");
    assert_eq!(lines[2], "sh-01,上海浦东服务中心,华东,84,未达标,,无数据");
    assert_eq!(lines[3], "sz-02,深圳龙岗服务中心,华南,84,达标,5,预警");
    assert_eq!(lines.len(), 4);
    let month = site.read("scorecards/2026-10/index.html");
    assert!(month.contains("href=\"scorecard-wide.csv\""), "{month}");
    assert!(month.contains("href=\"scorecard.xlsx\""), "{month}");

    let site = Site::minimal();
    site.write("site.yaml", "title: Service\nlanguage: en\n");
    site.build();
    let csv = site.read("scorecards/2026-10/scorecard-wide.csv");
    assert!(csv.starts_with("\u{FEFF}Outlet id,Outlet,Region,"), "{csv}");
    assert!(csv.contains("84,Off target,,No data"), "{csv}");
}

#[test]
fn workbook_has_values_targets_and_the_long_table() {
    let site = Site::minimal();
    site.build();
    let path = site.out().join("scorecards/2026-10/scorecard.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["数值", "目标", "明细"]);
    let values = book.worksheet_range("数值").unwrap();
    assert_eq!(values.get((0, 0)), Some(&Data::String("门店编号".into())));
    assert_eq!(
        values.get((0, 3)),
        Some(&Data::String("客户满意度 (CSI)".into()))
    );
    assert_eq!(values.get((1, 0)), Some(&Data::String("bj-01".into())));
    assert_eq!(values.get((1, 3)), Some(&Data::Float(92.0)));
    // No data is an empty cell, never 0.
    assert!(matches!(values.get((2, 4)), None | Some(Data::Empty)));
    let targets = book.worksheet_range("目标").unwrap();
    // sz-02's own CSI target.
    assert_eq!(targets.get((3, 3)), Some(&Data::Float(80.0)));
    assert_eq!(targets.get((1, 3)), Some(&Data::Float(90.0)));
    let long = book.worksheet_range("明细").unwrap();
    assert_eq!(long.get((0, 0)), Some(&Data::String("month".into())));
    assert_eq!(long.height(), 1 + 3 * 2);

    // The status formats: a fill colour and a number format with the status symbol, per status.
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    for wanted in ["✓ ", "✗ ", "! ", "FFE6F4EA", "FFFBE9E7", "FFFFF4DB"] {
        assert!(styles.contains(wanted), "{wanted} not in {styles}");
    }
}
