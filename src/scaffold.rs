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
    let dates = format!("updated: {today}\nreview_by: {review_by}\n");
    let text = page_text(kind, slug, part, config.language)
        .replace("updated: 2026-01-01\nreview_by: 2027-01-01\n", &dates);
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
    let common = "summary: 一句话说明本页用途 # shown in lists and search\nweight: 10 # order within the section\nkpis: [] # KPI ids from data/kpis.yaml this page helps with, e.g. [csi]\nowner: 客户关系经理\nupdated: 2026-01-01\nreview_by: 2027-01-01\ntags: []\n";
    let kind_name = kind.word();
    let (fields, body) = match kind {
        KindName::Page => (String::new(), "## 概述\n\n正文。\n"),
        KindName::Syllabus => (
            format!("part: {part} # the outline's part number\nmodules:\n  - id: p{part}-m1 # lower-case letters, digits and -\n    title: 模块名称\n    hours: 4\n    format: classroom # classroom | workshop | online | on-the-job\n    objectives:\n      - 学习目标一\nassessment: [理论考核, 实操模拟, 案例复盘]\nprerequisites: [] # page paths inside content/, e.g. training/01-role.md\n"),
            "## 课程目标\n\n## 教学安排\n",
        ),
        KindName::ComplaintScript => (
            "severity: ordinary # ordinary 普通投诉 | major 重大投诉 | crisis 危机事件\nfirst_response_hours: 24\nresolution_days: 3\nescalation: [服务顾问, 服务经理, 服务总监]\n".to_owned(),
            "## 场景\n\n## 处理要点\n\n1. 先致歉，后解释。\n\n## 话术示范\n\n```dialogue\n顾问：您好，……\n客户：……\n（顾问先倾听，不打断。）\n```\n\n## 禁忌\n\n## 升级与补偿\n",
        ),
        KindName::CompensationRule => (
            "trigger: 适用情形\noffers:\n  - item: 保养代金券\n    value_cny: 300\ncap_cny: 1000 # per case\napproval: # increasing amounts; the last step may omit up_to_cny\n  - up_to_cny: 500\n    role: 服务经理\n  - role: 服务总监\n# budget_share_pct: 15 # share of the budget, e.g. the crisis reserve\n".to_owned(),
            "## 适用条件\n\n## 执行流程\n\n## 注意事项\n",
        ),
    };
    format!(
        "---\ntitle: {title} # {slug}\nkind: {kind_name}\ndraft: true # remove when the page is ready to publish\n{common}{fields}---\n{body}"
    )
}

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
    let header =
        format!("# {month}: fill in each figure; leave `null` where there is no data (never 0).\n");
    let frame = crate::import::write::Frame {
        header: &header,
        tail: crate::import::write::EMPTY_NOTES,
        kpi_details: true,
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
    write_new(&target, IMPORT_TEMPLATE)?;
    Ok(target)
}

const IMPORT_TEMPLATE: &str = "\
# How `pitwall import month YYYY-MM FILE` reads an export (see docs/authoring.md).
# Without this file, a header matches a KPI by its id, name or name_en (data/kpis.yaml), and an
# outlet by its id, name or dms_code (data/outlets.yaml). Every key here is optional.

# sheet: 月报             # the workbook's sheet (default: the first; --sheet overrides)
# layout: auto            # auto | outlets-as-rows | kpis-as-rows | long
# header_row: 3           # the header's row number, when detection picks the wrong row

kpis: {}                  # more header texts per KPI id, e.g.  csi: [满意度得分, CSI 得分]
outlets: {}               # more names per outlet id, e.g.  bj-01: [朝阳店]
ignore: [序号, 区域, 城市] # headers and row labels that are not figures (合计, 平均 always are)
value_header: []          # the value column's header in a one-figure-a-row table (value, 数值)
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
