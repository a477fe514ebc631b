//! Page front matter: the YAML between `---` lines, read into typed values with positions and
//! validated per page kind. Cross-references (KPI ids, prerequisite pages) are checked later,
//! when the whole site is known.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::diagnostic::{Code, Position};
use crate::messages::{Msg, Text};
use crate::msg;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned, position};

mod validate;

use validate::Validator;

/// Texts `pitwall new` writes for the author to replace: a published page that still holds one
/// gets a `scaffold-placeholder` warning. Both languages' page titles, then the fields' and the
/// body's sample texts (specific enough never to be real content).
pub const SCAFFOLD_PLACEHOLDERS: [&str; 7] = [
    "请填写页面标题",
    "Type the page title",
    "一句话说明本页用途",
    "模块名称",
    "学习目标一",
    "适用情形",
    "顾问：您好，……",
];

/// A Markdown file split into front matter and body.
pub struct Split<'a> {
    /// Front matter YAML, and the 1-based line it starts on.
    pub front: Option<(&'a str, u32)>,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Front matter that opens with `---` and is never closed.
#[derive(Debug, PartialEq)]
pub struct Unclosed;

/// Splits `---` front matter from the body.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let bom = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let rest = &text[bom..];
    let Some(after_open) = rest
        .strip_prefix("---\n")
        .or_else(|| rest.strip_prefix("---\r\n"))
    else {
        return Ok(Split {
            front: None,
            body: text,
            body_offset: 0,
        });
    };
    let front_start = text.len() - after_open.len();
    let mut offset = front_start;
    for line in after_open.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                front: Some((&text[front_start..offset], 2)),
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Unclosed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum KindName {
    #[default]
    Page,
    Syllabus,
    ComplaintScript,
    CompensationRule,
}

impl KindName {
    pub const ALL: [KindName; 4] = [
        KindName::Page,
        KindName::Syllabus,
        KindName::ComplaintScript,
        KindName::CompensationRule,
    ];

    /// The word authors type after `kind:` (and templates see as a page's kind).
    pub fn word(self) -> &'static str {
        match self {
            KindName::Page => "page",
            KindName::Syllabus => "syllabus",
            KindName::ComplaintScript => "complaint-script",
            KindName::CompensationRule => "compensation-rule",
        }
    }

    /// The interface-text key of this kind's name (see [`crate::i18n`]).
    pub fn label_key(self) -> &'static str {
        match self {
            KindName::Page => "kind_page",
            KindName::Syllabus => "kind_syllabus",
            KindName::ComplaintScript => "kind_complaint-script",
            KindName::CompensationRule => "kind_compensation-rule",
        }
    }

    /// The kind named by `word`, as typed after `kind:`.
    pub fn from_word(word: &str) -> Option<KindName> {
        KindName::ALL.into_iter().find(|k| k.word() == word)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The Chinese names and capitalised English are unambiguous: accepted as written.
    /// So are the short Chinese names staff use for each level (一般 is how many dealer
    /// groups call an ordinary complaint; 严重 a major one).
    #[serde(
        alias = "普通投诉",
        alias = "普通",
        alias = "一般投诉",
        alias = "一般",
        alias = "Ordinary",
        alias = "ORDINARY"
    )]
    Ordinary,
    #[serde(
        alias = "重大投诉",
        alias = "重大",
        alias = "严重投诉",
        alias = "严重",
        alias = "Major",
        alias = "MAJOR"
    )]
    Major,
    #[serde(
        alias = "危机事件",
        alias = "危机",
        alias = "危机投诉",
        alias = "Crisis",
        alias = "CRISIS"
    )]
    Crisis,
}

impl Severity {
    /// The interface-text key of this severity's name (see [`crate::i18n`]).
    pub fn label_key(self) -> &'static str {
        match self {
            Severity::Ordinary => "severity_ordinary",
            Severity::Major => "severity_major",
            Severity::Crisis => "severity_crisis",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModuleFormat {
    Classroom,
    Workshop,
    Online,
    OnTheJob,
}

impl ModuleFormat {
    /// The interface-text key of this format's name (see [`crate::i18n`]).
    pub fn label_key(self) -> &'static str {
        match self {
            ModuleFormat::Classroom => "module_format_classroom",
            ModuleFormat::Workshop => "module_format_workshop",
            ModuleFormat::Online => "module_format_online",
            ModuleFormat::OnTheJob => "module_format_on_the_job",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Spanned<String>,
    kind: Option<Spanned<KindName>>,
    summary: Option<String>,
    weight: Option<i64>,
    #[serde(default)]
    kpis: Vec<Spanned<String>>,
    owner: Option<String>,
    updated: Option<Spanned<String>>,
    review_by: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    audiences: Vec<Spanned<String>>,
    part: Option<Spanned<u32>>,
    modules: Option<Spanned<Vec<RawModule>>>,
    assessment: Option<Spanned<Vec<String>>>,
    prerequisites: Option<Spanned<Vec<Spanned<String>>>>,
    severity: Option<Spanned<Severity>>,
    first_response_hours: Option<Spanned<f64>>,
    resolution_days: Option<Spanned<f64>>,
    escalation: Option<Spanned<Vec<String>>>,
    trigger: Option<Spanned<String>>,
    offers: Option<Spanned<Vec<RawOffer>>>,
    cap_cny: Option<Spanned<f64>>,
    approval: Option<Spanned<Vec<RawApproval>>>,
    budget_share_pct: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModule {
    id: Spanned<String>,
    title: String,
    hours: Spanned<f64>,
    format: ModuleFormat,
    #[serde(default)]
    objectives: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffer {
    item: String,
    value_cny: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApproval {
    up_to_cny: Option<Spanned<f64>>,
    role: Spanned<String>,
}

/// A reference to something defined elsewhere, with the position it was written at.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub id: String,
    #[serde(skip)]
    pub at: Option<Position>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Module {
    pub id: String,
    pub title: String,
    pub hours: f64,
    pub format: ModuleFormat,
    /// Interface-text key of the format's name: templates show `t[m.format_key]`.
    pub format_key: &'static str,
    pub objectives: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Offer {
    pub item: String,
    pub value_cny: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApprovalStep {
    pub up_to_cny: Option<f64>,
    pub role: String,
}

/// The kind of playbook a page is, with its kind-specific fields.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "name", rename_all = "kebab-case")]
pub enum Kind {
    Page,
    Syllabus {
        part: u32,
        #[serde(skip)]
        part_at: Option<Position>,
        modules: Vec<Module>,
        total_hours: f64,
        assessment: Vec<String>,
        #[serde(skip)]
        prerequisites: Vec<Reference>,
    },
    ComplaintScript {
        severity: Severity,
        /// Interface-text key of the severity's name: templates show `t[kind.severity_key]`.
        severity_key: &'static str,
        first_response_hours: f64,
        resolution_days: Option<f64>,
        escalation: Vec<String>,
    },
    CompensationRule {
        trigger: String,
        offers: Vec<Offer>,
        cap_cny: f64,
        approval: Vec<ApprovalStep>,
        budget_share_pct: Option<f64>,
    },
}

impl Kind {
    /// Which kind this is, without its fields.
    pub fn name(&self) -> KindName {
        match self {
            Kind::Page => KindName::Page,
            Kind::Syllabus { .. } => KindName::Syllabus,
            Kind::ComplaintScript { .. } => KindName::ComplaintScript,
            Kind::CompensationRule { .. } => KindName::CompensationRule,
        }
    }
}

/// Validated front matter of one page.
#[derive(Debug, Clone, Serialize)]
pub struct FrontMatter {
    pub title: String,
    pub summary: Option<String>,
    pub weight: Option<i64>,
    #[serde(skip)]
    pub kpis: Vec<Reference>,
    pub owner: Option<String>,
    pub updated: Option<String>,
    pub review_by: Option<String>,
    /// The `review_by` date and where it is written.
    #[serde(skip)]
    pub review_by_date: Option<(Date, Option<Position>)>,
    pub tags: Vec<String>,
    /// Where each of `tags` is written (same order).
    #[serde(skip)]
    pub tag_positions: Vec<Option<Position>>,
    pub draft: bool,
    /// The audiences whose bundles carry this page (`region:华东`); empty: every bundle.
    #[serde(skip)]
    pub audiences: Vec<Reference>,
    pub kind: Kind,
}

/// Reads and validates the front matter of `source`; every problem becomes a diagnostic.
pub fn parse(
    source: &SourceFile,
    front: Option<(&str, u32)>,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let path = &source.path;
    let Some((yaml_text, first_line)) = front else {
        return Err(vec![
            Diagnostic::error(
                Code::FrontMatter,
                path,
                Position::new(1, 1),
                Msg::FrontMatterNone,
            )
            .with_hint(Msg::FrontMatterNoneHint),
        ]);
    };
    let line_offset = first_line - 1;
    let raw: RawFrontMatter = yaml::from_str(yaml_text).map_err(|e| {
        if let Some((body_line, last)) = unclosed_before(yaml_text) {
            let rule = first_line + yaml_text.lines().count() as u32;
            return vec![
                Diagnostic::error(
                    Code::FrontMatter,
                    path,
                    Position::new(body_line + line_offset, 1),
                    msg!(FrontMatterUnclosedBefore, line = body_line + line_offset),
                )
                .with_hint(msg!(
                    FrontMatterUnclosedBeforeHint,
                    last = last + line_offset,
                    rule = rule
                )),
            ];
        }
        let mut d = e.to_diagnostic(Code::FrontMatter, path, line_offset);
        if e.line == 0 {
            d.at = Some(Position::new(first_line, 1));
        }
        if let Some(field) = e
            .raw
            .strip_prefix("unknown field `")
            .and_then(|r| r.split('`').next())
        {
            d.hint = Some(yaml::unknown_field_hint(
                field,
                &fields_of(kind_in(yaml_text)),
            ));
        } else if d.hint.is_none() {
            d.hint = front_matter_hint(&e.raw);
        }
        vec![d]
    })?;
    let separators = chinese_separators(yaml_text, path, line_offset);
    let result = Validator {
        path,
        line_offset,
        errors: Vec::new(),
    }
    .finish(raw, first_line);
    if separators.is_empty() {
        return result;
    }
    Err(separators
        .into_iter()
        .chain(result.err().into_iter().flatten())
        .collect())
}

/// Fields whose items are names (tags, KPI ids, roles): a Chinese comma `，` or `、` between
/// them, as a Chinese input method types it, makes one item of the whole list.
const NAME_LISTS: [&str; 5] = ["tags", "kpis", "audiences", "prerequisites", "escalation"];

/// An error at each Chinese comma between the items of a `[ ]` list of names.
fn chinese_separators(yaml_text: &str, path: &str, line_offset: u32) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (i, line) in yaml_text.lines().enumerate() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        let value = value.split(" #").next().unwrap_or(value).trim();
        if !NAME_LISTS.contains(&key) || !value.starts_with('[') {
            continue;
        }
        // Only between the brackets: a comment after them is Chinese text.
        let open = line.find('[').unwrap_or(0);
        let close = line[open..].find(']').map_or(line.len(), |c| open + c);
        let Some(at) = line[open..close].find(['，', '、']).map(|c| open + c) else {
            continue;
        };
        let items: Vec<&str> = value
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let column = line[..at].chars().count() as u32 + 1;
        let comma = &line[at..at + '，'.len_utf8()];
        errors.push(
            Diagnostic::error(
                Code::FrontMatter,
                path,
                Position::new(i as u32 + 1 + line_offset, column),
                msg!(ChineseListComma, comma = comma, key = key),
            )
            .with_hint(msg!(
                ChineseListCommaHint,
                key = key,
                items = items.join(", ")
            )),
        );
    }
    errors
}

fn front_matter_hint(message: &str) -> Option<Text> {
    (message.contains("unknown variant") && message.contains("page"))
        .then(|| Msg::KindUnknownHint.into())
}

/// The kind a page's front matter names, read from its text (for when it does not parse).
fn kind_in(yaml_text: &str) -> KindName {
    let value = yaml_text
        .lines()
        .find_map(|l| l.strip_prefix("kind:"))
        .map(|v| v.split('#').next().unwrap_or("").trim());
    value.and_then(KindName::from_word).unwrap_or_default()
}

/// The front matter fields a page of `kind` may have.
fn fields_of(kind: KindName) -> Vec<&'static str> {
    let mut fields = vec![
        "title",
        "kind",
        "summary",
        "weight",
        "kpis",
        "owner",
        "updated",
        "review_by",
        "tags",
        "draft",
        "audiences",
    ];
    fields.extend_from_slice(match kind {
        KindName::Page => &[][..],
        KindName::Syllabus => &["part", "modules", "assessment", "prerequisites"],
        KindName::ComplaintScript => &[
            "severity",
            "first_response_hours",
            "resolution_days",
            "escalation",
        ],
        KindName::CompensationRule => &[
            "trigger",
            "offers",
            "cap_cny",
            "approval",
            "budget_share_pct",
        ],
    });
    fields
}

/// When a page's closing `---` is missing and its body has a `---` rule, the body up to the
/// rule is read as front matter. The first line (1-based, within `yaml_text`) that cannot be
/// front matter (a line of prose after a blank line or a `#` heading), and the last line
/// before it that holds a field.
fn unclosed_before(yaml_text: &str) -> Option<(u32, u32)> {
    let lines: Vec<&str> = yaml_text.lines().collect();
    let mut last_field = 0;
    let mut gap = false;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            gap = true;
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('-');
        let key = line.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        if indented || key {
            if !gap {
                last_field = i + 1;
            }
            continue;
        }
        let full_width_key = line
            .split_once('：')
            .is_some_and(|(k, _)| k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        if gap && last_field > 0 && !full_width_key {
            return Some((i as u32 + 1, last_field as u32));
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests;
