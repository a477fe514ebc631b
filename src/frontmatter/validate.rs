//! The front matter's values checked one by one, per page kind: dates, tags, modules, offers,
//! approval steps; every problem is collected with its position.

use super::*;

pub(super) struct Validator<'a> {
    pub(super) path: &'a str,
    pub(super) line_offset: u32,
    pub(super) errors: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn at<T>(&self, value: &Spanned<T>) -> Option<Position> {
        position(value, self.line_offset)
    }

    pub(super) fn finish(
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
        let audiences = raw
            .audiences
            .iter()
            .map(|a| Reference {
                id: a.value.trim().to_owned(),
                at: self.at(a),
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
                audiences,
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
