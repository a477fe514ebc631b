//! The monthly run (issue 26): no impossible figure published, no figure silently lost, and
//! messages that say what to type, in both languages.

use super::fixture::{Site, run_in};

/// A minimal site whose CSI is a score out of 100.
fn scored_site() -> Site {
    let site = Site::minimal();
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replacen("  warn: 85\n", "  warn: 85\n  min: 0\n  max: 100\n", 1),
    );
    site
}

/// CSI 105.3 in a month file (a score out of 100) is an error at its line, and nothing is
/// published; in an export it is an error at its cell, and no month file is written.
#[test]
fn a_figure_past_the_kpi_range_is_an_error_at_its_place() {
    let site = scored_site();
    let month = "data/scorecards/2026-10.yaml";
    let text = std::fs::read_to_string(site.root().join(month)).unwrap();
    site.write(month, &text.replacen("csi: 92.0", "csi: 105.3", 1));
    let run = run_in(site.root(), &["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "data/scorecards/2026-10.yaml:4:10: error: 105.3 高于 100，这个 KPI 不可能取这个值（data/kpis.yaml 中的 `max`）（KPI `csi`）"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists(), "a site was published");
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert!(
        run.stderr.contains(
            "data/scorecards/2026-10.yaml:4:10: error: 105.3 is above 100, the highest value this KPI can take (`max` in data/kpis.yaml) (KPI `csi`)"
        ),
        "{}",
        run.stderr
    );

    site.write(
        "exports/2026-11.csv",
        "门店,客户满意度,返修率\nbj-01,105.3,2.5\nsh-01,88,3.1\nsz-02,84,4\n",
    );
    for (lang, expected) in [
        (
            "zh-CN",
            "exports/2026-11.csv:2:2: error: `105.3` 高于 100，超出了 KPI `csi` 的最大值（data/kpis.yaml 中的 `max`）",
        ),
        (
            "en",
            "exports/2026-11.csv:2:2: error: `105.3` is above 100, the highest value of KPI `csi` (`max` in data/kpis.yaml)",
        ),
    ] {
        let run = run_in(
            site.root(),
            &[
                "import",
                "month",
                "2026-11",
                "exports/2026-11.csv",
                "--lang",
                lang,
            ],
        );
        assert_eq!(run.status, 1, "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
    }
    assert!(!site.root().join("data/scorecards/2026-11.yaml").exists());
}

/// `min` must be below `max`, and the target and amber line within them.
#[test]
fn a_kpi_range_holds_its_own_target() {
    let site = Site::minimal();
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replacen("  warn: 85\n", "  warn: 85\n  min: 0\n  max: 88\n", 1),
    );
    let run = run_in(site.root(), &["check", "--lang", "en"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "data/kpis.yaml:6:11: error: 90 is above 88, the highest value this KPI can take"
        ),
        "{}",
        run.stderr
    );
    site.write(
        "data/kpis.yaml",
        &kpis.replacen("  warn: 85\n", "  warn: 85\n  min: 100\n  max: 0\n", 1),
    );
    let run = run_in(site.root(), &["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("data/kpis.yaml:9:8: error: `max: 0` 没有大于 `min: 100`"),
        "{}",
        run.stderr
    );
}

/// The README's monthly run in CI: a pull request adds only `exports/2026-11.csv`; CI imports
/// it and checks with `--changed` listing that export. An impossible figure fails the import
/// with an annotation at its cell; a figure that is only implausible is annotated in the month
/// file imported from the export, which counts as changed.
#[test]
fn the_month_file_imported_from_a_changed_export_counts_as_changed() {
    let site = scored_site();
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replacen("  max: 100\n", "  max: 100\n  max_step: 10\n", 1),
    );
    site.write("changed.txt", "exports/2026-11.csv\n");
    site.write(
        "exports/2026-11.csv",
        "门店,客户满意度,返修率\nbj-01,105.3,2.5\nsh-01,88,3.1\nsz-02,84,4\n",
    );
    let args = [
        "import",
        "month",
        "2026-11",
        "exports/2026-11.csv",
        "--format",
        "github",
    ];
    let run = run_in(site.root(), &args);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "::error file=exports/2026-11.csv,line=2,col=2,title=out-of-range::`105.3` 高于 100"
        ),
        "{}",
        run.stdout
    );
    // Corrected: 92.0 → 60.5 for bj-01 is a drop past max_step, a warning only.
    site.write(
        "exports/2026-11.csv",
        "门店,客户满意度,返修率\nbj-01,60.5,2.5\nsh-01,88,3.1\nsz-02,84,4\n",
    );
    let run = run_in(site.root(), &args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = run_in(
        site.root(),
        &["check", "--format", "github", "--changed", "changed.txt"],
    );
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stdout.lines().any(|l| l
            .starts_with("::warning file=data/scorecards/2026-11.yaml,line=")
            && l.contains("title=implausible-change")),
        "{}",
        run.stdout
    );
}

/// A survey export with an answer-count column imports to `{value, n}` entries, and the
/// quarter weighs the month by them; a weighted KPI without answer counts is a warning that
/// says what the period pages will do.
#[test]
fn answer_counts_are_imported_and_weigh_the_month() {
    let site = Site::new(&super::fixture::fixture("periods"));
    site.write(
        "exports/2026-05.csv",
        "门店,客户满意度,维修工单数,技师人数,一次修复率,客户保持率,有效问卷\n\
         甲店,80,100,11,90,70,60\n\
         乙店,90,50,7,85,65,\n",
    );
    let run = run_in(
        site.root(),
        &["import", "month", "2026-05", "exports/2026-05.csv"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "exports/2026-05.csv: warning: 导出文件缺少 1 家门店 KPI `csi` 的问卷份数：该 KPI 按份数加权，季度和年初至今页面中这些门店不计入 2026-05"
        ),
        "{}",
        run.stderr
    );
    let month = std::fs::read_to_string(site.root().join("data/scorecards/2026-05.yaml")).unwrap();
    assert!(month.contains("    csi: {value: 80.0, n: 60}"), "{month}");
    assert!(month.contains("    csi: 90.0"), "{month}");
    // Only the survey KPI has an answer count.
    assert_eq!(month.matches("{value: ").count(), 1, "{month}");
    site.build();
    // The quarter to date, April and May: (92 × 40 + 80 × 60) / 100 for a-01; April alone for
    // b-01, whose May has no answer count.
    let csi_row = |outlet: &str| {
        let page = site.read(&format!("scorecards/2026-Q2/{outlet}/index.html"));
        let start = page.find("../../../kpis/csi/").unwrap();
        let end = start + page[start..].find("</tr>").unwrap();
        page[start..end].to_owned()
    };
    let row = csi_row("a-01");
    assert!(
        row.contains(">84.8</td>") && row.contains(">2 / 2</td>"),
        "{row}"
    );
    let row = csi_row("b-01");
    assert!(
        row.contains(">88.0 <span class=\"period-n\">1/2 个月</span>"),
        "{row}"
    );

    // KPIs as rows, the answer counts on a row of their own; and the English warning for an
    // export without any.
    site.write(
        "exports/2026-06.csv",
        "KPI,甲店,乙店\n客户满意度,85,87\n样本量,20,30\n维修工单数,90,40\n",
    );
    let run = run_in(
        site.root(),
        &["import", "month", "2026-06", "exports/2026-06.csv"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let month = std::fs::read_to_string(site.root().join("data/scorecards/2026-06.yaml")).unwrap();
    assert!(month.contains("csi: {value: 85.0, n: 20}"), "{month}");
    assert!(month.contains("csi: {value: 87.0, n: 30}"), "{month}");
    site.write("exports/2026-07.csv", "门店,客户满意度\n甲店,85\n乙店,87\n");
    let run = run_in(
        site.root(),
        &[
            "import",
            "month",
            "2026-07",
            "exports/2026-07.csv",
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("exports/2026-07.csv: warning: the export has no answer counts for KPI `csi` (2 outlets): it is weighted by its answers, so the quarter and year-to-date pages leave 2026-07 out of it"),
        "{}",
        run.stderr
    );
    // An answer count that is not a whole number is an error at its cell.
    site.write(
        "exports/2026-08.csv",
        "门店,客户满意度,n\n甲店,85,12.5\n乙店,87,x\n",
    );
    let run = run_in(
        site.root(),
        &["import", "month", "2026-08", "exports/2026-08.csv"],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("exports/2026-08.csv:2:3: error: `12.5` 不是问卷份数：份数必须是 0 或正整数"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("exports/2026-08.csv:3:3: error: `x` 不是问卷份数"),
        "{}",
        run.stderr
    );
}
