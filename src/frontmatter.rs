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
    #[serde(alias = "普通投诉", alias = "Ordinary", alias = "ORDINARY")]
    Ordinary,
    #[serde(alias = "重大投诉", alias = "Major", alias = "MAJOR")]
    Major,
    #[serde(alias = "危机事件", alias = "Crisis", alias = "CRISIS")]
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
    Validator {
        path,
        line_offset,
        errors: Vec::new(),
    }
    .finish(raw, first_line)
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

struct Validator<'a> {
    path: &'a str,
    line_offset: u32,
    errors: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn at<T>(&self, value: &Spanned<T>) -> Option<Position> {
        position(value, self.line_offset)
    }

    fn finish(
        mut self,
        raw: RawFrontMatter,
        first_line: u32,
    ) -> Result<FrontMatter, Vec<Diagnostic>> {
        let kind_name = raw.kind.as_ref().map_or(KindName::Page, |k| k.value);
        let kind_at = raw
            .kind
            .as_ref()
            .map_or(Some(Position::new(first_line, 1)), |k| self.at(k));
        if raw.title.value.trim().is_empty() {
            let at = self.at(&raw.title);
            self.errors.push(
                Diagnostic::error(Code::FrontMatter, self.path, at, Msg::TitleEmpty)
                    .with_hint(Msg::TitleEmptyHint),
            );
        }
        let review_by_date = raw
            .review_by
            .as_ref()
            .and_then(|d| Some((self.date(d)?, self.at(d))));
        if let Some(updated) = &raw.updated {
            self.date(updated);
        }
        let kpis = raw
            .kpis
            .iter()
            .map(|k| Reference {
                id: k.value.clone(),
                at: self.at(k),
            })
            .collect();
        let (tags, tag_positions) = raw
            .tags
            .iter()
            .filter_map(|t| {
                let at = self.at(t);
                if t.value.trim().is_empty() || t.value.contains('/') {
                    let at = self.at(t);
                    self.errors.push(
                        Diagnostic::error(
                            Code::FrontMatter,
                            self.path,
                            at,
                            msg!(TagInvalid, tag = t.value),
                        )
                        .with_hint(Msg::TagInvalidHint),
                    );
                    return None;
                }
                Some((t.value.trim().to_owned(), at))
            })
            .unzip();
        self.reject_foreign_fields(&raw, kind_name);
        let kind = match kind_name {
            KindName::Page => Some(Kind::Page),
            KindName::Syllabus => self.syllabus(&raw, kind_at),
            KindName::ComplaintScript => self.complaint_script(&raw, kind_at),
            KindName::CompensationRule => self.compensation_rule(&raw, kind_at),
        };
        match kind {
            Some(kind) if self.errors.is_empty() => Ok(FrontMatter {
                title: raw.title.value.trim().to_owned(),
                summary: raw.summary,
                weight: raw.weight,
                kpis,
                owner: raw.owner,
                updated: raw.updated.map(|d| d.value),
                review_by: raw.review_by.map(|d| d.value),
                review_by_date,
                tags,
                tag_positions,
                draft: raw.draft,
                kind,
            }),
            _ => Err(self.errors),
        }
    }

    fn date(&mut self, value: &Spanned<String>) -> Option<Date> {
        let parsed = value
            .value
            .parse::<Date>()
            .ok()
            .filter(|_| value.value.len() == 10);
        if parsed.is_none() {
            let at = self.at(value);
            self.errors.push(
                Diagnostic::error(
                    Code::FrontMatter,
                    self.path,
                    at,
                    msg!(NotADate, text = value.value),
                )
                .with_hint(Msg::NotADateHint),
            );
        }
        parsed
    }

    /// Kind-specific fields on a page of another kind are mistakes, not silently ignored.
    fn reject_foreign_fields(&mut self, raw: &RawFrontMatter, kind: KindName) {
        type Field<'f> = (&'f str, KindName, Option<Position>);
        let fields: [Field<'_>; 13] = [
            (
                "part",
                KindName::Syllabus,
                raw.part.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "modules",
                KindName::Syllabus,
                raw.modules.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "assessment",
                KindName::Syllabus,
                raw.assessment.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "prerequisites",
                KindName::Syllabus,
                raw.prerequisites.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "severity",
                KindName::ComplaintScript,
                raw.severity.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "first_response_hours",
                KindName::ComplaintScript,
                raw.first_response_hours.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "resolution_days",
                KindName::ComplaintScript,
                raw.resolution_days.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "escalation",
                KindName::ComplaintScript,
                raw.escalation.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "trigger",
                KindName::CompensationRule,
                raw.trigger.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "offers",
                KindName::CompensationRule,
                raw.offers.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "cap_cny",
                KindName::CompensationRule,
                raw.cap_cny.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "approval",
                KindName::CompensationRule,
                raw.approval.as_ref().and_then(|v| self.at(v)),
            ),
            (
                "budget_share_pct",
                KindName::CompensationRule,
                raw.budget_share_pct.as_ref().and_then(|v| self.at(v)),
            ),
        ];
        for (field, owner, at) in fields {
            if let Some(at) = at.filter(|_| owner != kind) {
                let owner_name = owner.word();
                self.errors.push(
                    Diagnostic::error(
                        Code::FrontMatter,
                        self.path,
                        at,
                        msg!(ForeignField, field = field, owner = owner_name),
                    )
                    .with_hint(msg!(
                        ForeignFieldHint,
                        field = field,
                        owner = owner_name
                    )),
                );
            }
        }
    }

    fn missing(&mut self, at: Option<Position>, field: &str, kind: &str) {
        self.errors.push(
            Diagnostic::error(
                Code::FrontMatter,
                self.path,
                at,
                msg!(MissingRequired, field = field, kind = kind),
            )
            .with_hint(Msg::MissingRequiredHint),
        );
    }

    fn non_negative(&mut self, value: &Spanned<f64>, what: &str) -> f64 {
        if !(value.value.is_finite() && value.value >= 0.0) {
            let at = self.at(value);
            self.errors.push(
                Diagnostic::error(
                    Code::FrontMatter,
                    self.path,
                    at,
                    msg!(NegativeNumber, field = what, value = value.value),
                )
                .with_hint(Msg::NegativeNumberHint),
            );
        }
        value.value
    }

    fn syllabus(&mut self, raw: &RawFrontMatter, kind_at: Option<Position>) -> Option<Kind> {
        let part = raw.part.as_ref().map(|p| p.value);
        if part.is_none() {
            self.missing(kind_at, "part", "syllabus");
        }
        if raw.modules.is_none() {
            self.missing(kind_at, "modules", "syllabus");
        }
        if raw.assessment.is_none() {
            self.missing(kind_at, "assessment", "syllabus");
        }
        let raw_modules = raw.modules.as_ref()?;
        let mut seen = std::collections::BTreeSet::new();
        let mut modules = Vec::new();
        for m in &raw_modules.value {
            let id_ok = !m.id.value.is_empty()
                && m.id
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !id_ok {
                let at = self.at(&m.id);
                self.errors.push(
                    Diagnostic::error(
                        Code::FrontMatter,
                        self.path,
                        at,
                        msg!(ModuleIdInvalid, id = m.id.value),
                    )
                    .with_hint(Msg::ModuleIdInvalidHint),
                );
            } else if !seen.insert(m.id.value.clone()) {
                let at = self.at(&m.id);
                self.errors.push(
                    Diagnostic::error(
                        Code::FrontMatter,
                        self.path,
                        at,
                        msg!(ModuleIdTwice, id = m.id.value),
                    )
                    .with_hint(Msg::ModuleIdTwiceHint),
                );
            }
            let hours = self.non_negative(&m.hours, "hours");
            modules.push(Module {
                id: m.id.value.clone(),
                title: m.title.clone(),
                hours,
                format: m.format,
                format_key: m.format.label_key(),
                objectives: m.objectives.clone(),
            });
        }
        let prerequisites = raw
            .prerequisites
            .as_ref()
            .map(|p| {
                p.value
                    .iter()
                    .map(|r| Reference {
                        id: r.value.clone(),
                        at: self.at(r),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let total_hours = modules.iter().map(|m| m.hours).sum();
        Some(Kind::Syllabus {
            part: part?,
            part_at: raw.part.as_ref().and_then(|p| self.at(p)),
            modules,
            total_hours,
            assessment: raw.assessment.as_ref()?.value.clone(),
            prerequisites,
        })
    }

    fn complaint_script(
        &mut self,
        raw: &RawFrontMatter,
        kind_at: Option<Position>,
    ) -> Option<Kind> {
        if raw.severity.is_none() {
            self.missing(kind_at, "severity", "complaint-script");
        }
        if raw.first_response_hours.is_none() {
            self.missing(kind_at, "first_response_hours", "complaint-script");
        }
        if raw.escalation.is_none() {
            self.missing(kind_at, "escalation", "complaint-script");
        }
        let hours = self.non_negative(raw.first_response_hours.as_ref()?, "first_response_hours");
        let resolution_days = raw
            .resolution_days
            .as_ref()
            .map(|d| self.non_negative(d, "resolution_days"));
        let severity = raw.severity.as_ref()?.value;
        Some(Kind::ComplaintScript {
            severity,
            severity_key: severity.label_key(),
            first_response_hours: hours,
            resolution_days,
            escalation: raw.escalation.as_ref()?.value.clone(),
        })
    }

    fn compensation_rule(
        &mut self,
        raw: &RawFrontMatter,
        kind_at: Option<Position>,
    ) -> Option<Kind> {
        for (field, present) in [
            ("trigger", raw.trigger.is_some()),
            ("offers", raw.offers.is_some()),
            ("cap_cny", raw.cap_cny.is_some()),
            ("approval", raw.approval.is_some()),
        ] {
            if !present {
                self.missing(kind_at, field, "compensation-rule");
            }
        }
        let offers = raw
            .offers
            .as_ref()?
            .value
            .iter()
            .map(|o| Offer {
                item: o.item.clone(),
                value_cny: self.non_negative(&o.value_cny, "value_cny"),
            })
            .collect();
        let cap_cny = self.non_negative(raw.cap_cny.as_ref()?, "cap_cny");
        let steps = &raw.approval.as_ref()?.value;
        let mut previous: Option<f64> = None;
        let mut approval = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            match &step.up_to_cny {
                Some(limit) => {
                    let value = self.non_negative(limit, "up_to_cny");
                    if previous.is_some_and(|p| value <= p) {
                        let at = self.at(limit);
                        self.errors.push(
                            Diagnostic::error(
                                Code::FrontMatter,
                                self.path,
                                at,
                                msg!(ApprovalNotIncreasing, value = value),
                            )
                            .with_hint(Msg::ApprovalNotIncreasingHint),
                        );
                    }
                    previous = Some(value);
                }
                None if i + 1 < steps.len() => {
                    let at = self.at(&step.role);
                    self.errors.push(
                        Diagnostic::error(
                            Code::FrontMatter,
                            self.path,
                            at,
                            msg!(ApprovalNoLimit, step = i + 1, role = step.role.value),
                        )
                        .with_hint(Msg::ApprovalNoLimitHint),
                    );
                }
                None => {}
            }
            approval.push(ApprovalStep {
                up_to_cny: step.up_to_cny.as_ref().map(|l| l.value),
                role: step.role.value.clone(),
            });
        }
        let budget_share_pct = raw.budget_share_pct.as_ref().map(|pct| {
            if !(0.0..=100.0).contains(&pct.value) {
                let at = self.at(pct);
                self.errors.push(
                    Diagnostic::error(
                        Code::FrontMatter,
                        self.path,
                        at,
                        msg!(BudgetShareRange, value = pct.value),
                    )
                    .with_hint(Msg::BudgetShareRangeHint),
                );
            }
            pct.value
        });
        Some(Kind::CompensationRule {
            trigger: raw.trigger.as_ref()?.value.clone(),
            offers,
            cap_cny,
            approval,
            budget_share_pct,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let source = SourceFile::new("content/x.md", "content/x.md".into(), text);
        let split = split(text).unwrap();
        parse(&source, split.front)
    }

    #[test]
    fn splits_front_matter_and_keeps_body_offset() {
        let text = "---\ntitle: 交车延迟\n---\n正文\n";
        let s = split(text).unwrap();
        assert_eq!(s.front, Some(("title: 交车延迟\n", 2)));
        assert_eq!(s.body, "正文\n");
        assert_eq!(&text[s.body_offset..], "正文\n");
        assert!(split("---\ntitle: x\n").is_err());
    }

    #[test]
    fn errors_point_at_the_file_line() {
        let errors =
            parse_text("---\ntitle: a\nkind: complaint-script\nseverity: huge\n---\n").unwrap_err();
        assert_eq!(errors[0].at, Some(Position::new(4, 11)), "{errors:?}");
    }

    #[test]
    fn every_semantic_problem_is_reported() {
        let text = "---\ntitle: 规则\nkind: compensation-rule\ntrigger: x\noffers: [{item: a, value_cny: -5}]\ncap_cny: 100\napproval:\n  - {up_to_cny: 500, role: 经理}\n  - {up_to_cny: 200, role: 总监}\nseverity: major\n---\n";
        let errors = parse_text(text).unwrap_err();
        let lines: Vec<u32> = errors.iter().map(|e| e.line()).collect();
        assert_eq!(lines, vec![10, 5, 9], "{errors:#?}");
    }

    #[test]
    fn missing_required_fields_name_the_kind() {
        let errors = parse_text("---\ntitle: a\nkind: syllabus\npart: 1\n---\n").unwrap_err();
        let messages: Vec<String> = errors.iter().map(|e| e.message.en()).collect();
        assert_eq!(
            messages,
            [
                "missing `modules`, required for kind `syllabus`",
                "missing `assessment`, required for kind `syllabus`"
            ]
        );
    }
}
