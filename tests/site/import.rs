//! `pitwall import month`: real workbooks (written with rust_xlsxwriter) and real CSV files
//! (UTF-8 and GBK) imported the way a controller does it, from the site folder with a relative
//! path; the month file it writes, the cells its errors name, `--update` and `--dry-run`.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::fixture::{Run, Site};

/// Runs pitwall in the site folder, as a controller does: no `--root`, relative paths.
fn run_in(site: &Site, args: &[&str]) -> Run {
    super::fixture::run_in(site.root(), args)
}

fn read(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The month file without its first line (the comment naming the export and its hash).
fn body(text: &str) -> &str {
    text.split_once('\n').map_or("", |(_, rest)| rest)
}

const OUTLETS_WITH_CODES: &str = "\
- id: bj-01
  name: 北京朝阳服务中心
  region: 华北
  city: 北京
  dms_code: BJ10231
- id: sh-01
  name: 上海浦东服务中心
  region: 华东
  city: 上海
  dms_code: SH30102
- id: sz-02
  name: 深圳龙岗服务中心
  region: 华南
  city: 深圳
  opened: 2026-10
  dms_code: SZ51290
";

const NOTES: &str =
    "notes: {} # 可选：各门店本月的说明（Markdown），例如  sh-01: 系统切换，回访延迟。\n";

/// What the tests' exports hold for 2026-11.
fn expected_2026_11() -> String {
    format!(
        "month: 2026-11
values:
  bj-01: # 北京朝阳服务中心
    csi: 91.5 # 客户满意度 (CSI)
    repeat_repair_rate: 2.5 # 返修率
  sh-01: # 上海浦东服务中心
    csi: 86.4 # 客户满意度 (CSI)
    repeat_repair_rate: null # 返修率
  sz-02: # 深圳龙岗服务中心
    csi: 80.0 # 客户满意度 (CSI)
    repeat_repair_rate: 4.8 # 返修率
{NOTES}"
    )
}

fn site() -> Site {
    let site = Site::minimal();
    site.write("data/outlets.yaml", OUTLETS_WITH_CODES);
    site
}

/// A cell of a test workbook.
enum X<'a> {
    S(&'a str),
    N(f64),
    /// A number shown as a percentage (Excel stores 2.5 % as 0.025).
    P(f64),
    Blank,
}

/// Writes a workbook with one sheet `name`, the rows from A1, and merged ranges
/// `(first_row, first_col, last_row, last_col)` that take the text of their first cell.
fn workbook(site: &Site, path: &str, name: &str, rows: &[Vec<X>], merges: &[(u32, u16, u32, u16)]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).unwrap();
    let percent = Format::new().set_num_format("0.0%");
    let plain = Format::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if merges.iter().any(|m| (m.0, m.1) == (r, c)) {
                continue;
            }
            match cell {
                X::S(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                X::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                X::P(n) => {
                    sheet.write_number_with_format(r, c, *n, &percent).unwrap();
                }
                X::Blank => {}
            }
        }
    }
    for &(r1, c1, r2, c2) in merges {
        let text = match &rows[r1 as usize][c1 as usize] {
            X::S(s) => *s,
            _ => "",
        };
        sheet.merge_range(r1, c1, r2, c2, text, &plain).unwrap();
    }
    let full = site.root().join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    book.save(&full).unwrap();
}

fn gbk(site: &Site, path: &str, text: &str) {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let full = site.root().join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, bytes).unwrap();
}

#[test]
fn outlets_as_rows_workbook_with_title_merged_headers_and_percent_cells() {
    use X::*;
    let site = site();
    workbook(
        &site,
        "exports/2026-11.xlsx",
        "月报",
        &[
            vec![S("2026年11月 售后 KPI 月报"), Blank, Blank, Blank, Blank],
            vec![S("门店信息"), Blank, Blank, S("客户"), S("效率")],
            vec![
                S("经销商代码"),
                S("门店简称"),
                S("区域"),
                S("客户满意度"),
                S("返修率(%)"),
            ],
            vec![S("BJ10231"), S("朝阳"), S("华北"), N(91.5), P(0.025)],
            vec![S("SH30102"), S("浦东"), S("华东"), N(86.4), S("—")],
            vec![S("SZ51290"), S("龙岗"), S("华南"), N(80.0), P(0.048)],
            vec![S("平均"), Blank, Blank, N(86.0), P(0.036)],
        ],
        &[(0, 0, 0, 4), (1, 0, 1, 2)],
    );
    let run = run_in(
        &site,
        &["import", "month", "2026-11", "exports/2026-11.xlsx"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = read(&site, "data/scorecards/2026-11.yaml");
    assert_eq!(body(&text), expected_2026_11());
    let hash = format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(
            &std::fs::read(site.root().join("exports/2026-11.xlsx")).unwrap()
        )
    );
    assert_eq!(
        text.lines().next().unwrap(),
        format!(
            "# 2026-11：由 `pitwall import month` 从 exports/2026-11.xlsx 导入（xxh3 {hash}）；`null` 表示无数据（不是 0）。"
        )
    );
    let check = run_in(&site, &["check"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
}

#[test]
fn header_cells_merged_down_over_two_rows_still_head_their_column() {
    use X::*;
    let site = site();
    workbook(
        &site,
        "exports/m.xlsx",
        "Sheet1",
        &[
            vec![S("门店"), S("客户"), S("效率")],
            vec![Blank, S("CSI"), S("返修率")],
            vec![S("bj-01"), N(91.5), N(2.5)],
            vec![S("上海浦东服务中心"), N(86.4), S("N/A")],
            vec![S("sz-02"), N(80.0), S("4.8%")],
        ],
        &[(0, 0, 1, 0)],
    );
    let run = run_in(&site, &["import", "month", "2026-11", "exports/m.xlsx"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        body(&read(&site, "data/scorecards/2026-11.yaml")),
        expected_2026_11()
    );
}

#[test]
fn kpis_as_rows_from_a_gbk_csv() {
    let site = site();
    gbk(
        &site,
        "exports/2026-11.csv",
        "售后月报 2026年11月\r\n\r\n指标,北京朝阳服务中心,上海浦东服务中心,深圳龙岗服务中心\r\n客户满意度 (CSI),\"91,5\",86.4,80\r\n返修率,2.5%,无,4.8%\r\n",
    );
    let run = run_in(
        &site,
        &["import", "month", "2026-11", "exports/2026-11.csv"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        body(&read(&site, "data/scorecards/2026-11.yaml")),
        expected_2026_11()
    );
    // Read as UTF-8 on request, the GBK names match nothing: the encoding was really used.
    std::fs::remove_file(site.root().join("data/scorecards/2026-11.yaml")).unwrap();
    let run = run_in(
        &site,
        &[
            "import",
            "month",
            "2026-11",
            "exports/2026-11.csv",
            "--encoding",
            "utf-8",
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
}

#[test]
fn one_figure_a_row_tsv_with_a_month_column() {
    let site = site();
    site.write(
        "exports/long.tsv",
        "月份\t门店代码\t指标\t数值\n2026-11\tBJ10231\tcsi\t91.5\n2026-11\tBJ10231\trepeat_repair_rate\t2.5\n2026-11\tSH30102\tcsi\t86.4\n2026-11\tSH30102\trepeat_repair_rate\t-\n2026-11\tSZ51290\tcsi\t80\n2026-11\tSZ51290\trepeat_repair_rate\t4.8\n",
    );
    let run = run_in(&site, &["import", "month", "2026-11", "exports/long.tsv"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        body(&read(&site, "data/scorecards/2026-11.yaml")),
        expected_2026_11()
    );

    site.write(
        "exports/other.tsv",
        "月份\t门店代码\t指标\t数值\n2026-10\tBJ10231\tcsi\t91.5\n",
    );
    let run = run_in(&site, &["import", "month", "2026-12", "exports/other.tsv"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("exports/other.tsv:2:1: error: 这一行属于 `2026-10`，不是 2026-12"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_value_form() {
    let site = site();
    site.write(
        "data/kpis.yaml",
        "- id: csi\n  name: 客户满意度 (CSI)\n  group: customer\n  unit: score\n  direction: higher\n  target: 90\n  warn: 85\n- id: repeat_repair_rate\n  name: 返修率\n  group: efficiency\n  unit: percent\n  direction: lower\n  target: 3\n  warn: 5\n- id: revenue_per_ro\n  name: 单车产值\n  group: financial\n  unit: cny\n  direction: higher\n  target: 3000\n  warn: 2500\n  decimals: 0\n",
    );
    site.write(
        "exports/forms.csv",
        "\u{FEFF}门店,CSI,返修率,单车产值\nbj-01,\"94,9\",94.9%,\"3,137\"\nsh-01,—,N/A,\"1.234,5\"\nsz-02,无,,\"12 345,5\"\n",
    );
    let run = run_in(&site, &["import", "month", "2026-11", "exports/forms.csv"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = read(&site, "data/scorecards/2026-11.yaml");
    assert!(text.contains("  bj-01: # 北京朝阳服务中心\n    csi: 94.9 # 客户满意度 (CSI)\n    repeat_repair_rate: 94.9 # 返修率\n    revenue_per_ro: 3137 # 单车产值\n"), "{text}");
    assert!(text.contains("  sh-01: # 上海浦东服务中心\n    csi: null # 客户满意度 (CSI)\n    repeat_repair_rate: null # 返修率\n    revenue_per_ro: 1234.5 # 单车产值\n"), "{text}");
    assert!(text.contains("  sz-02: # 深圳龙岗服务中心\n    csi: null # 客户满意度 (CSI)\n    repeat_repair_rate: null # 返修率\n    revenue_per_ro: 12345.5 # 单车产值\n"), "{text}");
    assert_eq!(run_in(&site, &["check"]).status, 0);
}

#[test]
fn every_error_names_its_cell_all_in_one_run() {
    use X::*;
    let site = site();
    site.write(
        "data/kpis.yaml",
        &format!(
            "{}- id: first_time_fix\n  name: 一次修复率\n  group: efficiency\n  unit: percent\n  direction: higher\n  target: 95\n  warn: 90\n",
            *super::fixture::KPIS
        ),
    );
    workbook(
        &site,
        "exports/2026-11.xlsx",
        "月报",
        &[
            vec![S("2026年11月")],
            vec![
                S("门店"),
                S("客户满意度"),
                S("返修率"),
                S("一次修复率"),
                S("满意度X"),
            ],
            vec![S("bj-01"), S("待定"), P(1.2), N(0.93), N(1.0)],
            vec![S("bj-1"), P(0.88), N(3.0), N(94.0), N(2.0)],
            vec![S("bj-01"), N(88.0), N(3.0), N(94.0), N(2.0)],
        ],
        &[],
    );
    let run = run_in(
        &site,
        &["import", "month", "2026-11", "exports/2026-11.xlsx"],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let expected = [
        "exports/2026-11.xlsx!月报: warning: 导出文件中没有门店 `sh-01`（上海浦东服务中心）的数据",
        "exports/2026-11.xlsx!月报!A4: error: 未知门店 `bj-1`\n  = 提示: 是否应为 `bj-01`（北京朝阳服务中心）？",
        "exports/2026-11.xlsx!月报!A5: error: 门店 `bj-01` 出现了两次（另见 A3）",
        // Checked although the row's outlet is unknown: every problem in one run.
        "exports/2026-11.xlsx!月报!B4: error: `88%` 是百分比，但 KPI `csi` 的单位是 score",
        "exports/2026-11.xlsx!月报!B3: error: `待定` 不是数字（KPI `csi`）",
        "exports/2026-11.xlsx!月报!C3: error: `120%` 高于 100，percent 类 KPI `repeat_repair_rate` 不可能取这个值",
        "exports/2026-11.xlsx!月报!D3: warning: `0.93` 像是小数形式的比例，但 KPI `first_time_fix` 以百分数记录（目标 95）",
        "exports/2026-11.xlsx!月报!E2: error: `满意度X` 对应不到任何 KPI",
    ];
    for line in expected {
        assert!(
            run.stderr.contains(line),
            "missing {line:?} in:\n{}",
            run.stderr
        );
    }
    assert!(!site.root().join("data/scorecards/2026-11.yaml").exists());
}

#[test]
fn csv_errors_name_line_and_field() {
    let site = site();
    site.write(
        "exports/bad.csv",
        "门店,CSI,返修率\nbj-01,91.5,2.5\nsh-01,abc,-3\n",
    );
    let run = run_in(&site, &["import", "month", "2026-11", "exports/bad.csv"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("exports/bad.csv:3:2: error: `abc` 不是数字（KPI `csi`）"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("exports/bad.csv:3:3: error: `-3` 低于 0"),
        "{}",
        run.stderr
    );
}

#[test]
fn english_messages_and_json() {
    let site = site();
    site.write("site.yaml", "language: en\n");
    site.write(
        "exports/bad.csv",
        "outlet,csi,repeat_repair_rate\nbj-01,91.5,2.5\nsh-0l,abc,3\n",
    );
    let run = run_in(&site, &["import", "month", "2026-11", "exports/bad.csv"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("exports/bad.csv:3:1: error: unknown outlet `sh-0l`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `sh-01`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("exports/bad.csv:3:2: error: `abc` is not a number (KPI `csi`)"),
        "{}",
        run.stderr
    );

    let run = run_in(
        &site,
        &[
            "import",
            "month",
            "2026-11",
            "exports/bad.csv",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.status, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect(&run.stdout);
    let items = json.as_array().unwrap();
    let first = items
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("an error");
    assert_eq!(first["path"], "exports/bad.csv");
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 1);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "unknown-outlet");
}

#[test]
fn usage_errors_exit_with_2() {
    use X::*;
    let site = site();
    workbook(&site, "exports/a.xlsx", "月报", &[vec![S("门店")]], &[]);
    let missing = run_in(&site, &["import", "month", "2026-11", "exports/none.xlsx"]);
    assert_eq!(missing.status, 2);
    assert!(
        missing.stderr.contains("exports/none.xlsx"),
        "{}",
        missing.stderr
    );
    let sheet = run_in(
        &site,
        &[
            "import",
            "month",
            "2026-11",
            "exports/a.xlsx",
            "--sheet",
            "汇总",
        ],
    );
    assert_eq!(sheet.status, 2);
    assert!(
        sheet.stderr.contains("没有工作表 `汇总`；现有工作表：月报"),
        "{}",
        sheet.stderr
    );
    let month = run_in(&site, &["import", "month", "2026-13", "exports/a.xlsx"]);
    assert_eq!(month.status, 2, "{}", month.stderr);
    let exists = run_in(&site, &["import", "month", "2026-10", "exports/a.xlsx"]);
    assert_eq!(exists.status, 2);
    assert!(exists.stderr.contains("--update"), "{}", exists.stderr);
}

#[test]
fn update_merges_prints_changes_and_keeps_notes_and_targets() {
    let site = site();
    let before = read(&site, "data/scorecards/2026-10.yaml");
    // Only the survey provider's KPI, for two outlets; `—` never erases a figure.
    site.write(
        "exports/survey.csv",
        "门店,CSI\n上海浦东服务中心,86.4\n北京朝阳服务中心,92\nsz-02,—\n",
    );
    let dry = run_in(
        &site,
        &[
            "import",
            "month",
            "2026-10",
            "exports/survey.csv",
            "--update",
            "--dry-run",
        ],
    );
    assert_eq!(dry.status, 0, "{}", dry.stderr);
    assert_eq!(dry.stdout, "sh-01 csi: 84.0 → 86.4\n");
    assert_eq!(
        read(&site, "data/scorecards/2026-10.yaml"),
        before,
        "--dry-run wrote"
    );

    let run = run_in(
        &site,
        &[
            "import",
            "month",
            "2026-10",
            "exports/survey.csv",
            "--update",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "sh-01 csi: 84.0 → 86.4\n");
    let after = read(&site, "data/scorecards/2026-10.yaml");
    assert!(
        after.starts_with("# 2026-10：由 `pitwall import month` 从 exports/survey.csv 导入（xxh3 "),
        "{after}"
    );
    assert!(after.contains("  sh-01: # 上海浦东服务中心\n    csi: 86.4 # 客户满意度 (CSI)\n    repeat_repair_rate: null # 返修率\n"), "{after}");
    assert!(after.contains("  sz-02: # 深圳龙岗服务中心\n    csi: 84.0 # 客户满意度 (CSI)\n    repeat_repair_rate: 5.0 # 返修率\n"), "{after}");
    assert!(
        after.ends_with(
            "notes:\n  sh-01: 10 月**系统切换**，回访延迟。\ntargets:\n  sz-02: {csi: 80}\n"
        ),
        "{after}"
    );
    assert_eq!(run_in(&site, &["check"]).status, 0);

    // The same export again changes nothing, and the file is left alone.
    let again = run_in(
        &site,
        &[
            "import",
            "month",
            "2026-10",
            "exports/survey.csv",
            "--update",
        ],
    );
    assert_eq!(again.status, 0);
    assert_eq!(again.stdout, "");
    assert_eq!(read(&site, "data/scorecards/2026-10.yaml"), after);
}

#[test]
fn dry_run_of_a_new_month_prints_the_file_and_writes_nothing() {
    let site = site();
    site.write(
        "exports/m.csv",
        "门店,CSI,返修率\nbj-01,91.5,2.5\nsh-01,86.4,\nsz-02,80,4.8\n",
    );
    let run = run_in(
        &site,
        &["import", "month", "2026-11", "exports/m.csv", "--dry-run"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(body(&run.stdout), expected_2026_11());
    assert!(!site.root().join("data/scorecards/2026-11.yaml").exists());
}

/// `--lang en` speaks English in a Chinese site's import, summary and labels included; the
/// month file it writes stays in the site's language.
#[test]
fn import_speaks_the_language_of_lang() {
    let site = site();
    site.write(
        "exports/m.csv",
        "门店,CSI,返修率\nbj-01,91.5,2.5\nxx-99,86.4,\n",
    );
    let args = [
        "import",
        "month",
        "2026-11",
        "exports/m.csv",
        "--lang",
        "en",
    ];
    let failed = run_in(&site, &args);
    assert_eq!(failed.status, 1, "{}", failed.stderr);
    assert!(
        failed
            .stderr
            .contains("error: 1 error(s); data/scorecards/2026-11.yaml was not written"),
        "{}",
        failed.stderr
    );
    assert!(!failed.stderr.contains("提示"), "{}", failed.stderr);
    site.write("exports/m.csv", "门店,CSI,返修率\nbj-01,91.5,2.5\n");
    let run = run_in(&site, &args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("created data/scorecards/2026-11.yaml: 1 outlet(s), 2 figure(s)"),
        "{}",
        run.stderr
    );
    let month = read(&site, "data/scorecards/2026-11.yaml");
    assert!(
        month.starts_with("# 2026-11：由 `pitwall import month`"),
        "{month}"
    );
}

#[test]
fn new_import_scaffolds_a_mapping_whose_aliases_import_reads() {
    let site = site();
    let run = run_in(&site, &["new", "import"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let scaffold = read(&site, "data/import.yaml");
    assert_eq!(
        run_in(&site, &["new", "import"]).status,
        1,
        "never overwrites"
    );
    let mapping = scaffold
        .replace("kpis: {}", "kpis: {csi: [满意度得分]}")
        .replace("outlets: {}", "outlets: {bj-01: [朝阳店]}");
    site.write("data/import.yaml", &mapping);
    site.write(
        "exports/m.csv",
        "序号,门店,满意度得分,返修率\n1,朝阳店,91.5,2.5\n2,sh-01,86.4,\n3,sz-02,80,4.8\n",
    );
    let run = run_in(&site, &["import", "month", "2026-11", "exports/m.csv"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        body(&read(&site, "data/scorecards/2026-11.yaml")),
        expected_2026_11()
    );

    site.write("data/import.yaml", "kpis: {csj: [x]}\n");
    let run = run_in(&site, &["import", "month", "2026-12", "exports/m.csv"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("data/import.yaml:1:8: error: 未知 KPI `csj`"),
        "{}",
        run.stderr
    );
}

#[test]
fn dms_codes_are_checked() {
    let site = site();
    site.write(
        "data/outlets.yaml",
        &OUTLETS_WITH_CODES.replace("SH30102", "BJ10231"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains(
            "data/outlets.yaml:10:13: error: dms_code `BJ10231` is also the code of outlet `bj-01`"
        ),
        "{}",
        run.stderr
    );
}

/// The repository's example site (content, data, exports) copied into a temporary folder.
fn example_site() -> Site {
    let site = Site::new(&[]);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo).unwrap();
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let wanted = matches!(
            top.as_deref(),
            Some("content" | "data" | "exports" | "site.yaml")
        );
        if wanted && entry.file_type().is_file() {
            let to = site.root().join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    site
}

#[test]
fn the_shipped_export_reproduces_its_month_file() {
    let site = example_site();
    let month = "data/scorecards/2026-02.yaml";
    let shipped = read(&site, month);
    std::fs::remove_file(site.root().join(month)).unwrap();
    let run = run_in(
        &site,
        &["import", "month", "2026-02", "exports/2026-02.xlsx"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // Figures and the surveys' answer counts alike.
    assert_eq!(body(&read(&site, month)), body(&shipped));
}

#[test]
fn a_months_own_scorecard_csv_imports_back_to_the_same_file() {
    let site = example_site();
    let out = site.root().join("public");
    let build = run_in(&site, &["build", "--out", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    // A month with notes and targets: --update finds nothing to change.
    let month = "data/scorecards/2026-07.yaml";
    let shipped = read(&site, month);
    let csv = "public/scorecards/2026-07/scorecard.csv";
    let run = run_in(&site, &["import", "month", "2026-07", csv, "--update"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(read(&site, month), shipped);
    // A month without: imported afresh, the same file.
    let month = "data/scorecards/2026-02.yaml";
    let shipped = read(&site, month);
    std::fs::remove_file(site.root().join(month)).unwrap();
    let csv = "public/scorecards/2026-02/scorecard.csv";
    let run = run_in(&site, &["import", "month", "2026-02", csv]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Figures and the surveys' answer counts alike.
    assert_eq!(body(&read(&site, month)), body(&shipped));
}

#[test]
fn semicolon_csv_with_decimal_commas() {
    let site = site();
    site.write(
        "exports/eu.csv",
        "Monatsbericht 2026-11\nOutlet;CSI;返修率\nbj-01;91,5;2,5\nsh-01;86,4;N/A\nsz-02;80,0;4,8\n",
    );
    let run = run_in(&site, &["import", "month", "2026-11", "exports/eu.csv"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        body(&read(&site, "data/scorecards/2026-11.yaml")),
        expected_2026_11()
    );
}

/// `.xls` (Excel 97–2003, as many DMS still export) and `.ods` workbooks saved by LibreOffice
/// Calc import like the `.xlsx` (their sheets are looked through for their extent first).
#[test]
fn xls_and_ods_workbooks_import_like_xlsx() {
    for kind in ["xls", "ods"] {
        let site = site();
        let export = format!("exports/2026-11.{kind}");
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(&export);
        std::fs::create_dir_all(site.root().join("exports")).unwrap();
        std::fs::copy(fixture, site.root().join(&export)).unwrap();
        let run = run_in(&site, &["import", "month", "2026-11", &export]);
        assert_eq!(run.status, 0, "{kind}: {}", run.stderr);
        let text = read(&site, "data/scorecards/2026-11.yaml");
        assert_eq!(body(&text), expected_2026_11(), "{kind}");
    }
}
