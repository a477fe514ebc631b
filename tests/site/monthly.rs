//! The monthly run (issue 26): no impossible figure published, no figure silently lost, and
//! messages that say what to type, in both languages.

use super::authoring::assert_says as says;
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
    // A new month says what it holds, not "0 changes".
    assert!(
        run.stderr
            .contains("已新建 data/scorecards/2026-05.yaml：2 家门店、10 个数值"),
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

/// A compensation rule and a complaint script with `from` replaced by `to` in their front matter.
fn playbook_site(from: &str, to: &str) -> Site {
    let site = Site::minimal();
    let rule = "---\ntitle: 交车延迟善意补偿\nkind: compensation-rule\ntrigger: 延误 2 小时以上\noffers:\n  - {item: 工时费减免, value_cny: 600}\ncap_cny: 2000\napproval:\n  - {up_to_cny: 500, role: 服务顾问}\n  - {role: 服务总监}\n---\n正文。\n";
    let script = "---\ntitle: 交车延迟\nkind: complaint-script\nseverity: ordinary\nfirst_response_hours: 24\nresolution_days: 3\nescalation: [服务顾问, 服务经理]\nowner: 服务经理\ntags: [交车延迟, 普通投诉]\nkpis: [csi, repeat_repair_rate]\n---\n正文。\n";
    let (rule, script) = (rule.replace(from, to), script.replace(from, to));
    site.write("content/compensation/delay.md", &rule);
    site.write("content/complaints/delay.md", &script);
    site
}

#[test]
fn a_thousands_separator_is_not_a_decimal_comma() {
    let site = playbook_site("cap_cny: 2000", "cap_cny: 2,000");
    says(
        &site,
        &[
            (
                "content/compensation/delay.md:7:10: error: `2,000` has a thousands separator",
                "content/compensation/delay.md:7:10: error: `2,000` 里有千位分隔符（逗号）",
            ),
            (
                "help: write the number without commas: `2000`",
                "提示: 数字里不要加逗号，请写 `2000`",
            ),
        ],
    );
    // In a month file too; a real decimal comma still reads as one.
    let site = Site::minimal();
    let month = "data/scorecards/2026-10.yaml";
    let text = std::fs::read_to_string(site.root().join(month)).unwrap();
    site.write(
        month,
        &text
            .replacen("csi: 92.0", "csi: \"1,092\"", 1)
            .replacen("csi: 84.0", "csi: \"84,5\"", 1),
    );
    says(
        &site,
        &[
            (
                "`1,092` has a thousands separator",
                "`1,092` 里有千位分隔符（逗号）",
            ),
            ("`84,5` uses a decimal comma", "`84,5` 用了逗号作小数点"),
        ],
    );
}

#[test]
fn chinese_commas_in_a_list_are_an_error_at_the_comma() {
    for (from, to, at, key, items) in [
        (
            "tags: [交车延迟, 普通投诉]",
            "tags: [交车延迟，普通投诉]",
            "9:12",
            "tags",
            "交车延迟, 普通投诉",
        ),
        (
            "escalation: [服务顾问, 服务经理]",
            "escalation: [服务顾问、服务经理]",
            "7:18",
            "escalation",
            "服务顾问, 服务经理",
        ),
        (
            "kpis: [csi, repeat_repair_rate]",
            "kpis: [csi，repeat_repair_rate]",
            "10:11",
            "kpis",
            "csi, repeat_repair_rate",
        ),
    ] {
        let site = playbook_site(from, to);
        let comma = if to.contains('、') { "、" } else { "，" };
        says(
            &site,
            &[
                (
                    &format!(
                        "content/complaints/delay.md:{at}: error: `{comma}` is a Chinese comma: the items of `{key}` are separated by a half-width `,`"
                    ),
                    &format!(
                        "content/complaints/delay.md:{at}: error: `{comma}` 是中文逗号：`{key}` 的各项要用半角逗号 `,` 隔开"
                    ),
                ),
                (
                    &format!("help: write `{key}: [{items}]`"),
                    &format!("提示: 请写成 `{key}: [{items}]`"),
                ),
            ],
        );
        // The page's own error is the one reported: no "unknown KPI", no KPI "unaddressed".
        let zh = site.run_default(&["check"]);
        assert!(
            !zh.stderr.contains("未知 KPI") && !zh.stderr.contains("没有任何手册"),
            "{}",
            zh.stderr
        );
    }
}

#[test]
fn full_width_digits_a_missing_space_and_chinese_brackets_say_what_to_type() {
    let site = playbook_site("resolution_days: 3", "resolution_days: ３");
    says(
        &site,
        &[
            (
                "content/complaints/delay.md:6:18: error: `３` is typed with full-width digits",
                "content/complaints/delay.md:6:18: error: `３` 是全角数字",
            ),
            (
                "help: type half-width digits: `3`",
                "提示: 请用半角数字：`3`（输入数字时把输入法切换到半角或英文）",
            ),
        ],
    );
    let site = playbook_site("owner: 服务经理", "owner:服务经理");
    says(
        &site,
        &[
            (
                "content/complaints/delay.md:8:7: error: there is no space after the colon of `owner:`",
                "content/complaints/delay.md:8:7: error: `owner:` 的冒号后面没有空格",
            ),
            (
                "help: put a space after the colon: `owner: 服务经理`",
                "提示: 请在冒号后面加一个空格：`owner: 服务经理`",
            ),
        ],
    );
    let site = playbook_site("tags: [交车延迟, 普通投诉]", "tags: 【交车延迟，普通投诉】");
    says(
        &site,
        &[
            (
                "content/complaints/delay.md:9:7: error: `tags` is written with Chinese brackets `【 】`",
                "content/complaints/delay.md:9:7: error: `tags` 用了中文括号 `【 】`",
            ),
            (
                "`tags: [交车延迟, 普通投诉]`",
                "`tags: [交车延迟, 普通投诉]`",
            ),
        ],
    );
}

/// One mistyped field in the catalogue is one error: its KPIs still count as defined, so no
/// month file or page is reported for naming them.
#[test]
fn one_unknown_field_in_the_catalogue_is_one_error() {
    let site = Site::minimal();
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replacen("  warn: 85\n", "  warn: 85\n  maxx: 100\n", 1),
    );
    let en = site.run_default(&["check", "--lang", "en", "--format", "json"]);
    assert_eq!(en.status, 1);
    let all: serde_json::Value = serde_json::from_str(&en.stdout).unwrap();
    let errors: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["path"], "data/kpis.yaml");
    assert_eq!(errors[0]["line"], 8);
    assert_eq!(errors[0]["message"], "unknown field `maxx`");
    assert!(
        errors[0]["hint"]
            .as_str()
            .unwrap()
            .starts_with("did you mean `max`?"),
        "{}",
        errors[0]["hint"]
    );
    let zh = site.run_default(&["check"]);
    assert!(
        zh.stderr
            .contains("data/kpis.yaml:8:3: error: 未知字段 `maxx`"),
        "{}",
        zh.stderr
    );
    assert!(zh.stderr.contains("是不是想写 `max`？"), "{}", zh.stderr);
}

/// A partial `--update` (one survey's KPIs) says in one line which KPIs the export does not
/// cover, so that a real warning stands out.
#[test]
fn a_partial_update_says_what_it_leaves_in_one_line() {
    let site = Site::new(&super::fixture::fixture("periods"));
    site.write("exports/2026-04.csv", "门店,客户满意度\n甲店,91\n乙店,89\n");
    for (lang, expected) in [
        (
            "en",
            "exports/2026-04.csv: warning: 4 KPIs are not in the export: repair_orders, headcount, first_time_fix, retention",
        ),
        (
            "zh-CN",
            "exports/2026-04.csv: warning: 导出文件中没有 4 项 KPI：repair_orders, headcount, first_time_fix, retention",
        ),
    ] {
        let run = run_in(
            site.root(),
            &[
                "import",
                "month",
                "2026-04",
                "exports/2026-04.csv",
                "--update",
                "--dry-run",
                "--lang",
                lang,
            ],
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert_eq!(run.stderr.matches("warning:").count(), 2, "{}", run.stderr);
    }
}

/// A page whose front matter has an error still has its body's links checked: every problem of
/// the file in one run, not one CI round for each.
#[test]
fn a_front_matter_error_does_not_hide_the_pages_broken_links() {
    let site = playbook_site("resolution_days: 3", "resolution_days: ３");
    let page = std::fs::read_to_string(site.root().join("content/complaints/delay.md")).unwrap();
    site.write(
        "content/complaints/delay.md",
        &page.replace(
            "正文。",
            "正文，见[补偿规则](../compensation/dealy.md)和[回访](javascript:alert(1))。",
        ),
    );
    says(
        &site,
        &[
            (
                "content/complaints/delay.md:6:18: error: `３` is typed with full-width digits",
                "content/complaints/delay.md:6:18: error: `３` 是全角数字",
            ),
            (
                "content/complaints/delay.md:12:",
                "content/complaints/delay.md:12:",
            ),
            (
                "did you mean `@/compensation/delay.md`?",
                "是不是想写 `@/compensation/delay.md`？",
            ),
        ],
    );
}

/// Markdown in data files is checked like a page's body, at its line in the data file: a KPI's
/// description (a block) and a month's note; a link that resolves is rendered to its page.
#[test]
fn links_in_data_files_are_checked_where_they_are_written() {
    let site = Site::minimal();
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis.replacen(
            "  warn: 85\n",
            "  warn: 85\n  description: |-\n    衡量满意度。见[话术](@/complaints/delivery-delay.md)和[规则](@/compensation/goodwil.md)。\n    第二行[坏](javascript:alert(1))。\n",
            1,
        ),
    );
    let month = "data/scorecards/2026-10.yaml";
    let text = std::fs::read_to_string(site.root().join(month)).unwrap();
    site.write(
        month,
        &text.replace(
            "sh-01: 10 月**系统切换**，回访延迟。",
            "sh-01: 见[回访](@/guides/nope.md)。",
        ),
    );
    says(
        &site,
        &[
            (
                "data/kpis.yaml:9:49: error: link to `compensation/goodwil.md`, which does not exist",
                "data/kpis.yaml:9:49: error: 链接指向 `compensation/goodwil.md`，但没有这个页面",
            ),
            (
                "did you mean `compensation/goodwill.md`?",
                "是不是想写 `compensation/goodwill.md`？",
            ),
            (
                "data/kpis.yaml:10:8: error: link `javascript:alert(1)` uses a scheme that can run code",
                "data/kpis.yaml:10:8: error: 链接 `javascript:alert(1)` 使用了可以运行代码的协议",
            ),
            (
                "data/scorecards/2026-10.yaml:13:11: error: link to `guides/nope.md`",
                "data/scorecards/2026-10.yaml:13:11: error: 链接指向 `guides/nope.md`",
            ),
        ],
    );
    // Fixed, the description's link leads to the script from the KPI's page.
    let kpis = std::fs::read_to_string(site.root().join("data/kpis.yaml")).unwrap();
    site.write(
        "data/kpis.yaml",
        &kpis
            .replace("goodwil.md", "goodwill.md")
            .replace("[坏](javascript:alert(1))", "坏"),
    );
    site.write(month, &text);
    site.build();
    let page = site.read("kpis/csi/index.html");
    assert!(
        page.contains("<a href=\"../../complaints/delivery-delay/\">话术</a>"),
        "{page}"
    );
}

/// `check` finds the problems of `data/import.yaml` (read by `import` only), at their lines, in
/// a pull request that brings no export.
#[test]
fn check_finds_a_broken_import_mapping() {
    let site = Site::minimal();
    site.write(
        "data/import.yaml",
        "kpis:\n  csj: [满意度]\noutlets:\n  bj-1: [朝阳店]\n",
    );
    says(
        &site,
        &[
            (
                "data/import.yaml:2:3: error: unknown KPI `csj`",
                "data/import.yaml:2:3: error: 未知 KPI `csj`",
            ),
            ("did you mean `csi`?", "是不是想写 `csi`？"),
            (
                "data/import.yaml:4:3: error: unknown outlet `bj-1`",
                "data/import.yaml:4:3: error: 未知门店 `bj-1`",
            ),
        ],
    );
    site.write("data/import.yaml", "kpis:\n  csi: [满意度]\n");
    let run = run_in(site.root(), &["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
}
