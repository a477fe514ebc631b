//! What CI and authors rely on beyond the happy path: which month is current, where a
//! diagnostic points (or that it points at no line), and which exit status means what.

use crate::fixture::Site;

/// 2026-11 as `pitwall new month` leaves it: every open outlet and KPI, no values yet.
const EMPTY_NOVEMBER: &str = "month: 2026-11\nvalues:\n  bj-01:\n    csi: null\n    repeat_repair_rate: null\n  sh-01:\n    csi: null\n    repeat_repair_rate: null\n  sz-02:\n    csi: null\n    repeat_repair_rate: null\n";

#[test]
fn an_unfilled_month_does_not_become_current() {
    let site = Site::minimal();
    site.write("data/scorecards/2026-11.yaml", EMPTY_NOVEMBER);
    let run = site.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        site.read("index.html").contains("2026-10 本月概览"),
        "the newest month with enough data stays current"
    );
    assert!(
        site.read("scorecards/latest/index.html")
            .contains("2026-10/")
    );
    assert!(!site.out().join("scorecards/2026-11").exists());
    assert!(
        run.stderr.contains(
            "data/scorecards/2026-11.yaml:1:8: warning: 2026-11 has figures for 0 of 6 outlet × KPI cells (0 %); it becomes the current month when at least half are filled"
        ),
        "{}",
        run.stderr
    );

    // The same warning from check, so a pull request shows it too.
    let run = site.run(&["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("2026-11 has figures for 0 of 6"),
        "{}",
        run.stderr
    );

    // --month publishes it anyway.
    let run = site.run(&["build", "--month", "2026-11"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.read("index.html").contains("2026-11 本月概览"));
}

#[test]
fn a_month_becomes_current_at_half_its_cells() {
    let site = Site::minimal();
    // 2 of 6 cells: not yet.
    site.write(
        "data/scorecards/2026-11.yaml",
        "month: 2026-11\nvalues:\n  bj-01: {csi: 91.0, repeat_repair_rate: 2.5}\n  sh-01: {csi: null, repeat_repair_rate: null}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.read("index.html").contains("2026-10 本月概览"));
    assert!(
        run.stderr
            .contains("2026-11 has figures for 2 of 6 outlet × KPI cells (33 %)"),
        "{}",
        run.stderr
    );
    // 3 of 6: current.
    site.write(
        "data/scorecards/2026-11.yaml",
        "month: 2026-11\nvalues:\n  bj-01: {csi: 91.0, repeat_repair_rate: 2.5}\n  sh-01: {csi: 88.0, repeat_repair_rate: null}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(site.read("index.html").contains("2026-11 本月概览"));
    assert!(
        !run.stderr.contains("2026-11 has figures"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_diagnostics_without_a_place_have_null_lines_and_every_key() {
    let site = Site::minimal();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).expect(&run.stdout);
    let items = items.as_array().expect("an array");
    // The minimal site has a gap between 2025-10 and 2026-09: a whole-file warning.
    let gap = items
        .iter()
        .find(|d| d["code"] == "month-gap")
        .expect("a month-gap warning");
    assert!(gap["line"].is_null(), "{gap}");
    assert!(gap["column"].is_null(), "{gap}");
    for item in items {
        let object = item.as_object().expect("an object");
        for key in [
            "path", "line", "column", "severity", "code", "message", "hint",
        ] {
            assert!(object.contains_key(key), "`{key}` missing in {item}");
        }
        assert_ne!(item["line"], 0, "no line 0: {item}");
    }
}

#[test]
fn a_duplicate_syllabus_part_points_at_its_part_line() {
    let site = Site::minimal();
    site.write(
        "content/training/02-copy.md",
        "---\ntitle: 副本\nkind: syllabus\npart: 1\nmodules:\n  - {id: p2-m1, title: 职责, hours: 1, format: classroom, objectives: [说清]}\nassessment: [理论考核]\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/training/02-copy.md:4:7: error: syllabus part 1 is also used by `content/training/01-role.md`"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_duplicate_key_says_where_the_first_one_is() {
    let site = Site::minimal();
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  bj-01:\n    csi: 92.0\n    csi: 93.0\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("data/scorecards/2026-10.yaml:5:5: error: duplicate key `csi`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("first given on line 4"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_and_environment_errors_exit_2_content_errors_exit_1() {
    let site = Site::minimal();
    // A site folder that does not exist: nothing is created for it.
    let missing = site.root().join("no-such-site");
    for command in [&["build"][..], &["check"]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_pitwall"))
            .args(command)
            .arg("--root")
            .arg(&missing)
            .output()
            .expect("run pitwall");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(stderr.contains("no-such-site"), "{stderr}");
        assert!(!missing.exists(), "the missing site folder was created");
    }
    // A month that has no file is a mistake on the command line.
    let run = site.run(&["build", "--month", "2030-01"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    // A mistyped flag, as clap reports it.
    let run = site.run(&["build", "--mnth", "2026-10"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    // A content error is 1.
    site.write("content/guides/x.md", "---\ntitle: x\nkpis: [nope]\n---\n");
    assert_eq!(site.run(&["check"]).status, 1);
    assert_eq!(site.run(&["build"]).status, 1);
}

#[test]
fn commands_work_from_the_site_folder_with_relative_paths() {
    let site = Site::minimal();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pitwall"))
            .args(args)
            .current_dir(site.root())
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .output()
            .expect("run pitwall")
    };
    let output = run(&["build"]);
    assert!(output.status.success(), "{output:?}");
    assert!(site.out().join("scorecards/2026-10/index.html").exists());
    let output = run(&["build", "--out", "site-out"]);
    assert!(output.status.success(), "{output:?}");
    assert!(site.root().join("site-out/index.html").exists());
    let output = run(&["check", "--root", "."]);
    assert!(output.status.success(), "{output:?}");
}
