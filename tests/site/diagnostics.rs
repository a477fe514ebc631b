//! Bad input: every problem in one run, each at `path:line:col`, exit status 1.

use super::fixture::{Site, run_in};

#[test]
fn every_problem_is_reported_with_its_position() {
    let site = Site::minimal();
    site.write(
        "content/complaints/a.md",
        "---\ntitle: 甲\nkind: complaint-script\nseverity: huge\n---\n",
    );
    site.write("content/complaints/b.md", "---\ntitle: 乙\nkpis: [cs, nope]\n---\n见[缺失](missing.md)与[锚点](delivery-delay.md#没有)。\n");
    site.write(
        "content/complaints/c.md",
        "---\ntitle: 丙\ntitel: typo\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let expected = [
        "content/complaints/a.md:4:11: error: `huge` is not a severity",
        "  = help: allowed: ordinary (普通投诉), major (重大投诉), crisis (危机事件)",
        "content/complaints/b.md:3:8: error: unknown KPI `cs`",
        "  = help: did you mean `csi`? KPIs are defined in data/kpis.yaml",
        "content/complaints/b.md:3:12: error: unknown KPI `nope`",
        "content/complaints/b.md:5:2: error: link to `complaints/missing.md`, which does not exist",
        "content/complaints/b.md:5:19: error: `complaints/delivery-delay.md` has no heading `#没有`",
        "content/complaints/c.md:3:1: error: unknown field `titel`",
    ];
    for line in expected {
        assert!(
            run.stderr.contains(line),
            "missing `{line}` in:\n{}",
            run.stderr
        );
    }
    // Sorted by path, then line.
    let positions: Vec<usize> = expected
        .iter()
        .filter(|l| !l.starts_with(' '))
        .map(|l| run.stderr.find(l).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{}", run.stderr);
    assert!(run.stderr.contains("error: 6 error(s)"), "{}", run.stderr);
}

#[test]
fn snippets_put_the_caret_under_the_spot_in_chinese_lines() {
    let site = Site::minimal();
    site.write(
        "content/guides/x.md",
        "---\ntitle: 指南\n---\n请先阅读[交车延迟话术](nowhere.md)。\n",
    );
    let run = site.run(&["check"]);
    let expected = "content/guides/x.md:4:5: error: link to `guides/nowhere.md`, which does not exist\n  |\n4 | 请先阅读[交车延迟话术](nowhere.md)。\n  |         ^\n";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

#[test]
fn json_format_lists_the_same_problems() {
    let site = Site::minimal();
    site.write(
        "content/guides/x.md",
        "---\ntitle: 指南\nkpis: [csx]\n---\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.status, 1);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).expect(&run.stdout);
    let first = &items[0];
    assert_eq!(first["path"], "content/guides/x.md");
    assert_eq!(first["line"], 3);
    assert_eq!(first["column"], 8);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "unknown-kpi");
    assert_eq!(first["message"], "unknown KPI `csx`");
}

#[test]
fn kind_rules_are_enforced() {
    let site = Site::minimal();
    site.write(
        "content/compensation/bad.md",
        "---\ntitle: 坏规则\nkind: compensation-rule\ntrigger: x\noffers: []\ncap_cny: 100\napproval:\n  - {up_to_cny: 500, role: 经理}\n  - {role: 总监}\n  - {up_to_cny: 200, role: 总经理}\nseverity: major\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1);
    assert!(run.stderr.contains("content/compensation/bad.md:11:11: error: `severity` belongs to kind `complaint-script`"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/compensation/bad.md:9:12: error: approval step 2 (`总监`) has no `up_to_cny`"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/compensation/bad.md:10:17: error: approval limit 200 is not above the previous step's"), "{}", run.stderr);
}

#[test]
fn review_dates_warn_without_failing() {
    let site = Site::minimal();
    site.write(
        "content/guides/old.md",
        "---\ntitle: 旧\nreview_by: 2026-01-31\n---\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/guides/old.md:3:12: warning: page was due for review on 2026-01-31"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Site::minimal();
    assert_eq!(site.run(&["build", "--month", "2026-13"]).status, 2);
    assert_eq!(site.run(&["frobnicate"]).status, 2);
}

/// A misspelt kind is a usage error that lists the kinds (exit 2), run from the site folder;
/// it never writes a plain page instead.
#[test]
fn new_with_an_unknown_kind_is_a_usage_error_listing_the_kinds() {
    let site = Site::minimal();
    let run = run_in(site.root(), &["new", "complaint-scrip", "complaints/noise"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    for kind in [
        "page",
        "syllabus",
        "complaint-script",
        "compensation-rule",
        "month",
        "import",
    ] {
        assert!(
            run.stderr.contains(kind),
            "{kind} missing in:\n{}",
            run.stderr
        );
    }
    assert!(!site.root().join("content/complaints/noise.md").exists());
}

#[test]
fn new_scaffolds_pages_and_months_that_check_clean() {
    let site = Site::minimal();
    for (kind, path) in [
        ("complaint-script", "complaints/noise"),
        ("compensation-rule", "compensation/noise.md"),
        ("syllabus", "training/07-digital"),
        ("page", "guides/intro"),
    ] {
        let run = site.run(&["new", kind, path]);
        assert_eq!(run.status, 0, "{kind}: {}", run.stderr);
    }
    let text = std::fs::read_to_string(site.root().join("content/complaints/noise.md")).unwrap();
    // A draft, updated today (SOURCE_DATE_EPOCH: 2026-09-21), due for review 12 months later,
    // with a title placeholder in the site's language.
    assert!(
        text.starts_with("---\ntitle: 请填写页面标题 # noise\nkind: complaint-script\ndraft: true"),
        "{text}"
    );
    assert!(
        text.contains("updated: 2026-09-21\nreview_by: 2027-09-21 # 到期前请复审本页\n"),
        "{text}"
    );
    assert!(
        text.contains("kind: complaint-script") && text.contains("```dialogue"),
        "{text}"
    );
    let run = site.run(&["new", "month", "2026-11"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let month = std::fs::read_to_string(site.root().join("data/scorecards/2026-11.yaml")).unwrap();
    assert!(month.contains("month: 2026-11\nvalues:\n  bj-01: # 北京朝阳服务中心\n    csi: null # 客户满意度 (CSI)（score，任意数值）\n    repeat_repair_rate: null # 返修率（percent，0–100）\n  sh-01:"), "{month}");
    assert!(
        month.contains("  sz-02:"),
        "outlets open that month are included"
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 0, "scaffolds must check clean:\n{}", run.stderr);

    let again = site.run(&["new", "month", "2026-11"]);
    assert_eq!(again.status, 1);
    // Without a month: the month after the newest.
    let next = site.run_default(&["new", "month"]);
    assert_eq!(next.status, 0, "{}", next.stderr);
    assert!(next.stderr.contains("已创建"), "{}", next.stderr);
    assert!(site.root().join("data/scorecards/2026-12.yaml").is_file());
    assert!(
        again
            .stderr
            .contains("file already exists; pitwall new never overwrites"),
        "{}",
        again.stderr
    );
    assert_eq!(site.run(&["new", "month", "2026-1"]).status, 2);
    assert_eq!(site.run(&["new", "page", "../outside"]).status, 1);
}

#[test]
fn github_format_annotates_from_the_repository_root() {
    let site = Site::minimal();
    // The site in a subfolder of the repository, as `--root site`; CI runs at the repository root.
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path().join("site");
    std::fs::rename(site.root(), &root).unwrap();
    std::fs::create_dir_all(site.root()).unwrap();
    std::fs::write(
        root.join("content/guides.md"),
        "---\ntitle: 指南\nkpis: [csx]\n---\n",
    )
    .unwrap();
    std::fs::write(repo.path().join("changed.txt"), "site/content/guides.md\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .args(["check", "--root", "site", "--format", "github"])
        .args(["--changed", "changed.txt"])
        .current_dir(repo.path())
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "::error file=site/content/guides.md,line=3,col=8,title=unknown-kpi::未知 KPI `csx`%0A"
        ),
        "{stdout}"
    );
    // The month gap in an unchanged file is counted, not annotated.
    assert!(!stdout.contains("title=month-gap"), "{stdout}");
    assert!(stdout.contains("::notice title=pitwall::"), "{stdout}");
    // A list that cannot be read is a usage error.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .args(["check", "--root", "site", "--format", "github"])
        .args(["--changed", "nope.txt"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_yaml_file_over_the_parser_budget_is_explained_in_plain_words() {
    let site = Site::minimal();
    // Generated front matter with far more values than any real page.
    let mut page = String::from("---\ntitle: 大文件\ntags:\n");
    page.push_str(&"  - 标签\n".repeat(250_001));
    page.push_str("---\n正文。\n");
    site.write("content/big.md", &page);
    let run = site.run(&["check"]);
    assert_eq!(run.status, 1);
    let head: String = run.stderr.chars().take(2000).collect();
    assert!(!run.stderr.contains("budget breached"), "{head}");
    let error = run
        .stderr
        .lines()
        .find(|l| l.starts_with("content/big.md:"))
        .unwrap_or_else(|| panic!("no error for content/big.md in:\n{head}"));
    assert!(
        error.contains(": error: this file holds more than 250000 YAML values"),
        "{error}"
    );
    assert!(error.contains("exhaust memory"), "{error}");
    assert!(
        run.stderr
            .contains("= help: split the data into smaller files"),
        "{head}"
    );
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    // `pitwall check --format json | head -1`: the pipe closes before pitwall writes.
    let site = Site::minimal();
    site.write("content/guides.md", "---\ntitle: 指南\nkpis: [csx]\n---\n");
    let mut child = crate::fixture::pitwall(&["check", "--format", "json"])
        .arg("--root")
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
