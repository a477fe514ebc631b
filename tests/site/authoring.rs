//! Messages a trainer can act on: the YAML mistakes authors make every week, each explained in
//! plain words with what to type, in zh-CN (the default) and in English (`--lang en`).

use super::fixture::Site;

/// A complaint script with `extra` lines added to its front matter.
fn script(extra: &str) -> String {
    format!(
        "---\ntitle: 甲\nkind: complaint-script\nseverity: major\nfirst_response_hours: 4\nescalation: [服务顾问]\n{extra}---\n正文。\n"
    )
}

/// Checks `site` in both languages; every `(en, zh)` pair must appear in its language's output.
pub(super) fn assert_says(site: &Site, expected: &[(&str, &str)]) {
    let en = site.run(&["check"]);
    let zh = site.run_default(&["check"]);
    assert_eq!(en.status, 1, "{}", en.stderr);
    assert_eq!(zh.status, 1, "{}", zh.stderr);
    for (english, chinese) in expected {
        assert!(
            en.stderr.contains(english),
            "missing `{english}` in:\n{}",
            en.stderr
        );
        assert!(
            zh.stderr.contains(chinese),
            "missing `{chinese}` in:\n{}",
            zh.stderr
        );
    }
}

fn page_site(text: &str) -> Site {
    let site = Site::minimal();
    site.write("content/complaints/new.md", text);
    site
}

#[test]
fn a_full_width_colon_is_named_with_the_caret_on_it() {
    let site = page_site(&script("owner：客户关系经理\n"));
    assert_says(
        &site,
        &[
            (
                "content/complaints/new.md:7:6: error: the colon after `owner` is a full-width `：`",
                "content/complaints/new.md:7:6: error: `owner` 后面的冒号是全角的 `：`",
            ),
            ("  |      ^\n", "  |      ^\n"),
            (
                "= help: type `:` followed by a space: `owner: 客户关系经理`",
                "= 提示: 改为半角冒号加一个空格：`owner: 客户关系经理`",
            ),
        ],
    );
}

#[test]
fn a_tab_in_indentation_is_shown_and_named() {
    let site = page_site(&script("tags:\n\t- 交车\n"));
    assert_says(
        &site,
        &[
            (
                "new.md:8:1: error: a tab is used for indentation",
                "new.md:8:1: error: 缩进里用了制表符（Tab）",
            ),
            ("8 | →   - 交车", "8 | →   - 交车"),
            ("= help: indent with spaces", "= 提示: 请用空格缩进"),
        ],
    );
}

#[test]
fn a_line_indented_unlike_its_neighbours_is_named() {
    let site = Site::minimal();
    site.write(
        "content/training/02-x.md",
        "---\ntitle: 乙\nkind: syllabus\npart: 2\nmodules:\n  - id: p2-m1\n    title: 甲\n    hours: 4\n     format: classroom\nassessment: [理论考核]\n---\n",
    );
    assert_says(
        &site,
        &[
            (
                "02-x.md:9:6: error: this line is indented differently from the lines above",
                "02-x.md:9:6: error: 这一行的缩进和上面几行不一致",
            ),
            ("indent it with 4 spaces", "缩进 4 个空格"),
        ],
    );
}

#[test]
fn a_dash_instead_of_a_value_is_a_missing_value() {
    let site = page_site(&script("resolution_days: -\n"));
    assert_says(
        &site,
        &[
            (
                "new.md:7:18: error: a value is missing after `resolution_days:`",
                "new.md:7:18: error: `resolution_days:` 后面缺少值",
            ),
            (
                "write a number or `null` after `resolution_days:`",
                "请在 `resolution_days:` 后面写一个数字或 `null`",
            ),
        ],
    );
}

#[test]
fn a_comma_list_without_brackets_gets_the_list_to_type() {
    let site = page_site(&script("kpis: csi, first_time_fix\n"));
    assert_says(
        &site,
        &[
            ("error: `kpis` takes a list", "error: `kpis` 需要写成列表"),
            (
                "write a list: `kpis: [csi, first_time_fix]`",
                "请写成列表：`kpis: [csi, first_time_fix]`",
            ),
        ],
    );
}

#[test]
fn a_number_with_its_unit_gets_the_number_alone() {
    let site = Site::minimal();
    site.write(
        "content/complaints/new.md",
        "---\ntitle: 甲\nkind: complaint-script\nseverity: major\nfirst_response_hours: 24小时\nescalation: [服务顾问]\n---\n",
    );
    site.write(
        "content/training/02-x.md",
        "---\ntitle: 乙\nkind: syllabus\npart: 2\nmodules:\n  - {id: p2-m1, title: 甲, hours: 4小时, format: classroom}\nassessment: [理论考核]\n---\n",
    );
    assert_says(
        &site,
        &[
            (
                "new.md:5:23: error: `24小时` is not a number: the unit is part of the value",
                "new.md:5:23: error: `24小时` 不是数字：数值后面带了单位",
            ),
            (
                "write the number alone: `24`; the unit is fixed (hours)",
                "只写数字：`24`；单位是固定的（小时）",
            ),
            (
                "write the number alone: `4`; the unit is fixed (hours)",
                "只写数字：`4`；单位是固定的（小时）",
            ),
        ],
    );
}

#[test]
fn chinese_and_capitalised_severities_are_accepted() {
    let site = page_site(&script("").replace("severity: major", "severity: 重大投诉"));
    site.write(
        "content/complaints/other.md",
        &script("").replace("severity: major", "severity: Major"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
}

#[test]
fn a_near_severity_names_the_one_meant() {
    let site = page_site(&script("").replace("severity: major", "severity: 重大事件"));
    assert_says(
        &site,
        &[
            (
                "error: `重大事件` is not a severity",
                "error: `重大事件` 不是投诉级别",
            ),
            (
                "`重大事件` is `major`; allowed: ordinary (普通投诉), major (重大投诉), crisis (危机事件)",
                "`重大事件` 应写作 `major`；允许的取值：ordinary（普通投诉）、major（重大投诉）、crisis（危机事件）",
            ),
        ],
    );
}

/// The short Chinese names staff use for the three levels are the levels themselves.
#[test]
fn chinese_severity_names_are_accepted() {
    for (typed, level) in [
        ("一般", "普通投诉"),
        ("普通", "普通投诉"),
        ("严重", "重大投诉"),
        ("重大", "重大投诉"),
        ("危机", "危机事件"),
    ] {
        let site = page_site(&script("").replace("severity: major", &format!("severity: {typed}")));
        site.build();
        let page = site.read("complaints/new/index.html");
        assert!(page.contains(level), "{typed}: no {level} in\n{page}");
    }
}

#[test]
fn a_misspelt_field_suggests_the_field_of_this_kind() {
    let site = page_site(
        "---\ntitle: 甲\nkind: complaint-script\nseverity: major\nfirst_reponse_hours: 24\nescalation: [服务顾问]\n---\n",
    );
    assert_says(
        &site,
        &[
            (
                "new.md:5:1: error: unknown field `first_reponse_hours`",
                "new.md:5:1: error: 未知字段 `first_reponse_hours`",
            ),
            (
                "did you mean `first_response_hours`?",
                "是不是想写 `first_response_hours`？",
            ),
        ],
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("`modules`"), "{}", run.stderr);
    assert!(run.stderr.contains("`escalation`"), "{}", run.stderr);
}

#[test]
fn a_missing_closing_line_before_a_body_rule_is_named() {
    let site = page_site(
        "---\ntitle: 甲\nowner: 客户关系经理\n\n## 场景\n\n正文第一段。\n\n---\n\n正文第二段。\n",
    );
    assert_says(
        &site,
        &[
            (
                "new.md:7:1: error: front matter not closed before line 7",
                "new.md:7:1: error: 页首设置区在第 7 行之前没有结束",
            ),
            (
                "add a line `---` after the last field (line 3)",
                "第 3 行）之后加一行 `---`",
            ),
        ],
    );
}

#[test]
fn quoted_numbers_and_decimal_commas_in_a_month_file() {
    let site = Site::minimal();
    site.write(
        "data/scorecards/2026-10.yaml",
        "month: 2026-10\nvalues:\n  bj-01:\n    csi: \"57.4\"\n    repeat_repair_rate: 92,5\n",
    );
    assert_says(
        &site,
        &[
            (
                "2026-10.yaml:4:10: error: the number `57.4` is in quotes, so it is read as text",
                "2026-10.yaml:4:10: error: 数字 `57.4` 加了引号，会被当作文字",
            ),
            ("remove the quotes: `57.4`", "去掉引号：`57.4`"),
            (
                "2026-10.yaml:5:25: error: `92,5` uses a decimal comma",
                "2026-10.yaml:5:25: error: `92,5` 用了逗号作小数点",
            ),
            ("use a decimal point: `92.5`", "请用小数点：`92.5`"),
        ],
    );
}

#[test]
fn summary_and_json_follow_the_language() {
    let site = page_site(&script("owner：客户关系经理\n"));
    let zh = site.run_default(&["check"]);
    assert!(zh.stderr.contains("error: 1 个错误"), "{}", zh.stderr);
    let json = site.run_default(&["check", "--format", "json"]);
    assert!(
        json.stdout
            .contains("\"message\": \"`owner` 后面的冒号是全角的 `：`\""),
        "{}",
        json.stdout
    );
    assert!(
        json.stdout.contains("\"code\": \"front-matter\""),
        "{}",
        json.stdout
    );
    // `--lang` is global, case-insensitive, and overrides `language:` in site.yaml.
    site.write("site.yaml", "language: en\n");
    let en = site.run_default(&["check"]);
    assert!(
        en.stderr.contains("the colon after `owner`"),
        "{}",
        en.stderr
    );
    let zh = site.run_default(&["--lang", "ZH-cn", "check"]);
    assert!(zh.stderr.contains("全角"), "{}", zh.stderr);
    let zh = site.run_default(&["check", "--lang", "zh"]);
    assert!(zh.stderr.contains("全角"), "{}", zh.stderr);
}

/// The minimal site with `min_plausible` and `max_step` on the CSI, four outlets, and the
/// given October figures (September's are fixed).
fn plausibility_site(october: &str) -> Site {
    let site = Site::minimal();
    site.write(
        "data/kpis.yaml",
        &super::fixture::KPIS.replace(
            "  warn: 85\n",
            "  warn: 85\n  min_plausible: 1\n  max_step: 10\n",
        ),
    );
    site.write(
        "data/scorecards/2026-09.yaml",
        "month: 2026-09\nvalues:\n  bj-01: {csi: 90.5, repeat_repair_rate: 3.0}\n  sh-01: {csi: 86.0, repeat_repair_rate: 6.0}\n",
    );
    site.write("data/scorecards/2026-10.yaml", october);
    site
}

fn assert_warns(site: &Site, expected: &[(&str, &str)]) {
    let en = site.run(&["check"]);
    let zh = site.run_default(&["check"]);
    assert_eq!(en.status, 0, "{}", en.stderr);
    for (english, chinese) in expected {
        assert!(
            en.stderr.contains(english),
            "missing `{english}` in:\n{}",
            en.stderr
        );
        assert!(
            zh.stderr.contains(chinese),
            "missing `{chinese}` in:\n{}",
            zh.stderr
        );
    }
}

#[test]
fn percentages_typed_as_fractions_are_a_warning_unless_declared() {
    let october = "month: 2026-10\nvalues:\n  bj-01:\n    csi: 92.0\n    repeat_repair_rate: 0.03\n  sh-01:\n    csi: 84.0\n    repeat_repair_rate: 0.05\n";
    let site = plausibility_site(october);
    assert_warns(
        &site,
        &[
            (
                "2026-10.yaml:5:25: warning: every value of `repeat_repair_rate` this month lies between 0 and 1, but it is a percent KPI",
                "2026-10.yaml:5:25: warning: 本月 `repeat_repair_rate` 的所有数值都在 0 到 1 之间，但它是百分比指标",
            ),
            ("`3` instead of `0.03`", "写 `3` 而不是 `0.03`"),
        ],
    );
    site.write(
        "data/scorecards/2026-10.yaml",
        &format!("{october}plausible: [repeat_repair_rate]\n"),
    );
    let run = site.run(&["check"]);
    assert!(
        !run.stderr.contains("implausible") && !run.stderr.contains("between 0 and 1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_zero_a_jump_and_copied_figures_are_warnings_at_their_lines() {
    let october = "month: 2026-10\nvalues:\n  bj-01:\n    csi: 0\n    repeat_repair_rate: 3.0\n  sh-01:\n    csi: 86.0\n    repeat_repair_rate: 6.0\n  sz-02:\n    csi: 60.0\n    repeat_repair_rate: null\n";
    let site = plausibility_site(october);
    site.write(
        "data/scorecards/2026-11.yaml",
        "month: 2026-11\nvalues:\n  bj-01: {csi: 91.0, repeat_repair_rate: 3.0}\n  sh-01: {csi: 70.0, repeat_repair_rate: 6.0}\n  sz-02: {csi: 61.0, repeat_repair_rate: 4.0}\n",
    );
    assert_warns(
        &site,
        &[
            (
                "2026-10.yaml:4:10: warning: `csi` is 0, which this KPI cannot be",
                "2026-10.yaml:4:10: warning: `csi` 为 0，但该指标不可能这么低",
            ),
            (
                "2026-10.yaml:6:3: warning: every figure of outlet `sh-01` is identical to last month's (2 values)",
                "2026-10.yaml:6:3: warning: 门店 `sh-01` 的全部数据与上月完全相同（2 项）",
            ),
            (
                "2026-11.yaml:4:16: warning: `csi` changed by 16.0 since last month (86 → 70), more than the step declared in data/kpis.yaml (10)",
                "2026-11.yaml:4:16: warning: `csi` 比上月变化了 16.0（86 → 70），超过 data/kpis.yaml 中声明的合理变化幅度（10）",
            ),
        ],
    );
    // A note for the outlet says the figures are right.
    site.write(
        "data/scorecards/2026-10.yaml",
        &format!(
            "{october}notes:\n  bj-01: 系统故障，CSI 未回收。\n  sh-01: 与上月相同，已核对。\n"
        ),
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("cannot be"), "{}", run.stderr);
    assert!(!run.stderr.contains("identical"), "{}", run.stderr);
}

#[test]
fn dialogue_lines_without_words_or_speaker_are_warnings_at_their_lines() {
    let site = page_site(&script("").replace(
        "正文。\n",
        "正文。\n\n```dialogue\n顾问：您好\n客户：\n（停顿）\n请稍等，我去问问。\n见 https://example.com/a:b\n```\n",
    ));
    let en = site.run(&["check"]);
    assert_eq!(en.status, 0, "{}", en.stderr);
    for expected in [
        "content/complaints/new.md:12:1: warning: `客户` says nothing in this dialogue line",
        "= help: write the words after the colon, or remove the line",
        "content/complaints/new.md:14:1: warning: this dialogue line has no speaker",
        "content/complaints/new.md:15:1: warning: this dialogue line has no speaker",
    ] {
        assert!(
            en.stderr.contains(expected),
            "missing `{expected}`:\n{}",
            en.stderr
        );
    }
    assert!(
        !en.stderr.contains(":13:1:"),
        "a stage direction is fine:\n{}",
        en.stderr
    );
    let zh = site.run_default(&["check"]);
    assert!(
        zh.stderr
            .contains("new.md:12:1: warning: 这行对话中 `客户` 没有说话内容"),
        "{}",
        zh.stderr
    );
    assert!(
        zh.stderr
            .contains("new.md:14:1: warning: 这行对话没有说话人"),
        "{}",
        zh.stderr
    );
}

#[test]
fn customer_speakers_and_the_dialogue_label_come_from_the_site() {
    let site = page_site(&script("").replace(
        "正文。\n",
        "```dialogue\n顾问：您好\n王先生：车还没好？\n客户：我等了两个小时！\n```\n",
    ));
    site.build();
    let page = site.read("complaints/new/index.html");
    assert!(page.contains("aria-label=\"话术示范\""), "{page}");
    assert!(
        page.contains("turn customer\"><span class=\"speaker\">客户"),
        "{page}"
    );
    assert!(
        page.contains("turn staff\"><span class=\"speaker\">王先生"),
        "{page}"
    );
    site.write(
        "site.yaml",
        "language: en\ndialogue_customers: [王先生, 客户]\n",
    );
    site.build();
    let page = site.read("complaints/new/index.html");
    assert!(page.contains("aria-label=\"Sample dialogue\""), "{page}");
    assert!(
        page.contains("turn customer\"><span class=\"speaker\">王先生"),
        "{page}"
    );
}

#[test]
fn a_published_page_with_scaffold_placeholders_is_a_warning() {
    let site = Site::minimal();
    let new = site.run(&["new", "compensation-rule", "compensation/new-rule"]);
    assert_eq!(new.status, 0, "{}", new.stderr);
    let path = site.root().join("content/compensation/new-rule.md");
    let draft = site.run(&["check"]);
    assert!(
        !draft.stderr.contains("placeholder"),
        "a draft may keep them:\n{}",
        draft.stderr
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let published = text.replace("draft: true", "draft: false");
    std::fs::write(&path, &published).unwrap();
    let en = site.run(&["check"]);
    assert_eq!(en.status, 0, "{}", en.stderr);
    for expected in [
        "content/compensation/new-rule.md:2:8: warning: this page still carries the scaffold placeholder `请填写页面标题`",
        "warning: this page still carries the scaffold placeholder `适用情形`",
        "= help: replace it with the real text, or keep the page as `draft: true` until it is done",
    ] {
        assert!(
            en.stderr.contains(expected),
            "missing `{expected}`:\n{}",
            en.stderr
        );
    }
    let zh = site.run_default(&["check"]);
    assert!(
        zh.stderr
            .contains("warning: 本页仍保留着模板占位文字 `请填写页面标题`"),
        "{}",
        zh.stderr
    );
}
