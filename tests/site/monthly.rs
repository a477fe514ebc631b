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
