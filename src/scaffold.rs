//! `pitwall new`: start a page of a kind, or a month's data file, from a template with every
//! field present. Never overwrites a file.

use std::path::{Path, PathBuf};

use crate::config::Language;
use crate::data::month::Month;
use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::frontmatter::KindName;
use crate::frontmatter::SCAFFOLD_PLACEHOLDERS;
use crate::load;
use crate::messages::Msg;
use crate::msg;

/// Writes a new page of `kind` at `path` (under `content/`, `.md` added when missing).
/// The page starts as a draft, updated today and due for review `review_months` later.
pub fn page(
    root: &Path,
    kind: KindName,
    path: &str,
    today: jiff::civil::Date,
) -> Result<PathBuf, Diagnostic> {
    let rel = path.trim_start_matches("content/").trim_start_matches('/');
    let rel = if rel.ends_with(".md") {
        rel.to_owned()
    } else {
        format!("{rel}.md")
    };
    if rel
        .split('/')
        .any(|s| s.is_empty() || s == ".." || s == "." || s.starts_with('.'))
    {
        return Err(
            Diagnostic::error(Code::Usage, path, None, Msg::ScaffoldInsideContent)
                .with_hint(Msg::ScaffoldInsideContentHint),
        );
    }
    let slug = rel
        .rsplit('/')
        .next()
        .unwrap_or(&rel)
        .trim_end_matches(".md");
    let target = root.join("content").join(&rel);
    let part = if kind == KindName::Syllabus {
        next_part(root)
    } else {
        1
    };
    let (config_file, _) = load::read_config(root);
    let (config, _) = crate::config::parse(config_file.as_ref(), None);
    let review_by = today
        .checked_add(jiff::Span::new().months(i64::from(config.review_months)))
        .unwrap_or(today);
    let text = page_text(kind, slug, part, config.language)
        .replace("updated: 2026-01-01", &format!("updated: {today}"))
        .replace("review_by: 2027-01-01", &format!("review_by: {review_by}"));
    write_new(&target, &text)?;
    Ok(target)
}

/// One more than the highest syllabus part in the site, so the new part does not collide.
fn next_part(root: &Path) -> u32 {
    let (files, _) = load::load(root, "default");
    files
        .content
        .iter()
        .filter_map(|source| {
            let split = crate::frontmatter::split(&source.text).ok()?;
            match crate::frontmatter::parse(source, split.front).ok()?.kind {
                crate::frontmatter::Kind::Syllabus { part, .. } => Some(part),
                _ => None,
            }
        })
        .max()
        .map_or(1, |p| p + 1)
}

/// The scaffold's title: a placeholder a published page must not keep.
pub fn title_placeholder(language: Language) -> &'static str {
    match language {
        Language::ZhCn => SCAFFOLD_PLACEHOLDERS[0],
        Language::En => SCAFFOLD_PLACEHOLDERS[1],
    }
}

fn page_text(kind: KindName, slug: &str, part: u32, language: Language) -> String {
    let title = title_placeholder(language);
    let words = match language {
        Language::ZhCn => &ZH,
        Language::En => &EN,
    };
    let kind_name = kind.word();
    let (fields, body) = match kind {
        KindName::Page => (String::new(), words.page_body),
        KindName::Syllabus => (
            words.syllabus.replace("{part}", &part.to_string()),
            words.syllabus_body,
        ),
        KindName::ComplaintScript => (words.complaint.to_owned(), words.complaint_body),
        KindName::CompensationRule => (words.compensation.to_owned(), words.compensation_body),
    };
    let (draft, common) = (words.draft, words.common);
    format!("---\ntitle: {title} # {slug}\nkind: {kind_name}\n{draft}{common}{fields}---\n{body}")
}

/// A new page's fields and body, with their comments, in one language.
struct PageWords {
    draft: &'static str,
    common: &'static str,
    page_body: &'static str,
    syllabus: &'static str,
    syllabus_body: &'static str,
    complaint: &'static str,
    complaint_body: &'static str,
    compensation: &'static str,
    compensation_body: &'static str,
}

const ZH: PageWords = PageWords {
    draft: "draft: true # 草稿：页面写好、可以发布时删掉这一行\n",
    common: "summary: 一句话说明本页用途 # 显示在列表和搜索结果中\nweight: 10 # 在本栏目中的排序，小的在前\nkpis: [] # 本页帮助改善的 KPI（data/kpis.yaml 中的 id），例如 [csi]\nowner: 客户关系经理 # 负责本页的岗位\nupdated: 2026-01-01\nreview_by: 2027-01-01 # 到期前请复审本页\ntags: [] # 标签，用半角逗号分开，例如 [回访, 投诉处理]\n",
    page_body: "## 概述\n\n正文。\n",
    syllabus: "part: {part} # 在培训大纲中的部分编号\nmodules:\n  - id: p{part}-m1 # 小写字母、数字和 -\n    title: 模块名称\n    hours: 4 # 学时\n    format: classroom # 形式：classroom 课堂 | workshop 工作坊 | online 在线 | on-the-job 在岗\n    objectives:\n      - 学习目标一\nassessment: [理论考核, 实操模拟, 案例复盘]\nprerequisites: [] # 需先学的页面（content/ 中的路径），例如 training/01-role.md\n",
    syllabus_body: "## 课程目标\n\n## 教学安排\n",
    complaint: "severity: ordinary # 级别：ordinary 普通投诉 | major 重大投诉 | crisis 危机事件\nfirst_response_hours: 24 # 首次响应时限（小时）\nresolution_days: 3 # 结案时限（天）\nescalation: [服务顾问, 服务经理, 服务总监] # 逐级升级的岗位\n",
    complaint_body: "## 场景\n\n## 处理要点\n\n1. 先致歉，后解释。\n\n## 话术示范\n\n```dialogue\n顾问：您好，……\n客户：……\n（顾问先倾听，不打断。）\n```\n\n## 禁忌\n\n## 升级与补偿\n",
    compensation: "trigger: 适用情形\noffers: # 可提供的补偿\n  - item: 保养代金券\n    value_cny: 300 # 金额（元）\ncap_cny: 1000 # 单次补偿上限（元）\napproval: # 审批权限，金额从小到大；最后一级可以不写 up_to_cny\n  - up_to_cny: 500\n    role: 服务经理\n  - role: 服务总监\n# budget_share_pct: 15 # 占补偿预算的比例（%），例如危机储备金\n",
    compensation_body: "## 适用条件\n\n## 执行流程\n\n## 注意事项\n",
};

const EN: PageWords = PageWords {
    draft: "draft: true # remove when the page is ready to publish\n",
    common: "summary: What this page is for, in one line # shown in lists and search\nweight: 10 # order within the section, smaller first\nkpis: [] # KPI ids from data/kpis.yaml this page helps with, e.g. [csi]\nowner: Customer relations manager # the role responsible for this page\nupdated: 2026-01-01\nreview_by: 2027-01-01 # review the page before this date\ntags: [] # tags, separated by commas, e.g. [call-back, complaints]\n",
    page_body: "## Overview\n\nText.\n",
    syllabus: "part: {part} # the outline's part number\nmodules:\n  - id: p{part}-m1 # lower-case letters, digits and -\n    title: Module title\n    hours: 4\n    format: classroom # classroom | workshop | online | on-the-job\n    objectives:\n      - First objective\nassessment: [Written test, Role play, Case review]\nprerequisites: [] # page paths inside content/, e.g. training/01-role.md\n",
    syllabus_body: "## Objectives\n\n## Schedule\n",
    complaint: "severity: ordinary # ordinary | major | crisis\nfirst_response_hours: 24 # first response within (hours)\nresolution_days: 3 # closed within (days)\nescalation: [Service advisor, Service manager, Service director] # roles, in order\n",
    complaint_body: "## Situation\n\n## What to do\n\n1. Apologise first, explain after.\n\n## Script\n\n```dialogue\nAdvisor: Hello, ...\nCustomer: ...\n(The advisor listens without interrupting.)\n```\n\n## Never say\n\n## Escalation and compensation\n",
    compensation: "trigger: When this rule applies\noffers: # what may be offered\n  - item: Service voucher\n    value_cny: 300 # amount (CNY)\ncap_cny: 1000 # per case (CNY)\napproval: # increasing amounts; the last step may omit up_to_cny\n  - up_to_cny: 500\n    role: Service manager\n  - role: Service director\n# budget_share_pct: 15 # share of the budget (%), e.g. the crisis reserve\n",
    compensation_body: "## When it applies\n\n## Steps\n\n## Notes\n",
};

/// Writes `data/scorecards/YYYY-MM.yaml` with every outlet open that month and every KPI set to
/// `null` (no data yet), in catalogue order.
/// `month` defaults to the month after the newest month file.
pub fn month(root: &Path, month: Option<Month>) -> Result<PathBuf, Vec<Diagnostic>> {
    let (files, mut errors) = load::load(root, "default");
    let (catalogue, outlets, more) = crate::data::reference_data(&files);
    errors.extend(more);
    if files.kpis.is_none() || files.outlets.is_none() {
        errors.push(Diagnostic::error(
            Code::MissingData,
            "data",
            None,
            Msg::ScaffoldNeedsData,
        ));
    }
    if errors.iter().any(Diagnostic::is_error) {
        return Err(errors);
    }
    let newest = files
        .scorecards
        .iter()
        .filter_map(|f| {
            let name = f.path.rsplit('/').next()?;
            Month::parse(name.trim_end_matches(".yaml").trim_end_matches(".yml"))
        })
        .max();
    let Some(month) = month.or_else(|| newest.map(|m| m.plus(1))) else {
        return Err(vec![
            Diagnostic::error(Code::Usage, "data/scorecards", None, Msg::ScaffoldNoMonth)
                .with_hint(Msg::ScaffoldNoMonthHint),
        ]);
    };
    let (config_file, _) = load::read_config(root);
    let (config, _) = crate::config::parse(config_file.as_ref(), None);
    let header = match config.language {
        Language::ZhCn => {
            format!("# {month}：逐项填写数据；没有数据的写 `null`（不要写 0）。\n")
        }
        Language::En => format!(
            "# {month}: fill in each figure; leave `null` where there is no data (never 0).\n"
        ),
    };
    let frame = crate::import::write::Frame {
        header: &header,
        tail: crate::import::write::empty_notes(config.language),
        kpi_details: true,
        language: config.language,
    };
    let reported: Vec<bool> = outlets.outlets.iter().map(|o| o.active_in(month)).collect();
    let values = vec![None; reported.len() * catalogue.kpis.len()];
    let text = crate::import::write::month_text(
        &frame,
        month,
        &catalogue,
        &outlets,
        &values,
        &reported,
        &Default::default(),
    );
    let target = root.join("data/scorecards").join(format!("{month}.yaml"));
    write_new(&target, &text).map_err(|d| vec![d])?;
    Ok(target)
}

/// Writes `data/import.yaml`, the mapping `pitwall import` reads, with every key explained.
pub fn import(root: &Path) -> Result<PathBuf, Diagnostic> {
    let target = root.join(crate::import::map::PATH);
    let (config_file, _) = load::read_config(root);
    let (config, _) = crate::config::parse(config_file.as_ref(), None);
    let template = match config.language {
        Language::ZhCn => IMPORT_TEMPLATE_ZH,
        Language::En => IMPORT_TEMPLATE,
    };
    write_new(&target, template)?;
    Ok(target)
}

const IMPORT_TEMPLATE_ZH: &str = "\
# `pitwall import month YYYY-MM 文件` 怎样读取 DMS 导出文件（见 docs/authoring.md）。
# 没有本文件时，表头按 KPI 的 id、name 或 name_en（data/kpis.yaml）对应 KPI，按门店的 id、name
# 或 dms_code（data/outlets.yaml）对应门店。下面每一项都可以不写。

# sheet: 月报             # 工作簿中的工作表（默认：第一个；命令行的 --sheet 优先）
# layout: auto            # auto 自动 | outlets-as-rows 每行一个门店 | kpis-as-rows 每行一个 KPI | long 每行一个数
# header_row: 3           # 表头所在的行号（自动识别选错行时再写）

kpis: {}                  # 每个 KPI 的其他表头写法，例如  csi: [满意度得分, CSI 得分]
outlets: {}               # 每个门店的其他名称，例如  bj-01: [朝阳店]
ignore: [序号, 区域, 城市] # 不是数据的表头和行名（合计、平均总会跳过）
value_header: []          # 每行一个数的表格中，数值列的表头（value、数值）
samples: {}               # 问卷份数（n）列：表头 → 问卷类 KPI，例如  CSI 回访量: [csi, nps]（有效问卷、样本量 已自动识别）
";

const IMPORT_TEMPLATE: &str = "\
# How `pitwall import month YYYY-MM FILE` reads an export (see docs/authoring.md).
# Without this file, a header matches a KPI by its id, name or name_en (data/kpis.yaml), and an
# outlet by its id, name or dms_code (data/outlets.yaml). Every key here is optional.

# sheet: Monthly          # the workbook's sheet (default: the first; --sheet overrides)
# layout: auto            # auto | outlets-as-rows | kpis-as-rows | long
# header_row: 3           # the header's row number, when detection picks the wrong row

kpis: {}                  # more header texts per KPI id, e.g.  csi: [Satisfaction score, CSI score]
outlets: {}               # more names per outlet id, e.g.  bj-01: [Chaoyang]
ignore: [No., Region, City] # headers and row labels that are not figures (total and average rows always are)
value_header: []          # the value column's header in a one-figure-a-row table (e.g. value, amount)
samples: {}               # answer-count (n) columns: header -> survey KPIs, e.g.  CSI answers: [csi, nps]
";

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let shown = path.display().to_string();
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(
                Code::Io,
                &shown,
                None,
                msg!(ScaffoldIo, action = Msg::ActionCreateFolder, error = e),
            )
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(Code::Exists, &shown, None, Msg::ScaffoldExists)
                    .with_hint(Msg::ScaffoldExistsHint)
            } else {
                Diagnostic::error(
                    Code::Io,
                    &shown,
                    None,
                    msg!(ScaffoldIo, action = Msg::ActionCreate, error = e),
                )
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| {
        Diagnostic::error(
            Code::Io,
            &shown,
            None,
            msg!(ScaffoldIo, action = Msg::ActionWrite, error = e),
        )
    })
}
