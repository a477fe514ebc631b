//! KPI data validation: every wrong value at its own line.

use super::fixture::Site;

#[test]
fn data_errors_point_at_their_own_lines() {
    let site = Site::minimal();
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  bj-01:\n    repeat_repair_rate: 130\n    csi: \"90%\"\n  bj-99:\n    csi: 90\n  sh-01:\n    csx: 90\n    repeat_repair_rate: -1\n",
    );
    site.write(
        "data/scorecards/2026-08.yaml",
        "month: 2026-07\nvalues: {}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1);
    for line in [
        "data/scorecards/2026-08.yaml:1:8: error: `month: 2026-07` does not match the file name `2026-08`",
        "data/scorecards/2026-10.yaml:4:25: error: 130 is above 100, impossible for a value in percent (KPI `repeat_repair_rate`)",
        "data/scorecards/2026-10.yaml:5:10: error: expected a number for `csi`, found text `90%`",
        "  = help: write percentages as plain numbers, e.g. `94.5`",
        "data/scorecards/2026-10.yaml:6:3: error: unknown outlet `bj-99`",
        "data/scorecards/2026-10.yaml:9:5: error: unknown KPI `csx`",
        "data/scorecards/2026-10.yaml:10:25: error: -1 is below 0, impossible for a value in percent (KPI `repeat_repair_rate`)",
    ] {
        assert!(
            run.stderr.contains(line),
            "missing `{line}` in:\n{}",
            run.stderr
        );
    }
}

#[test]
fn catalogue_errors() {
    let site = Site::minimal();
    site.write(
        "data/kpis.yaml",
        "- id: csi\n  name: a\n  group: customer\n  unit: percent\n  direction: higher\n  target: 90\n  warn: 95\n- id: csi\n  name: b\n  group: people\n  unit: count\n  direction: lower\n  target: 1\n  warn: 2\n",
    );
    site.write(
        "data/outlets.yaml",
        "- id: BJ 01\n  name: x\n  region: y\n  city: z\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("data/kpis.yaml:7:9: error: `warn` 95 is on the wrong side of `target` 90"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("data/kpis.yaml:8:7: error: KPI id `csi` is defined twice"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("data/outlets.yaml:1:7: error: outlet id `BJ 01` is not valid"),
        "{}",
        run.stderr
    );
}

#[test]
fn month_gaps_and_silent_outlets_are_warnings() {
    let site = Site::minimal();
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  bj-01: {csi: 90, repeat_repair_rate: 2}\n  sz-02: {csi: 90}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("data/scorecards/2026-09.yaml: warning: no data for 2025-11, 2025-12, 2026-01, 2026-02, 2026-03, 2026-04, 2026-05, 2026-06, 2026-07, 2026-08 between 2025-10 and 2026-09"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "data/scorecards/2026-10.yaml: warning: outlet `sh-01` has no data in 2026-10"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn figures_for_an_outlet_not_yet_open_are_flagged_not_scored() {
    let site = Site::minimal();
    site.write(
        "data/scorecards/2026-09.yaml",
        "month: 2026-09\nvalues:\n  bj-01: {csi: 90.5}\n  sz-02: {csi: 99}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "data/scorecards/2026-09.yaml:4:3: warning: outlet `sz-02` is not open in 2026-09"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !site
            .out()
            .join("scorecards/2026-09/sz-02/index.html")
            .exists()
    );
    assert!(
        site.out()
            .join("scorecards/2026-10/sz-02/index.html")
            .exists()
    );
}

/// An outlet's scorecard is `scorecards/<month>/<id>/`: an id that is a folder pitwall writes
/// there itself (the region pages' `regions/`) would overwrite it.
#[test]
fn an_outlet_id_that_is_a_reserved_folder_is_an_error_at_it() {
    let site = Site::minimal();
    site.write(
        "data/outlets.yaml",
        &format!(
            "{}- id: regions\n  name: 区域中心\n  region: 华北\n  city: 北京\n",
            *super::fixture::OUTLETS
        ),
    );
    let run = site.run_default(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "data/outlets.yaml:14:7: error: 门店 id `regions` 与网站自动生成的文件夹同名"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("regions-01"), "{}", run.stderr);
    let run = site.run(&["build"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "data/outlets.yaml:14:7: error: outlet id `regions` is a folder pitwall makes itself"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.out().join("scorecards").exists());
}
